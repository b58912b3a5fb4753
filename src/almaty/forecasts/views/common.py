"""Pieces shared by the forecasting pages: the role gate, the names of indicators and areas in
the reader's language, figures as the pages show them, and the fan chart of a series."""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.utils.formats import number_format
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from almaty.core import countries
from almaty.core.errors import PermissionDenied
from almaty.core.languages import current_language
from almaty.core.views import error_page
from almaty.forecasts import access
from almaty.forecasts import messages as texts
from almaty.forecasts.engine.errors import NOTE, Issue
from almaty.forecasts.series import TOTAL
from almaty.portal import charts
from almaty.stats.engine import external

CHART_OBSERVED = 36  # the latest observed periods drawn before the forecast


def forecasts_role_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Sign-in first; then the page is for people holding an active role in the Process, and
    others see the 403 page with the reason."""

    @functools.wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            access.require_reader(request.user)
        except PermissionDenied as exc:
            return error_page(request, 403, _("Not allowed"), exc.text)
        return view(request, *args, **kwargs)

    return login_required(wrapped)


def indicator_names() -> dict[str, str]:
    """Every indicator that can be forecast (the catalogue's and the external series'), by code,
    named in the reader's language."""
    from almaty.stats.services import catalogue

    russian = current_language() == "ru"
    names = {
        code: (item.name_ru if russian else item.name_en) for code, item in catalogue().items()
    }
    for code, entry in external.SERIES.items():
        names[code] = str(entry["name_ru" if russian else "name_en"])
    return names


def area_name(indicator: str, area: str) -> str:
    """A State's short name; `_T` is the region's total, or all nationalities for an external
    series counted by nationality (Frontex)."""
    if area == TOTAL:
        return _("All nationalities") if indicator in external.SERIES else _("Region total")
    return countries.short_name(area, current_language())


def area_sort_key(indicator: str, area: str) -> tuple[bool, str]:
    """Totals first, then the areas by name as readers expect them ordered."""
    return area != TOTAL, countries.collation_key(area_name(indicator, area))


def figure(value: float | None) -> str:
    """A forecast or observed figure: whole numbers from 10 up (they are counts), two decimals
    below."""
    if value is None:
        return "—"
    number = float(value)
    return charts.format_value(round(number) if abs(number) >= 10 else round(number, 2))


def interval(low: float | None, high: float | None) -> str:
    return _("%(low)s to %(high)s") % {"low": figure(low), "high": figure(high)}


def percent(share: float | None) -> str:
    if share is None:
        return "—"
    return f"{number_format(float(share) * 100, decimal_pos=0)}%"


def ratio(value: float | None) -> str:
    if value is None:
        return "—"
    return number_format(float(value), decimal_pos=2)


def track_rows(track_record: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """The track record by horizon, formatted: MASE, the two coverages, the origins."""
    return [
        {
            "horizon": row.get("horizon", "—"),
            "mase": ratio(row.get("mase")),
            "coverage_80": percent(row.get("coverage_80")),
            "coverage_95": percent(row.get("coverage_95")),
            "origins": row.get("origins", "—"),
        }
        for row in sorted(track_record, key=lambda r: int(r.get("horizon") or 0))
    ]


def weight_rows(details: dict[str, Any]) -> list[tuple[str, str]]:
    """The models the forecast combines and their weights, heaviest first."""
    weights = details.get("weights") or {}
    if not isinstance(weights, dict):
        return []
    return [
        (str(model), percent(weight))
        for model, weight in sorted(weights.items(), key=lambda item: (-float(item[1]), item[0]))
    ]


def issue_from(item: Any) -> Issue | None:
    """An engine issue stored as a dict ({code, params, row, severity}); None if it is not one."""
    if isinstance(item, Issue):
        return item
    if not isinstance(item, dict) or not item.get("code"):
        return None
    row = item.get("row")
    return Issue(
        code=str(item["code"]),
        params={str(k): str(v) for k, v in dict(item.get("params") or {}).items()},
        row=int(row) if isinstance(row, int) else None,
        severity=str(item.get("severity") or NOTE),
    )


def note_texts(notes: Iterable[Any]) -> list[str]:
    """The engine's notes on a forecast, as sentences in the reader's language."""
    found = (issue_from(item) for item in notes or ())
    return [texts.render_issue(issue) for issue in found if issue is not None]


def fan(
    *,
    title: str,
    observed: Sequence[Sequence[Any]],
    points: Sequence[dict[str, Any]],
    flagged: Iterable[str] = (),
) -> SafeString:
    """The fan chart of a series: its latest observed periods, then the forecast's central path
    in its 80% and 95% intervals; observed periods in `flagged` are ringed."""
    shown = [(str(p), None if v is None else float(v)) for p, v in list(observed)[-CHART_OBSERVED:]]
    ahead = [point for point in points if point.get("mean") is not None]
    periods = {period for period, _value in shown}
    return charts.fan_chart(
        title=title,
        categories=[p for p, _v in shown] + [str(point["period"]) for point in ahead],
        observed=[v for _p, v in shown] + [None] * len(ahead),
        mean=[None] * len(shown) + [float(point["mean"]) for point in ahead],
        bands=[None] * len(shown)
        + [
            (
                float(point["lo_80"]),
                float(point["hi_80"]),
                float(point["lo_95"]),
                float(point["hi_95"]),
            )
            for point in ahead
        ],
        flagged=sorted(period for period in flagged if period in periods),
        category_heading=_("Period"),
    )
