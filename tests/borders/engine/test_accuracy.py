"""The engine (ingest + derive on DuckDB) against the generator's ground truth: movement types
at least 95% right on stays whose pattern is unambiguous, overstays exact (kind and days over)
for records without noise, and the data quality report exact for records with noise."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass
from pathlib import Path

import polars as pl
import pytest

from almaty.borders.engine import ingest, overstays, pipeline, schema
from almaty.borders.engine.bcps import counterparts
from almaty.borders.engine.generator import Generated, generate, write
from almaty.borders.engine.synthetic import truth

START, END = dt.date(2021, 1, 1), dt.date(2024, 12, 31)
TYPE_ACCURACY = 0.95


@dataclass
class Run:
    generated: Generated
    report: ingest.IngestReport
    result: pipeline.DeriveResult
    stays_path: Path

    @property
    def stays(self) -> pl.DataFrame:
        return pl.read_parquet(self.stays_path)

    def joined(self) -> pl.DataFrame:
        """The truth's stays beside the engine's, by entry record."""
        engine = self.stays.select(
            "entry_record_id",
            pl.col("exit_record_id").alias("engine_exit_record_id"),
            pl.col("movement_type").alias("engine_type"),
            "movement_basis",
            pl.col("overstay_days").alias("engine_overstay_days"),
            pl.col("authorised_end_day").alias("engine_authorised_end_day"),
        )
        return self.generated.truth_stays.join(engine, on="entry_record_id", how="left")


def run(generated: Generated, directory: Path) -> Run:
    directory.mkdir(parents=True, exist_ok=True)
    source = write(generated, directory / "records.parquet", "parquet")
    batch = directory / "batch.parquet"
    report = ingest.ingest([source], recording_state=generated.recording_state, out=batch)
    result = pipeline.derive(
        [batch],
        rules=generated.rules,
        as_of_day=generated.as_of_day,
        out_dir=directory / "derived",
        bcp_counterparts=counterparts(),
    )
    return Run(generated, report, result, directory / "derived" / "stays.parquet")


@pytest.fixture(scope="module")
def clean(tmp_path_factory: pytest.TempPathFactory) -> Run:
    generated = generate(persons=4000, start=START, end=END, seed=2_024_12_31)
    return run(generated, tmp_path_factory.mktemp("clean"))


@pytest.fixture(scope="module")
def noisy(tmp_path_factory: pytest.TempPathFactory) -> Run:
    generated = generate(persons=2500, start=START, end=END, seed=99, noise=0.02)
    return run(generated, tmp_path_factory.mktemp("noisy"))


def _type_accuracy(joined: pl.DataFrame) -> float:
    clear = joined.filter(~pl.col("ambiguous"))
    assert clear.height > 1000
    return float((clear["movement_type"] == clear["engine_type"]).mean())  # type: ignore[arg-type]


def _overstays(frame: pl.DataFrame, kind: str, days: str) -> set[tuple[str, str, int]]:
    rows = frame.filter(pl.col(kind).is_not_null()).select("entry_record_id", kind, days)
    return set(rows.iter_rows())


def test_the_engine_finds_every_stay_of_noise_free_records(clean: Run) -> None:
    joined = clean.joined()
    assert clean.report.rows_rejected == 0
    assert clean.stays.height == clean.generated.truth_stays.height == joined.height
    assert joined["engine_type"].null_count() == 0
    assert joined["exit_record_id"].eq_missing(joined["engine_exit_record_id"]).all()


def test_movement_types_are_right_on_unambiguous_stays(clean: Run) -> None:
    assert _type_accuracy(clean.joined()) >= TYPE_ACCURACY


def test_overstays_are_exact_for_noise_free_records(clean: Run) -> None:
    expected = _overstays(clean.generated.truth_stays, "kind", "overstay_days")
    found = overstays.overstays_as_of(clean.stays_path, clean.generated.as_of_day)
    assert len(expected) > 100
    assert _overstays(found, "kind", "days_over") == expected
    truth_stays = clean.generated.truth_stays
    assert clean.result.overstays_in_country == (truth_stays["kind"] == "IN_COUNTRY").sum()
    assert clean.result.overstays_out_of_country == (truth_stays["kind"] == "OUT_OF_COUNTRY").sum()


def test_authorised_periods_are_exact_for_noise_free_records(clean: Run) -> None:
    joined = clean.joined()
    differ = joined.filter(
        pl.col("authorised_end_day").ne_missing(pl.col("engine_authorised_end_day"))
    )
    assert differ.height == 0, differ.head()


@pytest.mark.parametrize("state", ["KGZ", "TUR", "TJK"])
def test_other_states_rules_are_applied_exactly(state: str, tmp_path: Path) -> None:
    generated = generate(recording_state=state, persons=1500, start=START, end=END, seed=5)
    got = run(generated, tmp_path)
    joined = got.joined()
    assert _type_accuracy(joined) >= TYPE_ACCURACY
    found = overstays.overstays_as_of(got.stays_path, generated.as_of_day)
    expected = _overstays(generated.truth_stays, "kind", "overstay_days")
    assert _overstays(found, "kind", "days_over") == expected


def test_the_quality_report_counts_the_noise_exactly(noisy: Run) -> None:
    expected = noisy.generated.expected_quality()
    report = noisy.report
    assert report.rows_read == expected["rows_read"]
    assert report.rows_rejected == expected["rows_rejected"]
    assert report.rejected_by_reason == expected["rejected_by_reason"]
    assert report.duplicates_in_file == expected["duplicates_in_file"]
    assert noisy.result.orphan_exits == expected["orphan_exits"] > 0
    assert noisy.result.impossible_sequences == expected["impossible_sequences"] > 0


def test_noise_leaves_the_other_stays_right(noisy: Run) -> None:
    joined = noisy.joined()
    assert _type_accuracy(joined) >= TYPE_ACCURACY
    untouched = joined.filter(~pl.col("ambiguous"))
    assert (untouched["overstay_days"] == untouched["engine_overstay_days"]).all()


def test_rolling_limits_are_exact_on_random_histories(tmp_path: Path) -> None:
    """Histories no pattern produces: stays and gaps of any length, per-entry days on some
    records, an exempt permit on others, under a 90-in-180 and a 30-in-60 limit."""
    rng = random.Random(11)
    rules = [
        {
            "rule_id": 1, "recording_state": "KAZ", "nationality": None, "permit": None,
            "purpose": None, "valid_from_day": 0, "valid_to_day": None, "max_stay_days": 60,
            "rolling_limit_days": 90, "rolling_window_days": 180, "exempt": False,
        },
        {
            "rule_id": 2, "recording_state": "KAZ", "nationality": "RUS", "permit": None,
            "purpose": None, "valid_from_day": 0, "valid_to_day": None, "max_stay_days": None,
            "rolling_limit_days": 30, "rolling_window_days": 60, "exempt": False,
        },
        {
            "rule_id": 3, "recording_state": "KAZ", "nationality": None, "permit": "LOCAL_BORDER",
            "purpose": None, "valid_from_day": 0, "valid_to_day": None, "max_stay_days": None,
            "rolling_limit_days": None, "rolling_window_days": None, "exempt": True,
        },
    ]  # fmt: skip
    first = schema.day_of(dt.date(2023, 1, 1))
    as_of = first + 700
    rows: list[dict[str, object]] = []
    stays: list[tuple[str, truth.StayIn]] = []

    def record(n: int, direction: str, day: int, nat: str, person: int, **more: object) -> str:
        rows.append(
            {
                "record_id": f"R{n:07d}", "recording_state": "KAZ", "bcp": "KAZ-ALM-AIR",
                "direction": direction, "doc_type": "P", "doc_number": f"D{person}",
                "doc_issuer": nat, "nationality": nat, "sex": "M", "purpose": "PRIVATE",
                "crossed_at": f"{schema.date_of(day)}T{'09' if direction == 'ENTRY' else '18'}:00:00+05:00",
                **more,
            }
        )  # fmt: skip
        return f"R{n:07d}"

    n = 0
    for person in range(600):
        nat = rng.choice(["UZB", "RUS"])
        day = first + rng.randint(0, 60)
        for _ in range(rng.randint(1, 8)):
            exit_day: int | None = day + rng.randint(1, 100) - 1
            permit = rng.choice(["VISA_FREE"] * 5 + ["LOCAL_BORDER"])
            days = rng.choice([None, None, None, rng.randint(1, 120)])
            n += 1
            entry_id = record(
                n, "ENTRY", day, nat, person, permit=permit, authorised_stay_days=days
            )
            if exit_day is not None and exit_day > as_of:
                exit_day = None
            stays.append(
                (
                    entry_id,
                    truth.StayIn(f"{nat}:D{person}", day, exit_day, nat, permit, "PRIVATE", days),
                )
            )
            if exit_day is None:
                break
            n += 1
            record(n, "EXIT", exit_day, nat, person, permit=permit)
            day = exit_day + rng.randint(1, 120)
            if day > as_of:
                break
    source = tmp_path / "records.csv"
    pl.DataFrame(rows, infer_schema_length=None).select(pl.all().cast(pl.Utf8)).write_csv(source)
    batch = tmp_path / "batch.parquet"
    assert ingest.ingest([source], recording_state="KAZ", out=batch).rows_rejected == 0
    pipeline.derive([batch], rules=rules, as_of_day=as_of, out_dir=tmp_path / "derived")
    found = pl.read_parquet(tmp_path / "derived" / "stays.parquet")
    expected = truth.simulate([s for _, s in stays], rules, as_of)
    want = pl.DataFrame(
        {
            "entry_record_id": [e for e, _ in stays],
            "authorised_end_day": [x.authorised_end_day for x in expected],
            "overstay_days": [x.overstay_days for x in expected],
        },
        schema={
            "entry_record_id": pl.Utf8,
            "authorised_end_day": pl.Int64,
            "overstay_days": pl.Int64,
        },
    )
    got = found.select(
        "entry_record_id",
        pl.col("authorised_end_day").cast(pl.Int64),
        pl.col("overstay_days").cast(pl.Int64),
    )
    assert got.height == want.height > 2000
    differ = want.join(got, on="entry_record_id", how="left", suffix="_engine").filter(
        pl.col("authorised_end_day").ne_missing(pl.col("authorised_end_day_engine"))
        | (pl.col("overstay_days") != pl.col("overstay_days_engine"))
    )
    assert differ.height == 0, differ.head()
