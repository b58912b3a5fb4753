"""Forecasting: the platform's method against statsforecast's AutoETS and seasonal naive.

On the real monthly Frontex panel committed with the statistics
(`src/almaty/stats/reference/frontex_ibc_monthly.parquet`, 2009-01 to 2022-12), for the
illegal border crossings of Afghan, Pakistani, Iranian and Turkish nationals and of all
nationalities (`FRONTEX_IBC._T`, the file's total), rolling origins with horizons 1 to 6:

- evaluation window: every origin whose six months ahead fall in the last 24 months of the
  file (origins 2020-12 to 2022-06, 19 of them; each horizon scored 19 times per series);
- development window: the same for the 24 months before (origins 2018-12 to 2020-06), on
  which the method was chosen (ADR 0019) before the evaluation window was looked at.

At each origin every method sees only the months up to it. Scores: MASE (absolute error over
the in-sample mean absolute error of the seasonal naive forecast, m = 12, on the months up
to the origin), averaged over series, origins and horizons; the share of outcomes inside the
80% (and 95%) intervals. The platform's method is `almaty.forecasts.engine.backtest` (the
ensemble with its own conformal intervals); the baselines are statsforecast's
`StatsForecast.cross_validation` with `AutoETS(season_length=12)` and
`SeasonalNaive(season_length=12)` out of the box, with their own 80% intervals.

The issue's bar: on the evaluation window, MASE at least 10% below AutoETS's
(`mase_vs_autoets` <= 0.90), 80% coverage between 0.75 and 0.85, all of it under 2 minutes on
2 cores (the benchmark's time, imports included, is `seconds`).
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path
from typing import cast

import numpy as np
import polars as pl
from rich.console import Console
from rich.table import Table

from almaty.forecasts.engine import Series, Settings, backtest, mase_scale
from bench.run import benchmark

PANEL = (
    Path(__file__).resolve().parent.parent
    / "src/almaty/stats/reference/frontex_ibc_monthly.parquet"
)
SERIES = ("AFG", "PAK", "IRN", "TUR", "_T")
HORIZON = 6
WINDOW = 24  # months scored, at the end of the file (evaluation) and before it (development)
SEASON = 12


@dataclass(frozen=True)
class Scores:
    """Per method: |error| / scale and interval hits, arrays of (series, origins, horizon)."""

    scaled: np.ndarray
    hit_80: np.ndarray
    hit_95: np.ndarray | None

    @property
    def mase(self) -> float:
        return float(self.scaled.mean())

    def mase_by_horizon(self) -> list[float]:
        return [float(v) for v in self.scaled.mean(axis=(0, 1))]

    def mase_by_series(self) -> list[float]:
        return [float(v) for v in self.scaled.mean(axis=(1, 2))]


def load_panel() -> dict[str, Series]:
    frame = pl.read_parquet(PANEL).sort("series_id", "period")
    panel = {}
    for code in SERIES:
        rows = frame.filter(pl.col("series_id") == f"FRONTEX_IBC.{code}")
        panel[code] = Series.from_periods(code, rows["period"], rows["value"])
    return panel


def origins(length: int, window: int, before: int = 0) -> list[int]:
    """Origins (index of the last month known) whose HORIZON months ahead all fall in the
    `window` months ending `before` months before the end of a series of `length` values."""
    end = length - 1 - before  # the last month scored
    return list(range(end - window, end - HORIZON + 1))


def _scales(y: np.ndarray, at: list[int]) -> np.ndarray:
    return np.array([mase_scale(y[: t + 1], SEASON) for t in at])


def platform(panel: dict[str, Series], at: list[int]) -> Scores:
    scaled, hit_80, hit_95 = [], [], []
    for series in panel.values():
        bt = backtest(series, at, HORIZON, Settings())
        scaled.append(np.abs(bt.actual - bt.mean) / bt.scale[:, None])
        hit_80.append((bt.actual >= bt.lo_80) & (bt.actual <= bt.hi_80))
        hit_95.append((bt.actual >= bt.lo_95) & (bt.actual <= bt.hi_95))
    return Scores(np.array(scaled), np.array(hit_80), np.array(hit_95))


def baselines(panel: dict[str, Series], at: list[int]) -> dict[str, Scores]:
    """statsforecast's cross-validation with AutoETS and SeasonalNaive, out of the box."""
    import pandas as pd
    from statsforecast import StatsForecast
    from statsforecast.models import AutoETS, SeasonalNaive

    frames = []
    for code, series in panel.items():
        periods = pd.PeriodIndex(series.periods(), freq="M").to_timestamp()
        frames.append(pd.DataFrame({"unique_id": code, "ds": periods, "y": series.values}))
    data = pd.concat(frames, ignore_index=True)
    data = data[data.groupby("unique_id").cumcount() <= at[-1] + HORIZON]
    models = [AutoETS(season_length=SEASON), SeasonalNaive(season_length=SEASON)]
    cv = cast(
        pd.DataFrame,  # a pandas frame in, a pandas frame out
        StatsForecast(models=models, freq="MS", n_jobs=1).cross_validation(
            df=data, h=HORIZON, n_windows=len(at), step_size=1, level=[80]
        ),
    )
    out = {}
    for name in ("AutoETS", "SeasonalNaive"):
        scaled, hit_80 = [], []
        for code, series in panel.items():
            rows = cv.loc[cv["unique_id"] == code].sort_values(["cutoff", "ds"])
            shape = (len(at), HORIZON)
            mean = rows[name].to_numpy().reshape(shape)
            actual = rows["y"].to_numpy().reshape(shape)
            lo = rows[f"{name}-lo-80"].to_numpy().reshape(shape)
            hi = rows[f"{name}-hi-80"].to_numpy().reshape(shape)
            scaled.append(np.abs(actual - mean) / _scales(series.values, at)[:, None])
            hit_80.append((actual >= lo) & (actual <= hi))
        out[name] = Scores(np.array(scaled), np.array(hit_80), None)
    return out


def _table(title: str, results: dict[str, Scores], seconds: dict[str, float]) -> Table:
    table = Table(title=title, caption="s: seconds (the two baselines share one run)")
    table.add_column("method", no_wrap=True)
    table.add_column("MASE", justify="right")
    for h in range(1, HORIZON + 1):
        table.add_column(f"h{h}", justify="right")
    for code in SERIES:
        table.add_column("ALL" if code == "_T" else code, justify="right")
    table.add_column("cov80", justify="right")
    table.add_column("cov95", justify="right")
    table.add_column("s", justify="right")
    for name, s in results.items():
        table.add_row(
            name,
            f"{s.mase:.3f}",
            *(f"{v:.2f}" for v in s.mase_by_horizon()),
            *(f"{v:.2f}" for v in s.mase_by_series()),
            f"{s.hit_80.mean():.3f}",
            "-" if s.hit_95 is None else f"{s.hit_95.mean():.3f}",
            f"{seconds[name]:.1f}",
        )
    return table


def compare(at: list[int], panel: dict[str, Series]) -> tuple[dict[str, Scores], dict[str, float]]:
    seconds: dict[str, float] = {}
    start = time.perf_counter()
    results = {"platform": platform(panel, at)}
    seconds["platform"] = time.perf_counter() - start
    start = time.perf_counter()
    results.update(baselines(panel, at))
    seconds["AutoETS"] = seconds["SeasonalNaive"] = time.perf_counter() - start
    return results, seconds


@benchmark(repeat=1, warmup=0)
def frontex_rolling_origin() -> dict[str, float]:
    started = time.perf_counter()
    panel = load_panel()
    length = len(panel["AFG"].values)
    console = Console(width=max(Console().width, 132))  # the table's width, even in a pipe
    figures: dict[str, float] = {}
    for before in (0, WINDOW):
        at = origins(length, WINDOW, before)
        results, seconds = compare(at, panel)
        series = panel["AFG"]
        span = f"origins {series.periods()[at[0]]} to {series.periods()[at[-1]]}"
        title = (
            f"{'Evaluation: the last' if before == 0 else 'Development: the'} {WINDOW} months"
            f"{'' if before == 0 else ' before'} ({span}, horizons 1-{HORIZON}). MASE (m={SEASON})"
            " overall, by horizon and by series; coverage of the 80% and 95% intervals"
        )
        console.print(_table(title, results, seconds))
        ours, ets = results["platform"], results["AutoETS"]
        prefix = "" if before == 0 else "dev_"
        hit_95 = ours.hit_95 if ours.hit_95 is not None else ours.hit_80
        figures |= {
            f"{prefix}platform_mase": ours.mase,
            f"{prefix}autoets_mase": ets.mase,
            f"{prefix}snaive_mase": results["SeasonalNaive"].mase,
            f"{prefix}mase_vs_autoets": ours.mase / ets.mase,
            f"{prefix}platform_cover_80": float(ours.hit_80.mean()),
            f"{prefix}platform_cover_95": float(hit_95.mean()),
            f"{prefix}autoets_cover_80": float(ets.hit_80.mean()),
            f"{prefix}snaive_cover_80": float(results["SeasonalNaive"].hit_80.mean()),
        }
    figures["seconds"] = time.perf_counter() - started
    return figures


BENCHMARKS = [frontex_rolling_origin]
