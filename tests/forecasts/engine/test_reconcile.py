"""Reconciled forecasts of a total and its parts add up."""

from __future__ import annotations

import dataclasses
from functools import cache

import numpy as np
import pytest

from almaty.forecasts.engine import (
    ForecastInputError,
    PanelForecast,
    Series,
    Settings,
    forecast_panel,
    reconcile,
)
from almaty.forecasts.engine.series import Panel


@cache
def hierarchy() -> PanelForecast:
    rng = np.random.default_rng(5)
    t = np.arange(48)
    parts = [rng.poisson(50 + k * 30 + 10 * np.sin(t / 2 + k)).astype(float) for k in range(3)]
    total = np.sum(parts, axis=0) + rng.normal(0, 5, 48).round()  # reported a little apart
    series = [Series("T", "Q", 2000 * 4, total)] + [
        Series(f"P{k}", "Q", 2000 * 4, v) for k, v in enumerate(parts)
    ]
    return forecast_panel(
        Panel("Q", tuple(series)), horizon=4, settings=Settings(calibration_windows=12)
    )


PARTS = ["P0", "P1", "P2"]


@pytest.mark.parametrize("method", ["wls", "ols", "bottom_up"])
def test_reconciled_parts_add_up_to_the_total(method: str) -> None:
    done = reconcile(hierarchy(), total="T", parts=PARTS, method=method)  # type: ignore[arg-type]
    total = done["T"].mean
    assert np.allclose(total, sum(done[p].mean for p in PARTS))
    assert done["T"].model.endswith("+" + method)
    for sid in ["T", *PARTS]:
        f = done[sid]
        assert (f.lo_95 <= f.lo_80).all()
        assert (f.lo_80 <= f.mean).all()
        assert (f.mean <= f.hi_80).all()
        assert (f.hi_80 <= f.hi_95).all()


def test_bottom_up_leaves_the_parts_as_forecast() -> None:
    before = hierarchy()
    done = reconcile(before, total="T", parts=PARTS, method="bottom_up")
    for p in PARTS:
        assert np.array_equal(done[p].mean, before[p].mean)


def test_no_part_of_a_count_goes_below_zero() -> None:
    base = hierarchy()
    # A total forecast far below its parts: the reconciliation must take from them.
    low = dataclasses.replace(base["T"], mean=base["T"].mean * 0 + 10)
    tiny = dataclasses.replace(base["P0"], mean=base["P0"].mean * 0 + 1)
    forecasts = tuple(
        low if f.series_id == "T" else tiny if f.series_id == "P0" else f for f in base.forecasts
    )
    done = reconcile(dataclasses.replace(base, forecasts=forecasts), total="T", parts=PARTS)
    assert all((done[p].mean >= 0).all() for p in PARTS)
    assert np.allclose(done["T"].mean, sum(done[p].mean for p in PARTS))


def test_unknown_or_misaligned_series_are_refused() -> None:
    with pytest.raises(ForecastInputError) as caught:
        reconcile(hierarchy(), total="T", parts=["P0", "X"])
    assert [(i.code, i.params) for i in caught.value.issues] == [
        ("unknown_series", {"series_id": "X"})
    ]
    base = hierarchy()
    shifted = dataclasses.replace(base["P1"], periods=("2013-Q1", *base["P1"].periods[1:]))
    forecasts = tuple(shifted if f.series_id == "P1" else f for f in base.forecasts)
    with pytest.raises(ForecastInputError) as caught:
        reconcile(dataclasses.replace(base, forecasts=forecasts), total="T", parts=PARTS)
    assert caught.value.issues[0].code == "not_aligned"
