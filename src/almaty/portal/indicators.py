"""The public regional indicators the portal shows (the statistics page, a State's page).

For now the series come straight from the external sources shipped with the platform
(`almaty.stats.engine.external`: UNHCR, UN DESA, the World Bank), read with Polars from their
Parquet files; the pages only need the structure below, so they will not change when the
States' own published series join them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache

import polars as pl
from django.utils.translation import get_language, gettext_noop, override
from django.utils.translation import gettext as _

from almaty.stats.engine import external


@dataclass(frozen=True)
class IndicatorPoint:
    period: str  # e.g. "2024" or "2024-Q3"; periods sort as text
    value: float | None  # None: not available for this period
    iso3: str | None = None  # the State the value is for; None: the whole region


@dataclass(frozen=True)
class IndicatorSeries:
    code: str
    name: str  # in the reader's language
    unit: str  # e.g. "persons", "%"
    source: str  # who published the figures
    points: tuple[IndicatorPoint, ...] = field(default_factory=tuple)

    @property
    def periods(self) -> list[str]:
        return sorted({p.period for p in self.points})

    @property
    def states(self) -> list[str]:
        """ISO3 codes with values, in code order ("" for the regional total)."""
        return sorted({p.iso3 or "" for p in self.points})

    def for_state(self, iso3: str) -> IndicatorSeries:
        """The same indicator limited to one State's values."""
        return IndicatorSeries(
            code=self.code,
            name=self.name,
            unit=self.unit,
            source=self.source,
            points=tuple(p for p in self.points if p.iso3 == iso3),
        )


@dataclass(frozen=True)
class Shown:
    """An external indicator the portal shows: its name and unit, and a scale for its values."""

    code: str
    source: str  # a code of external.SOURCES
    name: str  # English msgid
    unit: str  # English msgid
    scale: float = 1.0  # values are divided by this (US$ shown in millions)


SHOWN = (
    Shown("REFUGEES", "UNHCR", gettext_noop("Refugees hosted"), gettext_noop("persons")),
    Shown(
        "ASYLUM_APPLICATIONS", "UNHCR", gettext_noop("Asylum applications"), gettext_noop("persons")
    ),
    Shown(
        "MIGRANT_STOCK", "UNDESA", gettext_noop("International migrants"), gettext_noop("persons")
    ),
    Shown(
        "REMITTANCES_IN",
        "WDI",
        gettext_noop("Remittances received"),
        gettext_noop("million US$"),
        scale=1_000_000,
    ),
)
FIRST_YEAR = "2000"  # earlier years make long charts and tables for little use

# (code, period, iso3 or None for the region, value): the values never change at run time.
Row = tuple[str, str, str | None, float | None]


def _is_total(column: str) -> pl.Expr:
    return pl.col(column).is_in(["_T", "_Z"])


@cache
def _rows() -> tuple[Row, ...]:
    """Each shown indicator's totals per State and period, and the region's (their sum)."""
    rows: list[Row] = []
    for source in sorted({s.source for s in SHOWN}):
        if source not in external.available():
            continue
        shown = {s.code: s for s in SHOWN if s.source == source}
        states = (
            external.load(source)
            .filter(
                pl.col("INDICATOR").is_in(list(shown)),
                pl.col("TIME_PERIOD") >= FIRST_YEAR,
                _is_total("COUNTERPART_AREA"),
                _is_total("SEX"),
                _is_total("AGE"),
                _is_total("PURPOSE"),
            )
            .select(
                "INDICATOR",
                "TIME_PERIOD",
                "REF_AREA",
                value=pl.when(pl.col("OBS_STATUS") == "M")
                .then(None)
                .otherwise(pl.col("OBS_VALUE").cast(pl.Float64)),
            )
        )
        # The region: the sum over the States with a figure for the period.
        region = (
            states.drop_nulls("value")
            .group_by("INDICATOR", "TIME_PERIOD")
            .agg(pl.col("value").sum())
            .select("INDICATOR", "TIME_PERIOD", pl.lit(None, pl.String).alias("REF_AREA"), "value")
        )
        for code, period, iso3, value in pl.concat([states, region]).iter_rows():
            scaled = None if value is None else round(value / shown[code].scale, 1)
            rows.append((code, period, iso3, scaled))
    return tuple(sorted(rows, key=lambda r: (r[0], r[2] or "", r[1])))


@cache
def _series(language: str) -> tuple[IndicatorSeries, ...]:
    by_code: dict[str, list[IndicatorPoint]] = {}
    for code, period, iso3, value in _rows():
        by_code.setdefault(code, []).append(IndicatorPoint(period=period, value=value, iso3=iso3))
    with override(language):
        return tuple(
            IndicatorSeries(
                code=s.code,
                name=_(s.name),
                unit=_(s.unit),
                source=str(external.SOURCES[s.source][f"publisher_{language}"]),
                points=tuple(by_code.get(s.code, ())),
            )
            for s in SHOWN
        )


def public_indicators(state: str | None = None) -> list[IndicatorSeries]:
    """Published indicator series in the reader's language: the region's totals, or one
    State's (ISO3) values; only indicators with values are returned."""
    language = "ru" if (get_language() or "en").startswith("ru") else "en"
    series = list(_series(language))
    if state:
        series = [s.for_state(state.upper()) for s in series]
    else:
        series = [
            IndicatorSeries(
                code=s.code,
                name=s.name,
                unit=s.unit,
                source=s.source,
                points=tuple(p for p in s.points if p.iso3 is None),
            )
            for s in series
        ]
    return [s for s in series if any(p.value is not None for p in s.points)]
