"""Forecasts of the platform's monthly and quarterly series, the early warnings drawn from them,
and who is told of which warnings.

A series is named `<INDICATOR>.<AREA>`: a catalogue indicator (or an external series such as
FRONTEX_IBC) and a State's ISO3 code, or `_T` for the total of the region (of all
nationalities, for Frontex). A forecast is kept with the version of the data it used (a digest
of the observed values, which are stored with it), so forecasts of one series can be compared
over time and the same data is never forecast twice by the same method.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from almaty.forecasts.choices import SeriesSource, Severity, WarningKind


class Forecast(models.Model):
    series_id = models.CharField(_("series"), max_length=64, db_index=True)
    indicator = models.CharField(_("indicator"), max_length=40)
    area = models.CharField(_("area"), max_length=8)
    freq = models.CharField(_("frequency"), max_length=1)
    source = models.CharField(_("source"), max_length=12, choices=SeriesSource.choices)
    data_version = models.CharField(_("data version"), max_length=64)
    data_through = models.CharField(_("last observed period"), max_length=10)
    horizon = models.PositiveSmallIntegerField(_("horizon"))
    method = models.CharField(_("method"), max_length=60)
    # [[period, value], ...]: the observations the forecast was made from
    observed = models.JSONField(_("observed values"), default=list)
    # [{"period", "mean", "lo_80", "hi_80", "lo_95", "hi_95"}, ...]
    points = models.JSONField(_("forecast"), default=list)
    # [{"horizon", "mase", "coverage_80", "coverage_95", "origins"}, ...]
    track_record = models.JSONField(_("track record"), default=list)
    # {"model": weight, ...} and anything else the method reports (e.g. a fallback's reason)
    details = models.JSONField(_("details"), default=dict)
    created_at = models.DateTimeField(_("made at"), auto_now_add=True)

    class Meta:
        verbose_name = _("forecast")
        verbose_name_plural = _("forecasts")
        ordering = ["series_id", "-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["series_id", "data_version", "horizon", "method"],
                name="forecasts_one_per_data_version",
            )
        ]

    def __str__(self) -> str:
        return f"{self.series_id} to {self.data_through} +{self.horizon}"


class EarlyWarning(models.Model):
    series_id = models.CharField(_("series"), max_length=64, db_index=True)
    indicator = models.CharField(_("indicator"), max_length=40)
    area = models.CharField(_("area"), max_length=8)
    kind = models.CharField(_("kind"), max_length=20, choices=WarningKind.choices)
    severity = models.CharField(_("severity"), max_length=8, choices=Severity.choices)
    period = models.CharField(_("period"), max_length=10)
    forecast = models.ForeignKey(
        Forecast, on_delete=models.CASCADE, related_name="warnings", verbose_name=_("forecast")
    )
    params = models.JSONField(_("figures"), default=dict)
    created_at = models.DateTimeField(_("raised at"), auto_now_add=True)
    notified_at = models.DateTimeField(_("notified at"), null=True, blank=True)

    class Meta:
        verbose_name = _("early warning")
        verbose_name_plural = _("early warnings")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["series_id", "kind", "period"], name="forecasts_one_warning_per_period"
            )
        ]

    def __str__(self) -> str:
        return f"{self.series_id} {self.kind} {self.period}"


class WarningSubscription(models.Model):
    """A user asks to be e-mailed the warnings of an indicator (blank: all) for an area (blank:
    all) from a severity up."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="warning_subscriptions"
    )
    indicator = models.CharField(_("indicator"), max_length=40, blank=True)
    area = models.CharField(_("area"), max_length=8, blank=True)
    min_severity = models.CharField(
        _("from severity"), max_length=8, choices=Severity.choices, default=Severity.MEDIUM
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("warning subscription")
        verbose_name_plural = _("warning subscriptions")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "indicator", "area"], name="forecasts_one_subscription_per_scope"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user_id}: {self.indicator or '*'}.{self.area or '*'}"
