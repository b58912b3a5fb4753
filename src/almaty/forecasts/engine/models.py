"""The candidate models and their forecasts at many cutoffs (the backtests' raw material).

A `Candidate` is one statsforecast model, fitted on the series as it is or on `log1p` of it
(for counts: multiplicative seasonality and trends become additive, and the back-transformed
forecast cannot fall below 0). `Pool`s group the candidates the method combines:

- `POOLS["seasonal"]`: AutoETS, AutoETS on log1p, AutoCES on log1p, Naive, SeasonalNaive
  (counts with at least three seasons of history);
- `POOLS["seasonal_signed"]`: AutoETS, AutoTheta, Naive, SeasonalNaive (series with a
  negative value, where logs do not apply);
- `POOLS["short"]`: non-seasonal AutoETS, AutoETS on log1p (counts only), Naive;
- `POOLS["intermittent"]`: CrostonOptimized, ADIDA, IMAPA, and the mean of the last year.

A log-scale forecast is capped at 1,000 times the largest value seen (`LOG_CAP`): beyond,
it is an exponential trend run away, not a forecast. `cutoff_forecasts` fits each candidate at a series of cutoffs. statsforecast is imported
here only, on first use (it takes about a second to import, with pandas and scipy).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from almaty.forecasts.engine.series import FloatArray

Factory = Callable[[int], Any]
# A log-scale model may run away on an exponential trend; its forecasts are capped at 1,000
# times the largest value seen (log1p scale), which no migration series plausibly reaches.
LOG_CAP = float(np.log(1000.0))


@dataclass(frozen=True)
class Candidate:
    """A model: `name` as shown in weights, `make(season_length)` builds a fresh statsforecast
    model, `log` fits it on log1p(values); `refit` False for models that re-estimate nothing
    (naive ones) or have no `forward` (intermittent ones): they are simply run at each cutoff."""

    name: str
    make: Factory
    log: bool = False
    refit: bool = True


def _models() -> Any:
    # Imported on first use: statsforecast brings pandas, scipy and statsmodels (~1 s).
    import statsforecast.models as sf

    return sf


def _ets(m: int) -> Any:
    return _models().AutoETS(season_length=m)


def _ces(m: int) -> Any:
    return _models().AutoCES(season_length=m)


def _theta(m: int) -> Any:
    return _models().AutoTheta(season_length=m)


def _naive(m: int) -> Any:
    return _models().Naive()


def _snaive(m: int) -> Any:
    return _models().SeasonalNaive(season_length=m)


def _croston(m: int) -> Any:
    return _models().CrostonOptimized()


def _adida(m: int) -> Any:
    return _models().ADIDA()


def _imapa(m: int) -> Any:
    return _models().IMAPA()


def _window(m: int) -> Any:
    return _models().WindowAverage(window_size=max(m, 4))


ETS = Candidate("AutoETS", _ets)
ETS_LOG = Candidate("AutoETS_log", _ets, log=True)
CES_LOG = Candidate("AutoCES_log", _ces, log=True)
THETA = Candidate("AutoTheta", _theta)
NAIVE = Candidate("Naive", _naive, refit=False)
SEASONAL_NAIVE = Candidate("SeasonalNaive", _snaive, refit=False)
CROSTON = Candidate("CrostonOptimized", _croston, refit=False)
ADIDA = Candidate("ADIDA", _adida, refit=False)
IMAPA = Candidate("IMAPA", _imapa, refit=False)
WINDOW = Candidate("WindowAverage", _window, refit=False)

POOLS: dict[str, tuple[Candidate, ...]] = {
    "seasonal": (ETS, ETS_LOG, CES_LOG, NAIVE, SEASONAL_NAIVE),
    "seasonal_signed": (ETS, THETA, NAIVE, SEASONAL_NAIVE),
    "short": (ETS, ETS_LOG, NAIVE),
    "short_signed": (ETS, NAIVE),
    "intermittent": (CROSTON, ADIDA, IMAPA, WINDOW),
}


def cutoff_forecasts(
    y: FloatArray,
    cutoffs: Sequence[int],
    horizon: int,
    pool: Sequence[Candidate],
    season_length: int,
    *,
    refit_every: int = 6,
) -> FloatArray:
    """Forecasts of each candidate made at each cutoff: shape (candidates, cutoffs, horizon).

    At cutoff `c` a model sees `y[: c + 1]` only. Models with `refit` are re-estimated at the
    first cutoff and then every `refit_every` cutoffs; in between, the last fit is applied to
    the longer history (statsforecast's `forward`: same parameters, updated states), which is
    much faster and still uses nothing after the cutoff. `refit_every=1` re-estimates at each.
    Forecasts are finite: a model that fails or returns NaN gives the last value instead.
    """
    order = sorted(cutoffs)
    out = np.empty((len(pool), len(order), horizon))
    for i, candidate in enumerate(pool):
        fitted: Any = None
        since = 0
        for j, cutoff in enumerate(order):
            train = y[: cutoff + 1]
            z = np.log1p(train) if candidate.log else train
            if not candidate.refit:
                mean = _run(candidate.make(season_length), "forecast", z, horizon)
            else:
                if fitted is None or since >= refit_every:
                    fitted = _fit(candidate, z, season_length)
                    since = 0
                mean = None if fitted is None else _run(fitted, "forward", z, horizon)
                since += 1
            if mean is None:
                mean = np.full(horizon, z[-1])
            if candidate.log:
                mean = np.expm1(np.minimum(mean, float(z.max()) + LOG_CAP))
            out[i, j] = mean
    index = np.argsort(np.argsort(np.asarray(cutoffs)))  # back to the caller's order
    return out[:, index, :]


def _fit(candidate: Candidate, z: FloatArray, season_length: int) -> Any:
    try:
        return candidate.make(season_length).fit(y=z)
    except Exception:  # a degenerate history some model cannot fit: the fallback stands in
        return None


def _run(model: Any, how: str, z: FloatArray, horizon: int) -> FloatArray | None:
    """`model.forecast` (fit and forecast) or `model.forward` (a fitted model on new data)."""
    try:
        mean = np.asarray(getattr(model, how)(y=z, h=horizon)["mean"], dtype=np.float64)
    except Exception:  # as in _fit
        return None
    return mean if np.isfinite(mean).all() else None
