"""Editable pages and meeting photographs."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from almaty.core.models import TimeStampedModel
from almaty.pages.choices import PageKey, PageStatus

LANGUAGES = ("en", "ru")


class Page(TimeStampedModel):
    """One of the portal's fixed pages. Each language has its own title and Markdown body; a
    language is available when both are written. The page shows once it is published and its
    `publish_at` has come."""

    key = models.CharField(_("page"), max_length=20, choices=PageKey.choices, unique=True)
    title_en = models.CharField(_("title (English)"), max_length=200, blank=True)
    title_ru = models.CharField(_("title (Russian)"), max_length=200, blank=True)
    body_en = models.TextField(_("text (English)"), blank=True)
    body_ru = models.TextField(_("text (Russian)"), blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=PageStatus.choices, default=PageStatus.DRAFT
    )
    publish_at = models.DateTimeField(_("published from"), null=True, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("last changed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["key"]
        verbose_name = _("page")
        verbose_name_plural = _("pages")
        constraints = [
            models.CheckConstraint(
                condition=Q(status=PageStatus.DRAFT) | Q(publish_at__isnull=False),
                name="pages_page_published_has_date",
            )
        ]

    def __str__(self) -> str:
        return str(PageKey(self.key).label) if self.key in PageKey.values else self.key

    def title_in(self, language: str) -> str:
        """The title in `language`, or "" (never the other language's)."""
        return str(getattr(self, f"title_{language}", "") or "")

    def body_in(self, language: str) -> str:
        return str(getattr(self, f"body_{language}", "") or "")

    def has_language(self, language: str) -> bool:
        return bool(self.title_in(language).strip() and self.body_in(language).strip())

    @property
    def languages(self) -> list[str]:
        return [code for code in LANGUAGES if self.has_language(code)]

    def is_live(self, now: dt.datetime | None = None) -> bool:
        now = now or timezone.now()
        return (
            self.status == PageStatus.PUBLISHED
            and self.publish_at is not None
            and self.publish_at <= now
        )

    @property
    def is_scheduled(self) -> bool:
        return self.status == PageStatus.PUBLISHED and not self.is_live()


class MeetingPhoto(TimeStampedModel):
    """A photograph of a meeting, stored re-encoded (no EXIF or GPS data) in the public media
    storage under photos/, with a web-size copy. Every photo has an English text alternative;
    the Russian one may follow."""

    meeting = models.ForeignKey(
        "meetings.Meeting",
        verbose_name=_("meeting"),
        on_delete=models.PROTECT,
        related_name="photos",
    )
    image = models.FileField(_("image"), max_length=200)
    width = models.PositiveIntegerField(_("width (pixels)"))
    height = models.PositiveIntegerField(_("height (pixels)"))
    web_image = models.FileField(_("web-size image"), max_length=200)
    web_width = models.PositiveIntegerField(_("web width (pixels)"))
    web_height = models.PositiveIntegerField(_("web height (pixels)"))
    byte_size = models.PositiveIntegerField(_("size (bytes)"))
    alt_en = models.CharField(_("text alternative (English)"), max_length=250)
    alt_ru = models.CharField(_("text alternative (Russian)"), max_length=250, blank=True)
    caption_en = models.CharField(_("caption (English)"), max_length=500, blank=True)
    caption_ru = models.CharField(_("caption (Russian)"), max_length=500, blank=True)
    credit = models.CharField(_("credit"), max_length=200, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    is_published = models.BooleanField(_("published"), default=False)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["meeting", "order", "pk"]
        verbose_name = _("meeting photo")
        verbose_name_plural = _("meeting photos")
        constraints = [
            models.CheckConstraint(condition=~Q(alt_en=""), name="pages_photo_has_alt_en"),
        ]
        indexes = [models.Index(fields=["meeting", "is_published", "order"])]

    def __str__(self) -> str:
        return self.alt_en

    def alt_in(self, language: str) -> str:
        return str(getattr(self, f"alt_{language}", "") or "")

    def caption_in(self, language: str) -> str:
        return str(getattr(self, f"caption_{language}", "") or "")
