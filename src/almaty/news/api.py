"""API: the published news, both languages' texts in each item."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from ninja import Field, Router, Schema

from almaty.api.auth import PUBLIC_OR_SIGNED_IN
from almaty.api.schemas import PUBLIC_ERRORS, ErrorOut
from almaty.core.errors import InvalidInput, NotFoundOrForbidden
from almaty.news import selectors
from almaty.news.models import NewsItem

router = Router(tags=["news"])


class NewsItemOut(Schema):
    slug: str
    languages: list[str] = Field(description="The languages in which the item can be read.")
    title_en: str = Field(description='"" when the item is not available in English.')
    title_ru: str = Field(description='"" when the item is not available in Russian.')
    summary_en: str = Field(description="Plain text.")
    summary_ru: str = Field(description="Plain text.")
    body_en: str = Field(description="Markdown.")
    body_ru: str = Field(description="Markdown.")
    url_en: str | None
    url_ru: str | None
    published_at: dt.datetime
    updated_at: dt.datetime
    meeting_id: int | None


class NewsPageOut(Schema):
    total: int
    limit: int
    offset: int
    items: list[NewsItemOut]


def _text(item: NewsItem, name: str, language: str) -> str:
    return getattr(item, f"{name}_{language}") if item.is_available_in(language) else ""


def _url(item: NewsItem, language: str) -> str | None:
    return settings.SITE_URL + item.url_in(language) if item.is_available_in(language) else None


def _item(item: NewsItem) -> NewsItemOut:
    assert item.publish_at is not None
    return NewsItemOut(
        slug=item.slug, languages=item.languages(),
        title_en=item.title_in("en"), title_ru=item.title_in("ru"),
        summary_en=item.summary_in("en"), summary_ru=item.summary_in("ru"),
        body_en=_text(item, "body", "en"), body_ru=_text(item, "body", "ru"),
        url_en=_url(item, "en"), url_ru=_url(item, "ru"),
        published_at=item.publish_at, updated_at=item.updated_at, meeting_id=item.meeting_id,
    )  # fmt: skip


@router.get(
    "/news",
    response={200: NewsPageOut, 400: ErrorOut, **PUBLIC_ERRORS},
    auth=PUBLIC_OR_SIGNED_IN,
    summary="Published news, newest first",
)
def list_news(request: HttpRequest, limit: int = 20, offset: int = 0) -> NewsPageOut:
    if not 1 <= limit <= 100:
        raise InvalidInput(_("The limit must be between 1 and 100."))
    if offset < 0:
        raise InvalidInput(_("The offset cannot be negative."))
    items = selectors.published()
    return NewsPageOut(
        total=items.count(),
        limit=limit,
        offset=offset,
        items=[_item(item) for item in items[offset : offset + limit]],
    )


@router.get(
    "/news/{slug}",
    response={200: NewsItemOut, 404: ErrorOut, **PUBLIC_ERRORS},
    auth=PUBLIC_OR_SIGNED_IN,
    summary="One published news item",
)
def get_news_item(request: HttpRequest, slug: str) -> NewsItemOut:
    item = selectors.public_item(slug)
    if item is None:
        raise NotFoundOrForbidden(_("There is no published news item '%(slug)s'."), slug=slug)
    return _item(item)
