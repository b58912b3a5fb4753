"""Overstays as of a date, read from derived stays: suspected in-country overstays (no exit by
that date, authorised period over) and out-of-country ones (left after it ended)."""

from __future__ import annotations

from pathlib import Path

import duckdb
import polars as pl

from almaty.borders.engine.ingest import connect

COLUMNS = (
    "person_key",
    "nationality",
    "kind",
    "entry_record_id",
    "entry_at",
    "entry_bcp",
    "exit_at",
    "exit_bcp",
    "purpose",
    "permit",
    "authorised_stay_days",
    "authorised_end",
    "days_over",
    "movement_type",
)
GROUPINGS = ("nationality", "purpose", "permit", "entry_bcp", "kind")


def _query(stays: Path, as_of_day: int) -> str:
    path = "'" + str(stays).replace("'", "''") + "'"
    day = int(as_of_day)
    return f"""
    SELECT person_key, nationality,
           CASE WHEN exit_day IS NULL OR exit_day > {day} THEN 'IN_COUNTRY'
                ELSE 'OUT_OF_COUNTRY' END AS kind,
           entry_record_id, entry_at, entry_bcp,
           CASE WHEN exit_day <= {day} THEN exit_at END AS exit_at,
           CASE WHEN exit_day <= {day} THEN exit_bcp END AS exit_bcp,
           purpose, permit, authorised_stay_days,
           DATE '1970-01-01' + authorised_end_day AS authorised_end,
           CAST(CASE WHEN exit_day IS NULL OR exit_day > {day} THEN {day} ELSE exit_day END
                - authorised_end_day AS INTEGER) AS days_over,
           movement_type
    FROM read_parquet({path})
    WHERE authorised_end_day IS NOT NULL
      AND entry_day <= {day}
      AND CASE WHEN exit_day IS NULL OR exit_day > {day} THEN {day} ELSE exit_day END
          > authorised_end_day
    """


def overstays_as_of(
    stays: Path, as_of_day: int, con: duckdb.DuckDBPyConnection | None = None
) -> pl.DataFrame:
    """Every overstay as of `as_of_day` (epoch day), longest first."""
    con = con or connect()
    return con.sql(
        _query(stays, as_of_day) + " ORDER BY days_over DESC, person_key, entry_record_id"
    ).pl()


def overstays_summary(
    stays: Path, as_of_day: int, by: str, con: duckdb.DuckDBPyConnection | None = None
) -> pl.DataFrame:
    """Overstays as of the day counted by `by` (one of GROUPINGS) and kind, with days over."""
    if by not in GROUPINGS:
        raise ValueError(by)
    con = con or connect()
    return con.sql(
        f"""SELECT coalesce({by}, '') AS {by},
                   count(*) FILTER (WHERE kind = 'IN_COUNTRY') AS in_country,
                   count(*) FILTER (WHERE kind = 'OUT_OF_COUNTRY') AS out_of_country,
                   CAST(round(avg(days_over)) AS INTEGER) AS mean_days_over,
                   max(days_over) AS max_days_over
            FROM ({_query(stays, as_of_day)}) o
            GROUP BY 1 ORDER BY in_country + out_of_country DESC, 1"""
    ).pl()
