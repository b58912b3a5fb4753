import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from almaty.stats.engine.periods import format_period, parse_period


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2024", (dt.date(2024, 1, 1), "A")),
        ("2024-Q1", (dt.date(2024, 1, 1), "Q")),
        ("2024-Q4", (dt.date(2024, 10, 1), "Q")),
        ("2024-03", (dt.date(2024, 3, 1), "M")),
        ("2024-12", (dt.date(2024, 12, 1), "M")),
    ],
)
def test_periods_are_parsed(text: str, expected: tuple[dt.date, str]) -> None:
    assert parse_period(text) == expected


@pytest.mark.parametrize(
    "text", ["", "24", "2024-13", "2024-00", "2024-Q5", "2024-3", "2024M03", "1850", "2024-03-01"]
)
def test_non_periods_are_refused(text: str) -> None:
    assert parse_period(text) is None


@given(
    st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2099, 12, 31)),
    st.sampled_from(["A", "Q", "M"]),
)
def test_format_then_parse_gives_the_period_start(day: dt.date, freq: str) -> None:
    start, parsed_freq = parse_period(format_period(day, freq)) or (None, None)
    assert parsed_freq == freq
    assert start is not None
    assert start <= day
    assert start.year == day.year
    assert freq == "A" or day.month - start.month < 3
