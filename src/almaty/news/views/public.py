"""What readers see: the list of news and an item, in the language of the address."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import translation

from almaty.accounts import access as accounts_access
from almaty.accounts.choices import RoleCode
from almaty.core.cache import public_page
from almaty.core.views import not_found
from almaty.news import selectors
from almaty.news.models import NewsItem

PAGE_SIZE = 10


@dataclass(frozen=True)
class Entry:
    """An item as the list shows it: in the reader's language, or marked as in the other one."""

    item: NewsItem
    language: str
    title: str
    summary: str
    url: str
    is_other_language: bool


def _entry(item: NewsItem, language: str) -> Entry:
    if item.is_available_in(language):
        return Entry(
            item, language, item.title_in(language), item.summary_in(language),
            item.get_absolute_url(), False,
        )  # fmt: skip
    other = selectors.other_language(language)
    return Entry(item, other, item.title_in(other), "", item.url_in(other), True)


def _language() -> str:
    language = translation.get_language() or settings.LANGUAGE_CODE
    return language if language in ("en", "ru") else "en"


@public_page
def news_list(request: HttpRequest) -> HttpResponse:
    """Published news, newest first, ten a page."""
    language = _language()
    page = Paginator(selectors.published(), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "news/list.html",
        {
            "page": page,
            "entries": [_entry(item, language) for item in page],
            "rss_url": reverse("news:feed-rss"),
            "atom_url": reverse("news:feed-atom"),
        },
    )


def _is_support_unit(request: HttpRequest) -> bool:
    return accounts_access.user_has_role(user=request.user, role=RoleCode.SUPPORT_UNIT)


@public_page
def detail(request: HttpRequest, slug: str) -> HttpResponse:
    """An item in the reader's language; where it is not written in that language, a notice and
    a link to the other language, never the other text in its place. The Support Unit also sees
    drafts and scheduled items here (a preview)."""
    item = selectors.public_item(slug)
    is_preview = False
    if item is None and _is_support_unit(request):
        item = selectors.item_by_slug(slug)
        is_preview = item is not None
    if item is None:
        return not_found(request)
    language = _language()
    other = selectors.other_language(language)
    available = item.is_available_in(language)
    shown = language if available else other
    context = {
        "item": item,
        "available": available,
        "language": language,
        "shown_language": shown,
        "title": item.title_in(shown) or str(item),
        "summary": item.summary_in(language),
        "body": item.body_html_in(shown) if available else "",
        "other_language": other,
        "other_url": item.url_in(other) if item.is_available_in(other) else "",
        "canonical_url": settings.SITE_URL + item.url_in(shown),
        "is_preview": is_preview,
    }
    return render(request, "news/detail.html", context)
