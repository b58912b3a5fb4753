import datetime as dt
import io

import openpyxl
import pytest

from almaty.stats.engine.columns import COLUMNS
from almaty.stats.engine.errors import FileProblem
from almaty.stats.engine.validate import read_table, validate_file

from .rows import csv_text, row, sdmx_csv


def _codes(data: bytes, filename: str = "data.csv") -> list[tuple[int | None, str | None, str]]:
    return [(i.row, i.column, i.code) for i in validate_file(data, filename).issues]


def test_utf8_with_and_without_bom_read_alike() -> None:
    text = csv_text([row(COMMENT="Алматы")])
    plain = read_table(text.encode("utf-8"), "a.csv")
    bom = read_table(text.encode("utf-8-sig"), "a.csv")
    assert plain.equals(bom)
    assert plain["COMMENT"].to_list() == ["Алматы"]
    assert plain["row"].to_list() == [2]


@pytest.mark.parametrize("encoding", ["utf-16", "utf-32"])
def test_utf16_and_utf32_are_refused_by_name(encoding: str) -> None:
    result = validate_file(csv_text([row()]).encode(encoding), "a.csv")
    assert not result.ok
    assert [(i.code, i.params["encoding"]) for i in result.issues] == [
        ("bad_encoding", encoding.upper())
    ]


def test_windows_1251_is_refused_on_the_lines_that_hold_its_bytes() -> None:
    text = csv_text([row(TIME_PERIOD="2024-01"), row(COMMENT="оценка"), row(TIME_PERIOD="2024-05")])
    assert _codes(text.encode("cp1251")) == [(3, None, "bad_encoding")]


@pytest.mark.parametrize("data", [b"", b"  \n", sdmx_csv([])])
def test_empty_file(data: bytes) -> None:
    assert _codes(data) == [(None, None, "empty_file")]


def test_header_problems_are_all_reported() -> None:
    columns = [c for c in COLUMNS if c not in ("SEX", "OBS_VALUE")] + ["NOTE", "AGE"]
    assert sorted(_codes(sdmx_csv([row()], columns)), key=str) == sorted(
        [
            (1, "AGE", "duplicate_column"),
            (1, None, "unknown_column"),
            (1, "SEX", "missing_column"),
            (1, "OBS_VALUE", "missing_column"),
        ],
        key=str,
    )


def test_comment_column_may_be_left_out() -> None:
    columns = [c for c in COLUMNS if c != "COMMENT"]
    assert validate_file(sdmx_csv([row()], columns), "a.csv").ok


def test_row_with_too_many_fields() -> None:
    data = sdmx_csv([row(), row(TIME_PERIOD="2024-04")]) + b"a,b,c,d,e,f,g,h,i,j,k,l,m\n"
    assert _codes(data) == [(4, None, "wrong_field_count")]


def test_blank_lines_keep_their_numbers_and_cells_are_trimmed() -> None:
    text = (
        csv_text([row()])
        + "\n"
        + csv_text([row(TIME_PERIOD=" 2024-04 ", SEX="X")]).split("\n", 1)[1]
    )
    result = validate_file(text.encode(), "a.csv")
    assert [(i.row, i.column, i.code) for i in result.issues] == [(4, "SEX", "unknown_code")]
    assert result.frame["TIME_PERIOD"].to_list() == ["2024-03", "2024-04"]


def _xlsx(rows: list[list[object]]) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    for values in rows:
        sheet.append(values)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_xlsx_first_sheet_with_spreadsheet_types_and_row_numbers() -> None:
    header = list(COLUMNS)
    first = [row()[c] for c in header]
    first[header.index("TIME_PERIOD")] = dt.datetime(2024, 3, 1)  # what Excel makes of 2024-03
    first[header.index("OBS_VALUE")] = 100.0
    second = [row(TIME_PERIOD="2024-04", OBS_VALUE="x")[c] for c in header]
    result = validate_file(_xlsx([header, first, [], second]), "data.xlsx")
    assert [(i.row, i.column, i.code) for i in result.issues] == [(4, "OBS_VALUE", "not_a_number")]
    assert result.frame["TIME_PERIOD"].to_list() == ["2024-03", "2024-04"]
    assert result.frame["value"].to_list() == [100.0, None]


def test_xlsx_header_is_checked() -> None:
    header = [c for c in COLUMNS if c != "REF_AREA"]
    assert _codes(_xlsx([header]), "data.xlsx") == [(1, "REF_AREA", "missing_column")]


def test_broken_xlsx_is_unreadable() -> None:
    with pytest.raises(FileProblem) as caught:
        read_table(b"PK\x03\x04 not really a zip", "data.xlsx")
    assert caught.value.issue.code == "unreadable_file"
