"""Mirror checks of bilateral indicators (Django-free).

A's EXITS towards B and B's ENTRIES from A count the same crossings from two sides; so do the
remittances A sends to B and those B receives from A. For each pair of States and each period
the table puts the two figures side by side:

- only totals are compared: COUNTERPART_AREA is a State (not `_T`, `_Z`, `_X`), and every
  other breakdown (SEX, AGE, PURPOSE) is its total `_T` (or `_Z` where the indicator has none);
- both figures must be for the same period (start and frequency);
- difference = figure - mirror figure; relative difference = |difference| divided by the larger
  of the two figures (0 when both are 0), so 0.25 reads "the smaller figure is 25 % below the
  larger";
- a pair is flagged when its relative difference is above the threshold (10 % by default);
  a pair where one side reported nothing is listed with that side empty and never flagged.
"""

from __future__ import annotations

import polars as pl

DEFAULT_THRESHOLD = 0.10
TOTAL_CODES = ("_T", "_Z")
OTHER_DIMENSIONS = ("SEX", "AGE", "PURPOSE")

MIRROR_SCHEMA = {
    "area": pl.String,  # the State reporting `indicator`
    "counterpart": pl.String,  # the State reporting `mirror` about `area`
    "period_start": pl.Date,
    "freq": pl.String,
    "value": pl.Float64,  # area's figure of `indicator` towards counterpart
    "mirror_value": pl.Float64,  # counterpart's figure of `mirror` about area
    "difference": pl.Float64,
    "relative": pl.Float64,
    "flagged": pl.Boolean,
}


def totals(frame: pl.DataFrame, indicator: str) -> pl.DataFrame:
    """The indicator's bilateral totals: (area, counterpart, period_start, freq, value), one row
    per key, values present."""
    keep = pl.col("INDICATOR") == indicator
    keep &= ~pl.col("COUNTERPART_AREA").str.starts_with("_")
    for name in OTHER_DIMENSIONS:
        keep &= pl.col(name).is_in(TOTAL_CODES)
    return (
        frame.filter(keep & pl.col("value").is_not_null())
        .group_by("REF_AREA", "COUNTERPART_AREA", "period_start", "freq")
        # One total per key in valid data; `max` keeps one if both `_T` and `_Z` were given.
        .agg(pl.col("value").max())
        .rename({"REF_AREA": "area", "COUNTERPART_AREA": "counterpart"})
    )


def mirror_table(
    frame: pl.DataFrame,
    *,
    indicator: str,
    mirror: str,
    threshold: float = DEFAULT_THRESHOLD,
) -> pl.DataFrame:
    """The discrepancies between `indicator` and its `mirror` (see the module docstring).

    `frame` holds observations as the platform reads them (REF_AREA, INDICATOR, period_start,
    freq, COUNTERPART_AREA, SEX, AGE, PURPOSE, value). Rows come sorted by area, counterpart and
    period; the schema is MIRROR_SCHEMA."""
    own = totals(frame, indicator)
    other = totals(frame, mirror).select(
        pl.col("counterpart").alias("area"),
        pl.col("area").alias("counterpart"),
        "period_start",
        "freq",
        pl.col("value").alias("mirror_value"),
    )
    joined = own.join(
        other, on=["area", "counterpart", "period_start", "freq"], how="full", coalesce=True
    )
    difference = pl.col("value") - pl.col("mirror_value")
    larger = pl.max_horizontal(pl.col("value").abs(), pl.col("mirror_value").abs())
    relative = (
        pl.when(difference.is_null())
        .then(None)
        .when(larger == 0)
        .then(pl.lit(0.0))
        .otherwise(difference.abs() / larger)
    )
    table = joined.with_columns(difference.alias("difference"), relative.alias("relative"))
    table = table.with_columns(
        (pl.col("relative").fill_null(0.0) > threshold).alias("flagged"),
    )
    return (
        table.select(list(MIRROR_SCHEMA))
        .cast(MIRROR_SCHEMA)  # type: ignore[arg-type]
        .sort("area", "counterpart", "period_start")
    )


def summary(table: pl.DataFrame) -> dict[str, int]:
    """How many pairs were compared, flagged, and left without a mirror figure."""
    both = table.filter(pl.col("difference").is_not_null())
    return {
        "pairs": table.height,
        "compared": both.height,
        "flagged": int(table["flagged"].sum()) if table.height else 0,
        "unmatched": table.height - both.height,
    }
