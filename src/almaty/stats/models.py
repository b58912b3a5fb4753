"""The statistics exchange: the indicator catalogue (synced from the engine's YAML), submissions
of Member States, external sources and the observations both bring.

Observations are one narrow table read by DuckDB/Polars for regional queries: codes are stored
as text (ISO3 for areas, catalogue codes for indicators), so analytics need no joins.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class SubmissionStatus(models.TextChoices):
    VALIDATED = "validated", pgettext_lazy("submission status", "validated")
    APPROVED = "approved", pgettext_lazy("submission status", "approved")
    PUBLISHED = "published", pgettext_lazy("submission status", "published")
    SUPERSEDED = "superseded", pgettext_lazy("submission status", "superseded")


class Sharing(models.TextChoices):
    MEMBERS = "members", _("members only")
    PUBLIC = "public", _("public")


class Indicator(models.Model):
    """An indicator of the catalogue; `catalogue_sync()` keeps these rows equal to the YAML."""

    code = models.CharField(_("code"), max_length=40, unique=True)
    dataflow = models.CharField(_("dataflow"), max_length=80)
    name_en = models.CharField(_("name (English)"), max_length=200)
    name_ru = models.CharField(_("name (Russian)"), max_length=200)
    definition_en = models.TextField(_("definition (English)"), blank=True)
    definition_ru = models.TextField(_("definition (Russian)"), blank=True)
    unit = models.CharField(_("unit"), max_length=8)
    periodicity = models.CharField(_("periodicity"), max_length=1)
    dimensions = models.CharField(
        _("dimensions"), max_length=100, blank=True, help_text=_("Comma-separated.")
    )
    additive = models.BooleanField(_("disaggregations add up to totals"), default=True)
    tolerance = models.FloatField(_("tolerance"), default=0.0)
    bilateral = models.CharField(_("mirror indicator"), max_length=40, blank=True)
    source = models.CharField(_("source"), max_length=20, default="submitted")

    class Meta:
        ordering = ["code"]
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")

    def __str__(self) -> str:
        return self.code


class ExternalSource(models.Model):
    """A published data set loaded as reference data (UNHCR, UN DESA, World Bank, Frontex)."""

    code = models.CharField(_("code"), max_length=40, unique=True)
    name_en = models.CharField(_("name (English)"), max_length=200)
    name_ru = models.CharField(_("name (Russian)"), max_length=200)
    provenance = models.TextField(_("provenance"), blank=True)
    licence = models.CharField(_("licence"), max_length=200, blank=True)
    url = models.URLField(_("address"), max_length=500, blank=True)
    retrieved = models.CharField(_("retrieved"), max_length=40, blank=True)
    loaded_at = models.DateTimeField(_("loaded at"), null=True, blank=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("external source")
        verbose_name_plural = _("external sources")

    def __str__(self) -> str:
        return self.code


class Submission(models.Model):
    """One file of observations, stored whole or not at all, then approved and published.

    `state` is the reporting State when the file covers exactly one (always for statisticians);
    files of the Support Unit may cover several, and external sources have none.
    """

    state = models.ForeignKey(
        "process.State",
        verbose_name=_("State"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="stat_submissions",
    )
    source = models.ForeignKey(
        ExternalSource,
        verbose_name=_("external source"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="submissions",
    )
    indicators = models.CharField(_("indicators"), max_length=500, blank=True)
    file_name = models.CharField(_("file name"), max_length=255, blank=True)
    sha256 = models.CharField(_("SHA-256"), max_length=64, db_index=True)
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=SubmissionStatus.choices,
        default=SubmissionStatus.VALIDATED,
    )
    sharing = models.CharField(
        _("sharing"), max_length=8, choices=Sharing.choices, default=Sharing.MEMBERS
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("submitted by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("approved by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    revision_of = models.ForeignKey(
        "self",
        verbose_name=_("revision of"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="revisions",
    )
    rows = models.PositiveIntegerField(_("rows"), default=0)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("statistics submission")
        verbose_name_plural = _("statistics submissions")

    def __str__(self) -> str:
        return f"{self.pk} {self.file_name or self.source_id or ''}"


class Observation(models.Model):
    """One value of one indicator for one State, period and disaggregation (the SDMX key).

    `superseded` marks values replaced by an approved revision; they are kept and shown as
    earlier values, never counted as current.
    """

    # No database-level constraint: checking it row by row was the dearest part of storing a
    # million values (ADR 0017). Rows are only written by storage.store, for a submission
    # created in the same transaction; Django still cascades deletes.
    submission = models.ForeignKey(
        Submission, on_delete=models.CASCADE, related_name="observations", db_constraint=False
    )
    ref_area = models.CharField(_("reporting State"), max_length=3)
    indicator = models.CharField(_("indicator"), max_length=40)
    period_start = models.DateField(_("period start"))
    freq = models.CharField(_("frequency"), max_length=1)
    counterpart = models.CharField(_("counterpart area"), max_length=8, default="_Z")
    sex = models.CharField(_("sex"), max_length=3, default="_Z")
    age = models.CharField(_("age"), max_length=8, default="_Z")
    purpose = models.CharField(_("purpose"), max_length=10, default="_Z")
    value = models.FloatField(_("value"), null=True, blank=True)
    unit = models.CharField(_("unit"), max_length=4)
    obs_status = models.CharField(_("observation status"), max_length=1, default="A")
    comment = models.TextField(_("comment"), blank=True)
    superseded = models.BooleanField(_("superseded"), default=False)

    class Meta:
        verbose_name = _("observation")
        verbose_name_plural = _("observations")
        # No index on the series key: it was the dearest part of storing a million values;
        # look-ups by State, indicator and period go through ObservationSlice (ADR 0017).

    def __str__(self) -> str:
        return f"{self.ref_area} {self.indicator} {self.period_start}"


class ObservationSlice(models.Model):
    """That a submission holds values for a State, indicator and period: a few thousand rows
    where the submission has a million values, indexed by series key. Queries by series find
    the submissions here, then their values through the observations' submission index."""

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="slices")
    ref_area = models.CharField(_("reporting State"), max_length=3)
    indicator = models.CharField(_("indicator"), max_length=40)
    period_start = models.DateField(_("period start"))

    class Meta:
        verbose_name = _("observation slice")
        verbose_name_plural = _("observation slices")
        indexes = [
            models.Index(
                fields=["indicator", "ref_area", "period_start"], name="stats_slice_series"
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["submission", "ref_area", "indicator", "period_start"],
                name="stats_one_slice_per_submission",
            )
        ]

    def __str__(self) -> str:
        return f"{self.submission_id}: {self.ref_area} {self.indicator} {self.period_start}"
