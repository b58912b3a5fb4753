"""The sitemaps: `/sitemap.xml` is an index of one sitemap per language (`/en/sitemap.xml`,
`/ru/sitemap.xml`); each lists the public pages that exist in its language, every page with
its versions in the other languages and its x-default (`xhtml:link`, as Google reads
hreflang in sitemaps).

A page exists in a language when it has content there: a document with a version in it, a
news item written in it. Sections are read lazily; URL names or apps that do not exist (yet)
are skipped, so a section appears once its app is installed. Addresses are absolute, on
SITE_URL (the canonical host), whatever host the request came by.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any
from xml.sax.saxutils import quoteattr

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.urls import NoReverseMatch, reverse
from django.utils import translation
from django.utils.html import escape

from almaty.core.cache import public_page
from almaty.core.seo import unprefixed

logger = logging.getLogger(__name__)

# Pages without an object: (URL name, change frequency, priority).
STATIC_PAGES = (
    ("portal:home", "daily", "1.0"),
    ("portal:states", "monthly", "0.8"),
    ("portal:chair", "monthly", "0.8"),
    ("portal:statistics", "monthly", "0.6"),
    ("pages:about", "monthly", "0.8"),
    ("meetings:list", "weekly", "0.8"),
    ("archive:search", "weekly", "0.8"),
    ("decisions:register", "weekly", "0.8"),
    ("news:list", "daily", "0.8"),
    ("pages:contact", "yearly", "0.5"),
    ("pages:partners", "yearly", "0.5"),
)


@dataclass(frozen=True)
class Entry:
    """One page: its path in each language it exists in (language code -> path)."""

    paths: dict[str, str]
    lastmod: dt.date | None = None
    changefreq: str = ""
    priority: str = ""


def languages() -> list[str]:
    return [code for code, _name in settings.LANGUAGES]


def _reverse_in(language: str, name: str, *args: Any) -> str | None:
    with translation.override(language):
        try:
            return reverse(name, args=args)
        except NoReverseMatch:
            return None


def _entry(
    name: str,
    *args: Any,
    only: Iterable[str] | None = None,
    lastmod: dt.datetime | dt.date | None = None,
    changefreq: str = "",
    priority: str = "",
) -> Entry | None:
    wanted = languages() if only is None else [code for code in languages() if code in only]
    paths = {code: path for code in wanted if (path := _reverse_in(code, name, *args))}
    if not paths:
        return None
    if isinstance(lastmod, dt.datetime):
        lastmod = lastmod.date()
    return Entry(paths=paths, lastmod=lastmod, changefreq=changefreq, priority=priority)


# --- sections ------------------------------------------------------------------------------


def static_pages() -> Iterator[Entry | None]:
    for name, changefreq, priority in STATIC_PAGES:
        yield _entry(name, changefreq=changefreq, priority=priority)


def state_pages() -> Iterator[Entry | None]:
    from almaty.process import selectors

    for row in selectors.participating_states():
        yield _entry("portal:state", row.state.iso3, changefreq="monthly", priority="0.6")


def meeting_pages() -> Iterator[Entry | None]:
    from almaty.meetings import selectors

    for meeting in selectors.meetings():
        yield _entry("meetings:detail", meeting.pk, lastmod=meeting.updated_at, priority="0.7")


def document_pages() -> Iterator[Entry | None]:
    from django.contrib.auth.models import AnonymousUser
    from django.db.models import Max

    from almaty.archive.access import documents_visible_to
    from almaty.archive.models import DocumentVersion

    public = documents_visible_to(AnonymousUser())
    codes: dict[int, set[str]] = {}
    changed: dict[int, dt.datetime] = {}
    rows = (
        DocumentVersion.objects.filter(document__in=public, language__in=languages())
        .values_list("document_id", "language")
        .annotate(changed=Max("updated_at"))
        .order_by("document_id")
    )
    for document_id, language, updated_at in rows:
        codes.setdefault(document_id, set()).add(language)
        changed[document_id] = max(changed.get(document_id, updated_at), updated_at)
    for document_id, found in codes.items():
        yield _entry(
            "archive:document",
            document_id,
            only=found,
            lastmod=changed[document_id],
            priority="0.6",
        )


def decision_pages() -> Iterator[Entry | None]:
    from almaty.decisions import selectors

    for proposal in selectors.register().filter(is_public=True):
        yield _entry("decisions:detail", proposal.pk, lastmod=proposal.updated_at, priority="0.6")


def news_pages() -> Iterator[Entry | None]:
    from almaty.news import selectors

    written: dict[str, dict[str, Any]] = {}
    for code in languages():
        for item in selectors.latest_published(limit=50_000, language=code):
            if item.title_in(code):
                written.setdefault(item.get_absolute_url(), {"item": item, "codes": set()})
                written[item.get_absolute_url()]["codes"].add(code)
    for found in written.values():
        item = found["item"]
        yield _entry(
            "news:detail",
            item.slug,
            only=found["codes"],
            lastmod=getattr(item, "updated_at", None),
            priority="0.7",
        )


SECTIONS: tuple[Callable[[], Iterable[Entry | None]], ...] = (
    static_pages,
    state_pages,
    meeting_pages,
    document_pages,
    decision_pages,
    news_pages,
)


def entries() -> list[Entry]:
    """Every public page, section by section; a section that fails (its app not there yet, or
    not migrated) is left out and logged, never the whole sitemap."""
    found: list[Entry] = []
    for section in SECTIONS:
        # Requests run in autocommit: a failed query does not spoil the next section's.
        try:
            found.extend(entry for entry in section() if entry is not None)
        except Exception:  # a missing app or table must not take the other sections down
            logger.warning("Sitemap section %s left out", section.__name__, exc_info=True)
    return found


# --- XML ------------------------------------------------------------------------------------

XML_HEAD = '<?xml version="1.0" encoding="UTF-8"?>\n'


def _alternates(entry: Entry) -> list[tuple[str, str]]:
    links = [(code, settings.SITE_URL + path) for code, path in entry.paths.items()]
    default = entry.paths.get(settings.LANGUAGE_CODE)
    if default:
        links.append(("x-default", settings.SITE_URL + unprefixed(default)))
    return links


def urlset(language: str, items: Iterable[Entry]) -> str:
    lines = [
        XML_HEAD,
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
        'xmlns:xhtml="http://www.w3.org/1999/xhtml">\n',
    ]
    for entry in items:
        path = entry.paths.get(language)
        if path is None:
            continue
        lines.append(f"<url><loc>{escape(settings.SITE_URL + path)}</loc>")
        if entry.lastmod:
            lines.append(f"<lastmod>{entry.lastmod.isoformat()}</lastmod>")
        if entry.changefreq:
            lines.append(f"<changefreq>{entry.changefreq}</changefreq>")
        if entry.priority:
            lines.append(f"<priority>{entry.priority}</priority>")
        if len(entry.paths) > 1:
            for code, href in _alternates(entry):
                lines.append(
                    f'<xhtml:link rel="alternate" hreflang="{code}" href={quoteattr(href)}/>'
                )
        lines.append("</url>\n")
    lines.append("</urlset>\n")
    return "".join(lines)


def sitemap_index() -> str:
    lines = [XML_HEAD, '<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n']
    for code in languages():
        with translation.override(code):
            location = settings.SITE_URL + reverse("sitemap")
        lines.append(f"<sitemap><loc>{escape(location)}</loc></sitemap>\n")
    lines.append("</sitemapindex>\n")
    return "".join(lines)


XML_TYPE = "application/xml; charset=utf-8"


@public_page
def index(request: HttpRequest) -> HttpResponse:
    """`/sitemap.xml`: the sitemap of each language."""
    return HttpResponse(sitemap_index(), content_type=XML_TYPE)


@public_page
def language_sitemap(request: HttpRequest) -> HttpResponse:
    """`/<language>/sitemap.xml`: the public pages in the language of the address."""
    language = translation.get_language() or settings.LANGUAGE_CODE
    return HttpResponse(urlset(language, entries()), content_type=XML_TYPE)
