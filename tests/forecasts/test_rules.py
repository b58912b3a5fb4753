"""The early-warning rules on hand-made series."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from almaty.forecasts import rules


def _months(year: int, values: list[float | None]) -> list[tuple[str, float | None]]:
    return [(f"{year + i // 12}-{i % 12 + 1:02d}", v) for i, v in enumerate(values)]


def _point(period: str, mean: float, low: float, high: float) -> dict:
    return {
        "period": period,
        "mean": mean,
        "lo_80": low,
        "hi_80": high,
        "lo_95": low,
        "hi_95": high,
    }


def test_a_value_outside_the_interval_is_found_with_its_direction_and_severity():
    previous = [_point("2024-01", 100, 80, 120), _point("2024-02", 100, 80, 120)]
    observed = [("2024-01", 125.0), ("2024-02", 150.0), ("2024-03", 999.0)]

    found = rules.outside_interval(previous, observed)

    assert [(f.period, f.severity, f.params["direction"]) for f in found] == [
        ("2024-01", "medium", "above"),  # 5 beyond an interval 40 wide
        ("2024-02", "high", "above"),  # 30 beyond: more than half the width
    ]


def test_values_inside_the_interval_or_missing_raise_nothing():
    previous = [_point("2024-01", 100, 80, 120), _point("2024-02", 100, 80, 120)]

    assert rules.outside_interval(previous, [("2024-01", 80.0), ("2024-02", None)]) == []


def test_a_value_below_the_interval_is_reported_below():
    [found] = rules.outside_interval([_point("2024-Q1", 100, 80, 120)], [("2024-Q1", 10.0)])

    assert found.params["direction"] == "below"
    assert found.severity == "high"


def test_a_forecast_well_above_last_year_is_reported_at_its_first_period():
    observed = _months(2023, [100.0] * 12)
    points = [_point("2024-01", 110, 90, 130), _point("2024-02", 140, 100, 180)]

    found = rules.above_last_year(points, observed, share=0.25)

    assert found is not None
    assert (found.period, found.severity) == ("2024-02", "medium")
    assert found.params["rise"] == pytest.approx(0.4)


def test_twice_the_share_is_high_and_small_bases_say_nothing():
    observed = _months(2023, [100.0, 5.0] + [100.0] * 10)
    high = rules.above_last_year([_point("2024-01", 160, 0, 999)], observed, share=0.25)
    small = rules.above_last_year([_point("2024-02", 50, 0, 999)], observed, share=0.25)

    assert high is not None
    assert high.severity == "high"
    assert small is None


def test_a_total_rising_with_enough_parts_is_a_joint_rise():
    flat = _months(2023, [100.0] * 12) + _months(2024, [100.0] * 3)
    rising = _months(2023, [100.0] * 12) + _months(2024, [150.0] * 3)
    parts = {"AFG": rising, "PAK": rising, "IRN": rising, "TUR": flat}

    found = rules.joint_rise(rising, parts, share=0.25, min_parts=3)
    too_few = rules.joint_rise(rising, {k: parts[k] for k in ("AFG", "PAK", "TUR")}, share=0.25)
    total_flat = rules.joint_rise(flat, parts, share=0.25)

    assert found is not None
    assert found.period == "2024-03"
    assert found.params["parts"] == ["AFG", "IRN", "PAK"]
    assert found.severity == "medium"
    assert too_few is None
    assert total_flat is None


def test_a_joint_rise_needs_a_year_of_history():
    short = _months(2024, [100.0, 200.0, 300.0])

    assert rules.joint_rise(short, {"A": short, "B": short, "C": short}, share=0.1) is None


@given(
    value=st.floats(min_value=0, max_value=1e6),
    low=st.floats(min_value=0, max_value=1e6),
    width=st.floats(min_value=0, max_value=1e6),
)
def test_a_value_is_reported_exactly_when_it_leaves_the_interval(value, low, width):
    high = low + width
    found = rules.outside_interval([_point("2024-01", low, low, high)], [("2024-01", value)])

    assert bool(found) == (value < low or value > high)
