"""Statistics dashboards: the regional dashboard's queries over 5,000,000 stored observations.

The observations are generated with Polars (no Python loop per row): monthly ENTRIES of nine
States for 2010-2024, broken down by partner country (40 and the total), sex, age and purpose
of travel, about 5,000,000 rows; three States share with members only. They are written to
the benchmark's SQLite database the way `submission_create` writes them (`storage.store`, one
transaction, executemany) under one published submission; then:

- `store_s`: writing the rows to the database (not what the issue's target is about);
- `refresh_s`: the full snapshot refresh (`analytics.refresh()`: bulk read through SQLite's
  connection and Polars, then the Parquet file written);
- `regional_p50_ms` / `regional_p95_ms` over 20 runs: the regional dashboard's queries for an
  anonymous reader, as the indicator page runs them (`analytics.reader`, its freshness check
  included, then the regional series, the series by State and the latest value per State);
  target < 300 ms;
- `series_p50_ms`: the regional series alone; `corridors_p50_ms`: the top-10 corridor matrix
  over the last year.
"""

from __future__ import annotations

import statistics
import time
from datetime import date

import polars as pl

from bench.run import benchmark

STATES = ("AFG", "AZE", "IRN", "KAZ", "KGZ", "PAK", "TJK", "TKM", "TUR")
MEMBERS_ONLY = ("IRN", "PAK", "TKM")
PARTNERS = (
    "RUS", "CHN", "IND", "ARE", "SAU", "DEU", "POL", "KOR", "GEO", "ARM", "BLR", "UKR", "MNG",
    "USA", "GBR", "FRA", "ITA", "CZE", "LTU", "QAT", "JPN", "BGD", "IRQ", "SYR", "EGY", "ISR",
    "LVA", "EST", "FIN", "SWE", "UZB", "KAZ", "KGZ", "TJK", "TKM", "AFG", "AZE", "IRN", "TUR",
    "PAK",
)  # fmt: skip
SEXES = ("_T", "F", "M")
AGES = ("_T", "Y_LT18", "Y18T34", "Y35T64", "Y_GE65")
PURPOSES = ("_T", "WORK", "PRIVATE", "TOURISM", "OTHER")
RUNS = 20


def generate() -> pl.DataFrame:
    """About 5,000,000 observations in the observation table's columns (storage.DB_COLUMNS)."""
    months = pl.date_range(date(2010, 1, 1), date(2024, 12, 1), "1mo", eager=True)
    frame = (
        pl.DataFrame({"ref_area": STATES})
        .join(pl.DataFrame({"period_start": months}), how="cross")
        .join(pl.DataFrame({"counterpart": ["_T", *PARTNERS]}), how="cross")
        .join(pl.DataFrame({"sex": SEXES}), how="cross")
        .join(pl.DataFrame({"age": AGES}), how="cross")
        .join(pl.DataFrame({"purpose": PURPOSES}), how="cross")
    )
    noise = pl.int_range(pl.len()).hash(20_241_107) % 1000
    return frame.select(
        pl.lit(0, pl.Int64).alias("submission_id"),
        "ref_area",
        pl.lit("ENTRIES").alias("indicator"),
        "period_start",
        pl.lit("M").alias("freq"),
        "counterpart",
        "sex",
        "age",
        "purpose",
        noise.cast(pl.Float64).alias("value"),
        pl.lit("EV").alias("unit"),
        pl.lit("A").alias("obs_status"),
        pl.lit("").alias("comment"),
        pl.lit(False).alias("superseded"),
    )


def _store(rows: pl.DataFrame, sharing: str) -> None:
    from django.db import transaction
    from django.utils import timezone

    from almaty.stats import storage
    from almaty.stats.models import Submission, SubmissionStatus

    with transaction.atomic():
        now = timezone.now()
        submission = Submission.objects.create(
            indicators="ENTRIES",
            file_name=f"bench-{sharing}.csv",
            sha256=sharing.ljust(64, "0"),
            status=SubmissionStatus.PUBLISHED,
            sharing=sharing,
            approved_at=now,
            published_at=now,
            rows=rows.height,
        )
        storage.store(rows.with_columns(pl.lit(submission.pk).alias("submission_id")), None)


def _ms(samples: list[float]) -> tuple[float, float]:
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return statistics.median(ordered) * 1000, p95 * 1000


@benchmark(database=True, repeat=1, warmup=0)
def dashboard_five_million() -> dict[str, float]:
    from django.contrib.auth.models import AnonymousUser

    from almaty.stats import analytics

    rows = generate()
    members = pl.col("ref_area").is_in(MEMBERS_ONLY)
    start = time.perf_counter()
    _store(rows.filter(~members), "public")
    _store(rows.filter(members), "members")
    store_s = time.perf_counter() - start

    refreshed = analytics.refresh()
    if refreshed.get("rows") != rows.height:
        raise AssertionError(f"the snapshot should hold {rows.height} rows: {refreshed}")

    anonymous = AnonymousUser()
    page, series, corridors = [], [], []
    for _ in range(RUNS):
        start = time.perf_counter()
        read = analytics.reader(anonymous)
        regional = read.regional_series("ENTRIES")
        read.series_by_state("ENTRIES")
        read.latest_by_state("ENTRIES")
        page.append(time.perf_counter() - start)
        start = time.perf_counter()
        read.regional_series("ENTRIES")
        series.append(time.perf_counter() - start)
        start = time.perf_counter()
        read.corridors("ENTRIES", start=date(2024, 1, 1), end=date(2024, 12, 1), top=10)
        corridors.append(time.perf_counter() - start)
    if not regional or regional[-1].states != len(STATES) - len(MEMBERS_ONLY):
        raise AssertionError("an anonymous reader should see the six public States only")
    page_p50, page_p95 = _ms(page)
    return {
        "observations": rows.height,
        "store_s": store_s,
        "refresh_s": refreshed["seconds"],
        "regional_p50_ms": page_p50,
        "regional_p95_ms": page_p95,
        "series_p50_ms": _ms(series)[0],
        "corridors_p50_ms": _ms(corridors)[0],
    }


BENCHMARKS = [dashboard_five_million]
