"""The same pipeline on Apache Spark (local mode) gives exactly what DuckDB gives.

Spark takes seconds to start, so one module-scoped run of each engine on one data set that
holds every case: the five movement types, rolling limits, overstays of both kinds, impossible
sequences, lone exits, citizens, two rules changing over time."""

from __future__ import annotations

import datetime as dt
import importlib.util
import json
import os
from pathlib import Path

import polars as pl
import pytest

from almaty.borders.engine import ingest, pipeline, schema
from tests.borders.engine.conftest import Row, crossing, rule, stay, write_csv

pytestmark = pytest.mark.spark

D = dt.date(2023, 1, 1)
RULES = [
    rule(1, max_stay_days=30, rolling_limit_days=90, rolling_window_days=180),
    rule(
        2,
        nationality="RUS",
        max_stay_days=90,
        valid_to_day=schema.day_of(D + dt.timedelta(days=200)),
    ),
    rule(
        3,
        nationality="RUS",
        max_stay_days=60,
        valid_from_day=schema.day_of(D + dt.timedelta(days=200)),
    ),
    rule(4, permit="LOCAL_BORDER", exempt=True, max_stay_days=None),
]


def days(n: int) -> dt.timedelta:
    return dt.timedelta(days=n)


def records() -> list[Row]:
    rows: list[Row] = []
    for p in range(40):
        nationality = ("UZB", "RUS", "TJK", "KGZ")[p % 4]
        doc = f"D{p}"
        start = D + days(p * 7)
        kind = p % 5
        if kind == 0:  # circular, sometimes past the rolling limit
            for s in range(4):
                rows += stay(
                    f"{doc}c{s}",
                    start + days(s * 70),
                    start + days(s * 70 + 25 + p % 20),
                    doc=doc,
                    nationality=nationality,
                    purpose="WORK",
                )
        elif kind == 1:  # seasonal
            for s in range(3):
                rows += stay(
                    f"{doc}s{s}",
                    start + days(s * 365),
                    start + days(s * 365 + 150),
                    doc=doc,
                    nationality=nationality,
                    purpose="WORK",
                    permit="EAEU",
                )
        elif kind == 2:  # local trips and a permit holder
            for s in range(6):
                rows += stay(
                    f"{doc}l{s}",
                    start + days(s * 4),
                    start + days(s * 4),
                    doc=doc,
                    nationality=nationality,
                    bcp="KAZ-KORDAI",
                    permit="LOCAL_BORDER" if p % 2 else "VISA_FREE",
                )
        elif kind == 3:  # transit and a late leaver
            rows += stay(
                f"{doc}t",
                start,
                start + days(1),
                doc=doc,
                nationality=nationality,
                purpose="TRANSIT",
                bcp="KAZ-ALM-AIR",
            )
            rows += stay(
                f"{doc}r",
                start + days(20),
                start + days(20 + 35 + p),
                doc=doc,
                nationality=nationality,
            )
        else:  # never left, an impossible sequence, a lone exit, a citizen
            rows.append(
                crossing(f"{doc}x", "EXIT", start - days(3), doc=doc, nationality=nationality)
            )
            rows.append(crossing(f"{doc}e1", "ENTRY", start, doc=doc, nationality=nationality))
            rows += stay(f"{doc}e2", start + days(10), None, doc=doc, nationality=nationality)
            rows += stay(f"{doc}k", start, start + days(9), doc=f"K{p}", nationality="KAZ")
    return rows


@pytest.fixture(scope="module")
def both(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    if importlib.util.find_spec("pyspark") is None:
        if os.environ.get("CI"):
            pytest.fail("PySpark is not installed (make spark)")
        pytest.skip("PySpark is not installed (make spark)")
    folder = tmp_path_factory.mktemp("spark")
    batch = folder / "batch.parquet"
    report = ingest.ingest(
        [write_csv(folder / "in.csv", records())], recording_state="KAZ", out=batch
    )
    assert report.rows_rejected == 0
    outputs = {}
    for engine in ("duckdb", "spark"):
        outputs[engine] = folder / engine
        pipeline.derive(
            [batch],
            rules=RULES,
            out_dir=outputs[engine],
            engine=engine,
            as_of_day=schema.day_of(D + days(1000)),
            bcp_counterparts={"KAZ-KORDAI": "KGZ"},
        )
    return outputs


def test_the_data_holds_every_case(both: dict[str, Path]) -> None:
    stays = pl.read_parquet(both["duckdb"] / "stays.parquet")
    assert set(stays["movement_type"]) == {"TRANSIT", "LOCAL", "CIRCULAR", "SEASONAL", "REGULAR"}
    assert stays.filter(pl.col("is_open") & (pl.col("overstay_days") > 0)).height > 0
    assert stays.filter(~pl.col("is_open") & (pl.col("overstay_days") > 0)).height > 0
    assert set(stays["rule_id"].drop_nulls()) == {1, 2, 3, 4}
    # Some stays are cut short by the rolling limit, not by the days per entry.
    assert stays.filter(pl.col("authorised_stay_days") < 30).height > 0


def test_spark_and_duckdb_give_identical_stays(both: dict[str, Path]) -> None:
    duck = pl.read_parquet(both["duckdb"] / "stays.parquet").sort("entry_record_id")
    spark = pl.read_parquet(both["spark"] / "stays.parquet").sort("entry_record_id")
    assert spark.schema == duck.schema
    assert spark.height == duck.height > 100
    for column in duck.columns:
        assert spark[column].to_list() == duck[column].to_list(), column


def test_spark_and_duckdb_give_identical_indicators_and_summaries(both: dict[str, Path]) -> None:
    for name in ("indicators.csv",):
        assert (both["spark"] / name).read_text() == (both["duckdb"] / name).read_text()
    duck = json.loads((both["duckdb"] / "summary.json").read_text())
    spark = json.loads((both["spark"] / "summary.json").read_text())
    for summary in (duck, spark):
        summary["counts"].pop("seconds")
        summary["counts"].pop("engine")
    assert spark == duck
