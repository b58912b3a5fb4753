"""Statistics exchange: validating, and importing, 1,000,000 SDMX-CSV rows, each beside a plain
DuckDB `read_csv` of the same file in the same run.

The file (about 85 MB) is generated once per process into a temporary directory: valid rows
for ten States of the region, every indicator of the catalogue at its own periodicity over
2010-2024, breakdowns by partner country and sex (and purpose and age for crossings) whose
totals add up, as a Member State would submit them. The issue's bar for both is at least
200,000 rows/s on 2 cores.

DuckDB's time (`duckdb_rows_per_s`) is reading the file into an in-memory table with its
default CSV sniffing (`CREATE TABLE ... AS SELECT * FROM read_csv(...)`) and counting the rows.

`validate_million` times `validate_file` alone (read with polars + every rule, duplicates and
totals included; no database): `validate_rows_per_s`, and `validate_over_duckdb`, validate's
seconds over DuckDB's (how much dearer a full validation is than just loading the file).

`import_million_sqlite` (the harness's temporary SQLite file) and, when `BENCH_DATABASE_URL`
names a PostgreSQL server (e.g. `postgresql://postgres@127.0.0.1:5432/postgres`),
`import_million_postgresql` (in a child process, on a database it creates and drops) time
what a Support Unit member's upload costs: `services.submission_create(..., confirm=True)` on
a freshly migrated database holding only the reference data, called outside any transaction
so that its own (it is atomic) commits before it returns. One untimed `file_check` of the
file's first ~1,000 rows comes first (imports, catalogue, first queries). Its progress
callback ("check" steps, then "store" steps, one per batch of `storage.CHUNK` rows) splits
the time; `check_s + store_s + commit_s == import_s`:

- `import_s`: the call, from entry to return; `import_rows_per_s` is `rows / import_s`;
- `check_s`: entry to the last "check" call, made once the plausibility rule has run (the
  user's rights, the stored history read for that rule, reading the file and every rule);
- `store_s`: the last "check" call to the last "store" call, made once the last batch is
  written: all that `submission_create` does in between (as of this writing: the
  validation's last steps, sorting its issues and selecting the frame's columns; the file's
  digest; the lookups of an identical file, of submissions awaiting approval that hold the
  same series and of the earlier submission of those series; the submission row; shaping
  and sorting the rows; then every batch written: COPY on PostgreSQL, executemany on SQLite);
- `store_first_batch_s`: the last "check" call to the first "store" call (all of the above
  up to and including the first batch written);
- `commit_s`: the last "store" call to the return (the audit entry and the COMMIT);
- `store_rows_per_s`: the rows of every batch after the first over the time from the first
  "store" call to the last: the steady rate of writing, without the preparation;
- `import_over_duckdb`: `import_s` over DuckDB's seconds;
- `stored`: the observations of the submission counted afterwards (checked equal to `rows`;
  the submission is checked to be `validated` with `rows` rows).

`load_average_start`/`_end` (1-minute load average, `os.getloadavg`) are recorded because
the machine may be busy with other work. `peak_rss_mb` is the peak resident memory so far of
the process that ran the figures (the harness's for validation and SQLite, which includes
the generator and earlier benchmarks; the child's, generator included, for PostgreSQL).
"""

from __future__ import annotations

import atexit
import os
import random
import resource
import shutil
import sys
import tempfile
import time
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any

import duckdb

from almaty.stats.engine.catalogue import Indicator, load_catalogue
from almaty.stats.engine.columns import COLUMNS, DIMENSIONS
from almaty.stats.engine.validate import validate_file
from bench.database import postgresql_child, run_in_postgresql_child
from bench.run import benchmark

ROWS = 1_000_000
SEED = 20_241_107
STATES = ("KAZ", "KGZ", "TJK", "TKM", "UZB", "AFG", "AZE", "IRN", "TUR", "PAK")
PARTNERS = (
    "RUS", "CHN", "KAZ", "KGZ", "TJK", "TKM", "UZB", "AFG", "AZE", "IRN", "TUR", "PAK", "IND",
    "ARE", "SAU", "DEU", "POL", "KOR", "GEO", "ARM", "BLR", "UKR", "MNG", "USA", "GBR", "FRA",
    "ITA", "CZE", "LTU", "QAT", "JPN", "BGD", "IRQ", "SYR", "EGY", "ISR", "LVA", "EST", "FIN",
    "SWE",
)  # fmt: skip
YEARS = range(2010, 2025)
PURPOSES = (
    "WORK",
    "PRIVATE",
    "TOURISM",
    "BUSINESS",
    "STUDY",
    "TRANSIT",
    "OFFICIAL",
    "RESIDENCE",
    "OTHER",
)
AGES = ("Y_LT18", "Y18T34", "Y35T64", "Y_GE65")


def _periods(freq: str) -> list[str]:
    if freq == "A":
        return [str(y) for y in YEARS]
    if freq == "Q":
        return [f"{y}-Q{q}" for y in YEARS for q in range(1, 5)]
    return [f"{y}-{m:02d}" for y in YEARS for m in range(1, 13)]


def _split(rng: random.Random, total: int, parts: int) -> list[int]:
    """`total` cut into `parts` non-negative integers that add up to it."""
    cuts = sorted(rng.randint(0, total) for _ in range(parts - 1))
    return [b - a for a, b in zip([0, *cuts], [*cuts, total], strict=True)]


def _rows(ind: Indicator, rng: random.Random) -> Iterator[tuple[str, ...]]:
    """Rows (REF_AREA, TIME_PERIOD, COUNTERPART, SEX, AGE, PURPOSE, OBS_VALUE) of an indicator."""
    uses = {d: d in ind.dimensions for d in DIMENSIONS}
    na = "_Z"
    age_t = "_T" if uses["AGE"] else na
    purpose_t = "_T" if uses["PURPOSE"] else na
    partners = PARTNERS[: 40 if uses["PURPOSE"] else 25]
    for state in STATES:
        for period in _periods(ind.periodicity):
            scale = rng.randint(50, 5000)
            cp_t = "_T" if uses["COUNTERPART_AREA"] else na
            by_sex_total = {"F": 0, "M": 0}
            if uses["COUNTERPART_AREA"]:
                for partner in partners:
                    if partner == state:
                        continue
                    female, male = rng.randint(0, scale), rng.randint(0, scale)
                    if uses["SEX"]:
                        yield state, period, partner, "F", age_t, purpose_t, str(female)
                        yield state, period, partner, "M", age_t, purpose_t, str(male)
                        yield state, period, partner, "_T", age_t, purpose_t, str(female + male)
                    else:
                        yield state, period, partner, na, age_t, purpose_t, str(female + male)
                    by_sex_total["F"] += female
                    by_sex_total["M"] += male
            else:
                by_sex_total = {"F": rng.randint(0, scale), "M": rng.randint(0, scale)}
            grand = by_sex_total["F"] + by_sex_total["M"]
            sex_t = "_T" if uses["SEX"] else na
            if uses["SEX"]:
                for sex, value in by_sex_total.items():
                    yield state, period, cp_t, sex, age_t, purpose_t, str(value)
            yield state, period, cp_t, sex_t, age_t, purpose_t, str(grand)
            if uses["AGE"]:
                for age, value in zip(AGES, _split(rng, grand, len(AGES)), strict=True):
                    yield state, period, cp_t, sex_t, age, purpose_t, str(value)
            if uses["PURPOSE"]:
                for purpose, value in zip(PURPOSES, _split(rng, grand, len(PURPOSES)), strict=True):
                    yield state, period, cp_t, sex_t, age_t, purpose, str(value)


def generate(path: Path, rows: int = ROWS) -> int:
    """Write `rows` valid SDMX-CSV rows to `path`, indicators interleaved; returns the count."""
    rng = random.Random(SEED)
    catalogue = [i for i in load_catalogue().values() if i.source == "submitted"]
    streams = [(ind, _rows(ind, rng)) for ind in catalogue]
    written = 0
    with path.open("w", encoding="utf-8", newline="") as out:
        out.write(",".join(COLUMNS) + "\r\n")
        while streams and written < rows:
            for ind, stream in list(streams):
                for _ in range(500):  # a block of each indicator in turn, as exports come
                    row = next(stream, None)
                    if row is None:
                        streams.remove((ind, stream))
                        break
                    state, period, cp, sex, age, purpose, value = row
                    status = "E" if written % 97 == 0 else "A"
                    out.write(
                        f"{ind.dataflow},{state},{ind.code},{period},{cp},{sex},{age},{purpose},"
                        f"{value},{ind.unit},{status},\r\n"
                    )
                    written += 1
                    if written >= rows:
                        return written
    return written


@cache
def _data() -> tuple[Path, bytes, int]:
    directory = Path(tempfile.mkdtemp(prefix="almaty-bench-stats-"))
    atexit.register(shutil.rmtree, directory, ignore_errors=True)
    path = directory / "observations.csv"
    count = generate(path)
    return path, path.read_bytes(), count


def _peak_rss_mb() -> float:
    # Linux's ru_maxrss carries over the parent's peak into a child started with fork and
    # exec; VmHWM is this program's own.
    try:
        status = Path("/proc/self/status").read_text(encoding="ascii")
    except OSError:
        status = ""
    for line in status.splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024


def _duckdb_seconds(path: Path, count: int) -> float:
    """Seconds DuckDB takes to read the file into a table (checked to hold `count` rows)."""
    start = time.perf_counter()
    with duckdb.connect() as con:
        con.execute("CREATE TABLE observations AS SELECT * FROM read_csv(?)", [str(path)])
        loaded = con.execute("SELECT count(*) FROM observations").fetchone()
    seconds = time.perf_counter() - start
    if loaded is None or loaded[0] != count:
        raise AssertionError(f"DuckDB read {loaded} rows, expected {count}")
    return seconds


@benchmark(repeat=3, warmup=1)
def validate_million() -> dict[str, float]:
    path, data, count = _data()

    start = time.perf_counter()
    result = validate_file(data, path.name)
    validate_s = time.perf_counter() - start
    if not result.ok or result.rows != count:
        raise AssertionError(f"the generated file should be valid: {result.issues[:5]}")

    duckdb_s = _duckdb_seconds(path, count)
    return {
        "rows": count,
        "validate_rows_per_s": count / validate_s,
        "duckdb_rows_per_s": count / duckdb_s,
        "validate_over_duckdb": validate_s / duckdb_s,
        "peak_rss_mb": _peak_rss_mb(),
    }


# --- import: validate, store, commit ---------------------------------------------------------


def _support_unit_user() -> Any:
    from almaty.accounts.models import Role, RoleAssignment, User

    user = User.objects.create(email="stats-bench@example.org", full_name="Statistics benchmark")
    RoleAssignment.objects.create(
        user=user, role=Role.objects.get(code="support_unit"), valid_from="2020-01-01"
    )
    return user


def import_workload() -> dict[str, float]:
    """Import the file with `submission_create` on the default database; the figures."""
    from django.db import connection

    from almaty.process.services import reference_load
    from almaty.stats import services
    from almaty.stats.models import Observation, Submission, SubmissionStatus

    path, data, count = _data()
    figures: dict[str, float] = {"load_average_start": os.getloadavg()[0]}
    reference_load()
    user = _support_unit_user()
    head = data[: data.index(b"\r\n", 100_000) + 2]  # the header and ~1,000 rows
    if not services.file_check(data=head, filename=path.name).ok:
        raise AssertionError("the file's first rows should be valid")

    marks: dict[str, list[tuple[float, int]]] = {"check": [], "store": []}

    def progress(step: str, done: int, total: int) -> None:
        marks[step].append((time.perf_counter(), done))

    if connection.in_atomic_block:
        raise AssertionError("the import must commit its own transaction inside the timing")
    start = time.perf_counter()
    submission = services.submission_create(
        user=user, data=data, filename=path.name, confirm=True, progress=progress
    )
    end = time.perf_counter()
    if not marks["check"] or not marks["store"]:
        raise AssertionError(f"progress should report checking and storing: {marks}")
    checked = marks["check"][-1][0]
    (first_store, first_done), (last_store, last_done) = marks["store"][0], marks["store"][-1]

    saved = Submission.objects.get(pk=submission.pk)
    if saved.status != SubmissionStatus.VALIDATED or saved.rows != count:
        raise AssertionError(f"submission {saved.pk} is {saved.status} with {saved.rows} rows")
    stored = Observation.objects.filter(submission_id=saved.pk).count()
    if stored != count or last_done != count:
        raise AssertionError(f"{stored} observations stored ({last_done} reported) of {count}")

    duckdb_s = _duckdb_seconds(path, count)
    import_s = end - start
    figures |= {
        "rows": count,
        "import_rows_per_s": count / import_s,
        "import_s": import_s,
        "check_s": checked - start,
        "store_s": last_store - checked,
        "store_first_batch_s": first_store - checked,
        "commit_s": end - last_store,
    }
    if last_done > first_done:  # more than one batch
        figures["store_rows_per_s"] = (last_done - first_done) / (last_store - first_store)
    return figures | {
        "duckdb_rows_per_s": count / duckdb_s,
        "import_over_duckdb": import_s / duckdb_s,
        "stored": stored,
        "peak_rss_mb": _peak_rss_mb(),
        "load_average_end": os.getloadavg()[0],
    }


@benchmark(database=True, repeat=1, warmup=0)
def import_million_sqlite() -> dict[str, float]:
    return import_workload()


@benchmark(repeat=1, warmup=0)
def import_million_postgresql() -> dict[str, float]:
    return run_in_postgresql_child(
        "bench.bench_stats", os.environ["BENCH_DATABASE_URL"], label="stats"
    )


BENCHMARKS = [
    validate_million,
    import_million_sqlite,
    *([import_million_postgresql] if os.environ.get("BENCH_DATABASE_URL") else []),
]


if __name__ == "__main__":
    postgresql_child(import_workload)
