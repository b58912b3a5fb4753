"""The analytics store: a Parquet snapshot of the published, current observations, queried
with DuckDB so that dashboards stay fast over millions of values.

The snapshot lives in `DATA_DIR/stats/analytics/<database>/`, one file per indicator plus a
manifest (see `engine.dashboard`). It is written from the relational database by bulk reads:
PostgreSQL's `COPY (SELECT ...) TO STDOUT` through psycopg's `cursor.copy`, SQLite through its
own connection and Polars. The services refresh the indicators they touch once their
transaction commits (`refresh(indicators=...)`); `almaty stats refresh-analytics` rebuilds it
all. The manifest records a fingerprint of the submissions' states (count, ids and latest
times per status and sharing level): a snapshot that is missing, or whose fingerprint no
longer matches the database (a change made outside the services), is rebuilt whole on first
use, so readers never see values withdrawn from publication for long.

Readers get only what they may see: public values for everyone, values shared with members too
for anyone holding an active role (`sharing_for`).
"""

from __future__ import annotations

import hashlib
import logging
import re
import tempfile
import threading
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import duckdb
import polars as pl
from django.conf import settings
from django.db import connection
from django.db.models import Count, Max, Sum

from almaty.accounts import access as accounts_access
from almaty.stats.engine import dashboard
from almaty.stats.models import ExternalSource, Observation, Submission, SubmissionStatus

logger = logging.getLogger(__name__)

_lock = threading.Lock()
_local = threading.local()


def snapshot_dir() -> Path:
    """The snapshot's directory for the database in use (tests' databases apart)."""
    name = str(connection.settings_dict.get("NAME") or "default")
    label = re.sub(r"[^A-Za-z0-9_-]+", "-", Path(name).name)[:40].strip("-") or "db"
    digest = hashlib.sha1(name.encode(), usedforsecurity=False).hexdigest()[:8]
    return Path(settings.DATA_DIR) / "stats" / "analytics" / f"{label}-{digest}"


def fingerprint() -> str:
    """What the snapshot was built from: any publication, withdrawal, revision or deletion of
    a submission changes it."""
    rows = (
        Submission.objects.order_by()
        .values_list("status", "sharing")
        .annotate(
            Count("id"), Sum("id"), Max("created_at"), Max("approved_at"), Max("published_at")
        )
        .order_by("status", "sharing")
    )
    text = repr([tuple(str(v) for v in row) for row in rows])
    return hashlib.sha256(text.encode()).hexdigest()


# --- bulk reads ------------------------------------------------------------------------------


def _select(indicators: Sequence[str] | None) -> str:
    """The snapshot's rows as one SELECT (codes are checked, so they can be inlined)."""
    observation = connection.ops.quote_name(Observation._meta.db_table)
    submission = connection.ops.quote_name(Submission._meta.db_table)
    source = connection.ops.quote_name(ExternalSource._meta.db_table)
    where = ""
    if indicators is not None:
        codes = [c for c in indicators if dashboard.CODE.match(c)]
        where = " AND o.indicator IN (" + ", ".join(f"'{c}'" for c in codes or ["-"]) + ")"
    false = "FALSE" if connection.vendor == "postgresql" else "0"
    return (
        "SELECT o.ref_area, o.indicator, o.period_start, o.freq, o.counterpart, o.sex, o.age,"  # noqa: S608 - no user input
        " o.purpose, o.value, o.unit, o.obs_status, s.sharing, COALESCE(e.code, '') AS source"
        f" FROM {observation} o JOIN {submission} s ON s.id = o.submission_id"
        f" LEFT JOIN {source} e ON e.id = s.source_id"
        f" WHERE s.status = '{SubmissionStatus.PUBLISHED.value}' AND o.superseded = {false}" + where
    )


def _text_columns(frame: pl.DataFrame) -> pl.DataFrame:
    return frame.with_columns(
        [
            pl.col(c).cast(pl.String).fill_null("")
            for c, t in dashboard.SNAPSHOT_SCHEMA.items()
            if t == pl.String
        ]
    )


def read_published(indicators: Sequence[str] | None = None) -> pl.DataFrame:
    """The published, current observations (of `indicators`, or all) in the snapshot's
    columns, read in bulk."""
    sql = _select(indicators)
    connection.ensure_connection()
    if connection.vendor == "postgresql":
        with tempfile.TemporaryFile() as spool:
            with connection.cursor() as cursor:
                copy_sql = f"COPY ({sql}) TO STDOUT WITH (FORMAT csv, HEADER)"
                with cursor.cursor.copy(copy_sql) as copy:
                    for block in copy:
                        spool.write(block)
            spool.seek(0)
            frame = pl.read_csv(spool, schema=dashboard.SNAPSHOT_SCHEMA)
    else:
        frame = _read_sqlite(sql)
    return _text_columns(frame).select(list(dashboard.SNAPSHOT_SCHEMA))


def _read_sqlite(sql: str) -> pl.DataFrame:
    """The rows of `sql` through SQLite's own cursor, in batches turned into columns (faster
    than building a frame from row tuples). Dates arrive as text: the column is cast to text
    so that Django's converters leave it alone, then parsed by Polars at once."""
    names = list(dashboard.SNAPSHOT_SCHEMA)
    text = {**dashboard.SNAPSHOT_SCHEMA, "period_start": pl.String}
    parts = [pl.DataFrame(schema=text)]
    with connection.cursor() as cursor:
        cursor.execute(sql.replace("o.period_start,", "CAST(o.period_start AS TEXT),", 1))
        while batch := cursor.fetchmany(200_000):
            columns = [list(c) for c in zip(*batch, strict=True)]
            parts.append(pl.DataFrame(dict(zip(names, columns, strict=True)), schema=text))
    return pl.concat(parts).with_columns(pl.col("period_start").str.slice(0, 10).str.to_date())


# --- refreshing ------------------------------------------------------------------------------


def refresh(indicators: Iterable[str] | None = None) -> dict[str, float]:
    """Rewrite the snapshot files of `indicators` (all when None, or when no snapshot exists
    yet) from the database; returns rows read and seconds taken. Meant to run after a
    transaction commits: a failure is logged, never raised, and the stale snapshot is rebuilt
    on its next use (its fingerprint no longer matches)."""
    try:
        return _refresh(None if indicators is None else sorted(set(indicators)))
    except Exception:  # a dashboard must never make a publication fail
        logger.exception("The analytics snapshot could not be refreshed")
        return {}


def rebuild() -> dict[str, float]:
    """Rewrite the whole snapshot now (`almaty stats refresh-analytics`); errors are raised."""
    return _refresh(None)


def _refresh(indicators: list[str] | None) -> dict[str, float]:
    started = time.perf_counter()
    with _lock:
        directory = snapshot_dir()
        if dashboard.read_manifest(directory) is None:
            indicators = None
        mark = fingerprint()  # before reading: a change in between makes it stale at once
        frame = read_published(indicators)
        files = dashboard.write_snapshot(frame, directory, indicators)
        dashboard.write_manifest(directory, {"fingerprint": mark, "built_at": time.time()})
    _pages_changed()
    return {"rows": frame.height, "files": files, "seconds": time.perf_counter() - started}


def _pages_changed() -> None:
    from almaty.core.cache import content_changed

    content_changed()


def ensure_fresh() -> Path:
    """The snapshot directory, rebuilt first when missing or stale."""
    directory = snapshot_dir()
    manifest = dashboard.read_manifest(directory)
    if manifest is None or manifest.get("fingerprint") != fingerprint():
        _refresh(None)
    return directory


# --- reading ---------------------------------------------------------------------------------


def sharing_for(user: Any) -> tuple[str, ...]:
    """The sharing levels the user may read: members' data needs an active role."""
    if getattr(user, "is_authenticated", False) and accounts_access.active_assignments(user=user):
        return ("public", "members")
    return ("public",)


def _connection() -> duckdb.DuckDBPyConnection:
    con = getattr(_local, "duckdb", None)
    if con is None:
        con = dashboard.connect()
        _local.duckdb = con
    return con


@dataclass
class Reader:
    """Dashboard queries for one reader, over a fresh snapshot."""

    sharing: tuple[str, ...]
    directory: Path
    con: duckdb.DuckDBPyConnection = field(repr=False)

    def indicators(self) -> list[str]:
        return dashboard.indicators_in(self.directory)

    def regional_series(self, indicator: str) -> list[dashboard.Point]:
        return dashboard.regional_series(self.con, self.directory, indicator, self.sharing)

    def series_by_state(
        self, indicator: str, state: str | None = None
    ) -> dict[str, list[dashboard.Point]]:
        return dashboard.series_by_state(
            self.con, self.directory, indicator, self.sharing, state=state
        )

    def latest_by_state(self, indicator: str) -> list[tuple[str, dashboard.Point]]:
        return dashboard.latest_by_state(self.con, self.directory, indicator, self.sharing)

    def corridors(
        self, indicator: str, *, start: date | None = None, end: date | None = None, top: int = 10
    ) -> tuple[list[str], list[str], dict[tuple[str, str], float]]:
        return dashboard.corridors(
            self.con, self.directory, indicator, self.sharing, start=start, end=end, top=top
        )

    def seasonal_profile(self, indicator: str) -> list[tuple[int, float, int]]:
        return dashboard.seasonal_profile(self.con, self.directory, indicator, self.sharing)

    def summaries(
        self, indicators: Sequence[str], state: str | None = None
    ) -> dict[str, list[dashboard.Point]]:
        return dashboard.regional_summaries(
            self.con, self.directory, indicators, self.sharing, state=state
        )

    def sources(self, indicator: str) -> list[str]:
        return dashboard.sources_of(self.con, self.directory, indicator, self.sharing)


def reader(user: Any) -> Reader:
    """The queries the user may run (the snapshot is brought up to date first)."""
    return Reader(sharing=sharing_for(user), directory=ensure_fresh(), con=_connection())
