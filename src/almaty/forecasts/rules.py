"""The early-warning rules, as plain functions of observed values and forecasts (no Django).

Periods are SDMX texts ("2024-03", "2024-Q1"); series hold one frequency. Each rule returns
`Finding`s: a kind, a severity, the period concerned and the figures its explanation shows.

- `outside_interval`: a newly observed value lies outside the 95% interval that the previous
  forecast gave for its period. High when it is beyond the interval by more than half the
  interval's width, medium otherwise.
- `above_last_year`: the forecast's central path rises more than `share` above the value
  observed in the same period a year before (the first such period is reported). High from
  twice `share`. Values a year before below `min_base` are too small to say anything.
- `joint_rise`: over the last `window` observed periods, a total rose more than `share`
  against the same periods a year before while at least `min_parts` of its parts did too.
  High when at least twice `min_parts` parts rose, or the total rose by twice `share`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

HIGH, MEDIUM = "high", "medium"
OUTSIDE_INTERVAL, ABOVE_LAST_YEAR, JOINT_RISE = "outside_interval", "above_last_year", "joint_rise"
PER_YEAR = {"M": 12, "Q": 4, "A": 1}


@dataclass(frozen=True)
class Finding:
    kind: str
    severity: str
    period: str
    params: dict[str, Any] = field(default_factory=dict)


def _year_before(period: str) -> str:
    """The same month or quarter a year earlier ("2024-03" → "2023-03")."""
    year, rest = period[:4], period[4:]
    return f"{int(year) - 1:04d}{rest}"


def _share(new: float, old: float) -> float:
    return (new - old) / old


def outside_interval(
    previous: Sequence[Mapping[str, Any]], observed: Sequence[tuple[str, float | None]]
) -> list[Finding]:
    """Observed values outside the 95% interval the previous forecast gave their period."""
    forecast = {str(p["period"]): p for p in previous}
    found = []
    for period, value in observed:
        point = forecast.get(period)
        if point is None or value is None:
            continue
        low, high = float(point["lo_95"]), float(point["hi_95"])
        if low <= value <= high:
            continue
        beyond = value - high if value > high else low - value
        width = max(high - low, 1e-9)
        found.append(
            Finding(
                kind=OUTSIDE_INTERVAL,
                severity=HIGH if beyond > width / 2 else MEDIUM,
                period=period,
                params={
                    "value": value,
                    "mean": float(point["mean"]),
                    "low": low,
                    "high": high,
                    "direction": "above" if value > high else "below",
                },
            )
        )
    return found


def above_last_year(
    points: Sequence[Mapping[str, Any]],
    observed: Sequence[tuple[str, float | None]],
    *,
    share: float,
    min_base: float = 20.0,
) -> Finding | None:
    """The first forecast period whose central value exceeds the same period a year before
    by more than `share` (0.25: a quarter more)."""
    known = {period: value for period, value in observed if value is not None}
    for point in points:
        period = str(point["period"])
        before = known.get(_year_before(period))
        if before is None or before < min_base:
            continue
        mean = float(point["mean"])
        rise = _share(mean, before)
        if rise > share:
            return Finding(
                kind=ABOVE_LAST_YEAR,
                severity=HIGH if rise > 2 * share else MEDIUM,
                period=period,
                params={"mean": mean, "before": before, "rise": rise, "share": share},
            )
    return None


def _recent_rise(
    observed: Sequence[tuple[str, float | None]], window: int, min_base: float
) -> tuple[str, float] | None:
    """The rise of the last `window` periods over the same periods a year before, with the
    last period; None when either side is missing or too small."""
    known = {period: value for period, value in observed if value is not None}
    recent = [period for period, value in observed if value is not None][-window:]
    if len(recent) < window:
        return None
    before = [known.get(_year_before(p)) for p in recent]
    if any(v is None for v in before):
        return None
    now_sum = sum(known[p] for p in recent)
    before_sum = sum(v for v in before if v is not None)
    if before_sum < min_base:
        return None
    return recent[-1], _share(now_sum, before_sum)


def joint_rise(
    total: Sequence[tuple[str, float | None]],
    parts: Mapping[str, Sequence[tuple[str, float | None]]],
    *,
    share: float,
    min_parts: int = 3,
    window: int = 3,
    min_base: float = 20.0,
) -> Finding | None:
    """A total rising together with at least `min_parts` of its parts (named by their keys)."""
    overall = _recent_rise(total, window, min_base)
    if overall is None or overall[1] <= share:
        return None
    period, rise = overall
    rising = {}
    for name, series in sorted(parts.items()):
        part = _recent_rise(series, window, min_base)
        if part is not None and part[0] == period and part[1] > share:
            rising[name] = part[1]
    if len(rising) < min_parts:
        return None
    high = len(rising) >= 2 * min_parts or rise > 2 * share
    return Finding(
        kind=JOINT_RISE,
        severity=HIGH if high else MEDIUM,
        period=period,
        params={
            "rise": rise,
            "share": share,
            "window": window,
            "parts": sorted(rising),
            "part_rises": rising,
        },
    )
