"""The steps of the border-movements benchmark (`bench_borders`), each run in its own process.

    python -m bench.borders_steps <step> '<JSON keyword arguments>'

prints one line of JSON: the step's figures, with `peak_rss_mb`, the process's own peak
resident memory (VmHWM: its address space's high-water mark, which a child's ru_maxrss is not
on Linux, as it carries over the parent's peak). Each process is held to two CPUs (when the
machine has more) and DuckDB to two threads and a memory limit; times are of the work itself,
not of starting Python. Only the engine and the generator are imported here, not Django.
"""

from __future__ import annotations

import json
import os
import resource
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

Figures = dict[str, float]


def peak_rss_mb() -> float:
    try:
        status = Path("/proc/self/status").read_text(encoding="ascii")
    except OSError:
        status = ""
    for line in status.splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024


def _two_cpus() -> None:
    if hasattr(os, "sched_setaffinity"):
        cpus = sorted(os.sched_getaffinity(0))
        os.sched_setaffinity(0, cpus[:2])


def generate(
    *, rows: int, seed: int, noise: float, parquet: str, csv: str, csv_rows: int
) -> Figures:
    """About `rows` records (a small run first measures records per person), cut to exactly
    `rows`; the Parquet file whole, its first `csv_rows` rows as CSV."""
    import datetime as dt

    from almaty.borders.engine.generator import generate as make
    from almaty.borders.engine.schema import SPEC_COLUMNS

    start, end = dt.date(2022, 1, 1), dt.date(2024, 12, 31)
    began = time.perf_counter()
    probe = make(persons=20_000, start=start, end=end, seed=seed, noise=noise)
    per_person = probe.records.height / 20_000
    persons = max(50, int(rows / per_person * 1.02) + 10)
    while True:
        records = make(persons=persons, start=start, end=end, seed=seed, noise=noise).records
        if records.height >= rows:
            break
        persons = int(persons * 1.05) + 10
    records = records.head(rows).select(SPEC_COLUMNS)
    generated_s = time.perf_counter() - began
    for path, frame in ((parquet, records), (csv, records.head(csv_rows))):
        partial = Path(f"{path}.{os.getpid()}.partial")
        if path.endswith(".csv"):
            frame.write_csv(partial)
        else:
            frame.write_parquet(partial, compression="zstd")
        partial.replace(path)
    return {"rows": records.height, "persons": persons, "generate_s": generated_s}


def ingest(*, source: str, out: str, state: str, threads: int, memory_limit: str) -> Figures:
    from almaty.borders.engine import ingest as engine_ingest

    con = engine_ingest.connect(threads=threads, memory_limit=memory_limit)
    began = time.perf_counter()
    report = engine_ingest.ingest([Path(source)], recording_state=state, out=Path(out), con=con)
    seconds = time.perf_counter() - began
    return {
        "rows": report.rows_read,
        "accepted": report.rows_accepted,
        "rejected": report.rows_rejected,
        "seconds": seconds,
        "rows_per_s": report.rows_read / seconds,
    }


# The bare pairing: each person's crossings in time order (one window), an entry and the
# crossing after it, kept when that is an exit or nothing; materialised as a table.
BARE = """
CREATE TEMP TABLE pairs AS
SELECT doc_key, record_id AS entry_record_id, crossed_ts AS entry_ts,
       next_record_id AS exit_record_id, next_ts AS exit_ts
FROM (
    SELECT doc_key, record_id, is_entry, crossed_ts,
           lead(is_entry) OVER w AS next_is_entry,
           lead(record_id) OVER w AS next_record_id,
           lead(crossed_ts) OVER w AS next_ts
    FROM read_parquet(?)
    WHERE nationality <> recording_state
    WINDOW w AS (PARTITION BY doc_key ORDER BY crossed_ts, record_id)
)
WHERE is_entry AND (next_is_entry IS NULL OR NOT next_is_entry)
"""


# The same, carrying the columns of the spec's stays (times, BCPs, nationality, days): for
# context only, the bar is against the narrower query above.
BARE_WIDE = """
CREATE TEMP TABLE wide_pairs AS
SELECT doc_key, nationality, record_id AS entry_record_id, crossed_at AS entry_at,
       bcp AS entry_bcp, crossed_day AS entry_day, next_record_id AS exit_record_id,
       next_at AS exit_at, next_bcp AS exit_bcp, next_day AS exit_day
FROM (
    SELECT doc_key, nationality, record_id, is_entry, crossed_at, bcp, crossed_day,
           lead(is_entry) OVER w AS next_is_entry,
           lead(record_id) OVER w AS next_record_id,
           lead(crossed_at) OVER w AS next_at,
           lead(bcp) OVER w AS next_bcp,
           lead(crossed_day) OVER w AS next_day
    FROM read_parquet(?)
    WHERE nationality <> recording_state
    WINDOW w AS (PARTITION BY doc_key ORDER BY crossed_ts, record_id)
)
WHERE is_entry AND (next_is_entry IS NULL OR NOT next_is_entry)
"""


def bare(*, batch: str, threads: int, memory_limit: str, temp_dir: str) -> Figures:
    import duckdb

    con = duckdb.connect()
    con.execute(f"SET threads = {int(threads)}")
    con.execute(f"SET memory_limit = '{memory_limit}'")
    con.execute(f"SET temp_directory = '{temp_dir}'")
    con.execute("SET preserve_insertion_order = false")
    records = con.execute("SELECT count(*) FROM read_parquet(?)", [batch]).fetchone()
    began = time.perf_counter()
    con.execute(BARE, [batch])
    pairs = con.execute("SELECT count(*) FROM pairs").fetchone()
    seconds = time.perf_counter() - began
    con.execute("DROP TABLE pairs")
    began = time.perf_counter()
    con.execute(BARE_WIDE, [batch])
    con.execute("SELECT count(*) FROM wide_pairs").fetchone()
    wide_seconds = time.perf_counter() - began
    con.close()
    count = int(records[0]) if records else 0
    return {
        "records": count,
        "pairs": int(pairs[0]) if pairs else 0,
        "seconds": seconds,
        "records_per_s": count / seconds,
        "wide_s": wide_seconds,
    }


def derive(
    *, batch: str, out_dir: str, threads: int, memory_limit: str, temp_dir: str, as_of: str
) -> Figures:
    import datetime as dt

    from almaty.borders.engine import pipeline
    from almaty.borders.engine.bcps import counterparts
    from almaty.borders.engine.generator import default_rules
    from almaty.borders.engine.schema import day_of

    began = time.perf_counter()
    result = pipeline.derive(
        [Path(batch)],
        rules=default_rules("KAZ"),
        as_of_day=day_of(dt.date.fromisoformat(as_of)),
        out_dir=Path(out_dir),
        bcp_counterparts=counterparts(),
        engine_options={
            "threads": threads,
            "memory_limit": memory_limit,
            "temp_dir": Path(temp_dir),
        },
    )
    seconds = time.perf_counter() - began
    return {
        "records": result.crossings,
        "stays": result.stays,
        "overstays": result.overstays_in_country + result.overstays_out_of_country,
        "seconds": seconds,
        "records_per_s": result.crossings / seconds,
    }


def accuracy(*, persons: int, seed: int, work: str, threads: int, memory_limit: str) -> Figures:
    """The engine against the generator's ground truth on a small noise-free set: the share of
    unambiguous stays typed as designed, and whether overstays (kind, days over) are exact."""
    import datetime as dt

    import polars as pl

    from almaty.borders.engine import ingest as engine_ingest
    from almaty.borders.engine import overstays, pipeline
    from almaty.borders.engine.bcps import counterparts
    from almaty.borders.engine.generator import generate as make
    from almaty.borders.engine.generator import write

    generated = make(
        persons=persons, start=dt.date(2022, 1, 1), end=dt.date(2024, 12, 31), seed=seed
    )
    folder = Path(work)
    source = write(generated, folder / "accuracy.parquet", "parquet")
    batch = folder / "accuracy-batch.parquet"
    con = engine_ingest.connect(threads=threads, memory_limit=memory_limit)
    engine_ingest.ingest([source], recording_state="KAZ", out=batch, con=con)
    pipeline.derive(
        [batch],
        rules=generated.rules,
        as_of_day=generated.as_of_day,
        out_dir=folder / "accuracy-derived",
        bcp_counterparts=counterparts(),
        engine_options={"threads": threads, "memory_limit": memory_limit},
    )
    stays_path = folder / "accuracy-derived" / "stays.parquet"
    found = pl.read_parquet(stays_path).select(
        "entry_record_id", pl.col("movement_type").alias("engine")
    )
    truth = generated.truth_stays.join(found, on="entry_record_id", how="left")
    clear = truth.filter(~pl.col("ambiguous"))
    typed = float((clear["movement_type"] == clear["engine"]).fill_null(False).mean() or 0.0)
    expected = set(
        truth.filter(pl.col("kind").is_not_null())
        .select("entry_record_id", "kind", "overstay_days")
        .iter_rows()
    )
    got = set(
        overstays.overstays_as_of(stays_path, generated.as_of_day)
        .select("entry_record_id", "kind", "days_over")
        .iter_rows()
    )
    return {
        "records": generated.records.height,
        "stays": truth.height,
        "unambiguous_stays": clear.height,
        "type_accuracy": typed,
        "overstays": len(expected),
        "overstays_exact": float(expected == got),
        "overstays_missed": len(expected - got),
        "overstays_extra": len(got - expected),
    }


STEPS: dict[str, Callable[..., Figures]] = {
    "generate": generate,
    "ingest": ingest,
    "bare": bare,
    "derive": derive,
    "accuracy": accuracy,
}


def main(argv: list[str]) -> None:
    step, arguments = argv[0], json.loads(argv[1])
    _two_cpus()
    figures: dict[str, Any] = STEPS[step](**arguments)
    figures["peak_rss_mb"] = peak_rss_mb()
    print(json.dumps(figures))


if __name__ == "__main__":
    main(sys.argv[1:])
