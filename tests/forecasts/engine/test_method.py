"""The forecasting method: properties of every forecast, and the documented fallbacks."""

from __future__ import annotations

from functools import cache

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from almaty.forecasts.engine import (
    ForecastInputError,
    PanelForecast,
    Series,
    SeriesForecast,
    Settings,
    backtest,
    forecast_panel,
    forecast_series,
    read_csv,
)

FAST = Settings(calibration_windows=12, track_origins=6)


def seasonal_counts(n: int = 72, seed: int = 7) -> Series:
    """Monthly counts with a yearly cycle, a trend and noise (fixed seed)."""
    rng = np.random.default_rng(seed)
    t = np.arange(n)
    level = 200 + 2 * t + 80 * np.sin(2 * np.pi * t / 12)
    return Series("S", "M", 2015 * 12, np.round(rng.poisson(level)).astype(float))


@cache
def seasonal_forecast() -> SeriesForecast:
    return forecast_series(seasonal_counts(), horizon=12, settings=FAST)


def assert_well_formed(f: SeriesForecast, horizon: int, *, nonnegative: bool = True) -> None:
    assert len(f.periods) == horizon
    for key in ("mean", "lo_80", "hi_80", "lo_95", "hi_95"):
        values = getattr(f, key)
        assert values.shape == (horizon,)
        assert np.isfinite(values).all()
    assert (f.lo_95 <= f.lo_80).all()
    assert (f.lo_80 <= f.mean).all()
    assert (f.mean <= f.hi_80).all()
    assert (f.hi_80 <= f.hi_95).all()
    if nonnegative:
        assert (f.lo_95 >= 0).all()


def test_a_seasonal_count_gets_the_ensemble_for_the_next_periods() -> None:
    f = seasonal_forecast()
    assert_well_formed(f, 12)
    assert f.model == "ensemble"
    assert f.periods[0] == "2021-01"
    assert set(f.weights) == {"AutoETS", "AutoETS_log", "AutoCES_log", "Naive", "SeasonalNaive"}
    assert sum(f.weights.values()) == pytest.approx(1.0)
    assert f.notes == ()


def test_the_forecast_follows_the_season() -> None:
    f = seasonal_forecast()
    # The cycle peaks in spring (sin over 12 months from January) and troughs in autumn.
    assert f.mean[3] > f.mean[9]
    assert f.hi_95[3] - f.lo_95[3] > 0


def test_the_track_record_scores_each_horizon() -> None:
    track = seasonal_forecast().track
    assert track is not None
    assert [s.horizon for s in track.by_horizon] == list(range(1, 13))
    assert all(s.forecasts == FAST.track_origins for s in track.by_horizon)
    for s in track.by_horizon:
        assert s.mase is not None
        assert 0 < s.mase < 3
        assert 0 <= s.coverage_80 <= s.coverage_95 <= 1


def test_the_same_input_gives_the_same_forecast() -> None:
    again = forecast_series(seasonal_counts(), horizon=12, settings=FAST)
    first = seasonal_forecast()
    for key in ("mean", "lo_80", "hi_80", "lo_95", "hi_95"):
        assert np.array_equal(getattr(first, key), getattr(again, key))
    assert first.weights == again.weights


def test_a_backtest_origin_sees_only_the_past() -> None:
    """Replaying an origin gives what forecasting the series cut at that origin gives."""
    series = seasonal_counts(60)
    exact = Settings(calibration_windows=8, refit_every=1)
    cut = Series("S", "M", series.first, series.values[:50])
    direct = forecast_series(cut, horizon=3, settings=exact, track=False)
    replay = backtest(series, [49], 3, exact)
    assert np.allclose(replay.mean[0], direct.mean)
    assert np.allclose(replay.hi_80[0], direct.hi_80)
    assert np.array_equal(replay.actual[0], series.values[50:53])


def test_intervals_of_counts_cover_roughly_their_level_on_a_stable_series() -> None:
    """On noise around a level, the 80% interval holds about 80% of outcomes."""
    rng = np.random.default_rng(3)
    series = Series("N", "M", 2010 * 12, rng.poisson(100, 120).astype(float))
    bt = backtest(series, list(range(60, 119)), 1, Settings(calibration_windows=24))
    inside = (bt.actual[:, 0] >= bt.lo_80[:, 0]) & (bt.actual[:, 0] <= bt.hi_80[:, 0])
    assert 0.65 <= inside.mean() <= 0.95


@pytest.mark.parametrize("points", [1, 2, 3])
def test_a_series_too_short_is_skipped_with_a_reason(points: int) -> None:
    panel = read_csv(
        "series_id,period,value\n"
        + "".join(f"A,{2000 + i},{i}\n" for i in range(points))
        + "".join(f"B,{2000 + i},{10 + i}\n" for i in range(6))
    )
    result = forecast_panel(panel, horizon=2, track=False)
    assert [f.series_id for f in result.forecasts] == ["B"]
    assert [(i.code, i.params) for i in result.skipped] == [
        ("too_short", {"series_id": "A", "points": str(points), "minimum": "4"})
    ]
    with pytest.raises(ForecastInputError):
        forecast_series(panel["A"], horizon=2)


@pytest.mark.parametrize(("value", "note"), [(0.0, "all_zero"), (7.0, "constant")])
def test_a_constant_series_is_forecast_flat(value: float, note: str) -> None:
    f = forecast_series(Series("C", "Q", 2000 * 4, np.full(20, value)), horizon=4)
    assert f.model == "flat"
    assert f.mean.tolist() == [value] * 4
    assert f.hi_95.tolist() == [value] * 4
    assert [n.code for n in f.notes] == [note]
    assert f.track is not None
    assert all(s.mase is None and s.coverage_80 == 1.0 for s in f.track.by_horizon)


def test_sparse_counts_get_the_intermittent_models() -> None:
    rng = np.random.default_rng(11)
    values = rng.poisson(0.4, 60).astype(float)
    f = forecast_series(Series("Z", "M", 2018 * 12, values), horizon=6, settings=FAST)
    assert_well_formed(f, 6)
    assert f.model == "intermittent"
    assert [n.code for n in f.notes] == ["intermittent"]
    assert (f.mean < 2).all()  # a rate per month, not a copy of the last spike


def test_a_short_monthly_series_uses_non_seasonal_models() -> None:
    f = forecast_series(seasonal_counts(20), horizon=6, settings=FAST)
    assert_well_formed(f, 6)
    assert f.model == "ensemble_short"
    assert [n.code for n in f.notes] == ["short"]


def test_a_series_with_negative_values_may_be_forecast_below_zero() -> None:
    values = np.linspace(5, -40, 30)
    f = forecast_series(Series("Net", "A", 1990, values), horizon=3, settings=FAST)
    assert_well_formed(f, 3, nonnegative=False)
    assert f.model == "ensemble_short_signed"
    assert f.mean[0] < 0


def test_counts_falling_to_zero_are_not_forecast_below_it() -> None:
    values = np.array([90.0, 70, 50, 35, 20, 10, 4, 1, 0, 0, 1, 0])
    f = forecast_series(Series("D", "A", 2010, values), horizon=5)
    assert_well_formed(f, 5)


@pytest.mark.parametrize("horizon", [0, 37])
def test_a_horizon_out_of_range_is_refused(horizon: int) -> None:
    with pytest.raises(ForecastInputError) as caught:
        forecast_series(seasonal_counts(), horizon=horizon)
    assert caught.value.issues[0].code == "bad_horizon"


def test_progress_is_reported_per_series() -> None:
    panel = read_csv(
        "series_id,period,value\n"
        + "".join(f"{s},{2000 + i},{i + k}\n" for k, s in enumerate("ABC") for i in range(6))
    )
    seen: list[tuple[int, int]] = []
    result = forecast_panel(panel, horizon=2, track=False, progress=lambda *a: seen.append(a))
    assert seen == [(0, 3), (1, 3), (2, 3), (3, 3)]
    assert isinstance(result, PanelForecast)


def test_the_output_rows_follow_the_spec() -> None:
    panel = read_csv(
        "series_id,period,value\n"
        + "".join(f"A,2020-Q{q},{q * 10}\n" for q in range(1, 5))
        + "".join(f"A,2021-Q{q},{q * 11}\n" for q in range(1, 5))
    )
    result = forecast_panel(panel, horizon=3)
    frame = result.frame()
    assert frame.columns == [
        "series_id",
        "period",
        "model",
        "mean",
        "lo_80",
        "hi_80",
        "lo_95",
        "hi_95",
    ]
    assert frame["period"].to_list() == ["2022-Q1", "2022-Q2", "2022-Q3"]
    text = result.write_csv()
    assert text.splitlines()[0] == "series_id,period,model,mean,lo_80,hi_80,lo_95,hi_95"
    assert len(text.splitlines()) == 4
    assert result.track_frame().columns == [
        "series_id", "horizon", "forecasts", "mase", "coverage_80", "coverage_95"
    ]  # fmt: skip


@settings(max_examples=30, deadline=None)
@given(
    values=st.lists(st.integers(0, 5000).map(float), min_size=4, max_size=30),
    horizon=st.integers(1, 8),
)
def test_any_count_series_gets_a_well_formed_forecast(values: list[float], horizon: int) -> None:
    f = forecast_series(Series("H", "A", 1990, np.array(values)), horizon=horizon, track=False)
    assert_well_formed(f, horizon)


@settings(max_examples=20, deadline=None)
@given(
    values=st.lists(
        st.floats(-1e6, 1e6, allow_nan=False, allow_infinity=False), min_size=4, max_size=24
    ),
    horizon=st.integers(1, 6),
)
def test_any_series_gets_ordered_bounds(values: list[float], horizon: int) -> None:
    series = Series("H", "Q", 2000 * 4, np.array(values))
    f = forecast_series(series, horizon=horizon, track=False)
    assert_well_formed(f, horizon, nonnegative=min(values) >= 0)
