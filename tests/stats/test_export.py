"""Exports give back what was submitted, in the exchange layout or as tidy CSV/XLSX."""

from __future__ import annotations

import csv
import io

import polars as pl
import pytest
from django.contrib.auth.models import AnonymousUser

from almaty.core.errors import NotFoundOrForbidden
from almaty.stats import selectors, services
from almaty.stats.engine.columns import COLUMNS
from tests.factories import stats as files


@pytest.fixture
def public_entries(statistician, coordinator):
    rows = [
        files.row(TIME_PERIOD="2024-01", OBS_VALUE="100"),
        files.row(TIME_PERIOD="2024-02", OBS_VALUE="12.5", COMMENT="provisional"),
        files.row(TIME_PERIOD="2024-03", OBS_VALUE="", OBS_STATUS="M"),
    ]
    submission = services.submission_create(
        user=statistician, data=files.sdmx_csv(rows), filename="k.csv"
    )
    services.submission_approve(user=coordinator, submission=submission)
    services.submission_publish(user=coordinator, submission=submission, sharing="public")
    return rows


def test_sdmx_csv_export_reads_back_as_submitted(public_entries):
    frame = selectors.observations_frame(user=AnonymousUser(), indicator="ENTRIES")

    text = selectors.export_bytes(frame, "sdmx-csv").decode("utf-8")
    exported = list(csv.DictReader(io.StringIO(text)))

    assert tuple(exported[0]) == COLUMNS
    assert [
        (r["TIME_PERIOD"], r["OBS_VALUE"], r["OBS_STATUS"], r["COMMENT"]) for r in exported
    ] == [
        ("2024-01", "100", "A", ""),
        ("2024-02", "12.5", "A", "provisional"),
        ("2024-03", "", "M", ""),
    ]
    assert {r["DATAFLOW"] for r in exported} == {"ALMATY:MIGR_BORDER(1.0)"}


def test_exported_sdmx_csv_is_accepted_again_by_validation(public_entries, statistician):
    frame = selectors.observations_frame(user=AnonymousUser(), indicator="ENTRIES")

    result = services.submission_validate(
        user=statistician, data=selectors.export_bytes(frame, "sdmx-csv"), filename="again.csv"
    )

    assert result.ok, result.issues


def test_csv_export_has_numbers_and_lower_case_columns(public_entries):
    frame = selectors.observations_frame(user=AnonymousUser(), indicator="ENTRIES", state="kgz")

    exported = pl.read_csv(selectors.export_bytes(frame, "csv"))

    assert exported["obs_value"].to_list() == [100.0, 12.5, None]
    assert "ref_area" in exported.columns


def test_xlsx_export_has_the_exchange_columns(public_entries):
    from openpyxl import load_workbook

    frame = selectors.observations_frame(user=AnonymousUser(), indicator="ENTRIES")

    sheet = load_workbook(io.BytesIO(selectors.export_bytes(frame, "xlsx"))).active
    rows = list(sheet.iter_rows(values_only=True))

    assert rows[0] == COLUMNS
    assert rows[2][8] == 12.5


def test_unpublished_data_is_not_exported_to_the_public(statistician):
    services.submission_create(user=statistician, data=files.entries(), filename="k.csv")

    frame = selectors.observations_frame(user=AnonymousUser(), indicator="ENTRIES")

    assert frame.height == 0


def test_unknown_indicator_is_a_clear_error(reference):
    with pytest.raises(NotFoundOrForbidden, match="No indicator NOPE"):
        selectors.observations_frame(user=AnonymousUser(), indicator="NOPE")
