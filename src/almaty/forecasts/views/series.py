"""The forecasts of the platform's series: the latest forecast of each, grouped by indicator;
one series with its fan chart, track record, models, notes, warnings and earlier forecasts;
and a forecast as CSV in the exchange format's output layout."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from almaty.core.errors import NotFoundOrForbidden
from almaty.core.views import error_page
from almaty.forecasts import compute, selectors
from almaty.forecasts import messages as texts
from almaty.forecasts.choices import WarningKind
from almaty.forecasts.models import Forecast
from almaty.forecasts.views.common import (
    area_name,
    area_sort_key,
    fan,
    figure,
    forecasts_role_required,
    indicator_names,
    interval,
    note_texts,
    track_rows,
    weight_rows,
)

COMPARED_PERIODS = 3  # the first periods of each earlier forecast set against what came


@dataclass(frozen=True)
class Row:
    forecast: Forecast
    area: str
    period: str
    mean: str
    interval_80: str
    warnings: int


def _row(forecast: Forecast, points: list[dict[str, Any]], counts: dict[str, int]) -> Row:
    first: dict[str, Any] = (points or [{}])[0]
    return Row(
        forecast=forecast,
        area=area_name(forecast.indicator, forecast.area),
        period=str(first.get("period", "—")),
        mean=figure(first.get("mean")),
        interval_80=interval(first.get("lo_80"), first.get("hi_80")) if first else "—",
        warnings=counts.get(forecast.series_id, 0),
    )


@forecasts_role_required
def index(request: HttpRequest) -> HttpResponse:
    """The latest forecast of each series, grouped by indicator, with the next period's
    forecast and the series' warnings; filtered by indicator."""
    wanted = request.GET.get("indicator", "").strip().upper()
    latest = selectors.latest_forecasts(user=request.user)
    # latest_forecasts leaves out the JSON columns; the forecast points come in one query here
    points = dict(
        Forecast.objects.filter(pk__in=[f.pk for f in latest]).values_list("pk", "points")
    )
    counts = dict(
        selectors.warnings(user=request.user)
        .order_by()
        .values("series_id")
        .annotate(n=Count("pk"))
        .values_list("series_id", "n")
    )
    names = indicator_names()
    present = sorted({f.indicator for f in latest}, key=lambda code: names.get(code, code))
    groups: dict[str, list[Forecast]] = {}
    for forecast in latest:
        if not wanted or forecast.indicator == wanted:
            groups.setdefault(forecast.indicator, []).append(forecast)
    context = {
        "groups": [
            (
                code,
                names.get(code, code),
                [
                    _row(f, points.get(f.pk) or [], counts)
                    for f in sorted(items, key=lambda f: area_sort_key(f.indicator, f.area))
                ],
            )
            for code, items in sorted(groups.items(), key=lambda item: names.get(item[0], item[0]))
        ],
        "indicators": [(code, names.get(code, code)) for code in present],
        "wanted": wanted,
        "total": len(latest),
    }
    return render(request, "forecasts/index.html", context)


def _not_found(request: HttpRequest, exc: NotFoundOrForbidden) -> HttpResponse:
    return error_page(request, 404, _("Page not found"), exc.text)


def _earlier(forecast: Forecast, earlier: list[Forecast]) -> list[dict[str, Any]]:
    """Each earlier forecast's first periods beside the values observed since (as the newest
    forecast's data holds them)."""
    observed = {str(p): v for p, v in forecast.observed}
    rows = []
    for before in earlier:
        if before.pk == forecast.pk:
            continue
        for point in (before.points or [])[:COMPARED_PERIODS]:
            value = observed.get(str(point.get("period")))
            inside = (
                None if value is None else float(point["lo_80"]) <= value <= float(point["hi_80"])
            )
            rows.append(
                {
                    "made": before.created_at,
                    "through": before.data_through,
                    "period": point.get("period", "—"),
                    "mean": figure(point.get("mean")),
                    "interval_80": interval(point.get("lo_80"), point.get("hi_80")),
                    "observed": figure(value),
                    "inside": inside,
                }
            )
    return rows


@forecasts_role_required
def series(request: HttpRequest, series_id: str) -> HttpResponse:
    """One series: the fan chart with its warnings ringed, the track record, the models, the
    notes, the warnings explained, and earlier forecasts set against what came."""
    try:
        forecast = selectors.forecast_of(user=request.user, series_id=series_id)
    except NotFoundOrForbidden as exc:
        return _not_found(request, exc)
    names = indicator_names()
    name = names.get(forecast.indicator, forecast.indicator)
    area = area_name(forecast.indicator, forecast.area)
    title = _("%(indicator)s: %(area)s") % {"indicator": name, "area": area}
    warnings = list(selectors.warnings(user=request.user, series_id=forecast.series_id))
    flagged = [w.period for w in warnings if w.kind == WarningKind.OUTSIDE_INTERVAL]
    details = forecast.details if isinstance(forecast.details, dict) else {}
    context = {
        "forecast": forecast,
        "title": title,
        "indicator_name": name,
        "area": area,
        "chart": fan(
            title=_("%(title)s: observed and forecast") % {"title": title},
            observed=forecast.observed,
            points=forecast.points,
            flagged=flagged,
        ),
        "points": [
            {
                "period": p.get("period", "—"),
                "mean": figure(p.get("mean")),
                "interval_80": interval(p.get("lo_80"), p.get("hi_80")),
                "interval_95": interval(p.get("lo_95"), p.get("hi_95")),
            }
            for p in forecast.points
        ],
        "track": track_rows(forecast.track_record),
        "weights": weight_rows(details),
        "notes": note_texts(details.get("notes") or []),
        "warnings": [
            (w, texts.explain(w.kind, w.period, w.params if isinstance(w.params, dict) else {}))
            for w in warnings
        ],
        "earlier": _earlier(
            forecast, selectors.earlier_forecasts(user=request.user, series_id=series_id)
        ),
    }
    return render(request, "forecasts/series.html", context)


@forecasts_role_required
def series_csv(request: HttpRequest, series_id: str) -> HttpResponse:
    """The series' latest forecast as CSV: series_id, period, model, mean and the bounds."""
    try:
        forecast = selectors.forecast_of(user=request.user, series_id=series_id)
    except NotFoundOrForbidden as exc:
        return _not_found(request, exc)
    rows = [
        {
            "series_id": forecast.series_id,
            "period": point["period"],
            "model": forecast.method,
            **{key: float(point[key]) for key in ("mean", "lo_80", "hi_80", "lo_95", "hi_95")},
        }
        for point in forecast.points
    ]
    response = HttpResponse(compute.output_csv(rows), content_type="text/csv; charset=utf-8")
    safe = "".join(c if c.isalnum() or c in "-_." else "_" for c in forecast.series_id)
    response["Content-Disposition"] = (
        f'attachment; filename="{safe}-{forecast.data_through}-forecast.csv"'
    )
    return response
