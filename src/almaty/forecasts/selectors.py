"""Reads of forecasts and warnings, each behind `access.require_reader`."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from almaty.core.errors import NotFoundOrForbidden
from almaty.forecasts import access
from almaty.forecasts.choices import SEVERITY_RANK
from almaty.forecasts.models import EarlyWarning, Forecast, WarningSubscription


def latest_forecasts(*, user: Any, indicator: str | None = None) -> list[Forecast]:
    """The newest forecast of each series (of one indicator, or all), in series order."""
    access.require_reader(user)
    found = Forecast.objects.order_by("series_id", "-created_at", "-pk")
    if indicator:
        found = found.filter(indicator=indicator)
    latest: dict[str, Forecast] = {}
    for forecast in found.defer("observed", "points"):
        latest.setdefault(forecast.series_id, forecast)
    return list(latest.values())


def forecast_of(*, user: Any, series_id: str) -> Forecast:
    """The newest forecast of the series; NotFoundOrForbidden when there is none."""
    access.require_reader(user)
    forecast = Forecast.objects.filter(series_id=series_id).order_by("-created_at", "-pk").first()
    if forecast is None:
        raise NotFoundOrForbidden(_("No forecast of the series %(series)s."), series=series_id)
    return forecast


def earlier_forecasts(*, user: Any, series_id: str, limit: int = 12) -> list[Forecast]:
    """The series' forecasts, newest first (to compare them over time)."""
    access.require_reader(user)
    return list(Forecast.objects.filter(series_id=series_id).order_by("-created_at", "-pk")[:limit])


def warnings(
    *,
    user: Any,
    series_id: str | None = None,
    indicator: str | None = None,
    min_severity: str | None = None,
) -> QuerySet[EarlyWarning]:
    """Warnings, newest first, optionally of one series or indicator, from a severity up."""
    access.require_reader(user)
    found = EarlyWarning.objects.order_by("-created_at", "-pk")
    if series_id:
        found = found.filter(series_id=series_id)
    if indicator:
        found = found.filter(indicator=indicator)
    if min_severity is not None and min_severity in SEVERITY_RANK:
        rank = SEVERITY_RANK[min_severity]
        found = found.filter(
            severity__in=[name for name, value in SEVERITY_RANK.items() if value >= rank]
        )
    return found


def subscriptions(*, user: Any) -> list[WarningSubscription]:
    access.require_reader(user)
    return list(WarningSubscription.objects.filter(user=user).order_by("indicator", "area"))
