"""Statistics exchange: validating 1,000,000 SDMX-CSV rows, beside a plain DuckDB `read_csv`.

The file (about 85 MB) is generated once per process into a temporary directory: valid rows
for ten States of the region, every indicator of the catalogue at its own periodicity over
2010-2024, breakdowns by partner country and sex (and purpose and age for crossings) whose
totals add up, as a Member State would submit them. Each run then times, on the same bytes:

- `validate_file` (read with polars + every rule, duplicates and totals included), the issue's
  bar being at least 200,000 rows/s on 2 cores: `validate_rows_per_s`;
- DuckDB reading the same file into a table with its default CSV sniffing (`read_csv`):
  `duckdb_rows_per_s`; `validate_over_duckdb` is the ratio of the two times (validate's
  seconds over DuckDB's: how much dearer a full validation is than just loading the file).

`peak_rss_mb` is this process's peak resident memory so far (it includes the generator's).
"""

from __future__ import annotations

import atexit
import random
import resource
import shutil
import sys
import tempfile
import time
from collections.abc import Iterator
from functools import cache
from pathlib import Path

import duckdb

from almaty.stats.engine.catalogue import Indicator, load_catalogue
from almaty.stats.engine.columns import COLUMNS, DIMENSIONS
from almaty.stats.engine.validate import validate_file
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
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024


@benchmark(repeat=3, warmup=1)
def validate_million() -> dict[str, float]:
    path, data, count = _data()

    start = time.perf_counter()
    result = validate_file(data, path.name)
    validate_s = time.perf_counter() - start
    if not result.ok or result.rows != count:
        raise AssertionError(f"the generated file should be valid: {result.issues[:5]}")

    start = time.perf_counter()
    with duckdb.connect() as con:
        con.execute("CREATE TABLE observations AS SELECT * FROM read_csv(?)", [str(path)])
        loaded = con.execute("SELECT count(*) FROM observations").fetchone()
    duckdb_s = time.perf_counter() - start
    if loaded is None or loaded[0] != count:
        raise AssertionError(f"DuckDB read {loaded} rows, expected {count}")

    return {
        "rows": count,
        "validate_rows_per_s": count / validate_s,
        "duckdb_rows_per_s": count / duckdb_s,
        "validate_over_duckdb": validate_s / duckdb_s,
        "peak_rss_mb": _peak_rss_mb(),
    }


BENCHMARKS = [validate_million]
