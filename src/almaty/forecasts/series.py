"""The platform's series that can be forecast, and their values.

- Every monthly or quarterly indicator of the catalogue with published values: the region's
  total (`<INDICATOR>._T`, the sum over the reporting States) and each State's total
  (`<INDICATOR>.<ISO3>`), read from the analytics snapshot (published values shared with
  members or with the public: forecasts are for holders of an active role).
- The external monthly series kept for forecasting (Frontex: `FRONTEX_IBC.<ISO3>` by
  nationality and `FRONTEX_IBC._T` for all nationalities).

A total and its parts (`_T` and the States, or the nationalities) form the hierarchy used for
reconciled forecasts and for the joint-rise warning.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import polars as pl

from almaty.forecasts.choices import SeriesSource
from almaty.stats import analytics
from almaty.stats.engine import external
from almaty.stats.engine.periods import format_period

TOTAL = "_T"
MEMBERS = ("public", "members")
FORECAST_FREQUENCIES = ("M", "Q")


@dataclass(frozen=True)
class SeriesData:
    series_id: str
    indicator: str
    area: str
    freq: str
    source: str
    values: tuple[tuple[str, float], ...]  # (period, value) in period order

    @property
    def is_total(self) -> bool:
        return self.area == TOTAL


def split_id(series_id: str) -> tuple[str, str]:
    """`ENTRIES.KGZ` → ("ENTRIES", "KGZ"); ValueError when there is no dot."""
    indicator, dot, area = series_id.rpartition(".")
    if not dot or not indicator or not area:
        raise ValueError(series_id)
    return indicator, area


def _forecastable_indicators() -> list[str]:
    from almaty.stats.services import catalogue

    return [
        code
        for code, item in catalogue().items()
        if item.periodicity in FORECAST_FREQUENCIES and item.additive
    ]


def published(indicators: list[str] | None = None) -> list[SeriesData]:
    """The published series of `indicators` (default: every forecastable one)."""
    wanted = _forecastable_indicators()
    if indicators is not None:
        wanted = [code for code in wanted if code in indicators]
    read = analytics.reader_for(MEMBERS)
    present = set(read.indicators())
    found: list[SeriesData] = []
    for code in wanted:
        if code not in present:
            continue
        regional = read.regional_series(code)
        if regional:
            found.append(
                SeriesData(
                    series_id=f"{code}.{TOTAL}",
                    indicator=code,
                    area=TOTAL,
                    freq=regional[0].freq,
                    source=SeriesSource.PUBLISHED,
                    values=tuple(
                        (format_period(p.period_start, p.freq), p.value) for p in regional
                    ),
                )
            )
        for area, points in sorted(read.series_by_state(code).items()):
            found.append(
                SeriesData(
                    series_id=f"{code}.{area}",
                    indicator=code,
                    area=area,
                    freq=points[0].freq,
                    source=SeriesSource.PUBLISHED,
                    values=tuple((format_period(p.period_start, p.freq), p.value) for p in points),
                )
            )
    return found


@cache
def _external_frame(code: str) -> pl.DataFrame:
    return external.load_series(code).sort("series_id", "period")


def external_series(codes: list[str] | None = None) -> list[SeriesData]:
    """The external series kept for forecasting (all monthly)."""
    found = []
    for code in sorted(external.SERIES):
        if codes is not None and code not in codes:
            continue
        frame = _external_frame(code)
        for (series_id,), part in frame.group_by("series_id", maintain_order=True):
            indicator, area = split_id(str(series_id))
            values = tuple(
                (str(period), float(value))
                for period, value in part.select("period", "value").iter_rows()
                if value is not None
            )
            found.append(
                SeriesData(
                    series_id=str(series_id),
                    indicator=indicator,
                    area=area,
                    freq="M",
                    source=SeriesSource.EXTERNAL,
                    values=values,
                )
            )
    return found


def all_series() -> list[SeriesData]:
    return [*published(), *external_series()]


def find(series_id: str) -> SeriesData | None:
    """One series by its id, or None."""
    try:
        indicator, _area = split_id(series_id)
    except ValueError:
        return None
    pool = external_series([indicator]) if indicator in external.SERIES else published([indicator])
    return next((s for s in pool if s.series_id == series_id), None)


def family(series: list[SeriesData]) -> dict[str, list[SeriesData]]:
    """Each total's parts: indicator → the series of its areas (the total excluded)."""
    out: dict[str, list[SeriesData]] = {}
    for item in series:
        if not item.is_total:
            out.setdefault(item.indicator, []).append(item)
    return out
