"""Reading the forecast input file: what is refused, with which code, and what is kept."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from almaty.forecasts.engine import ForecastInputError, Series, panel_from_rows, read_csv
from almaty.forecasts.engine.series import period_index, period_label

HEADER = "series_id,period,value\n"


def codes(text: str | bytes, **kwargs: str) -> list[tuple[str, int | None, dict[str, str]]]:
    with pytest.raises(ForecastInputError) as caught:
        read_csv(text, **kwargs)  # type: ignore[arg-type]
    return [(i.code, i.row, i.params) for i in caught.value.issues]


def monthly(series_id: str, values: list[float], start: int = 1) -> str:
    return "".join(f"{series_id},2024-{m:02d},{v}\n" for m, v in enumerate(values, start))


def test_a_good_file_gives_one_series_per_id_in_order() -> None:
    panel = read_csv(HEADER + monthly("B", [1, 2, 3]) + monthly("A", [5, 6]))
    assert panel.freq == "M"
    assert panel.ids == ["B", "A"]
    assert panel["B"].periods() == ["2024-01", "2024-02", "2024-03"]
    assert panel["A"].values.tolist() == [5.0, 6.0]


def test_rows_may_come_in_any_order_and_columns_too(tmp_path: Path) -> None:
    path = tmp_path / "in.csv"
    path.write_text("value,series_id,period,comment\n3,A,2024-Q3,x\n1,A,2024-Q1,\n2,A,2024-Q2,\n")
    series = read_csv(path)["A"]
    assert series.freq == "Q"
    assert series.values.tolist() == [1.0, 2.0, 3.0]
    assert series.future_periods(2) == ["2024-Q4", "2025-Q1"]


def test_a_byte_order_mark_is_accepted() -> None:
    assert read_csv(("\ufeff" + HEADER + "A,2020,1\n").encode()).ids == ["A"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", [("empty_file", None, {})]),
        (HEADER, [("empty_file", None, {})]),
        ("series_id,period\nA,2024\n", [("missing_column", 1, {"column": "value"})]),
        (HEADER + "A,2024-01\n", [("wrong_field_count", 2, {"expected": "3", "found": "2"})]),
        (HEADER + ",2024-01,1\n", [("missing_value", 2, {"column": "series_id"})]),
        (HEADER + "A,2024-13,1\n", [("bad_period", 2, {"value": "2024-13"})]),
        (HEADER + "A,2024-01,12a\n", [("not_a_number", 2, {"value": "12a"})]),
        (HEADER + "A,2024-01,1 000\n", [("not_a_number", 2, {"value": "1 000"})]),
        (HEADER + "A,2024-01,inf\n", [("not_a_number", 2, {"value": "inf"})]),
        (HEADER + "A,2024-01,1,5\n", [("wrong_field_count", 2, {"expected": "3", "found": "4"})]),
        (
            HEADER + "A,2024-01,1\nA,2024-Q2,2\n",
            [("mixed_frequencies", 3, {"value": "2024-Q2", "found": "Q", "expected": "M"})],
        ),
        (
            HEADER + "A,2024-01,1\nA,2024-01,2\n",
            [
                (
                    "duplicate_period",
                    3,
                    {"series_id": "A", "period": "2024-01", "first_row": "2"},
                )
            ],
        ),
        (
            HEADER + "A,2024-01,1\nA,2024-04,2\nA,2024-05,2\n",
            [("gap", None, {"series_id": "A", "count": "2", "first": "2024-02"})],
        ),
        (
            HEADER + "A,2024-01,1\nA,2024-02,\nA,2024-03,2\n",
            [("missing_value", 3, {"column": "value"})],
        ),
    ],
)
def test_a_bad_file_is_refused_with_a_code(
    text: str, expected: list[tuple[str, int | None, dict[str, str]]]
) -> None:
    assert codes(text) == expected


def test_text_that_is_not_utf8_is_refused() -> None:
    assert codes((HEADER + "Ключ,2024,1\n").encode("cp1251")) == [("bad_encoding", None, {})]


def test_many_problems_of_one_kind_are_capped_with_a_summary() -> None:
    found = codes(HEADER + "".join(f"A{i},2024-01,x\n" for i in range(30)))
    assert len(found) == 21
    assert found[-1] == (
        "too_many_issues",
        None,
        {"code": "not_a_number", "shown": "20", "found": "30"},
    )


def test_latest_run_keeps_the_part_after_the_last_gap_and_says_so() -> None:
    text = HEADER + "A,2020,1\nA,2022,2\nA,2023,3\nA,2024,\nA,2025,5\nA,2026,6\nB,2020,1\n"
    panel = read_csv(text, gaps="latest_run")
    a = panel["A"]
    assert a.periods() == ["2025", "2026"]
    assert [(n.code, n.params) for n in a.notes] == [
        ("trimmed", {"series_id": "A", "first": "2025", "dropped": "5"})
    ]
    assert panel["B"].notes == ()


def test_empty_values_at_either_end_only_shorten_a_series() -> None:
    series = read_csv(HEADER + "A,2024-01,\nA,2024-02,4\nA,2024-03,5\nA,2024-04,\n")["A"]
    assert series.periods() == ["2024-02", "2024-03"]


def test_a_series_of_empty_values_is_too_short() -> None:
    assert codes(HEADER + "A,2024-01,\n") == [
        ("too_short", None, {"series_id": "A", "points": "0", "minimum": "4"})
    ]


def test_negative_values_are_read() -> None:
    assert read_csv(HEADER + "A,2024,-3.5\n")["A"].values.tolist() == [-3.5]


def test_rows_from_the_database_are_checked_the_same_way() -> None:
    panel = panel_from_rows([("A", "2024-Q1", 1), ("A", "2024-Q2", 2.5)])
    assert panel["A"].values.tolist() == [1.0, 2.5]
    with pytest.raises(ForecastInputError) as caught:
        panel_from_rows([("A", "2024-Q1", 1), ("A", "2024-Q3", None), ("A", "2024-Q4", 3)])
    assert [i.code for i in caught.value.issues] == ["missing_value", "gap"]


@given(
    freq=st.sampled_from(["M", "Q", "A"]),
    start=st.integers(1990, 2030),
    values=st.lists(
        st.floats(min_value=-1e9, max_value=1e9, allow_nan=False).map(lambda v: round(v, 3)),
        min_size=1,
        max_size=40,
    ),
)
def test_a_written_series_reads_back_the_same(freq: str, start: int, values: list[float]) -> None:
    first = {"M": start * 12, "Q": start * 4, "A": start}[freq]
    written = Series("S", freq, first, np.array(values))
    text = HEADER + "".join(
        f"S,{p},{v!r}\n" for p, v in zip(written.periods(), values, strict=True)
    )
    read = read_csv(text)["S"]
    assert read.periods() == written.periods()
    assert read.values.tolist() == values


@given(freq=st.sampled_from(["M", "Q", "A"]), index=st.integers(1900 * 12, 2099 * 12))
def test_period_numbers_and_labels_are_inverse(freq: str, index: int) -> None:
    index = {"M": index, "Q": index // 3, "A": index // 12}[freq]
    from almaty.stats.engine.periods import parse_period

    parsed = parse_period(period_label(index, freq))
    assert parsed is not None
    assert period_index(parsed[0], freq) == index
