"""Exports: SDMX-CSV in the spec's layout, tidy CSV, XLSX with typed numbers and notes, and
SDMX-ML that `sdmx1` reads back."""

from __future__ import annotations

import csv
import io

import polars as pl
import pytest
from django.contrib.auth.models import AnonymousUser
from openpyxl import load_workbook

from almaty.core.errors import InvalidInput
from almaty.stats import exports, selectors, services
from almaty.stats.engine.columns import COLUMNS
from tests.factories import stats as files

ROWS = [
    files.row(TIME_PERIOD="2024-01", OBS_VALUE="100"),
    files.row(TIME_PERIOD="2024-02", OBS_VALUE="12.5", COMMENT="provisional, see note"),
    files.row(TIME_PERIOD="2024-03", OBS_VALUE="", OBS_STATUS="M"),
    files.row(TIME_PERIOD="2024-01", COUNTERPART_AREA="KAZ", OBS_VALUE="40"),
]


@pytest.fixture
def frame(statistician, coordinator):
    made = services.submission_create(
        user=statistician, data=files.sdmx_csv(ROWS), filename="k.csv"
    )
    services.submission_approve(user=coordinator, submission=made)
    services.submission_publish(user=coordinator, submission=made, sharing="public")
    return selectors.observations_frame(user=AnonymousUser(), indicator="ENTRIES")


def test_sdmx_csv_has_the_spec_columns_in_order(frame):
    text = exports.export_bytes(frame, "sdmx-csv").decode("utf-8")

    header, *rows = list(csv.reader(io.StringIO(text)))
    assert tuple(header) == COLUMNS
    assert len(rows) == 4
    assert {r[0] for r in rows} == {"ALMATY:MIGR_BORDER(1.0)"}


def test_sdmx_csv_round_trips_the_submitted_rows(frame):
    exported = list(csv.DictReader(io.StringIO(exports.export_bytes(frame, "sdmx-csv").decode())))

    def key(r):
        return (r["TIME_PERIOD"], r["COUNTERPART_AREA"])

    assert sorted(exported, key=key) == sorted(ROWS, key=key)


def test_selectors_export_bytes_delegates_here(frame):
    assert selectors.export_bytes(frame, "csv") == exports.export_bytes(frame, "csv")


def test_csv_chunks_repeat_no_header(frame, monkeypatch):
    monkeypatch.setattr(exports, "CHUNK_ROWS", 1)

    chunks = list(exports.iter_export(frame, "sdmx-csv"))

    assert len(chunks) == 4
    assert b"".join(chunks).count(b"DATAFLOW") == 1


def test_tidy_csv_has_numbers(frame):
    table = pl.read_csv(exports.export_bytes(frame, "csv"))

    assert "dataflow" not in table.columns
    assert sorted(table["obs_value"].drop_nulls().to_list()) == [12.5, 40.0, 100.0]


def test_xlsx_has_a_header_typed_numbers_and_notes(frame):
    data = exports.export_bytes(frame, "xlsx", notes=[("Indicator", "ENTRIES")])

    book = load_workbook(io.BytesIO(data))
    data_sheet, notes = book.worksheets
    rows = list(data_sheet.iter_rows(values_only=True))
    assert rows[0] == COLUMNS
    values = [r[COLUMNS.index("OBS_VALUE")] for r in rows[1:]]
    assert sorted(v for v in values if v is not None) == [12.5, 40, 100]
    assert isinstance(max(v for v in values if v is not None), int)
    notes_rows = list(notes.iter_rows(values_only=True))
    assert ("Indicator", "ENTRIES") in notes_rows
    assert ("Observations", "4") in notes_rows


def test_xlsx_export_is_accepted_again_as_a_submission(frame, statistician):
    result = services.submission_validate(
        user=statistician, data=exports.export_bytes(frame, "xlsx"), filename="again.xlsx"
    )

    assert result.ok, result.issues


def test_sdmx_ml_parses_back_with_sdmx1(frame):
    data = exports.export_bytes(frame, "sdmx-ml")

    back = exports.read_sdmx_ml(data).sort("TIME_PERIOD", "COUNTERPART_AREA")

    assert data.startswith(b"<?xml") or b"StructureSpecificData" in data[:200]
    assert back.select("TIME_PERIOD", "COUNTERPART_AREA", "OBS_VALUE", "OBS_STATUS").rows() == [
        ("2024-01", "KAZ", 40.0, "A"),
        ("2024-01", "_T", 100.0, "A"),
        ("2024-02", "_T", 12.5, "A"),
        ("2024-03", "_T", None, "M"),
    ]
    assert back.filter(pl.col("TIME_PERIOD") == "2024-02")["COMMENT"].to_list() == [
        "provisional, see note"
    ]


def test_sdmx_ml_is_read_by_sdmx1_directly(frame):
    import sdmx

    message = sdmx.read_sdmx(
        io.BytesIO(exports.export_bytes(frame, "sdmx-ml")), structure=exports.data_structure()
    )

    assert len(message.data[0].obs) == 4


def test_sdmx_ml_has_a_size_limit(frame, monkeypatch):
    monkeypatch.setattr(exports, "SDMX_ML_LIMIT", 3)

    with pytest.raises(InvalidInput):
        exports.export_bytes(frame, "sdmx-ml")


def test_unknown_format_is_refused(frame):
    with pytest.raises(InvalidInput):
        exports.export_bytes(frame, "pdf")


def test_an_empty_export_still_has_its_header(db):
    empty = pl.DataFrame(schema=selectors.SCHEMA)

    assert exports.export_bytes(empty, "sdmx-csv").decode().strip() == ",".join(COLUMNS)
