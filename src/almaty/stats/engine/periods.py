"""SDMX time periods: `2024` (annual), `2024-Q1` (quarterly), `2024-03` (monthly)."""

from __future__ import annotations

import re
from datetime import date

import polars as pl

FREQUENCIES = ("A", "Q", "M")
FREQUENCY_NAMES = {
    "A": ("annual", "ежегодно"),
    "Q": ("quarterly", "ежеквартально"),
    "M": ("monthly", "ежемесячно"),
}

# Years 1900 to 2099: anything else is a typing error in a migration series.
_YEAR = r"(?:19|20)\d{2}"
ANNUAL = rf"^{_YEAR}$"
QUARTERLY = rf"^{_YEAR}-Q[1-4]$"
MONTHLY = rf"^{_YEAR}-(?:0[1-9]|1[0-2])$"
_PATTERN = re.compile(rf"^({_YEAR})(?:-Q([1-4])|-(0[1-9]|1[0-2]))?$")


def parse_period(text: str) -> tuple[date, str] | None:
    """The first day of the period and its frequency, or None if `text` is not a period.

    >>> parse_period("2024-Q2")
    (datetime.date(2024, 4, 1), 'Q')
    """
    match = _PATTERN.match(text.strip())
    if match is None:
        return None
    year, quarter, month = match.groups()
    if quarter:
        return date(int(year), (int(quarter) - 1) * 3 + 1, 1), "Q"
    if month:
        return date(int(year), int(month), 1), "M"
    return date(int(year), 1, 1), "A"


def format_period(start: date, freq: str) -> str:
    """The SDMX text of the period starting on `start` with frequency `freq`."""
    if freq == "A":
        return f"{start.year:04d}"
    if freq == "Q":
        return f"{start.year:04d}-Q{(start.month - 1) // 3 + 1}"
    if freq == "M":
        return f"{start.year:04d}-{start.month:02d}"
    raise ValueError(f"unknown frequency {freq!r}")


def freq_expr(column: str | pl.Expr) -> pl.Expr:
    """Vectorised: the frequency ("A", "Q", "M") of each period, null when not a period."""
    text = pl.col(column) if isinstance(column, str) else column
    return (
        pl.when(text.str.contains(MONTHLY))
        .then(pl.lit("M"))
        .when(text.str.contains(QUARTERLY))
        .then(pl.lit("Q"))
        .when(text.str.contains(ANNUAL))
        .then(pl.lit("A"))
        .otherwise(pl.lit(None, dtype=pl.String))
    )


def start_expr(column: str | pl.Expr, freq: pl.Expr) -> pl.Expr:
    """Vectorised: the first day of each period given its frequency (null where freq is null)."""
    text = pl.col(column) if isinstance(column, str) else column
    year = text.str.slice(0, 4).cast(pl.Int32, strict=False)
    month = (
        pl.when(freq == "M")
        .then(text.str.slice(5, 2).cast(pl.Int32, strict=False))
        .when(freq == "Q")
        .then((text.str.slice(6, 1).cast(pl.Int32, strict=False) - 1) * 3 + 1)
        .otherwise(pl.lit(1, dtype=pl.Int32))
    )
    return pl.when(freq.is_not_null()).then(pl.date(year, month, 1)).otherwise(None)
