"""Meetings as dated records."""

from __future__ import annotations

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from almaty.core.models import TimeStampedModel
from almaty.meetings.choices import MeetingKind


class Meeting(TimeStampedModel):
    kind = models.CharField(_("kind"), max_length=30, choices=MeetingKind.choices)
    number = models.PositiveSmallIntegerField(_("number"), null=True, blank=True)
    title = models.CharField(_("title"), max_length=300)
    theme = models.TextField(_("theme"), blank=True)
    starts_on = models.DateField(_("first day"))
    ends_on = models.DateField(_("last day"))
    city = models.CharField(_("city"), max_length=100, blank=True)
    venue = models.CharField(_("venue"), max_length=200, blank=True)
    host_state = models.ForeignKey(
        "process.State",
        verbose_name=_("host State"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    outcome = models.TextField(_("outcome"), blank=True)
    reviewed_support_unit_mandate = models.BooleanField(
        _("reviewed the Support Unit's mandate"), default=False
    )
    reference_key = models.CharField(
        max_length=60, unique=True, null=True, blank=True, editable=False
    )

    class Meta:
        ordering = ["starts_on"]
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=F("starts_on")), name="meeting_period_ordered"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.starts_on})"
