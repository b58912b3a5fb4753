"""A news item: one row with an English and a Russian text, each language shown only when its
title and text are both written."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from almaty.core import markup
from almaty.core.models import TimeStampedModel
from almaty.news.choices import LANGUAGES, NewsStatus

SUMMARY_LIMIT = 300


def available_in(language: str) -> Q:
    """The items whose `language` has both a title and a text."""
    return ~Q(**{f"title_{language}": ""}) & ~Q(**{f"body_{language}": ""})


class NewsItem(TimeStampedModel):
    slug = models.SlugField(_("address"), max_length=100, unique=True)
    title_en = models.CharField(_("title (English)"), max_length=300, blank=True)
    title_ru = models.CharField(_("title (Russian)"), max_length=300, blank=True)
    summary_en = models.TextField(_("summary (English)"), blank=True)
    summary_ru = models.TextField(_("summary (Russian)"), blank=True)
    body_en = models.TextField(_("text (English)"), blank=True)
    body_ru = models.TextField(_("text (Russian)"), blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=NewsStatus.choices, default=NewsStatus.DRAFT
    )
    publish_at = models.DateTimeField(_("published from"), null=True, blank=True)
    # Set at the first publication: from then on the address may have been cited, and stays.
    first_published_at = models.DateTimeField(_("first published at"), null=True, blank=True)
    meeting = models.ForeignKey(
        "meetings.Meeting",
        verbose_name=_("meeting"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="news_items",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["-publish_at", "-pk"]
        verbose_name = _("news item")
        verbose_name_plural = _("news items")
        indexes = [models.Index(fields=["status", "publish_at"])]
        constraints = [
            models.CheckConstraint(
                condition=available_in("en") | available_in("ru"),
                name="news_item_has_a_language",
            ),
            models.CheckConstraint(
                condition=~Q(status=NewsStatus.PUBLISHED) | Q(publish_at__isnull=False),
                name="news_item_published_has_date",
            ),
        ]

    def __str__(self) -> str:
        return self.title_en or self.title_ru or self.slug

    # --- languages ---------------------------------------------------------------------------

    def is_available_in(self, language: str) -> bool:
        return bool(
            getattr(self, f"title_{language}", "").strip()
            and getattr(self, f"body_{language}", "").strip()
        )

    def languages(self) -> list[str]:
        """The languages in which the item can be read, English first."""
        return [code for code in LANGUAGES if self.is_available_in(code)]

    def title_in(self, language: str) -> str:
        """The title in `language`; "" when the item is not available in it (never the other)."""
        return getattr(self, f"title_{language}") if self.is_available_in(language) else ""

    def summary_in(self, language: str) -> str:
        """Plain text: the summary, or else the beginning of the text; "" when not available."""
        if not self.is_available_in(language):
            return ""
        summary = getattr(self, f"summary_{language}") or getattr(self, f"body_{language}")
        return markup.plain(summary, SUMMARY_LIMIT)

    def body_html_in(self, language: str) -> str:
        return (
            markup.render(getattr(self, f"body_{language}"))
            if self.is_available_in(language)
            else ""
        )

    # --- publication -------------------------------------------------------------------------

    @property
    def published_at(self) -> dt.datetime | None:
        """When readers could (or can) first see it in its present publication."""
        return self.publish_at if self.status == NewsStatus.PUBLISHED else None

    def is_public(self, now: dt.datetime | None = None) -> bool:
        return (
            self.status == NewsStatus.PUBLISHED
            and self.publish_at is not None
            and self.publish_at <= (now or timezone.now())
        )

    @property
    def is_scheduled(self) -> bool:
        return self.status == NewsStatus.PUBLISHED and not self.is_public()

    def get_absolute_url(self) -> str:
        return reverse("news:detail", args=[self.slug])

    def url_in(self, language: str) -> str:
        with translation.override(language):
            return reverse("news:detail", args=[self.slug])
