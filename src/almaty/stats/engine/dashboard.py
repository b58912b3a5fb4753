"""Dashboard queries over the analytics snapshot: Parquet files read by DuckDB.

The snapshot holds the published, current (not superseded) observations, one Parquet file per
indicator (`<directory>/<INDICATOR>.parquet`, sorted by area and period so that DuckDB skips
row groups), with each value's sharing level ("public" or "members") and external source code
("" for the States' own submissions). Django-free: the web (`almaty.stats.analytics`), the CLI
and the benchmark call the same functions with a DuckDB connection and the directory.

A "headline" value is an indicator's total: every breakdown at `_T` (used) or `_Z` (unused).
Regional figures add the States' headline values of a period; each row says how many States
reported, so a partial sum is never mistaken for the region's.
"""

from __future__ import annotations

import json
import os
import re
import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import duckdb
import polars as pl

SNAPSHOT_SCHEMA: dict[str, Any] = {
    "ref_area": pl.String,
    "indicator": pl.String,
    "period_start": pl.Date,
    "freq": pl.String,
    "counterpart": pl.String,
    "sex": pl.String,
    "age": pl.String,
    "purpose": pl.String,
    "value": pl.Float64,
    "unit": pl.String,
    "obs_status": pl.String,
    "sharing": pl.String,
    "source": pl.String,
}
MANIFEST = "manifest.json"
HEADLINE_DIR = "headline"
CODE = re.compile(r"^[A-Z][A-Z0-9_]{0,39}$")
TOTALS = ("_T", "_Z")
# Counterparts that are no partner country (totals, not applicable, unknown).
NOT_PARTNERS = ("_T", "_Z", "_X", "_U")
HEADLINE_ROWS = "value IS NOT NULL"  # the headline files hold totals only
HEADLINE = (
    "counterpart IN ('_T', '_Z') AND sex IN ('_T', '_Z') AND age IN ('_T', '_Z')"
    " AND purpose IN ('_T', '_Z') AND value IS NOT NULL"
)


@dataclass(frozen=True)
class Point:
    period_start: date
    freq: str
    value: float
    states: int = 1  # how many States the value adds up


# --- the snapshot files ----------------------------------------------------------------------


def file_for(directory: Path, indicator: str, *, headline: bool = False) -> Path:
    """The indicator's file: every value, or (`headline`) its totals only, summed per State,
    period, sharing level and source, which most dashboard queries need."""
    if not CODE.match(indicator):
        raise ValueError(f"not an indicator code: {indicator!r}")
    return (directory / HEADLINE_DIR if headline else directory) / f"{indicator}.parquet"


def indicators_in(directory: Path) -> list[str]:
    """The indicators with a snapshot file, in code order."""
    if not directory.is_dir():
        return []
    return sorted(p.stem for p in directory.glob("*.parquet") if CODE.match(p.stem))


def _atomic_write(path: Path, write: Any) -> None:
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=path.suffix)
    os.close(handle)
    try:
        write(Path(temporary))
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def write_snapshot(
    frame: pl.DataFrame, directory: Path, indicators: Iterable[str] | None = None
) -> int:
    """Write the frame (SNAPSHOT_SCHEMA columns) as one file per indicator; each file is
    replaced at once, so readers see the old file or the new one. With `indicators` given,
    only those files are written (and removed when the frame has no rows for them); without,
    every file is, and files of indicators no longer present are removed. Returns the files
    written."""
    (directory / HEADLINE_DIR).mkdir(parents=True, exist_ok=True)
    frame = frame.select([pl.col(c).cast(t) for c, t in SNAPSHOT_SCHEMA.items()])
    present = set(frame.get_column("indicator").unique().to_list())
    wanted = set(present if indicators is None else indicators)
    stale = set(indicators_in(directory)) - present
    if indicators is not None:
        stale &= wanted
    for code in stale:
        file_for(directory, code).unlink(missing_ok=True)
        file_for(directory, code, headline=True).unlink(missing_ok=True)
    written = 0
    for code in sorted(wanted & present):
        part = frame.filter(pl.col("indicator") == code).sort("ref_area", "period_start")
        totals = (
            part.filter(_headline_expr())
            .group_by("ref_area", "indicator", "period_start", "freq", "sharing", "source")
            .agg(pl.col("value").sum())
            .sort("ref_area", "period_start")
        )
        for target, rows in (
            (file_for(directory, code), part),
            (file_for(directory, code, headline=True), totals),
        ):
            _atomic_write(
                target,
                lambda path, rows=rows: rows.write_parquet(
                    path, compression="zstd", row_group_size=256_000, statistics=True
                ),
            )
        written += 1
    return written


def _headline_expr() -> pl.Expr:
    return (
        pl.all_horizontal(
            [pl.col(c).is_in(TOTALS) for c in ("counterpart", "sex", "age", "purpose")]
        )
        & pl.col("value").is_not_null()
    )


def read_manifest(directory: Path) -> dict[str, Any] | None:
    try:
        data = json.loads((directory / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def write_manifest(directory: Path, manifest: dict[str, Any]) -> None:
    directory.mkdir(parents=True, exist_ok=True)
    text = json.dumps(manifest, sort_keys=True)
    _atomic_write(directory / MANIFEST, lambda path: path.write_text(text, encoding="utf-8"))


# --- queries ---------------------------------------------------------------------------------


def connect() -> duckdb.DuckDBPyConnection:
    """An in-process DuckDB connection (one per thread: connections are not thread-safe)."""
    con = duckdb.connect(":memory:")
    con.execute("SET enable_object_cache = true")
    return con


def _source(directory: Path, indicators: Sequence[str], headline: bool) -> str | None:
    """The read_parquet() expression over the indicators' files that exist, or None."""
    files = [file_for(directory, code, headline=headline) for code in indicators]
    found = [str(f) for f in files if f.is_file()]
    if not found:
        return None
    quoted = ", ".join("'" + f.replace("'", "''") + "'" for f in found)
    return f"read_parquet([{quoted}])"


def _sharing(sharing: Sequence[str]) -> tuple[str, list[str]]:
    levels = [s for s in sharing if s in ("public", "members")] or ["public"]
    return "sharing IN (" + ", ".join("?" for _ in levels) + ")", levels


def _rows(
    con: duckdb.DuckDBPyConnection,
    directory: Path,
    indicators: Sequence[str],
    sql: str,
    sharing: Sequence[str],
    params: Sequence[Any] = (),
    *,
    headline: bool = True,
) -> list[tuple[Any, ...]]:
    """Run `sql` over the indicators' headline files (or, with headline=False, every value),
    filling in {source}, {visible} (the sharing levels) and {headline} (totals only)."""
    source = _source(directory, indicators, headline)
    if source is None:
        return []
    visible, levels = _sharing(sharing)
    query = sql.format(
        source=source, visible=visible, headline=HEADLINE_ROWS if headline else HEADLINE
    )
    return con.execute(query, [*levels, *params]).fetchall()


def regional_series(
    con: duckdb.DuckDBPyConnection, directory: Path, indicator: str, sharing: Sequence[str]
) -> list[Point]:
    """The indicator's regional total per period (the sum over the States reporting)."""
    rows = _rows(
        con,
        directory,
        [indicator],
        "SELECT period_start, any_value(freq), sum(value), count(DISTINCT ref_area)"
        " FROM {source} WHERE {visible} AND {headline}"
        " GROUP BY period_start ORDER BY period_start",
        sharing,
    )
    return [Point(r[0], r[1], float(r[2]), int(r[3])) for r in rows]


def series_by_state(
    con: duckdb.DuckDBPyConnection,
    directory: Path,
    indicator: str,
    sharing: Sequence[str],
    state: str | None = None,
) -> dict[str, list[Point]]:
    """The indicator's headline values per State (ISO3 -> points in period order); one State's
    only when `state` is given."""
    where, params = ("AND ref_area = ?", [state]) if state else ("", [])
    rows = _rows(
        con,
        directory,
        [indicator],
        "SELECT ref_area, period_start, any_value(freq), sum(value)"  # noqa: S608 - fixed text; values are parameters
        " FROM {source} WHERE {visible} AND {headline} " + where + " GROUP BY ref_area,"
        " period_start ORDER BY ref_area, period_start",
        sharing,
        params,
    )
    out: dict[str, list[Point]] = {}
    for area, start, freq, value in rows:
        out.setdefault(area, []).append(Point(start, freq, float(value)))
    return out


def latest_by_state(
    con: duckdb.DuckDBPyConnection, directory: Path, indicator: str, sharing: Sequence[str]
) -> list[tuple[str, Point]]:
    """Each State's most recent headline value (for a map), in ISO3 order."""
    rows = _rows(
        con,
        directory,
        [indicator],
        "SELECT ref_area, arg_max(period_start, period_start), arg_max(freq, period_start),"
        " arg_max(v, period_start) FROM (SELECT ref_area, period_start, any_value(freq) AS freq,"
        " sum(value) AS v FROM {source} WHERE {visible} AND {headline}"
        " GROUP BY ref_area, period_start) GROUP BY ref_area ORDER BY ref_area",
        sharing,
    )
    return [(r[0], Point(r[1], r[2], float(r[3]))) for r in rows]


def corridors(
    con: duckdb.DuckDBPyConnection,
    directory: Path,
    indicator: str,
    sharing: Sequence[str],
    *,
    start: date | None = None,
    end: date | None = None,
    top: int = 10,
) -> tuple[list[str], list[str], dict[tuple[str, str], float]]:
    """The REF_AREA × COUNTERPART_AREA matrix over a period range: the `top` partners by
    total value, the reporting States, and the value of each (State, partner) pair."""
    conditions, params = [], []
    if start is not None:
        conditions.append("period_start >= ?")
        params.append(start)
    if end is not None:
        conditions.append("period_start <= ?")
        params.append(end)
    where = "".join(f" AND {c}" for c in conditions)
    partners = ", ".join(f"'{c}'" for c in NOT_PARTNERS)
    rows = _rows(
        con,
        directory,
        [indicator],
        "WITH pairs AS (SELECT ref_area, counterpart, sum(value) AS v FROM {source}"  # noqa: S608 - fixed text; values are parameters
        " WHERE {visible} AND value IS NOT NULL AND counterpart NOT IN (" + partners + ")"
        " AND sex IN ('_T', '_Z') AND age IN ('_T', '_Z') AND purpose IN ('_T', '_Z')"
        + where
        + " GROUP BY ref_area, counterpart),"
        " best AS (SELECT counterpart FROM pairs GROUP BY counterpart"
        " ORDER BY sum(v) DESC, counterpart LIMIT ?)"
        " SELECT p.ref_area, p.counterpart, p.v FROM pairs p JOIN best USING (counterpart)",
        sharing,
        [*params, top],
        headline=False,
    )
    cells = {(r[0], r[1]): float(r[2]) for r in rows}
    totals: dict[str, float] = {}
    for (_area, partner), value in cells.items():
        totals[partner] = totals.get(partner, 0.0) + value
    columns = sorted(totals, key=lambda p: (-totals[p], p))
    areas = sorted({area for area, _partner in cells})
    return areas, columns, cells


def seasonal_profile(
    con: duckdb.DuckDBPyConnection, directory: Path, indicator: str, sharing: Sequence[str]
) -> list[tuple[int, float, int]]:
    """For a monthly indicator: the mean regional total of each calendar month over the
    years (month 1..12, mean, number of years)."""
    rows = _rows(
        con,
        directory,
        [indicator],
        "SELECT month(period_start) AS m, avg(v), count(*) FROM (SELECT period_start,"
        " sum(value) AS v FROM {source} WHERE {visible} AND {headline} AND freq = 'M'"
        " GROUP BY period_start) GROUP BY m ORDER BY m",
        sharing,
    )
    return [(int(r[0]), float(r[1]), int(r[2])) for r in rows]


def regional_summaries(
    con: duckdb.DuckDBPyConnection,
    directory: Path,
    indicators: Sequence[str],
    sharing: Sequence[str],
    state: str | None = None,
) -> dict[str, list[Point]]:
    """The regional series (or one State's, with `state`) of several indicators at once:
    indicator -> points in period order (for an index of sparklines)."""
    where, params = ("AND ref_area = ?", [state]) if state else ("", [])
    rows = _rows(
        con,
        directory,
        list(indicators),
        "SELECT indicator, period_start, any_value(freq), sum(value), count(DISTINCT ref_area)"  # noqa: S608 - fixed text; values are parameters
        " FROM {source} WHERE {visible} AND {headline} " + where + " GROUP BY indicator,"
        " period_start ORDER BY indicator, period_start",
        sharing,
        params,
    )
    out: dict[str, list[Point]] = {}
    for code, start, freq, value, states in rows:
        out.setdefault(code, []).append(Point(start, freq, float(value), int(states)))
    return out


def sources_of(
    con: duckdb.DuckDBPyConnection, directory: Path, indicator: str, sharing: Sequence[str]
) -> list[str]:
    """The external source codes the indicator's visible values come from ("" excluded)."""
    rows = _rows(
        con,
        directory,
        [indicator],
        "SELECT DISTINCT source FROM {source} WHERE {visible} AND source <> '' ORDER BY 1",
        sharing,
    )
    return [str(r[0]) for r in rows]


def has_submitted(
    con: duckdb.DuckDBPyConnection, directory: Path, indicator: str, sharing: Sequence[str]
) -> bool:
    """Whether any visible value comes from the States' own submissions."""
    rows = _rows(
        con,
        directory,
        [indicator],
        "SELECT count(*) FROM (SELECT 1 FROM {source} WHERE {visible} AND source = '' LIMIT 1)",
        sharing,
    )
    return bool(rows and rows[0][0])
