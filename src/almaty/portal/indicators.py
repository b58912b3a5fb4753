"""The public regional indicators the portal shows (the statistics page, a State's page).

The statistics issue will fill `public_indicators` from its published series; the pages only
need the structure below, so they change no further when the data arrives.
"""

from __future__ import annotations

from dataclasses import dataclass, field


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


def public_indicators(state: str | None = None) -> list[IndicatorSeries]:
    """Published indicator series, for one State (ISO3) or all; only indicators with values
    are returned. None is published yet (the statistics issue will publish them)."""
    series: list[IndicatorSeries] = []
    if state:
        series = [s.for_state(state.upper()) for s in series]
    return [s for s in series if s.points]
