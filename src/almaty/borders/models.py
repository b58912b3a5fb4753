"""Loads of crossing records, stay rules and movement-type settings.

The crossing records are not here: they are Parquet batches per State under
DATA_DIR/borders/<ISO3>/ (`storage`). A `CrossingLoad` says who loaded which file, what it
is doing now (for the progress page) and how it ended, with its data-quality report.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from almaty.borders.choices import (
    RUNNING,
    UNSTORED,
    Engine,
    LoadStatus,
    NationalityGroup,
    Permit,
    Purpose,
)
from almaty.core.models import TimeStampedModel

USER_MODEL = settings.AUTH_USER_MODEL  # (MovementSettingsRecord has a field named `settings`)


class CrossingLoad(TimeStampedModel):
    """One file of a State's crossing records, loaded through the web or the command line.

    `report` is the engine's ingest report (rows read, accepted, rejected by reason, samples);
    `derive` the counts of the derivation that followed (stays, open stays, overstays, orphan
    exits, impossible sequences, persons); `error` a message in each language of the site."""

    state = models.ForeignKey(
        "process.State",
        verbose_name=_("State"),
        on_delete=models.PROTECT,
        related_name="crossing_loads",
    )
    file_name = models.CharField(_("file name"), max_length=255)
    # Where the file waits to be read: the staged upload, or the path given on the command line.
    path = models.CharField(_("path"), max_length=1000, blank=True)
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    size_bytes = models.PositiveBigIntegerField(_("size (bytes)"), default=0)
    status = models.CharField(
        _("status"), max_length=10, choices=LoadStatus.choices, default=LoadStatus.QUEUED
    )
    step = models.CharField(_("step"), max_length=40, blank=True)
    done = models.PositiveBigIntegerField(_("done"), default=0)
    total = models.PositiveBigIntegerField(_("total"), default=0)
    rows_read = models.PositiveBigIntegerField(_("rows read"), default=0)
    rows_accepted = models.PositiveBigIntegerField(_("rows accepted"), default=0)
    rows_rejected = models.PositiveBigIntegerField(_("rows rejected"), default=0)
    rows_already_loaded = models.PositiveBigIntegerField(_("rows already loaded"), default=0)
    report = models.JSONField(_("data-quality report"), default=dict, blank=True)
    derive = models.JSONField(_("derived counts"), default=dict, blank=True)
    error = models.JSONField(_("error"), default=dict, blank=True)
    engine = models.CharField(
        _("engine"), max_length=8, choices=Engine.choices, default=Engine.DUCKDB
    )
    created_by = models.ForeignKey(
        USER_MODEL,
        verbose_name=_("loaded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("load of crossing records")
        verbose_name_plural = _("loads of crossing records")
        constraints = [
            # The same file loads once per State; a refused or failed one may be tried again.
            models.UniqueConstraint(
                fields=["state", "sha256"],
                condition=~Q(status__in=list(UNSTORED)),
                name="borders_one_load_per_file",
            )
        ]
        indexes = [models.Index(fields=["state", "status"], name="borders_load_state_status")]

    def __str__(self) -> str:
        return f"{self.pk} {self.file_name}"

    @property
    def is_running(self) -> bool:
        return self.status in RUNNING

    @property
    def rejected_share(self) -> float:
        return self.rows_rejected / self.rows_read if self.rows_read else 0.0


class StayRule(models.Model):
    """How long a foreign national may stay in the recording State, by nationality (or group),
    permit and purpose, for entries from `valid_from` to `valid_to` (both included; open end).

    Blank nationality, permit or purpose match any. A rule is never edited in place: a new
    version ends the old one the day before it starts (`services.stay_rule_replace`), so
    stays are judged by the rule in force on their entry day. `max_stay_days` applies when the
    entry record gives no authorised stay of its own; a rolling limit counts the days present
    (entry and exit days both) in any window of `rolling_window_days`."""

    state = models.ForeignKey(
        "process.State",
        verbose_name=_("recording State"),
        on_delete=models.PROTECT,
        related_name="stay_rules",
    )
    nationality = models.CharField(_("nationality"), max_length=3, blank=True)
    nationality_group = models.CharField(
        _("nationality group"), max_length=8, blank=True, choices=NationalityGroup.choices
    )
    permit = models.CharField(_("permit"), max_length=20, blank=True, choices=Permit.choices)
    purpose = models.CharField(_("purpose"), max_length=12, blank=True, choices=Purpose.choices)
    max_stay_days = models.PositiveIntegerField(
        _("longest stay per entry (days)"), null=True, blank=True
    )
    rolling_limit_days = models.PositiveIntegerField(
        _("days allowed in the window"), null=True, blank=True
    )
    rolling_window_days = models.PositiveIntegerField(_("window (days)"), null=True, blank=True)
    exempt = models.BooleanField(_("no limit"), default=False)
    valid_from = models.DateField(_("for entries from"))
    valid_to = models.DateField(_("for entries until"), null=True, blank=True)
    source = models.TextField(_("source"), help_text=_("The law, agreement or decision."))
    replaces = models.ForeignKey(
        "self",
        verbose_name=_("replaces"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="replaced_by",
    )
    created_by = models.ForeignKey(
        USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = [
            "state__iso3",
            "nationality_group",
            "nationality",
            "permit",
            "purpose",
            "valid_from",
        ]
        verbose_name = _("stay rule")
        verbose_name_plural = _("stay rules")
        constraints = [
            models.CheckConstraint(
                condition=Q(nationality="") | Q(nationality_group=""),
                name="borders_rule_nationality_or_group",
            ),
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=models.F("valid_from")),
                name="borders_rule_ends_after_start",
            ),
            models.CheckConstraint(
                condition=Q(rolling_limit_days__isnull=True, rolling_window_days__isnull=True)
                | Q(
                    rolling_limit_days__isnull=False,
                    rolling_window_days__isnull=False,
                    rolling_limit_days__lte=models.F("rolling_window_days"),
                ),
                name="borders_rule_rolling_limit_in_window",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.state_id}: {self.scope} from {self.valid_from}"

    @property
    def scope(self) -> str:
        """Nationality (or group), permit and purpose as codes, `*` for any: `EAEU/*/WORK`."""
        nationality = self.nationality_group or self.nationality
        return "/".join(code or "*" for code in (nationality, self.permit, self.purpose))

    def is_in_force_on(self, day: dt.date) -> bool:
        return self.valid_from <= day and (self.valid_to is None or day <= self.valid_to)


class MovementSettingsRecord(models.Model):
    """A State's thresholds for the movement types (the engine's MovementSettings as JSON);
    a State without a record uses the engine's defaults."""

    state = models.OneToOneField(
        "process.State",
        verbose_name=_("State"),
        on_delete=models.PROTECT,
        related_name="movement_settings",
    )
    settings = models.JSONField(_("settings"), default=dict)
    updated_by = models.ForeignKey(
        USER_MODEL,
        verbose_name=_("changed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    updated_at = models.DateTimeField(_("changed at"), auto_now=True)

    class Meta:
        verbose_name = _("movement-type settings")
        verbose_name_plural = _("movement-type settings")

    def __str__(self) -> str:
        return f"{self.state_id}"
