"""Writes of forecasting: making and storing forecasts of the platform's series, raising early
warnings from them, and users' subscriptions to warnings.

`refresh` forecasts the series given (default: all), each once per version of its data (the
same values are never forecast twice by the same method); then the rules of `rules` run on
the new forecasts and the values they were made from, and each new warning is stored once
(series, kind, period) and e-mailed to the subscribers who asked for it.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy as _

from almaty.core.audit import audit_record
from almaty.core.errors import InvalidInput
from almaty.core.models import AuditAction
from almaty.forecasts import access, compute, rules
from almaty.forecasts import series as platform_series
from almaty.forecasts.choices import Severity
from almaty.forecasts.models import EarlyWarning, Forecast, WarningSubscription

Progress = Callable[[int, int], None]


def rise_share() -> float:
    """How far above last year a forecast (or a joint rise) must go to warn (settings)."""
    return float(getattr(settings, "FORECAST_WARNING_RISE", 0.25))


def horizon() -> int:
    return int(getattr(settings, "FORECAST_HORIZON", 12))


def reconciled() -> bool:
    """Whether regional totals and their States' forecasts are made to add up (settings)."""
    return bool(getattr(settings, "FORECAST_RECONCILE", False))


def data_version(values: Sequence[tuple[str, float]]) -> str:
    """A digest of a series' observed values: equal data, equal version."""
    text = json.dumps([[p, round(float(v), 9)] for p, v in values], separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()


@dataclass
class RefreshResult:
    forecasts: list[Forecast] = field(default_factory=list)  # made in this run
    unchanged: int = 0  # series whose data was already forecast
    skipped: dict[str, str] = field(default_factory=dict)  # series -> why (engine issue code)
    warnings: list[EarlyWarning] = field(default_factory=list)  # raised in this run


def _previous(series_id: str, before_through: str) -> Forecast | None:
    return (
        Forecast.objects.filter(series_id=series_id, data_through__lt=before_through)
        .order_by("-data_through", "-created_at", "-pk")
        .first()
    )


def _raise(forecast: Forecast, finding: rules.Finding) -> EarlyWarning | None:
    """Store a finding once per series, kind and period; None when it was raised before."""
    if EarlyWarning.objects.filter(
        series_id=forecast.series_id, kind=finding.kind, period=finding.period
    ).exists():
        return None
    try:
        with transaction.atomic():
            return EarlyWarning.objects.create(
                series_id=forecast.series_id,
                indicator=forecast.indicator,
                area=forecast.area,
                kind=finding.kind,
                severity=finding.severity,
                period=finding.period,
                forecast=forecast,
                params=finding.params,
            )
    except IntegrityError:  # raised meanwhile by another run
        return None


def _findings(
    forecast: Forecast, data: platform_series.SeriesData, parts: list[platform_series.SeriesData]
) -> list[rules.Finding]:
    share = rise_share()
    observed: list[tuple[str, float | None]] = list(data.values)
    found: list[rules.Finding] = []
    previous = _previous(forecast.series_id, forecast.data_through)
    if previous is not None:
        newly = [(p, v) for p, v in observed if p > previous.data_through]
        found += rules.outside_interval(previous.points, newly)
    above = rules.above_last_year(forecast.points, observed, share=share)
    if above is not None:
        found.append(above)
    if data.is_total and parts:
        joint = rules.joint_rise(
            observed,
            {part.area: list(part.values) for part in parts},
            share=share,
            min_parts=int(getattr(settings, "FORECAST_WARNING_MIN_PARTS", 3)),
        )
        if joint is not None:
            found.append(joint)
    return found


def refresh(
    *,
    indicators: list[str] | None = None,
    include_external: bool = True,
    progress: Progress | None = None,
) -> RefreshResult:
    """Forecast the series of `indicators` (catalogue codes or external series such as
    FRONTEX_IBC; all when None, external ones too unless `include_external` is False), store
    what is new and raise the warnings it shows."""
    pool = platform_series.published(indicators)
    if indicators is None:
        if include_external:
            pool += platform_series.external_series()
    else:
        external = [code for code in indicators if code in platform_series.external.SERIES]
        if external:
            pool += platform_series.external_series(external)
    result = RefreshResult()
    todo: list[platform_series.SeriesData] = []
    method = compute.METHOD + ("+wls" if reconciled() else "")
    for data in pool:
        version = data_version(data.values)
        if Forecast.objects.filter(
            series_id=data.series_id, data_version=version, horizon=horizon(), method=method
        ).exists():
            result.unchanged += 1
        else:
            todo.append(data)
    made = compute.forecast_many(
        todo, horizon=horizon(), progress=progress, reconciled=reconciled()
    )
    families = platform_series.family(pool)
    for data in todo:
        outcome = made.get(data.series_id)
        if outcome is None or outcome.skipped:
            result.skipped[data.series_id] = outcome.skipped if outcome else "failed"
            continue
        with transaction.atomic():
            forecast, created = Forecast.objects.get_or_create(
                series_id=data.series_id,
                data_version=data_version(data.values),
                horizon=horizon(),
                method=method,
                defaults={
                    "indicator": data.indicator,
                    "area": data.area,
                    "freq": data.freq,
                    "source": data.source,
                    "data_through": data.values[-1][0],
                    "observed": [list(v) for v in data.values],
                    "points": outcome.points,
                    "track_record": outcome.track_record,
                    "details": outcome.details,
                },
            )
        if not created:
            result.unchanged += 1
            continue
        result.forecasts.append(forecast)
        for finding in _findings(forecast, data, families.get(data.indicator, [])):
            warning = _raise(forecast, finding)
            if warning is not None:
                result.warnings.append(warning)
    if result.forecasts:
        with transaction.atomic():
            audit_record(
                actor=None,
                action=AuditAction.CREATE,
                object_type="forecasts.forecast",
                message_key="forecasts.refreshed",
                params={
                    "forecasts": len(result.forecasts),
                    "warnings": len(result.warnings),
                },
            )
    for warning in result.warnings:
        _notify_later(warning)
    return result


def _notify_later(warning: EarlyWarning) -> None:
    from almaty.forecasts.tasks import notify_warning

    transaction.on_commit(lambda: notify_warning(warning.pk))


# --- subscriptions ---------------------------------------------------------------------------


def subscribe(
    *, user: Any, indicator: str = "", area: str = "", min_severity: str = Severity.MEDIUM
) -> WarningSubscription:
    """Ask for e-mails of the warnings of an indicator (blank: all) and area (blank: all)."""
    access.require_reader(user)
    if min_severity not in Severity.values:
        raise InvalidInput(
            _("Unknown severity '%(value)s': use one of %(allowed)s."),
            value=min_severity,
            allowed=", ".join(Severity.values),
        )
    indicator, area = indicator.strip().upper(), area.strip().upper()
    if indicator and indicator not in compute.known_indicators():
        raise InvalidInput(_("Unknown indicator '%(value)s'."), value=indicator)
    if area and not (area == platform_series.TOTAL or (len(area) == 3 and area.isalpha())):
        raise InvalidInput(
            _("'%(value)s' is not an area: use an ISO3 code or _T for the total."), value=area
        )
    subscription, _created = WarningSubscription.objects.update_or_create(
        user=user, indicator=indicator, area=area, defaults={"min_severity": min_severity}
    )
    return subscription


def unsubscribe(*, user: Any, subscription_id: int) -> None:
    deleted, _rows = WarningSubscription.objects.filter(pk=subscription_id, user=user).delete()
    if not deleted:
        raise InvalidInput(_("No such subscription."))
