"""The rules that compare rows with each other: duplicate keys, totals, plausibility.

Each function takes the prepared frame of `validate` (text columns, `row`, `value`, the
indicator's attributes as `_`-prefixed columns) and returns issues; all the work is done by
polars over the whole frame, Python only builds the issues of the rows found.
"""

from __future__ import annotations

import polars as pl

from almaty.stats.engine.codelists import NOT_APPLICABLE, TOTAL, complete_parts
from almaty.stats.engine.columns import DIMENSIONS, KEY, SERIES_KEY
from almaty.stats.engine.errors import WARNING, Issue

ROW = "row"
LISTED_ROWS = 10  # rows named in one message; more are summarised by "…"
PLAUSIBILITY_FACTOR = 10.0  # a value above 10 × the series' maximum or below its minimum / 10
PLAUSIBILITY_MIN_HISTORY = 3  # values a series needs before its range means anything
PLAUSIBILITY_FLOOR = 100.0  # small counts jump about: never flag a value or a range below this


def number(value: float) -> str:
    """A value as a message shows it: integers without a decimal part, no exponent for counts."""
    if value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    return f"{value:.15g}"


def row_list(rows: list[int]) -> str:
    shown = ", ".join(str(r) for r in rows[:LISTED_ROWS])
    return shown + (", …" if len(rows) > LISTED_ROWS else "")


def code(column: str) -> str:
    """The name of the integer code column `_prepare` adds for a KEY column."""
    return f"_k_{column}"


def key_codes() -> list[pl.Expr]:
    """Each KEY column as integer codes: grouping on them is several times cheaper than text."""
    return [pl.col(c).cast(pl.Categorical).to_physical().alias(code(c)) for c in KEY]


def _key_complete() -> pl.Expr:
    return pl.all_horizontal(pl.col(c).is_not_null() for c in KEY)


def duplicated(frame: pl.DataFrame) -> pl.Series:
    """Boolean mask of the rows whose complete key another row repeats."""
    codes = [code(c) for c in KEY]
    return frame.select((pl.struct(codes).is_duplicated() & _key_complete()).alias("dup"))["dup"]


def duplicate_issues(frame: pl.DataFrame, mask: pl.Series, limit: int) -> tuple[list[Issue], int]:
    """One issue per row of a duplicated key, naming the other rows with that key."""
    dup = frame.filter(mask)
    if dup.height == 0:
        return [], 0
    groups = (
        dup.group_by([code(c) for c in KEY])
        .agg(pl.col(ROW).sort().alias("rows"))
        .select("rows")
        .to_series()
        .to_list()
    )
    issues: list[Issue] = []
    for rows in groups:
        for row in rows:
            others = [r for r in rows if r != row]
            issues.append(
                Issue(
                    row,
                    None,
                    "duplicate_key",
                    {"rows": row_list(others), "first_row": str(rows[0])},
                )
            )
    issues.sort(key=lambda i: i.row or 0)
    return issues[:limit], len(issues)


def totals_issues(frame: pl.DataFrame, not_duplicated: pl.Series) -> list[Issue]:
    """Breakdowns of additive indicators that do not add up to their `_T` total.

    Over each dimension an indicator uses, rows equal in every other key column form a
    breakdown. When the breakdown of a closed code list (SEX, AGE, PURPOSE) is complete (every
    code but the total and "unknown"), its sum must equal the total within the indicator's
    tolerance: `totals_mismatch`. A partial breakdown, and any over COUNTERPART_AREA (a list
    of countries is never known to be complete), must not exceed it: `totals_exceeded`. A
    breakdown with a missing value (OBS_STATUS M) is not checked. The total's row is reported.
    """
    base = frame.filter(
        not_duplicated & pl.col("_additive").fill_null(False) & _key_complete()
    ).select(
        ROW,
        *DIMENSIONS,
        *(code(c) for c in KEY),
        "value",
        "_tolerance",
        *(f"_uses_{d}" for d in DIMENSIONS),
    )
    issues: list[Issue] = []
    for dim in DIMENSIONS:
        used = base.filter(pl.col(f"_uses_{dim}") & (pl.col(dim) != NOT_APPLICABLE))
        if used.height == 0:
            continue
        issues.extend(_breakdown_issues(used, dim))
    return issues


def _breakdown_issues(used: pl.DataFrame, dim: str) -> list[Issue]:
    others = [code(c) for c in KEY if c != dim]
    is_total = pl.col(dim) == TOTAL
    required = complete_parts(dim)
    complete = (
        (pl.col(dim).is_in(sorted(required)) & ~is_total).sum() == len(required)
        if required
        else pl.lit(False)
    )
    checked = (
        used.group_by(others)
        .agg(
            is_total.sum().alias("totals"),
            (~is_total).sum().alias("parts"),
            pl.col("value").filter(is_total).first().alias("total"),
            pl.col(ROW).filter(is_total).first().alias("total_row"),
            pl.col("value").filter(~is_total).sum().alias("sum"),
            pl.col("value").filter(~is_total).is_null().any().alias("has_missing"),
            complete.alias("complete"),
            pl.col("_tolerance").first(),
        )
        .filter(
            (pl.col("totals") == 1)
            & (pl.col("parts") > 0)
            & ~pl.col("has_missing")
            & pl.col("total").is_not_null()
        )
    )
    slack = pl.col("_tolerance") * pl.col("total").abs() + 1e-9 * pl.max_horizontal(
        pl.lit(1.0), pl.col("total").abs()
    )
    bad = (
        checked.with_columns(
            pl.when(pl.col("complete") & ((pl.col("sum") - pl.col("total")).abs() > slack))
            .then(pl.lit("totals_mismatch"))
            .when(~pl.col("complete") & (pl.col("sum") - pl.col("total") > slack))
            .then(pl.lit("totals_exceeded"))
            .otherwise(None)
            .alias("code")
        )
        .filter(pl.col("code").is_not_null())
        .select(*others, "code", "total", "total_row", "sum", "parts")
    )
    if bad.height == 0:
        return []
    part_rows = (
        used.filter(~is_total)
        .join(bad.select(others), on=others, how="semi")
        .group_by(others)
        .agg(pl.col(ROW).sort().alias("part_rows"))
    )
    bad = bad.join(part_rows, on=others, how="left")
    return [
        Issue(
            rec["total_row"],
            "OBS_VALUE",
            rec["code"],
            {
                "dimension": dim,
                "total": number(rec["total"]),
                "sum": number(rec["sum"]),
                "parts": str(rec["parts"]),
                "rows": row_list(rec["part_rows"]),
            },
        )
        for rec in bad.iter_rows(named=True)
    ]


def history_ranges(history: pl.DataFrame) -> pl.DataFrame:
    """Per series (SERIES_KEY): min, max and count of the known values.

    `history` has the SERIES_KEY columns and `value` (or OBS_VALUE); other columns are ignored.
    """
    value = "value" if "value" in history.columns else "OBS_VALUE"
    return (
        history.select(
            *(pl.col(c).cast(pl.String) for c in SERIES_KEY),
            pl.col(value).cast(pl.Float64, strict=False).alias("value"),
        )
        .drop_nulls("value")
        .group_by(SERIES_KEY)
        .agg(
            pl.col("value").min().alias("low"),
            pl.col("value").max().alias("high"),
            pl.len().alias("known"),
        )
        .filter(pl.col("known") >= PLAUSIBILITY_MIN_HISTORY)
    )


def plausibility_issues(frame: pl.DataFrame, history: pl.DataFrame) -> list[Issue]:
    """Warnings `implausible` for values far outside their series' history."""
    ranges = history_ranges(history)
    if ranges.height == 0:
        return []
    factor = PLAUSIBILITY_FACTOR
    floor = PLAUSIBILITY_FLOOR
    found = (
        frame.filter(pl.col("value").is_not_null() & _key_complete())
        .select(ROW, *SERIES_KEY, "value")
        .join(ranges, on=list(SERIES_KEY), how="inner")
        .filter(
            (
                (pl.col("high") > 0)
                & (pl.col("value") > factor * pl.col("high"))
                & (pl.col("value") >= floor)
            )
            | ((pl.col("low") >= floor) & (pl.col("value") < pl.col("low") / factor))
        )
        .sort(ROW)
    )
    return [
        Issue(
            rec[ROW],
            "OBS_VALUE",
            "implausible",
            {
                "value": number(rec["value"]),
                "min": number(rec["low"]),
                "max": number(rec["high"]),
                "known": str(rec["known"]),
            },
            severity=WARNING,
        )
        for rec in found.iter_rows(named=True)
    ]
