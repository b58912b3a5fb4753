"""Reading crossing records: what is kept, skipped and refused, and why."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import polars as pl
import pytest

from almaty.borders.engine import ingest, schema
from tests.borders.engine.conftest import crossing, stay

D = dt.date(2024, 3, 1)


def run(paths: list[Path], out: Path, **options: object) -> ingest.IngestReport:
    return ingest.ingest(paths, recording_state="KAZ", out=out, **options)  # type: ignore[arg-type]


def test_a_clean_file_is_normalised(csv_file: Callable[..., Path], tmp_path: Path) -> None:
    rows = stay("a", D, D + dt.timedelta(days=4), doc="ab 12-34", permit="", authorised=45)
    report = run([csv_file(rows)], tmp_path / "batch.parquet")
    assert (report.rows_read, report.rows_accepted, report.rows_rejected) == (2, 2, 0)
    batch = pl.read_parquet(tmp_path / "batch.parquet").sort("crossed_ts")
    assert batch.columns == [name for name, _ in schema.BATCH_COLUMNS]
    first = batch.row(0, named=True)
    assert first["doc_key"] == "UZB:AB1234"
    assert first["is_entry"] is True
    assert first["crossed_day"] == schema.day_of(D)
    assert first["crossed_month"] == "2024-03"
    # 09:00 at +05:00 is 04:00 UTC.
    assert first["crossed_ts"] == int(dt.datetime(2024, 3, 1, 4, tzinfo=dt.UTC).timestamp())
    assert first["permit"] is None
    assert first["authorised_stay_days"] == 45
    assert first["birth_year"] == 1990


def test_the_local_date_is_kept_across_midnight_utc(
    csv_file: Callable[..., Path], tmp_path: Path
) -> None:
    rows = [crossing("a", "ENTRY", D, time="01:30:00")]  # 20:30 UTC the day before
    run([csv_file(rows)], tmp_path / "batch.parquet")
    batch = pl.read_parquet(tmp_path / "batch.parquet")
    assert batch["crossed_day"].to_list() == [schema.day_of(D)]


@pytest.mark.parametrize(
    ("change", "reason", "column"),
    [
        ({"direction": "IN"}, "bad_direction", "direction"),
        ({"crossed_at": "2024-03-01 10:00"}, "bad_time", "crossed_at"),
        ({"crossed_at": "2024-02-30T10:00:00+05:00"}, "bad_time", "crossed_at"),
        ({"crossed_at": "2024-03-01T10:00:00"}, "bad_time", "crossed_at"),
        ({"recording_state": "KGZ"}, "wrong_state", "recording_state"),
        ({"nationality": "XYZ"}, "bad_country", "nationality"),
        ({"doc_issuer": "UZ"}, "bad_country", "doc_issuer"),
        ({"purpose": "HOLIDAY"}, "bad_purpose", "purpose"),
        ({"permit": "GREEN_CARD"}, "bad_permit", "permit"),
        ({"sex": "Q"}, "bad_sex", "sex"),
        ({"birth_date": "1990-13-01"}, "bad_birth_date", "birth_date"),
        ({"birth_date": "2030"}, "bad_birth_date", "birth_date"),
        ({"authorised_stay_days": "thirty"}, "bad_days", "authorised_stay_days"),
        ({"authorised_stay_days": "-1"}, "bad_days", "authorised_stay_days"),
        ({"doc_number": ""}, "missing_value", "doc_number"),
        ({"doc_type": "passport"}, "bad_doc_type", "doc_type"),
    ],
)
def test_a_bad_row_is_refused_with_its_reason(
    csv_file: Callable[..., Path], tmp_path: Path, change: dict[str, str], reason: str, column: str
) -> None:
    good = crossing("good", "ENTRY", D)
    bad = {**crossing("bad", "EXIT", D), **change}
    report = run([csv_file([good, bad])], tmp_path / "batch.parquet")
    assert report.rows_accepted == 1
    assert report.rejected_by_reason == {reason: 1}
    assert report.samples == [
        {
            "file": "records-0.csv",
            "row": 3,
            "record_id": "bad",
            "reason": reason,
            "column": column,
            "value": change[column],
        }
    ]


def test_codes_are_read_in_any_case(csv_file: Callable[..., Path], tmp_path: Path) -> None:
    row = {**crossing("a", "entry", D), "nationality": "uzb", "purpose": "work", "sex": "f"}
    report = run([csv_file([row])], tmp_path / "batch.parquet")
    assert report.rows_accepted == 1
    batch = pl.read_parquet(tmp_path / "batch.parquet").row(0, named=True)
    assert (batch["nationality"], batch["purpose"], batch["sex"]) == ("UZB", "WORK", "F")


def test_copies_of_one_record_are_kept_once_and_differing_ones_refused(
    csv_file: Callable[..., Path], tmp_path: Path
) -> None:
    same = crossing("a", "ENTRY", D)
    other = crossing("b", "ENTRY", D)
    clash = {**crossing("b", "ENTRY", D), "bcp": "KAZ-KORDAI"}
    report = run([csv_file([same, same, same, other, clash])], tmp_path / "batch.parquet")
    assert report.duplicates_in_file == 2
    assert report.rejected_by_reason == {"duplicate": 2}
    assert report.rows_accepted == 1


def test_records_already_loaded_are_skipped_and_changed_ones_refused(
    csv_file: Callable[..., Path], tmp_path: Path
) -> None:
    first = tmp_path / "first.parquet"
    run([csv_file(stay("a", D, D + dt.timedelta(days=3)))], first)
    rows = [
        *stay("a", D, D + dt.timedelta(days=3)),  # the same two crossings
        {**crossing("b-in", "ENTRY", D)},
    ]
    rows[1] = {**rows[1], "bcp": "KAZ-KORDAI"}  # a-out now says another crossing point
    report = run([csv_file(rows)], tmp_path / "second.parquet", known=[first])
    assert report.rows_already_loaded == 1
    assert report.rejected_by_reason == {"conflict": 1}
    assert report.rows_accepted == 1
    assert pl.read_parquet(tmp_path / "second.parquet")["record_id"].to_list() == ["b-in"]


def test_loading_the_same_file_again_writes_nothing(
    csv_file: Callable[..., Path], tmp_path: Path
) -> None:
    path = csv_file(stay("a", D, D + dt.timedelta(days=3)))
    run([path], tmp_path / "first.parquet")
    report = run([path], tmp_path / "again.parquet", known=[tmp_path / "first.parquet"])
    assert (report.rows_accepted, report.rows_already_loaded) == (0, 2)
    assert not (tmp_path / "again.parquet").exists()


def test_parquet_with_a_timestamp_column_is_read(tmp_path: Path) -> None:
    rows = stay("a", D, D + dt.timedelta(days=3))
    frame = pl.DataFrame(rows).with_columns(
        pl.col("crossed_at").str.to_datetime("%Y-%m-%dT%H:%M:%S%z", time_zone="UTC"),
        pl.col("authorised_stay_days").cast(pl.Int32, strict=False),
    )
    frame.write_parquet(tmp_path / "in.parquet")
    report = run([tmp_path / "in.parquet"], tmp_path / "batch.parquet")
    assert report.rows_accepted == 2
    batch = pl.read_parquet(tmp_path / "batch.parquet").sort("crossed_ts")
    assert batch["crossed_at"][0] == "2024-03-01T04:00:00+00:00"


def test_optional_columns_may_be_left_out(csv_file: Callable[..., Path], tmp_path: Path) -> None:
    columns = [c for c in schema.SPEC_COLUMNS if c not in schema.OPTIONAL_COLUMNS]
    report = run([csv_file([crossing("a", "ENTRY", D)], columns)], tmp_path / "b.parquet")
    assert report.rows_accepted == 1


@pytest.mark.parametrize(
    ("content", "name", "code"),
    [
        ("record_id,direction\n1,ENTRY\n", "short.csv", "missing_columns"),
        ("", "empty.csv", "empty"),
        ("PK\x03\x04 not really", "sheet.xlsx", "unreadable"),
    ],
)
def test_a_file_that_cannot_be_read_is_refused_whole(
    tmp_path: Path, content: str, name: str, code: str
) -> None:
    path = tmp_path / name
    path.write_text(content)
    with pytest.raises(ingest.IngestError) as caught:
        run([path], tmp_path / "batch.parquet")
    assert caught.value.code == code
    assert not (tmp_path / "batch.parquet").exists()


def test_a_header_only_file_is_empty(csv_file: Callable[..., Path], tmp_path: Path) -> None:
    with pytest.raises(ingest.IngestError) as caught:
        run([csv_file([])], tmp_path / "batch.parquet")
    assert caught.value.code == "empty"


def test_the_report_round_trips() -> None:
    report = ingest.IngestReport(rows_read=3, rejected_by_reason={"bad_sex": 1})
    assert ingest.IngestReport.from_dict(report.to_dict()) == report
