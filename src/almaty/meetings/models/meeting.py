"""A meeting: kind, number, theme, dates, venue, host, chair, organisers and funders."""

from __future__ import annotations

import datetime as dt
from typing import Any

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
    time_zone = models.CharField(
        _("venue time zone"),
        max_length=64,
        default="Asia/Almaty",
        help_text=_("Agenda times are in this zone (an IANA name such as Asia/Bishkek)."),
    )
    chair_state = models.ForeignKey(
        "process.State",
        verbose_name=_("chaired by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    organisers = models.ManyToManyField(
        "process.Organisation",
        verbose_name=_("organisers"),
        blank=True,
        related_name="organised_meetings",
    )
    funders: models.ManyToManyField[Any, Any] = models.ManyToManyField(
        "process.Organisation",
        verbose_name=_("funders"),
        blank=True,
        related_name="funded_meetings",
    )
    circulation_days = models.PositiveSmallIntegerField(
        _("days before the meeting by which materials are circulated"), default=14
    )
    agenda_published_at = models.DateTimeField(_("agenda published at"), null=True, blank=True)
    cloned_from = models.ForeignKey(
        "self",
        verbose_name=_("cloned from"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="clones",
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

    @property
    def is_agenda_published(self) -> bool:
        return self.agenda_published_at is not None

    @property
    def materials_due_on(self) -> dt.date:
        """The default date by which this meeting's materials must be circulated."""
        return self.starts_on - dt.timedelta(days=self.circulation_days)

    @property
    def days(self) -> list[dt.date]:
        count = (self.ends_on - self.starts_on).days + 1
        return [self.starts_on + dt.timedelta(days=i) for i in range(count)]
