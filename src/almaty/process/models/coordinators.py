"""National Coordinators: one designated per Member State at a time."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from almaty.core.models import TimeStampedModel


class NationalCoordinatorQuerySet(models.QuerySet["NationalCoordinator"]):
    def active_on(self, day: dt.date) -> NationalCoordinatorQuerySet:
        return self.filter(designated_on__lte=day).filter(
            Q(ended_on__isnull=True) | Q(ended_on__gte=day)
        )


class NationalCoordinator(TimeStampedModel):
    """A designation: a person is the National Coordinator of a State from one day to another.

    The database allows one open designation per State; services refuse overlapping periods.
    The person may have an account (then they hold the national_coordinator role meanwhile).
    """

    state = models.ForeignKey(
        "process.State", on_delete=models.PROTECT, related_name="coordinators"
    )
    full_name = models.CharField(_("full name"), max_length=200)
    position = models.CharField(_("position"), max_length=300, blank=True)
    office = models.CharField(_("office"), max_length=300, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("account"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="coordinator_designations",
    )
    designated_on = models.DateField(_("designated on"))
    ended_on = models.DateField(_("last day"), null=True, blank=True)

    objects = NationalCoordinatorQuerySet.as_manager()

    class Meta:
        ordering = ["state__iso3", "designated_on"]
        verbose_name = _("National Coordinator")
        verbose_name_plural = _("National Coordinators")
        constraints = [
            models.UniqueConstraint(
                fields=["state"],
                condition=Q(ended_on__isnull=True),
                name="one_open_coordinator_per_state",
            ),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=F("designated_on")),
                name="coordinator_period_ordered",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.full_name} ({self.state.iso3})"
