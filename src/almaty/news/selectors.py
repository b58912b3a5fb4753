"""Reads of the news: what readers see (published and due) and what the Support Unit sees."""

from __future__ import annotations

import datetime as dt

from django.db.models import QuerySet
from django.utils import timezone

from almaty.news.choices import LANGUAGES, NewsStatus
from almaty.news.models import NewsItem, available_in


def published(*, now: dt.datetime | None = None) -> QuerySet[NewsItem]:
    """Items readers may see: published, and due (scheduled ones appear at `publish_at`), newest
    first."""
    return NewsItem.objects.filter(
        status=NewsStatus.PUBLISHED, publish_at__lte=now or timezone.now()
    ).order_by("-publish_at", "-pk")


def published_in(language: str, *, now: dt.datetime | None = None) -> QuerySet[NewsItem]:
    """Published items that can be read in `language`."""
    return published(now=now).filter(available_in(language))


def latest_published(*, limit: int = 3, language: str | None = None) -> list[NewsItem]:
    """The newest published items (for the home page); only those readable in `language` when
    it is given."""
    items = published() if language is None else published_in(language)
    return list(items[:limit])


def public_item(slug: str) -> NewsItem | None:
    """The published, due item at this address; None for drafts, scheduled items and others."""
    return published().filter(slug=slug).select_related("meeting").first()


def item_by_slug(slug: str) -> NewsItem | None:
    """Any item, whatever its status (for the Support Unit's preview)."""
    return NewsItem.objects.filter(slug=slug).select_related("meeting").first()


def desk_items(*, status: str = "") -> QuerySet[NewsItem]:
    """Every item for the Support Unit's desk, the latest written first."""
    items = NewsItem.objects.order_by("-updated_at", "-pk")
    return items.filter(status=status) if status in NewsStatus.values else items


def other_language(language: str) -> str:
    return next(code for code in LANGUAGES if code != language)
