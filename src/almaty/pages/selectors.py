"""Reads of the pages app: pages as the public and the desk see them, meeting photos."""

from __future__ import annotations

import datetime as dt

from django.db.models import QuerySet
from django.utils import timezone

from almaty.pages.choices import PageKey, PageStatus
from almaty.pages.models import MeetingPhoto, Page


def page_by_key(key: str) -> Page | None:
    return Page.objects.filter(key=key).first()


def live_page(key: str, *, now: dt.datetime | None = None) -> Page | None:
    """The page if it is published and its publication time has come."""
    return Page.objects.filter(
        key=key, status=PageStatus.PUBLISHED, publish_at__lte=now or timezone.now()
    ).first()


def pages_for_desk() -> list[Page]:
    """Every page, in the order of `PageKey` (About, Contact, Partners)."""
    order = list(PageKey.values)
    pages = Page.objects.select_related("updated_by")
    return sorted(pages, key=lambda p: order.index(p.key) if p.key in order else len(order))


def photos_for_meeting(meeting_id: int) -> list[MeetingPhoto]:
    """The published photos of a meeting, in gallery order (one query)."""
    return list(MeetingPhoto.objects.filter(meeting_id=meeting_id, is_published=True))


def all_photos_for_meeting(meeting_id: int) -> QuerySet[MeetingPhoto]:
    """Every photo of a meeting, published or not (the Support Unit's desk)."""
    return MeetingPhoto.objects.filter(meeting_id=meeting_id)


def photo_by_id(photo_id: int) -> MeetingPhoto | None:
    return MeetingPhoto.objects.select_related("meeting").filter(pk=photo_id).first()
