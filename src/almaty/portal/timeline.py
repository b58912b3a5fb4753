"""Placing chair terms on a horizontal timeline (percentages for CSS), with a year scale."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from almaty.process.choices import TermBasis
from almaty.process.presenters import TermRow


@dataclass(frozen=True)
class Bar:
    row: TermRow
    left: float
    width: float
    is_current: bool


@dataclass(frozen=True)
class Timeline:
    bars: list[Bar]
    years: list[tuple[int, float]]
    today: float


def timeline(rows: list[TermRow], *, today: dt.date) -> Timeline:
    if not rows:
        return Timeline(bars=[], years=[], today=0.0)
    first = dt.date(rows[0].start.year, 1, 1)
    last_end = max((r.end or today) for r in rows)
    last = dt.date(last_end.year + 1, 1, 1)
    span = (last - first).days

    def at(day: dt.date) -> float:
        return round(100 * (day - first).days / span, 2)

    # An open (current) term runs until the next term begins, or until today if none follows.
    ends = [
        r.end or (rows[i + 1].start if i + 1 < len(rows) else max(today, r.start))
        for i, r in enumerate(rows)
    ]
    bars = [
        Bar(
            row=r,
            left=at(r.start),
            width=max(at(end) - at(r.start), 0.5),
            # Only a recorded term is current, as on the page's card: once an open term has run
            # past its expected end, the projected term that follows also covers today.
            is_current=r.basis == TermBasis.RECORDED
            and r.start <= today
            and (r.end is None or r.end > today),
        )
        for r, end in zip(rows, ends, strict=True)
    ]
    years = [(year, at(dt.date(year, 1, 1))) for year in range(first.year, last.year + 1, 2)]
    return Timeline(bars=bars, years=years, today=at(today))
