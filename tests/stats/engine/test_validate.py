import csv
import io

import polars as pl
import pytest

from almaty.stats.engine import validate as validation
from almaty.stats.engine.catalogue import load_catalogue
from almaty.stats.engine.errors import Issue
from almaty.stats.engine.validate import issues_csv, validate, validate_file

from .rows import PROTECTION, row, sdmx_csv

STATELESS = {
    "DATAFLOW": PROTECTION,
    "INDICATOR": "STATELESS",
    "TIME_PERIOD": "2023",
    "UNIT_MEASURE": "PS",
    "PURPOSE": "_Z",
    "COUNTERPART_AREA": "_Z",
}


def check(rows: list[dict[str, str]], **options: object) -> validation.ValidationResult:
    return validate_file(sdmx_csv(rows), "data.csv", **options)  # type: ignore[arg-type]


def found(result: validation.ValidationResult) -> list[tuple[int | None, str | None, str]]:
    return [(i.row, i.column, i.code) for i in result.issues]


@pytest.mark.parametrize(
    "changes",
    [
        {},
        {"OBS_VALUE": "", "OBS_STATUS": "M"},
        {"OBS_STATUS": ""},
        {"OBS_VALUE": "1.5e3"},
        {"OBS_VALUE": "0"},
        {"COUNTERPART_AREA": "KGZ"},
        {"COUNTERPART_AREA": "_X"},
        {"SEX": "_U"},
        {"COMMENT": "оценка, по данным погранслужбы"},
        STATELESS,
    ],
)
def test_valid_rows_are_accepted(changes: dict[str, str]) -> None:
    rows = [row(**changes)]
    if "," in changes.get("COMMENT", ""):
        rows[0]["COMMENT"] = '"' + changes["COMMENT"] + '"'
    result = check(rows)
    assert result.ok, result.issues
    assert result.frame.height == 1


def test_normalised_frame() -> None:
    result = check([row(OBS_VALUE="12.5", OBS_STATUS="")])
    assert result.rows == 1
    first = result.frame.row(0, named=True)
    assert first["value"] == 12.5
    assert first["OBS_STATUS"] == "A"
    assert str(first["period_start"]) == "2024-03-01"
    assert first["freq"] == "M"
    assert first["row"] == 2


@pytest.mark.parametrize(
    ("changes", "column", "code", "params"),
    [
        ({"REF_AREA": "KZZ"}, "REF_AREA", "unknown_code", {"column": "REF_AREA", "value": "KZZ"}),
        ({"REF_AREA": "_T"}, "REF_AREA", "unknown_code", {"column": "REF_AREA", "value": "_T"}),
        (
            {"INDICATOR": "ENTRY"},
            "INDICATOR",
            "unknown_code",
            {"column": "INDICATOR", "value": "ENTRY"},
        ),
        (
            {"COUNTERPART_AREA": "SU"},
            "COUNTERPART_AREA",
            "unknown_code",
            {"column": "COUNTERPART_AREA", "value": "SU"},
        ),
        ({"SEX": "X"}, "SEX", "unknown_code", {"column": "SEX", "value": "X"}),
        ({"AGE": "Y0T4"}, "AGE", "unknown_code", {"column": "AGE", "value": "Y0T4"}),
        (
            {"PURPOSE": "HOLIDAY"},
            "PURPOSE",
            "unknown_code",
            {"column": "PURPOSE", "value": "HOLIDAY"},
        ),
        (
            {"UNIT_MEASURE": "KG"},
            "UNIT_MEASURE",
            "unknown_code",
            {"column": "UNIT_MEASURE", "value": "KG"},
        ),
        ({"OBS_STATUS": "Z"}, "OBS_STATUS", "unknown_code", {"column": "OBS_STATUS", "value": "Z"}),
        (
            {"DATAFLOW": "ALMATY:X(1.0)"},
            "DATAFLOW",
            "unknown_code",
            {"column": "DATAFLOW", "value": "ALMATY:X(1.0)"},
        ),
        (
            {"DATAFLOW": PROTECTION},
            "DATAFLOW",
            "wrong_dataflow",
            {"value": PROTECTION, "expected": "ALMATY:MIGR_BORDER(1.0)", "indicator": "ENTRIES"},
        ),
        ({"TIME_PERIOD": "2024-13"}, "TIME_PERIOD", "bad_period", {"value": "2024-13"}),
        ({"TIME_PERIOD": "2024M03"}, "TIME_PERIOD", "bad_period", {"value": "2024M03"}),
        (
            {"TIME_PERIOD": "2024"},
            "TIME_PERIOD",
            "wrong_periodicity",
            {"value": "2024", "expected": "M", "indicator": "ENTRIES"},
        ),
        (
            {"TIME_PERIOD": "2024-Q1"},
            "TIME_PERIOD",
            "wrong_periodicity",
            {"value": "2024-Q1", "expected": "M", "indicator": "ENTRIES"},
        ),
        (
            {**STATELESS, "COUNTERPART_AREA": "AFG"},
            "COUNTERPART_AREA",
            "dimension_not_used",
            {"column": "COUNTERPART_AREA", "value": "AFG", "indicator": "STATELESS"},
        ),
        (
            {**STATELESS, "PURPOSE": "_T"},
            "PURPOSE",
            "dimension_not_used",
            {"column": "PURPOSE", "value": "_T", "indicator": "STATELESS"},
        ),
        ({"SEX": "_Z"}, "SEX", "dimension_required", {"column": "SEX", "indicator": "ENTRIES"}),
        (
            {"UNIT_MEASURE": "PS"},
            "UNIT_MEASURE",
            "wrong_unit",
            {"value": "PS", "expected": "EV", "indicator": "ENTRIES"},
        ),
        ({"OBS_VALUE": "abc"}, "OBS_VALUE", "not_a_number", {"value": "abc"}),
        ({"OBS_VALUE": "1 000"}, "OBS_VALUE", "not_a_number", {"value": "1 000"}),
        ({"OBS_VALUE": "inf"}, "OBS_VALUE", "not_a_number", {"value": "inf"}),
        ({"OBS_VALUE": "NaN"}, "OBS_VALUE", "not_a_number", {"value": "NaN"}),
        ({"OBS_VALUE": "-1"}, "OBS_VALUE", "negative_value", {"value": "-1"}),
        ({"OBS_VALUE": ""}, "OBS_VALUE", "missing_value", {"column": "OBS_VALUE"}),
        ({"REF_AREA": ""}, "REF_AREA", "missing_value", {"column": "REF_AREA"}),
        ({"PURPOSE": ""}, "PURPOSE", "missing_value", {"column": "PURPOSE"}),
        ({"COMMENT": "x" * 1001}, "COMMENT", "too_long", {"column": "COMMENT", "limit": "1000"}),
    ],
)
def test_each_rule_reports_row_column_and_params(
    changes: dict[str, str], column: str, code: str, params: dict[str, str]
) -> None:
    result = check([row(TIME_PERIOD="2024-01"), row(**changes)])
    assert not result.ok
    assert result.issues == [Issue(3, column, code, params)]


def test_decimal_comma_is_not_a_number() -> None:
    result = validate_file(sdmx_csv([row(OBS_VALUE='"1,5"')]), "data.csv")
    assert found(result) == [(2, "OBS_VALUE", "not_a_number")]


def test_every_duplicated_row_is_reported_with_the_others() -> None:
    result = check([row(), row(TIME_PERIOD="2024-04"), row(OBS_VALUE="7"), row(OBS_VALUE="9")])
    assert [(i.row, i.code, i.params["rows"]) for i in result.issues] == [
        (2, "duplicate_key", "4, 5"),
        (4, "duplicate_key", "2, 5"),
        (5, "duplicate_key", "2, 4"),
    ]


def test_rows_differing_only_in_attributes_are_duplicates() -> None:
    result = check([row(OBS_STATUS="E"), row(OBS_STATUS="P", COMMENT="revised")])
    assert found(result) == [(2, None, "duplicate_key"), (3, None, "duplicate_key")]


def _sex_breakdown(total: str, female: str, male: str, **changes: str) -> list[dict[str, str]]:
    return [
        row(SEX="_T", OBS_VALUE=total, **changes),
        row(SEX="F", OBS_VALUE=female, **changes),
        row(SEX="M", OBS_VALUE=male, **changes),
    ]


def test_complete_breakdown_adding_up_is_accepted() -> None:
    assert check(_sex_breakdown("100", "40", "60")).ok


@pytest.mark.parametrize(("total", "female", "male"), [("100", "40", "59"), ("100", "40", "61")])
def test_complete_breakdown_not_adding_up_reports_the_total_row(
    total: str, female: str, male: str
) -> None:
    result = check([row(TIME_PERIOD="2024-01"), *_sex_breakdown(total, female, male)])
    assert result.issues == [
        Issue(
            3,
            "OBS_VALUE",
            "totals_mismatch",
            {
                "dimension": "SEX",
                "total": total,
                "sum": str(int(female) + int(male)),
                "parts": "2",
                "rows": "4, 5",
            },
        )
    ]


def test_partial_breakdown_may_fall_short_but_not_exceed() -> None:
    short = [row(SEX="_T", OBS_VALUE="100"), row(SEX="F", OBS_VALUE="40")]
    assert check(short).ok
    over = [row(SEX="_T", OBS_VALUE="100"), row(SEX="F", OBS_VALUE="140")]
    assert found(check(over)) == [(2, "OBS_VALUE", "totals_exceeded")]


def test_country_breakdown_is_never_complete() -> None:
    rows = [
        row(COUNTERPART_AREA="_T", OBS_VALUE="100"),
        row(COUNTERPART_AREA="KGZ", OBS_VALUE="30"),
        row(COUNTERPART_AREA="UZB", OBS_VALUE="50"),
    ]
    assert check(rows).ok
    rows.append(row(COUNTERPART_AREA="_X", OBS_VALUE="21"))
    result = check(rows)
    assert [(i.row, i.code, i.params["dimension"]) for i in result.issues] == [
        (2, "totals_exceeded", "COUNTERPART_AREA")
    ]


def test_breakdowns_are_checked_within_the_other_dimensions() -> None:
    rows = [
        *_sex_breakdown("100", "40", "60"),
        *_sex_breakdown("30", "10", "20", COUNTERPART_AREA="KGZ"),
        *_sex_breakdown("50", "25", "20", COUNTERPART_AREA="UZB"),
    ]
    assert [(i.row, i.params["dimension"]) for i in check(rows).issues] == [(8, "SEX")]


def test_tolerance_of_the_indicator_applies() -> None:
    money = {
        "DATAFLOW": "ALMATY:MIGR_REMITTANCES(1.0)",
        "INDICATOR": "REMITTANCES_IN",
        "TIME_PERIOD": "2023",
        "UNIT_MEASURE": "USD",
        "SEX": "_Z",
        "AGE": "_Z",
        "PURPOSE": "_Z",
    }
    within = [
        row(**money, OBS_VALUE="1000"),
        row(**money, COUNTERPART_AREA="RUS", OBS_VALUE="1009.5"),
    ]
    assert check(within).ok
    within[1]["OBS_VALUE"] = "1010.5"
    assert found(check(within)) == [(2, "OBS_VALUE", "totals_exceeded")]


def test_missing_part_skips_the_totals_rule() -> None:
    rows = _sex_breakdown("100", "40", "")
    rows[2]["OBS_STATUS"] = "M"
    assert check(rows).ok


def test_state_outside_the_submitters_is_refused() -> None:
    result = check([row(), row(REF_AREA="UZB", TIME_PERIOD="2024-04")], allowed_areas={"KAZ"})
    assert result.issues == [Issue(3, "REF_AREA", "wrong_area", {"value": "UZB", "allowed": "KAZ"})]


def _history(values: list[float]) -> pl.DataFrame:
    return pl.DataFrame(
        {
            "REF_AREA": "KAZ",
            "INDICATOR": "ENTRIES",
            "COUNTERPART_AREA": "_T",
            "SEX": "_T",
            "AGE": "_T",
            "PURPOSE": "_T",
            "value": values,
        }
    )


@pytest.mark.parametrize(
    ("value", "flagged"), [("12000", False), ("10001", False), ("100001", True), ("99", True)]
)
def test_far_outside_history_is_a_warning_only(value: str, flagged: bool) -> None:
    result = check([row(OBS_VALUE=value)], history=_history([1000.0, 5000.0, 10000.0]))
    assert result.ok
    assert [(i.row, i.code, i.severity) for i in result.issues] == (
        [(2, "implausible", "warning")] if flagged else []
    )


def test_short_history_flags_nothing() -> None:
    assert check([row(OBS_VALUE="1000000")], history=_history([10.0, 20.0])).issues == []


def test_validate_takes_a_frame_without_row_numbers() -> None:
    frame = pl.DataFrame([row(), row(SEX="X", TIME_PERIOD="2024-04")]).with_columns(
        pl.col("COMMENT").replace("", None)
    )
    result = validate(frame, catalogue=load_catalogue())
    assert found(result) == [(3, "SEX", "unknown_code")]


def test_progress_is_reported_up_to_the_end() -> None:
    calls: list[tuple[int, int]] = []
    check([row()], progress=lambda done, total: calls.append((done, total)))
    assert len(calls) >= 3
    assert calls[-1][0] == calls[-1][1]
    assert [done for done, _ in calls] == sorted(done for done, _ in calls)


def test_too_many_issues_of_one_rule_are_cut(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(validation, "MAX_ISSUES_PER_RULE", 3)
    rows = [row(TIME_PERIOD=f"2024-{m:02d}", SEX="X") for m in range(1, 8)]
    result = check(rows)
    assert [i.row for i in result.issues if i.code == "unknown_code"] == [2, 3, 4]
    assert [i.params for i in result.issues if i.code == "too_many_issues"] == [
        {"code": "unknown_code", "shown": "3", "found": "7"}
    ]


def test_issues_csv_for_a_spreadsheet() -> None:
    issues = [Issue(None, None, "empty_file"), Issue(3, "SEX", "unknown_code", {"value": "X"})]
    data = issues_csv(issues, lambda i: f"«{i.code}»")
    assert data.startswith(b"\xef\xbb\xbf")
    assert list(csv.reader(io.StringIO(data.decode("utf-8-sig")))) == [
        ["row", "column", "severity", "code", "message"],
        ["", "", "error", "empty_file", "«empty_file»"],
        ["3", "SEX", "error", "unknown_code", "«unknown_code»"],
    ]
