"""Hypothesis: generated bad files are refused whole, with the rows of each fault."""

from __future__ import annotations

import string
from collections import Counter

from hypothesis import given, settings
from hypothesis import strategies as st

from almaty.stats.engine.catalogue import load_catalogue
from almaty.stats.engine.codelists import CODE_LISTS, iso3_codes
from almaty.stats.engine.columns import KEY
from almaty.stats.engine.readers import MAX_ENCODING_ISSUES
from almaty.stats.engine.validate import validate_file

from .rows import csv_text, month, row, sdmx_csv

SETTINGS = settings(max_examples=40, deadline=None)
CATALOGUE = load_catalogue()
EVERY_CODE = (
    set(iso3_codes())
    | set(CATALOGUE)
    | {code for codes in CODE_LISTS.values() for code in codes}
    | {"_Z", "_X", "_T"}
)
CODED = (
    "REF_AREA",
    "INDICATOR",
    "COUNTERPART_AREA",
    "SEX",
    "AGE",
    "PURPOSE",
    "UNIT_MEASURE",
    "OBS_STATUS",
)
RUSSIAN = "абвгдежзийклмнопрстуфхцчшщъыьэюя"


def valid_rows(count: int) -> list[dict[str, str]]:
    return [row(TIME_PERIOD=month(i), OBS_VALUE=str(100 + i)) for i in range(count)]


sizes = st.integers(min_value=1, max_value=25)
bad_codes = st.text(
    alphabet=string.ascii_uppercase + string.digits + "_", min_size=1, max_size=6
).filter(lambda code: code not in EVERY_CODE)


@st.composite
def corrupted(draw: st.DrawFn) -> tuple[int, set[int]]:
    """A file size and the (0-based) rows to break."""
    size = draw(sizes)
    broken = draw(st.sets(st.integers(0, size - 1), min_size=1, max_size=size))
    return size, broken


@SETTINGS
@given(corrupted(), st.sampled_from(CODED), bad_codes)
def test_wrong_codes(case: tuple[int, set[int]], column: str, code: str) -> None:
    size, broken = case
    rows = valid_rows(size)
    for index in broken:
        rows[index][column] = code
    result = validate_file(sdmx_csv(rows), "bad.csv")
    assert not result.ok
    assert {i.row for i in result.issues if i.code == "unknown_code"} == {i + 2 for i in broken}
    assert all(i.column == column for i in result.issues if i.code == "unknown_code")


@SETTINGS
@given(corrupted(), st.text(alphabet=RUSSIAN, min_size=1, max_size=12))
def test_broken_encodings(case: tuple[int, set[int]], word: str) -> None:
    size, broken = case
    rows = valid_rows(size)
    for index in broken:
        rows[index]["COMMENT"] = word
    result = validate_file(csv_text(rows).encode("cp1251"), "bad.csv")
    assert not result.ok
    expected = sorted(i + 2 for i in broken)[:MAX_ENCODING_ISSUES]  # the first ones suffice
    assert [i.code for i in result.issues] == ["bad_encoding"] * len(expected)
    assert [i.row for i in result.issues] == expected


@SETTINGS
@given(sizes, st.data())
def test_duplicated_keys(size: int, data: st.DataObject) -> None:
    rows = valid_rows(size)
    copies = data.draw(st.lists(st.integers(0, size - 1), min_size=1, max_size=5))
    for source in copies:
        at = data.draw(st.integers(0, len(rows)))
        rows.insert(at, {**rows[source], "OBS_VALUE": "1", "COMMENT": "again"})
    counts = Counter(tuple(r[c] for c in KEY) for r in rows)
    expected = {n + 2 for n, r in enumerate(rows) if counts[tuple(r[c] for c in KEY)] > 1}
    result = validate_file(sdmx_csv(rows), "bad.csv")
    assert not result.ok
    assert {i.row for i in result.issues if i.code == "duplicate_key"} == expected
    assert all(i.code == "duplicate_key" for i in result.issues)


@SETTINGS
@given(
    st.lists(
        st.tuples(st.integers(0, 10_000), st.integers(0, 10_000), st.integers(-50, 50)),
        min_size=1,
        max_size=12,
    )
)
def test_totals_that_do_not_add_up(breakdowns: list[tuple[int, int, int]]) -> None:
    rows: list[dict[str, str]] = []
    expected: set[int] = set()
    for number, (female, male, error) in enumerate(breakdowns):
        total = max(0, female + male + error)
        if total != female + male:
            expected.add(len(rows) + 2)  # the total's row
        period = month(number)
        rows.append(row(TIME_PERIOD=period, SEX="_T", OBS_VALUE=str(total)))
        rows.append(row(TIME_PERIOD=period, SEX="F", OBS_VALUE=str(female)))
        rows.append(row(TIME_PERIOD=period, SEX="M", OBS_VALUE=str(male)))
    result = validate_file(sdmx_csv(rows), "totals.csv")
    assert result.ok == (not expected)
    assert {i.row for i in result.issues} == expected
    assert all(i.code == "totals_mismatch" for i in result.issues)


@SETTINGS
@given(corrupted(), st.sampled_from(sorted(iso3_codes() - {"KAZ"})))
def test_another_state_than_the_submitters(case: tuple[int, set[int]], state: str) -> None:
    size, broken = case
    rows = valid_rows(size)
    for index in broken:
        rows[index]["REF_AREA"] = state
    result = validate_file(sdmx_csv(rows), "bad.csv", allowed_areas={"KAZ"})
    assert not result.ok
    assert [(i.row, i.code) for i in result.issues] == [
        (i + 2, "wrong_area") for i in sorted(broken)
    ]
