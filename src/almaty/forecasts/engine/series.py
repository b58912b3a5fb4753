"""Series to forecast: reading the spec's CSV (`series_id,period,value`) into a `Panel`.

The file format is the "Forecast files" section of the statistics exchange spec: a header
`series_id,period,value` (in any order; other columns are ignored), one row per series and
period, periods as SDMX writes them (`2024`, `2024-Q1`, `2024-03`) and one frequency per
file. Values use a decimal point and no thousands separator.

What is refused (`ForecastInputError`, codes in `almaty.forecasts.engine.errors`): an empty
or non-UTF-8 file, a missing column, a row with the wrong number of fields, an empty
series_id or period, a period that is not one, periods of several frequencies, text (or
infinity, NaN) in a value, the same period twice in a series.

Gaps (a period missing between a series' first and last, or an empty value) are refused by
default (`gaps="refuse"`): a missing month of migration counts is unknown, not zero, and
inventing it would show invented data as a forecast's basis. `gaps="latest_run"` instead
keeps each series' part after its last gap and says so in a `trimmed` note; the series is
then skipped as `too_short` if that part is too short (see `almaty.forecasts.engine.method`).

Negative values are allowed (net flows, balances); a series with none is taken as a count
and its forecasts are kept non-negative.
"""

from __future__ import annotations

import csv
import io
import math
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Literal

import numpy as np
import numpy.typing as npt

from almaty.forecasts.engine.errors import NOTE, ForecastInputError, Issue, capped
from almaty.stats.engine.periods import format_period, parse_period

COLUMNS = ("series_id", "period", "value")
MIN_POINTS = 4  # fewer values than this: the series is not forecast (`too_short`)
SEASON_LENGTH = {"M": 12, "Q": 4, "A": 1}
_PER_YEAR = SEASON_LENGTH
GapPolicy = Literal["refuse", "latest_run"]
FloatArray = npt.NDArray[np.float64]


def period_index(start: date, freq: str) -> int:
    """A running number of the period starting on `start` (consecutive periods differ by 1)."""
    if freq == "M":
        return start.year * 12 + start.month - 1
    if freq == "Q":
        return start.year * 4 + (start.month - 1) // 3
    if freq == "A":
        return start.year
    raise ValueError(f"unknown frequency {freq!r}")


def period_label(index: int, freq: str) -> str:
    """The SDMX text of the period numbered `index` (the inverse of `period_index`)."""
    if freq == "M":
        return format_period(date(index // 12, index % 12 + 1, 1), "M")
    if freq == "Q":
        return format_period(date(index // 4, (index % 4) * 3 + 1, 1), "Q")
    if freq == "A":
        return format_period(date(index, 1, 1), "A")
    raise ValueError(f"unknown frequency {freq!r}")


@dataclass(frozen=True)
class Series:
    """One regular series: `values[i]` is the value of period number `first + i`."""

    series_id: str
    freq: str
    first: int
    values: FloatArray
    notes: tuple[Issue, ...] = field(default=())

    def __post_init__(self) -> None:
        if self.freq not in SEASON_LENGTH:
            raise ValueError(f"unknown frequency {self.freq!r}")
        values = np.asarray(self.values, dtype=np.float64)
        if values.ndim != 1 or not np.isfinite(values).all():
            raise ValueError("values must be a one-dimensional array of finite numbers")
        object.__setattr__(self, "values", values)

    @classmethod
    def from_periods(
        cls, series_id: str, periods: Iterable[str], values: Iterable[float]
    ) -> Series:
        """A series from consecutive SDMX periods (e.g. "2024-01", "2024-02") and values."""
        labels = list(periods)
        parsed = [parse_period(p) for p in labels]
        if not labels or any(p is None for p in parsed):
            raise ValueError("periods must be non-empty SDMX periods")
        freqs = {p[1] for p in parsed if p is not None}
        if len(freqs) != 1:
            raise ValueError("periods of several frequencies")
        freq = freqs.pop()
        index = [period_index(p[0], freq) for p in parsed if p is not None]
        if index != list(range(index[0], index[0] + len(index))):
            raise ValueError("periods must be consecutive, without gaps or repeats")
        return cls(series_id, freq, index[0], np.asarray(list(values), dtype=np.float64))

    @property
    def season_length(self) -> int:
        return SEASON_LENGTH[self.freq]

    @property
    def last(self) -> int:
        """The number of the series' last period."""
        return self.first + len(self.values) - 1

    def periods(self) -> list[str]:
        return [period_label(self.first + i, self.freq) for i in range(len(self.values))]

    def future_periods(self, horizon: int) -> list[str]:
        return [period_label(self.last + h, self.freq) for h in range(1, horizon + 1)]


@dataclass(frozen=True)
class Panel:
    """Series of one frequency, in the order they first appear in the input."""

    freq: str
    series: tuple[Series, ...]

    def __getitem__(self, series_id: str) -> Series:
        for s in self.series:
            if s.series_id == series_id:
                return s
        raise KeyError(series_id)

    @property
    def ids(self) -> list[str]:
        return [s.series_id for s in self.series]


def read_csv(source: bytes | str | Path, *, gaps: GapPolicy = "refuse") -> Panel:
    """Read and check a forecast input file (bytes, text, or a path); see the module docstring.

    Raises `ForecastInputError` listing every problem found (at most 20 of each kind).
    """
    if isinstance(source, Path):
        source = source.read_bytes()
    if isinstance(source, bytes):
        try:
            text = source.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise ForecastInputError([Issue("bad_encoding")]) from None
    else:
        text = source.removeprefix("\ufeff")
    if not text.strip():
        raise ForecastInputError([Issue("empty_file")])
    records = csv.reader(io.StringIO(text, newline=""))
    header = [cell.strip().lower() for cell in next(records)]
    missing = [c for c in COLUMNS if c not in header]
    if missing:
        raise ForecastInputError([Issue("missing_column", {"column": c}, row=1) for c in missing])
    where = {c: header.index(c) for c in COLUMNS}
    rows: list[tuple[int, str, str, str]] = []
    issues: list[Issue] = []
    for line, record in enumerate(records, start=2):
        if not any(cell.strip() for cell in record):
            continue  # a blank line
        if len(record) != len(header):
            found = {"expected": str(len(header)), "found": str(len(record))}
            issues.append(Issue("wrong_field_count", found, row=line))
            continue
        rows.append(
            (line, *(record[where[c]].strip() for c in COLUMNS))  # type: ignore[arg-type]
        )
    if not rows and not issues:
        raise ForecastInputError([Issue("empty_file")])
    return _to_panel(rows, issues, gaps)


def panel_from_rows(
    rows: Iterable[tuple[str, str, float | None]], *, gaps: GapPolicy = "refuse"
) -> Panel:
    """A panel from `(series_id, period, value)` tuples (e.g. read from the database).

    The same checks as `read_csv`; `row` in issues counts the tuples from 2, as if they were
    a file's rows under a header. None is an empty value.
    """
    text_rows = [
        (i, sid, period, "" if value is None else repr(float(value)))
        for i, (sid, period, value) in enumerate(rows, start=2)
    ]
    if not text_rows:
        raise ForecastInputError([Issue("empty_file")])
    return _to_panel(text_rows, [], gaps)


def _to_panel(rows: list[tuple[int, str, str, str]], issues: list[Issue], gaps: GapPolicy) -> Panel:
    expected_freq: str | None = None
    by_series: dict[str, dict[int, tuple[int, float | None]]] = {}
    for line, series_id, period, value in rows:
        if not series_id or not period:
            column = "series_id" if not series_id else "period"
            issues.append(Issue("missing_value", {"column": column}, row=line))
            continue
        parsed = parse_period(period)
        if parsed is None:
            issues.append(Issue("bad_period", {"value": period}, row=line))
            continue
        start, freq = parsed
        if expected_freq is None:
            expected_freq = freq
        elif freq != expected_freq:
            params = {"value": period, "found": freq, "expected": expected_freq}
            issues.append(Issue("mixed_frequencies", params, row=line))
            continue
        number = _number(value)
        if number is _NOT_A_NUMBER:
            issues.append(Issue("not_a_number", {"value": value}, row=line))
            continue
        index = period_index(start, freq)
        seen = by_series.setdefault(series_id, {})
        if index in seen:
            params = {"series_id": series_id, "period": period, "first_row": str(seen[index][0])}
            issues.append(Issue("duplicate_period", params, row=line))
            continue
        seen[index] = (line, number if isinstance(number, float) else None)
    if issues or expected_freq is None:
        raise ForecastInputError(capped(issues or [Issue("empty_file")]))
    series: list[Series] = []
    for series_id, points in by_series.items():
        made = _series(series_id, expected_freq, points, gaps, issues)
        if made is not None:
            series.append(made)
    if issues:
        raise ForecastInputError(capped(issues))
    return Panel(expected_freq, tuple(series))


_NOT_A_NUMBER = object()


def _number(text: str) -> float | object | None:
    """The value as a float, None when empty, or _NOT_A_NUMBER."""
    if text == "":
        return None
    try:
        number = float(text)
    except ValueError:
        return _NOT_A_NUMBER
    if not math.isfinite(number) or "_" in text:  # float() accepts "1_000"
        return _NOT_A_NUMBER
    return number


def _series(
    series_id: str,
    freq: str,
    points: dict[int, tuple[int, float | None]],
    gaps: GapPolicy,
    issues: list[Issue],
) -> Series | None:
    first, last = min(points), max(points)
    values = np.full(last - first + 1, np.nan)
    for index, (_, value) in points.items():
        if value is not None:
            values[index - first] = value
    known = np.flatnonzero(~np.isnan(values))
    if known.size == 0:
        # Only empty values: nothing to forecast from, whatever the gap policy.
        params = {"series_id": series_id, "points": "0", "minimum": str(MIN_POINTS)}
        issues.append(Issue("too_short", params))
        return None
    # Empty values at either end only shorten the series.
    values = values[known[0] : known[-1] + 1]
    first += int(known[0])
    missing = np.flatnonzero(np.isnan(values))
    if missing.size == 0:
        return Series(series_id, freq, first, values)
    if gaps == "refuse":
        for offset in missing:
            point = points.get(first + int(offset))
            if point is not None:  # a row with an empty value
                issues.append(Issue("missing_value", {"column": "value"}, row=point[0]))
        absent = [int(o) for o in missing if points.get(first + int(o)) is None]
        if absent:
            params = {
                "series_id": series_id,
                "count": str(len(absent)),
                "first": period_label(first + absent[0], freq),
            }
            issues.append(Issue("gap", params))
        return None
    keep_from = int(missing[-1]) + 1
    note = Issue(
        "trimmed",
        {
            "series_id": series_id,
            "first": period_label(first + keep_from, freq),
            "dropped": str(keep_from),
        },
        severity=NOTE,
    )
    return Series(series_id, freq, first + keep_from, values[keep_from:], notes=(note,))
