"""Border movements: 10 million crossing records to stays, overstays, movement types and monthly
indicators, beside a bare DuckDB entry-to-exit pairing query on the same file in the same run.

The records are the generator's (`almaty.borders.engine.generator`, Kazakhstan's crossing
points and stay rules, 2022-2024, 1% of rows to reject and 1% duplicated, as a real load
would have): `ROWS` of them in the spec's Parquet format, generated once per seed and
generator version and kept in `CACHE` (with the first `CSV_ROWS` as CSV). Each step runs in a
process of its own (`bench.borders_steps`), held to two CPUs, DuckDB to two threads and
`MEMORY_LIMIT`; `*_peak_mb` is that process's own peak resident memory (VmHWM), Python and
libraries included:

- `csv_ingest_*`: `ingest` of the CSV file (checks, duplicates, normalised Parquet batch);
  `parquet_ingest_*`: the same of the whole Parquet file, whose batch the next steps read;
- `bare_*`: the pairing query alone (`borders_steps.BARE`: one `lead()` window over each
  document's crossings in time order, entries kept with the exit after them, materialised as
  a table); `bare_wide_s` the same query carrying the stays' columns (times, BCPs,
  nationality), for context (`derive_over_bare_wide`); the bar is against the narrow one;
- `derive_*`: `pipeline.derive` end to end (stays, rules, rolling limits, movement types,
  indicators, summary, files written); `derive_records_per_s` is the batch's records over its
  seconds, `derive_over_bare` its seconds over the bare query's;
- `accuracy_*`: on a smaller noise-free set (`ACCURACY_PERSONS` persons), the share of
  unambiguous stays whose movement type the engine got right, and whether its overstays
  (kind and days over, as of the last day) are exactly the ground truth's (1) or not (0).

The issue's bars: `derive_records_per_s` >= 1,000,000, `derive_peak_mb` <= 4,096,
`derive_over_bare` <= 2 (and accuracy >= 0.95 with exact overstays); `bars_met` is 1 when all
hold. Smaller runs (the harness's tests) set `BENCH_BORDERS_ROWS`, `BENCH_BORDERS_CSV_ROWS`,
`BENCH_BORDERS_ACCURACY_PERSONS` and `BENCH_BORDERS_CACHE`.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table

from bench.run import REPO_ROOT, RESULTS_DIR, benchmark

SEED = 20_250_109
NOISE = 0.01
STATE = "KAZ"
AS_OF = "2024-12-31"
THREADS = 2
MEMORY_LIMIT = "4GB"
BAR_RECORDS_PER_S = 1_000_000
BAR_PEAK_MB = 4096
BAR_OVER_BARE = 2.0
BAR_TYPE_ACCURACY = 0.95
GENERATOR_SOURCES = (
    REPO_ROOT / "src/almaty/borders/engine/generator.py",
    REPO_ROOT / "src/almaty/borders/engine/bcps.yaml",
    *sorted((REPO_ROOT / "src/almaty/borders/engine/synthetic").glob("*.*")),
)


def _setting(name: str, default: int) -> int:
    return int(os.environ.get(f"BENCH_BORDERS_{name}", default))


def _cache_dir() -> Path:
    return Path(os.environ.get("BENCH_BORDERS_CACHE", RESULTS_DIR / "cache-borders"))


def _generator_version() -> str:
    digest = hashlib.sha256()
    for path in GENERATOR_SOURCES:
        digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def _step(step: str, timeout: float = 3600, **arguments: Any) -> dict[str, float]:
    """Run one step in a process of its own; its figures."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        done = subprocess.run(
            [sys.executable, "-m", "bench.borders_steps", step, json.dumps(arguments)],
            cwd=REPO_ROOT,
            stdout=out,
            stderr=err,
            check=False,
            timeout=timeout,
        )
        if done.returncode != 0:
            err.seek(0)
            tail = err.read()[-3000:].decode("utf-8", "replace")
            raise RuntimeError(f"the {step} step failed:\n{tail}")
        out.seek(0)
        figures: dict[str, float] = json.loads(out.read().decode().strip().splitlines()[-1])
    return figures


def _records(rows: int, csv_rows: int) -> tuple[Path, Path, dict[str, float]]:
    """The cached records (generated first when missing) and the generation's figures."""
    cache = _cache_dir()
    cache.mkdir(parents=True, exist_ok=True)
    key = f"borders-{STATE}-{SEED}-{rows}-{csv_rows}-{_generator_version()}"
    parquet, csv = cache / f"{key}.parquet", cache / f"{key}.csv"
    if parquet.exists() and csv.exists():
        return parquet, csv, {"generate_s": 0.0}
    for stale in cache.glob("borders-*"):
        stale.unlink()
    figures = _step(
        "generate",
        rows=rows,
        seed=SEED,
        noise=NOISE,
        parquet=str(parquet),
        csv=str(csv),
        csv_rows=csv_rows,
    )
    return parquet, csv, figures


def _table(figures: dict[str, float]) -> Table:
    table = Table(
        title=f"Border movements: {figures['rows']:,.0f} crossing records, {THREADS} threads, "
        f"DuckDB memory limit {MEMORY_LIMIT}",
        caption="peak MB: each step's own process (VmHWM); bars from issue 9",
    )
    for column in ("step", "records", "seconds", "records/s", "peak MB", "bar"):
        table.add_column(column, justify="left" if column in ("step", "bar") else "right")

    def mark(ok: bool) -> str:
        return "[green]met[/green]" if ok else "[red]missed[/red]"

    def row(name: str, prefix: str, bar: str = "") -> None:
        table.add_row(
            name,
            f"{figures[f'{prefix}_records']:,.0f}",
            f"{figures[f'{prefix}_s']:.2f}",
            f"{figures[f'{prefix}_records_per_s']:,.0f}",
            f"{figures[f'{prefix}_peak_mb']:,.0f}",
            bar,
        )

    row("CSV -> Parquet ingest", "csv_ingest")
    row("Parquet ingest", "parquet_ingest")
    row("bare pairing query", "bare")
    table.add_row(
        "  the same, with the stays' columns",
        f"{figures['bare_records']:,.0f}",
        f"{figures['bare_wide_s']:.2f}",
        f"{figures['bare_records'] / figures['bare_wide_s']:,.0f}",
        "",
        f"derive {figures['derive_over_bare_wide']:.2f}x this",
    )
    row(
        "derive (stays, overstays, types, indicators)",
        "derive",
        f">= {BAR_RECORDS_PER_S:,}/s {mark(figures['derive_records_per_s'] >= BAR_RECORDS_PER_S)}; "
        f"<= {BAR_PEAK_MB:,} MB {mark(figures['derive_peak_mb'] <= BAR_PEAK_MB)}; "
        f"{figures['derive_over_bare']:.2f}x bare <= {BAR_OVER_BARE:g}x "
        f"{mark(figures['derive_over_bare'] <= BAR_OVER_BARE)}",
    )
    table.add_row(
        "accuracy (ground truth)",
        f"{figures['accuracy_records']:,.0f}",
        "",
        "",
        "",
        f"types {figures['accuracy_type']:.1%} of {figures['accuracy_unambiguous_stays']:,.0f} "
        f"stays {mark(figures['accuracy_type'] >= BAR_TYPE_ACCURACY)}; overstays "
        f"{'exact' if figures['accuracy_overstays_exact'] else 'NOT exact'} "
        f"({figures['accuracy_overstays']:,.0f}) {mark(bool(figures['accuracy_overstays_exact']))}",
    )
    return table


def _prefixed(prefix: str, figures: dict[str, float]) -> dict[str, float]:
    names = {"seconds": "s", "rows": "records", "rows_per_s": "records_per_s"}
    return {f"{prefix}_{names.get(k, k)}": v for k, v in figures.items() if k != "peak_rss_mb"} | {
        f"{prefix}_peak_mb": figures["peak_rss_mb"]
    }


@benchmark(repeat=1, warmup=0)
def ten_million_records() -> dict[str, float]:
    rows = _setting("ROWS", 10_000_000)
    csv_rows = min(_setting("CSV_ROWS", 2_000_000), rows)
    persons = _setting("ACCURACY_PERSONS", 20_000)
    parquet, csv, made = _records(rows, csv_rows)
    work = Path(tempfile.mkdtemp(prefix="almaty-bench-borders-"))
    limits = {"threads": THREADS, "memory_limit": MEMORY_LIMIT}
    try:
        figures: dict[str, float] = {"rows": rows, "load_average_start": os.getloadavg()[0]}
        figures["generate_s"] = made["generate_s"]
        step = _step(
            "ingest", source=str(csv), out=str(work / "csv.parquet"), state=STATE, **limits
        )
        figures |= _prefixed("csv_ingest", step)
        batch = work / "batch.parquet"
        step = _step("ingest", source=str(parquet), out=str(batch), state=STATE, **limits)
        figures |= _prefixed("parquet_ingest", step)
        (work / "duckdb").mkdir()
        step = _step("bare", batch=str(batch), temp_dir=str(work / "duckdb"), **limits)
        figures |= _prefixed("bare", step)
        step = _step(
            "derive",
            batch=str(batch),
            out_dir=str(work / "derived"),
            temp_dir=str(work / "duckdb"),
            as_of=AS_OF,
            **limits,
        )
        figures |= _prefixed("derive", step)
        figures["derive_over_bare"] = figures["derive_s"] / figures["bare_s"]
        figures["derive_over_bare_wide"] = figures["derive_s"] / figures["bare_wide_s"]
        step = _step("accuracy", persons=persons, seed=SEED + 1, work=str(work), **limits)
        step["type"] = step.pop("type_accuracy")
        figures |= {f"accuracy_{k}": v for k, v in step.items() if k != "peak_rss_mb"}
    finally:
        shutil.rmtree(work, ignore_errors=True)
    figures["bars_met"] = float(
        figures["derive_records_per_s"] >= BAR_RECORDS_PER_S
        and figures["derive_peak_mb"] <= BAR_PEAK_MB
        and figures["derive_over_bare"] <= BAR_OVER_BARE
        and figures["accuracy_type"] >= BAR_TYPE_ACCURACY
        and figures["accuracy_overstays_exact"] == 1.0
    )
    figures["load_average_end"] = os.getloadavg()[0]
    Console(width=max(Console().width, 140)).print(_table(figures))
    return figures


BENCHMARKS = [ten_million_records]
