"""The analytics store: a Parquet snapshot of the published, current observations, queried
with DuckDB so that dashboards stay fast over millions of values.

The snapshot lives in `DATA_DIR/stats/analytics/<database>/`, one file per indicator plus a
manifest (see `engine.dashboard`). It is written from the relational database by bulk reads:
PostgreSQL's `COPY (SELECT ...) TO STDOUT` through psycopg's `cursor.copy`, SQLite through its
own connection and Polars. The manifest records a fingerprint of the submissions' states
(count, ids and latest times per status and sharing level).

Once their transaction commits, the services ask for the indicators they touched to be
refreshed (`schedule_refresh`): the request is written down in the snapshot directory (the
pending marker) and the refresh runs in the task queue (`tasks.refresh_analytics`), not in the
publishing request. Every write happens under a lock shared by the web server's and the task
consumer's processes. A reader finds the snapshot up to date, or brings it up to date first
(`ensure_fresh`): it waits for the refresh under way, or refreshes the pending indicators
itself, or rebuilds the whole snapshot when it is missing or stale with nothing pending (a
change made outside the services). `almaty stats refresh-analytics` rebuilds it all.

Readers get only what they may see: public values for everyone, values shared with members too
for anyone holding an active role (`sharing_for`).
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import logging
import os
import re
import tempfile
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
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
from almaty.stats.models import (
    ExternalSource,
    Observation,
    ObservationSlice,
    Submission,
    SubmissionStatus,
)

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
        codes = ", ".join(
            f"'{c}'" for c in [c for c in indicators if dashboard.CODE.match(c)] or ["-"]
        )
        slices = connection.ops.quote_name(ObservationSlice._meta.db_table)
        where = (
            f" AND o.indicator IN ({codes}) AND o.submission_id IN"  # noqa: S608 - codes are checked
            f" (SELECT submission_id FROM {slices} WHERE indicator IN ({codes}))"
        )
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

PENDING = "pending.json"
WRITE_LOCK = "write.lock"
PENDING_LOCK = "pending.lock"


@dataclass(frozen=True)
class Pending:
    """The refreshes asked for and not yet done (`pending.json` in the snapshot directory).

    Each request takes the next sequence number (`seq`); each indicator asked for, and
    `everything` (a whole rebuild), keeps the number of its latest request. A refresh reads the
    marker before the database and then clears only the requests it saw (`without`), so one
    made while it ran stays pending."""

    seq: int = 0
    everything: int | None = None
    indicators: dict[str, int] = field(default_factory=dict)

    @property
    def empty(self) -> bool:
        return self.everything is None and not self.indicators

    def add(self, indicators: Iterable[str] | None) -> Pending:
        """With one more request: of `indicators`, or of everything when None."""
        seq = self.seq + 1
        if indicators is None:
            return Pending(seq, seq, self.indicators)
        added = {code: seq for code in indicators if dashboard.CODE.match(code)}
        return Pending(seq, self.everything, {**self.indicators, **added})

    def without(self, written: Iterable[str] | None, seen: int) -> Pending:
        """What is left once `written` (everything when None) was rewritten by a refresh that
        read the marker at `seen`."""
        done = None if written is None else set(written)
        return Pending(
            self.seq,
            self.everything if done is not None or (self.everything or 0) > seen else None,
            {
                code: n
                for code, n in self.indicators.items()
                if n > seen or (done is not None and code not in done)
            },
        )


def read_pending(directory: Path) -> Pending:
    """The pending marker; none when missing, everything when unreadable."""
    try:
        data = json.loads((directory / PENDING).read_text(encoding="utf-8"))
        everything = data["everything"]
        return Pending(
            seq=int(data["seq"]),
            everything=None if everything is None else int(everything),
            indicators={str(c): int(n) for c, n in data["indicators"].items()},
        )
    except FileNotFoundError:
        return Pending()
    except (OSError, ValueError, TypeError, KeyError, AttributeError):
        logger.warning("The pending analytics refreshes could not be read: rebuilding all")
        return Pending(everything=0)


def _write_pending(directory: Path, pending: Pending) -> None:
    """Replace the marker at once (a temporary file renamed over it)."""
    text = json.dumps(
        {"seq": pending.seq, "everything": pending.everything, "indicators": pending.indicators},
        sort_keys=True,
    )
    handle, temporary = tempfile.mkstemp(dir=directory, prefix=".tmp-", suffix=".json")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(text)
        os.replace(temporary, directory / PENDING)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


@contextmanager
def _file_lock(path: Path) -> Iterator[None]:
    """An exclusive lock on `path` that every process (and thread) opening it waits for."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


@contextmanager
def write_lock(directory: Path) -> Iterator[None]:
    """Held around every write of the snapshot: by the threads of this process, then by the
    processes (web server, task consumer, CLI) sharing the directory."""
    with _lock, _file_lock(directory / WRITE_LOCK):
        yield


def _update_pending(directory: Path, change: Callable[[Pending], Pending]) -> None:
    with _file_lock(directory / PENDING_LOCK):
        before = read_pending(directory)
        after = change(before)
        if after != before:
            _write_pending(directory, after)


def schedule_refresh(indicators: Iterable[str] | None = None) -> None:
    """Have the snapshot files of `indicators` (all when None) refreshed in the task queue.

    Meant to run once a transaction commits. The request is written down first (the pending
    marker), so that a reader who comes before the task refreshes them itself, then the task
    is queued. Failures are logged, never raised: a dashboard must never make a publication
    fail, and a reader still finds the snapshot stale."""
    codes = None if indicators is None else sorted(set(indicators))
    try:
        _update_pending(snapshot_dir(), lambda pending: pending.add(codes))
    except Exception:
        logger.exception("The analytics refresh could not be recorded")
    try:
        from almaty.stats.tasks import refresh_analytics

        refresh_analytics()
    except Exception:
        logger.exception("The analytics refresh could not be queued; readers will do it")
    try:
        from almaty.stats.signals import published_values_changed

        published_values_changed.send(sender=Submission, indicators=codes)
    except Exception:
        logger.exception("A receiver of published_values_changed failed")


def catch_up() -> dict[str, float]:
    """Bring the snapshot up to date, under the write lock (the task's work, and a reader's
    who finds it out of date). Nothing is written when it already is (its fingerprint matches
    the database and nothing is pending: another task or reader did it); otherwise the pending
    indicators are, or everything when that was asked for, when there is no snapshot yet, or
    when it is stale with nothing pending (a change made outside the services). Returns what
    `refresh` returns ({} when nothing was written); errors are raised."""
    directory = snapshot_dir()
    with write_lock(directory):
        pending = read_pending(directory)  # before the database: see Pending
        manifest = dashboard.read_manifest(directory)
        mark = fingerprint()
        if manifest is not None and manifest.get("fingerprint") == mark and pending.empty:
            return {}
        partial = manifest is not None and pending.everything is None and bool(pending.indicators)
        done = _write(directory, sorted(pending.indicators) if partial else None, mark, pending)
    _pages_changed()
    return done


def refresh(indicators: Iterable[str] | None = None) -> dict[str, float]:
    """Rewrite the snapshot files of `indicators` (all when None, or when no snapshot exists
    yet) from the database now; returns rows read and seconds taken. A failure is logged,
    never raised, and the stale snapshot is rebuilt on its next use (its fingerprint no
    longer matches). The services call `schedule_refresh` instead."""
    try:
        return _refresh(None if indicators is None else sorted(set(indicators)))
    except Exception:  # a dashboard must never make a publication fail
        logger.exception("The analytics snapshot could not be refreshed")
        return {}


def rebuild() -> dict[str, float]:
    """Rewrite the whole snapshot now (`almaty stats refresh-analytics`); errors are raised."""
    return _refresh(None)


def _refresh(indicators: list[str] | None) -> dict[str, float]:
    directory = snapshot_dir()
    with write_lock(directory):
        pending = read_pending(directory)
        if dashboard.read_manifest(directory) is None:
            indicators = None
        done = _write(directory, indicators, fingerprint(), pending)
    _pages_changed()
    return done


def _write(
    directory: Path, indicators: list[str] | None, mark: str, pending: Pending
) -> dict[str, float]:
    """Rewrite the files of `indicators` (all when None) and the manifest, then clear the
    requests they answer. `mark` (the fingerprint) and `pending` were read before the rows:
    a change made in between makes the snapshot stale, or stays pending, at once."""
    started = time.perf_counter()
    frame = read_published(indicators)
    files = dashboard.write_snapshot(frame, directory, indicators)
    dashboard.write_manifest(directory, {"fingerprint": mark, "built_at": time.time()})
    _update_pending(directory, lambda now: now.without(indicators, pending.seq))
    return {"rows": frame.height, "files": files, "seconds": time.perf_counter() - started}


def _pages_changed() -> None:
    from almaty.core.cache import content_changed

    content_changed()


def ensure_fresh() -> Path:
    """The snapshot directory, brought up to date first (`catch_up`) when it is missing, stale
    or has refreshes pending: the reader waits for a refresh under way, or does the pending
    one itself, and so never reads values the database no longer publishes."""
    directory = snapshot_dir()
    manifest = dashboard.read_manifest(directory)
    if (
        manifest is None
        or not read_pending(directory).empty
        or manifest.get("fingerprint") != fingerprint()
    ):
        catch_up()
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
    return reader_for(sharing_for(user))


def reader_for(sharing: tuple[str, ...]) -> Reader:
    """The queries over the values of the given sharing levels (for background work, e.g.
    forecasts of what members may read)."""
    return Reader(sharing=sharing, directory=ensure_fresh(), con=_connection())
