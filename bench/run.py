"""The benchmark harness: discover `bench/bench_*.py`, time each benchmark, write JSON results.

A benchmark module exposes `BENCHMARKS`, a list whose items are any of:

- a `Benchmark`, usually made with the `@benchmark(...)` decorator below;
- a plain callable taking no arguments;
- an object with a `name` and a `run()` method taking no arguments.

A benchmark returns the figures it measured (a mapping of names to numbers, e.g. rows per
second) or None. It may set `database = True` (the decorator's `database=True`) to be given a
freshly migrated database before every run, warm-up included; other benchmarks never touch one.

    .venv/bin/python -m bench.run [-k audit] [--repeat 5] [--warmup 1] [--results-dir DIR]

Results go to `<results-dir>/<UTC timestamp>.json` and `<results-dir>/latest.json`.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import importlib
import importlib.util
import json
import math
import os
import platform
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
import traceback
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from bench.database import django_setup

BENCH_DIR = Path(__file__).resolve().parent
REPO_ROOT = BENCH_DIR.parent
RESULTS_DIR = BENCH_DIR / "results"
DEFAULT_REPEAT = 5
DEFAULT_WARMUP = 1

Figures = Mapping[str, float]


@dataclass(frozen=True)
class Benchmark:
    """One benchmark. `repeat`/`warmup` left as None take the harness's (or command line's)."""

    name: str
    func: Callable[[], Figures | None]
    database: bool = False
    repeat: int | None = None
    warmup: int | None = None

    def run(self) -> Figures | None:
        return self.func()


def benchmark(
    *,
    name: str | None = None,
    database: bool = False,
    repeat: int | None = None,
    warmup: int | None = None,
) -> Callable[[Callable[[], Figures | None]], Benchmark]:
    """Declare a benchmark function; `database=True` gives it a fresh migrated database per run."""

    def wrap(func: Callable[[], Figures | None]) -> Benchmark:
        return Benchmark(
            name=name or func.__name__, func=func, database=database, repeat=repeat, warmup=warmup
        )

    return wrap


def _as_benchmark(item: Any, where: str) -> Benchmark:
    if isinstance(item, Benchmark):
        return item
    if hasattr(item, "name") and callable(getattr(item, "run", None)):
        return Benchmark(
            name=str(item.name),
            func=item.run,
            database=bool(getattr(item, "database", False)),
            repeat=getattr(item, "repeat", None),
            warmup=getattr(item, "warmup", None),
        )
    if callable(item):
        return Benchmark(
            name=getattr(item, "__name__", repr(item)),
            func=item,
            database=bool(getattr(item, "database", False)),
        )
    raise TypeError(f"{where}: {item!r} in BENCHMARKS is neither callable nor has name and run()")


def _load_module(path: Path) -> ModuleType:
    if path.parent.resolve() == BENCH_DIR:
        return importlib.import_module(f"bench.{path.stem}")
    # A directory outside the package (the harness's own tests): load the file by its path.
    module_name = f"_benchmarks_{abs(hash(path.parent.resolve()))}_{path.stem}"
    spec = importlib.util.spec_from_file_location(module_name, path)
    if spec is None or spec.loader is None:
        raise ImportError(f"Cannot load {path}")
    module = importlib.util.module_from_spec(spec)
    sys.modules[module_name] = module
    spec.loader.exec_module(module)
    return module


def discover(directory: Path = BENCH_DIR) -> list[tuple[str, Benchmark]]:
    """Every benchmark of `directory/bench_*.py`, named `<module without bench_>.<name>`."""
    found: list[tuple[str, Benchmark]] = []
    for path in sorted(directory.glob("bench_*.py")):
        module = _load_module(path)
        items = getattr(module, "BENCHMARKS", None)
        if not isinstance(items, list | tuple):
            raise TypeError(f"{path}: expected a list BENCHMARKS, found {items!r}")
        prefix = path.stem.removeprefix("bench_")
        found.extend(
            (f"{prefix}.{b.name}", b) for b in (_as_benchmark(i, str(path)) for i in items)
        )
    return found


def _check_figures(figures: Any) -> dict[str, float]:
    if figures is None:
        return {}
    if not isinstance(figures, Mapping) or not all(
        isinstance(k, str) and isinstance(v, int | float) and not isinstance(v, bool)
        for k, v in figures.items()
    ):
        raise TypeError(f"a benchmark must return a mapping of names to numbers, not {figures!r}")
    return {k: float(v) for k, v in figures.items()}


def _summary(values: Sequence[float]) -> dict[str, Any]:
    return {
        "median": statistics.median(values),
        "min": min(values),
        "max": max(values),
        "runs": list(values),
    }


def _run_one(
    bench: Benchmark,
    *,
    repeat: int,
    warmup: int,
    fresh_database: Callable[[], None] | None,
    advance: Callable[[], None],
) -> dict[str, Any]:
    if bench.database and fresh_database is None:
        raise RuntimeError("this benchmark needs a database: run it with `python -m bench.run`")
    seconds: list[float] = []
    figures: dict[str, list[float]] = {}
    for index in range(warmup + repeat):
        if bench.database and fresh_database is not None:
            fresh_database()
        gc.collect()  # do not bill this run for the garbage of the one before
        start = time.perf_counter()
        measured = _check_figures(bench.run())
        elapsed = time.perf_counter() - start
        if index >= warmup:
            seconds.append(elapsed)
            for key, value in measured.items():
                figures.setdefault(key, []).append(value)
        advance()
    return {
        "seconds": _summary(seconds),
        "figures": {key: _summary(values) for key, values in figures.items()},
    }


def _git(*args: str) -> str | None:
    try:
        done = subprocess.run(
            ["git", *args], cwd=REPO_ROOT, capture_output=True, text=True, check=False, timeout=10
        )
    except (OSError, subprocess.SubprocessError):
        return None
    return done.stdout.strip() if done.returncode == 0 else None


def environment() -> dict[str, Any]:
    """Where and on what the figures were measured."""
    status = _git("status", "--porcelain", "--untracked-files=no")
    return {
        "git_commit": _git("rev-parse", "HEAD"),
        "git_dirty": None if status is None else bool(status),
        "python": platform.python_version(),
        "python_implementation": platform.python_implementation(),
        "platform": platform.platform(),
        "machine": platform.machine(),
        "cpu_count": os.cpu_count(),
    }


def _write(report: Mapping[str, Any], results_dir: Path, now: dt.datetime) -> Path:
    results_dir.mkdir(parents=True, exist_ok=True)
    text = json.dumps(report, indent=2, ensure_ascii=False) + "\n"
    stem = now.strftime("%Y%m%dT%H%M%SZ")
    path = results_dir / f"{stem}.json"
    suffix = 1
    while True:
        try:
            with path.open("x", encoding="utf-8") as out:
                out.write(text)
            break
        except FileExistsError:  # two runs in the same second
            suffix += 1
            path = results_dir / f"{stem}-{suffix}.json"
    latest = results_dir / "latest.json"
    partial = latest.with_suffix(".json.tmp")
    partial.write_text(text, encoding="utf-8")
    partial.replace(latest)
    return path


def run_all(
    directory: Path = BENCH_DIR,
    results_dir: Path = RESULTS_DIR,
    *,
    select: str | None = None,
    repeat: int | None = None,
    warmup: int | None = None,
    fresh_database: Callable[[], None] | None = None,
    context: Mapping[str, Any] | None = None,
    console: Console | None = None,
) -> tuple[Path, dict[str, Any]]:
    """Discover, run and record. Returns the JSON file written and its content.

    `repeat`/`warmup` given here override each benchmark's own; `fresh_database` is called
    before every run of a benchmark that asked for a database; `context` is added to the report.
    """
    console = console or Console()
    now = dt.datetime.now(dt.UTC).replace(microsecond=0)
    started = time.perf_counter()
    chosen = [(name, b) for name, b in discover(directory) if not select or select in name]
    results: list[dict[str, Any]] = []
    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console,
    ) as progress:
        for name, bench in chosen:
            n_repeat = repeat or bench.repeat or DEFAULT_REPEAT
            n_warmup = warmup if warmup is not None else bench.warmup
            n_warmup = DEFAULT_WARMUP if n_warmup is None else n_warmup
            task = progress.add_task(name, total=n_warmup + n_repeat)
            result: dict[str, Any] = {
                "name": name,
                "repeat": n_repeat,
                "warmup": n_warmup,
                "database": bench.database,
            }
            try:
                measured = _run_one(
                    bench,
                    repeat=n_repeat,
                    warmup=n_warmup,
                    fresh_database=fresh_database,
                    advance=lambda task=task: progress.advance(task),
                )
            except Exception as exc:
                progress.console.print(f"[red]{name} failed[/red]\n{traceback.format_exc()}")
                result["error"] = f"{type(exc).__name__}: {exc}"
            else:
                result.update(measured, error=None)
            results.append(result)
    report: dict[str, Any] = {
        "timestamp": now.isoformat().replace("+00:00", "Z"),
        **environment(),
        **(context or {}),
        "duration_seconds": round(time.perf_counter() - started, 3),
        "results": results,
    }
    path = _write(report, results_dir, now)
    console.print(_table(results) if results else "No benchmarks to run.")
    console.print(f"Results: {path} (and {path.parent / 'latest.json'})", soft_wrap=True)
    return path, report


def _figure(value: float) -> str:
    if not math.isfinite(value):
        return str(value)
    return f"{value:,.0f}" if abs(value) >= 100 else f"{value:.4g}"


def _table(results: Iterable[Mapping[str, Any]]) -> Table:
    table = Table(title="Benchmarks (seconds per run; figures are medians)")
    table.add_column("benchmark", no_wrap=True)
    for column in ("median s", "min s", "max s"):
        table.add_column(column, justify="right")
    table.add_column("figures")
    for r in results:
        if r.get("error"):
            table.add_row(r["name"], "-", "-", "-", f"[red]{r['error']}[/red]")
            continue
        s = r["seconds"]
        figures = "\n".join(f"{k} {_figure(v['median'])}" for k, v in r["figures"].items())
        table.add_row(
            r["name"], f"{s['median']:.3f}", f"{s['min']:.3f}", f"{s['max']:.3f}", figures
        )
    return table


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bench.run", description=__doc__.splitlines()[0]
    )
    parser.add_argument("-k", "--select", help="run only benchmarks whose name contains this")
    parser.add_argument(
        "--repeat", type=int, help="measured runs per benchmark (default: its own or 5)"
    )
    parser.add_argument("--warmup", type=int, help="unmeasured runs first (default: its own or 1)")
    parser.add_argument("--results-dir", type=Path, default=RESULTS_DIR)
    parser.add_argument("--list", action="store_true", help="list the benchmarks and exit")
    args = parser.parse_args(argv)
    if args.repeat is not None and args.repeat < 1:
        parser.error("--repeat must be at least 1")
    if args.warmup is not None and args.warmup < 0:
        parser.error("--warmup cannot be negative")
    if os.environ.get("DATABASE_URL"):
        print(
            "DATABASE_URL is ignored: benchmarks run on a temporary SQLite file.", file=sys.stderr
        )

    workdir = Path(tempfile.mkdtemp(prefix="almaty-bench-"))
    try:
        fresh_database = django_setup(workdir)
        if args.list:
            for name, bench in discover():
                print(f"{name}{'  (database)' if bench.database else ''}")
            return 0
        _, report = run_all(
            results_dir=args.results_dir,
            select=args.select,
            repeat=args.repeat,
            warmup=args.warmup,
            fresh_database=fresh_database,
            context={
                "django_settings": os.environ["DJANGO_SETTINGS_MODULE"],
                "database": f"SQLite {sqlite3.sqlite_version} (temporary file, WAL)",
            },
        )
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    return 1 if any(r["error"] for r in report["results"]) else 0


if __name__ == "__main__":
    sys.exit(main())
