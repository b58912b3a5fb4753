"""What search engines and link previews read: the canonical address of a page, its language
versions (hreflang, with x-default), Open Graph locales, and robots.txt.

The canonical address is SITE_URL and the path, without the query: a search, a filter or a
page number is the same page to an index. `x-default` is the address without a language
prefix, which sends each reader to their language (Django's LocaleMiddleware), as Django's
sitemaps do. Titles and descriptions come from the templates' `title` and `description`
blocks (or a view's `meta_description`); see core/templates/core/base.html.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.urls import translate_url
from django.utils.translation import get_language

from almaty.core import markup

# Open Graph wants a territory: British English (the Process's texts), Russian of Russia.
OG_LOCALES = {"en": "en_GB", "ru": "ru_RU"}
DESCRIPTION_LENGTH = 200
# Paths that are nobody's business in a search index.
DISALLOWED = ("/api/", "/i18n/", "/media/", "/*/account/", "/*/admin/")


def og_locale(language: str) -> str:
    return OG_LOCALES.get(language, language)


def unprefixed(path: str) -> str:
    """The path without its language prefix (`/en/meetings/` -> `/meetings/`)."""
    for code, _name in settings.LANGUAGES:
        if path == f"/{code}" or path.startswith(f"/{code}/"):
            return path[len(code) + 1 :] or "/"
    return path


def alternates(path: str) -> list[dict[str, str]]:
    """Absolute addresses of the page at `path` in each language, and the x-default."""
    links = [
        {"code": code, "url": settings.SITE_URL + translate_url(path, code)}
        for code, _name in settings.LANGUAGES
    ]
    default = next((link["url"] for link in links if link["code"] == settings.LANGUAGE_CODE), "")
    if default:
        path_of_default = default.removeprefix(settings.SITE_URL)
        links.append({"code": "x-default", "url": settings.SITE_URL + unprefixed(path_of_default)})
    return links


def describe(text: str, limit: int = DESCRIPTION_LENGTH) -> str:
    """A meta description from Markdown: plain text, cut at a word near `limit`."""
    return markup.plain(text, limit)


def context(request: HttpRequest) -> dict[str, Any]:
    """Template context: `seo.canonical`, `seo.alternates`, `seo.og_locale` and the others'."""
    language = get_language() or settings.LANGUAGE_CODE
    return {
        "seo": {
            "canonical": settings.SITE_URL + request.path,
            "alternates": alternates(request.path),
            "og_locale": og_locale(language),
            "og_locale_alternates": [
                og_locale(code) for code, _name in settings.LANGUAGES if code != language
            ],
        }
    }


def robots_txt(request: HttpRequest) -> HttpResponse:
    """Everything public may be indexed; the sitemap index lists it."""
    lines = ["User-agent: *", *(f"Disallow: {path}" for path in DISALLOWED), ""]
    lines.append(f"Sitemap: {settings.SITE_URL}/sitemap.xml")
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
