"""States, organisations and their participation in the process over time."""

from __future__ import annotations

import datetime as dt

from django.db import models
from django.db.models import Q
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from almaty.core import countries
from almaty.core.models import TimeStampedModel
from almaty.process.choices import OrganisationKind, ParticipationStatus


class State(TimeStampedModel):
    """A State, identified by its ISO 3166-1 codes; `name` is its official long name."""

    iso3 = models.CharField(_("ISO 3166 alpha-3"), max_length=3, unique=True)
    iso2 = models.CharField(_("ISO 3166 alpha-2"), max_length=2, unique=True)
    numeric = models.PositiveSmallIntegerField(_("ISO 3166 numeric"), unique=True)
    name = models.CharField(_("official name"), max_length=200)
    is_central_asian = models.BooleanField(_("Central Asian"), default=False)
    rotation_name = models.CharField(
        _("name for the rotation order"),
        max_length=100,
        blank=True,
        help_text=_(
            "The English short name the chair rotation is ordered by. Changing how a State's name "
            "is displayed does not move it in the rotation; changing this does."
        ),
    )

    class Meta:
        ordering = ["iso3"]
        verbose_name = _("State")
        verbose_name_plural = _("States")

    def __str__(self) -> str:
        return self.short_name

    @property
    def short_name(self) -> str:
        """The ISO/CLDR short name in the active language (e.g. Kyrgyzstan, Кыргызстан)."""
        return countries.short_name(self.iso3, get_language() or "en")


class Organisation(TimeStampedModel):
    code = models.CharField(_("code"), max_length=40, unique=True)
    acronym = models.CharField(_("acronym"), max_length=40)
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=OrganisationKind.choices)
    is_support_unit = models.BooleanField(_("runs the Support Unit"), default=False)

    class Meta:
        ordering = ["code"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")

    def __str__(self) -> str:
        return self.acronym


class ParticipationQuerySet(models.QuerySet["Participation"]):
    def active_on(self, day: dt.date) -> ParticipationQuerySet:
        return self.filter(valid_from__lte=day).filter(
            Q(valid_to__isnull=True) | Q(valid_to__gte=day)
        )


class Participation(TimeStampedModel):
    """A State or an organisation takes part with a status over a period (inclusive; open end)."""

    state = models.ForeignKey(
        State, null=True, blank=True, on_delete=models.PROTECT, related_name="participations"
    )
    organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.PROTECT, related_name="participations"
    )
    status = models.CharField(_("status"), max_length=30, choices=ParticipationStatus.choices)
    valid_from = models.DateField(_("valid from"))
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)

    objects = ParticipationQuerySet.as_manager()

    class Meta:
        ordering = ["valid_from", "pk"]
        verbose_name = _("participation")
        verbose_name_plural = _("participations")
        constraints = [
            models.CheckConstraint(
                condition=(Q(state__isnull=False) & Q(organisation__isnull=True))
                | (Q(state__isnull=True) & Q(organisation__isnull=False)),
                name="participation_one_participant",
            ),
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=models.F("valid_from")),
                name="participation_period_ordered",
            ),
            models.UniqueConstraint(
                fields=["state", "status", "valid_from"], name="participation_state_unique_start"
            ),
            models.UniqueConstraint(
                fields=["organisation", "status", "valid_from"],
                name="participation_org_unique_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.state or self.organisation} · {self.status} · {self.valid_from}"

    @property
    def participant(self) -> State | Organisation:
        participant = self.state or self.organisation
        assert participant is not None
        return participant


class ProcessProfile(TimeStampedModel):
    """The process this instance runs (one row): its names and facts, from reference data."""

    code = models.CharField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=300)
    short_name = models.CharField(_("short name"), max_length=100)
    summary = models.TextField(_("summary"), blank=True)
    launched_on = models.DateField(_("launched on"), null=True, blank=True)
    secretariat_city = models.CharField(_("seat of the secretariat"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("process profile")
        verbose_name_plural = _("process profiles")

    def __str__(self) -> str:
        return self.short_name


class ReferenceDataset(models.Model):
    """Which version of a reference data file was loaded, and its checksum (for idempotence)."""

    name = models.CharField(max_length=100, unique=True)
    version = models.PositiveIntegerField()
    checksum = models.CharField(max_length=64)
    loaded_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"{self.name} v{self.version}"
