"""The platform's forecasting method: a backtest-weighted ensemble with conformal intervals.

At an origin (the last period known), for one series:

1. **Plan.** Choose the candidates from what the history up to the origin shows (see
   `almaty.forecasts.engine.models.POOLS`): a constant series (all zeros included) is
   forecast flat, with no spread; a count series with at least 30% zeros uses the models
   for intermittent counts; one with fewer than three seasons (or an annual one) uses the
   short pool; otherwise the seasonal pool. Series with a negative value ("signed") get
   pools without logarithms. Fewer than `MIN_POINTS` values: `too_short`, not forecast.
2. **Backtest.** Fit every candidate at each of the last `calibration_windows` cutoffs before
   the origin (rolling origin, expanding window) and forecast `horizon` periods from each;
   compare with what was then observed. Nothing after the origin is used.
3. **Weights.** Each candidate's weight is proportional to 1 / its mean absolute backtest
   error (all horizons pooled); equal weights when there is no backtest yet. The forecast is
   the weighted mean of the candidates fitted on the whole history (kept >= 0 for counts);
   a candidate forecasting more than `RUNAWAY` (10) times the largest value seen is left out.
4. **Intervals (split conformal, per horizon).** The ensemble's own backtest errors at
   horizon h (on the log1p scale for counts, so that the spread follows the level; as they
   are otherwise) give the bounds by their finite-sample conformal ranks: with n errors
   sorted, the lower bound of a (1 - a) interval is the floor((n + 1) a / 2)-th and the upper
   the ceil((n + 1)(1 - a / 2))-th (capped at n). With fewer than `min_windows` errors at h,
   the quantiles of the longest horizon that has enough grow with sqrt(h); with none at
   all, those of the history's one-step changes (a random walk's) do. The point forecast is
   always inside its intervals (a bound that would exclude it is moved to it), bounds are
   ordered lo_95 <= lo_80 <= mean <= hi_80 <= hi_95, and counts stay >= 0.

The track record of a series is the same method replayed at its last `track_origins`
origins of each horizon (`backtest`): MASE (the errors over the in-sample mean absolute
error of the seasonal naive forecast, m = the season length, at each origin) and how often
the 80% and 95% intervals held the outcome. The method is deterministic: no randomness.

Measured on the Frontex panel (`bench/bench_forecast.py`, ADR 0019).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import numpy as np

from almaty.forecasts.engine.errors import NOTE, ForecastInputError, Issue
from almaty.forecasts.engine.models import POOLS, Candidate, cutoff_forecasts
from almaty.forecasts.engine.results import (
    HorizonScore,
    PanelForecast,
    SeriesForecast,
    TrackRecord,
)
from almaty.forecasts.engine.series import MIN_POINTS, FloatArray, Panel, Series, period_label

MAX_HORIZON = 36
LEVELS = (80, 95)
RUNAWAY = 10.0
Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class Settings:
    """How the method runs; the defaults are those measured in ADR 0019."""

    calibration_windows: int = 24  # backtest cutoffs per horizon (weights and intervals)
    min_windows: int = 8  # fewer errors at a horizon: intervals extrapolated (see above)
    track_origins: int = 12  # origins per horizon replayed for the track record
    refit_every: int = 6  # re-estimate models every this many cutoffs (see models.py)
    intermittent_share: float = 0.3  # share of zeros from which a count is intermittent
    seasons_needed: int = 3  # full seasons of history before seasonal models are used
    nonnegative: bool | None = None  # None: counts (no negative value) are kept >= 0


@dataclass(frozen=True)
class Backtest:
    """Forecasts made at past `origins` (indices into the series' values, the last point
    known), each `horizon` long, and what happened: arrays of shape (origins, horizon);
    `actual` is NaN where the period is not yet observed. `scale` is each origin's MASE
    denominator (NaN when 0)."""

    series_id: str
    origins: tuple[int, ...]
    mean: FloatArray
    lo_80: FloatArray
    hi_80: FloatArray
    lo_95: FloatArray
    hi_95: FloatArray
    actual: FloatArray
    scale: FloatArray
    models: tuple[str, ...]


@dataclass(frozen=True)
class _Plan:
    model: str
    pool: tuple[Candidate, ...]
    season_length: int
    nonnegative: bool
    min_train: int  # shortest history a backtest cutoff may have
    notes: tuple[Issue, ...] = field(default=())


@dataclass(frozen=True)
class _Origin:
    mean: FloatArray
    bounds: dict[str, FloatArray]
    weights: dict[str, float]
    error_variance: FloatArray


def forecast_series(
    series: Series, horizon: int = 12, settings: Settings | None = None, *, track: bool = True
) -> SeriesForecast:
    """Forecast `series` for the next `horizon` periods (see the module docstring).

    Raises `ForecastInputError` (`too_short`, `bad_horizon`) when it cannot. With `track`,
    the result carries the series' track record (about twice the work).
    """
    settings = settings or Settings()
    _check_horizon(horizon)
    y = series.values
    if len(y) < MIN_POINTS:
        raise ForecastInputError([_too_short(series)])
    origin = len(y) - 1
    plan = _plan(series, y, settings)
    need = _calibration_cutoffs(origin, horizon, plan, settings)
    base = _base(y, plan, need, horizon, settings)
    base |= _base(y, plan, [origin], horizon, settings)  # re-estimated on all the history
    result = _at_origin(y, origin, horizon, plan, base, settings)
    record = _track(series, horizon, settings) if track else None
    return SeriesForecast(
        series_id=series.series_id,
        freq=series.freq,
        periods=tuple(series.future_periods(horizon)),
        model=plan.model,
        mean=result.mean,
        lo_80=result.bounds["lo_80"],
        hi_80=result.bounds["hi_80"],
        lo_95=result.bounds["lo_95"],
        hi_95=result.bounds["hi_95"],
        weights=result.weights,
        error_variance=result.error_variance,
        notes=series.notes + plan.notes,
        track=record,
    )


def forecast_panel(
    panel: Panel,
    horizon: int = 12,
    settings: Settings | None = None,
    *,
    track: bool = True,
    progress: Progress | None = None,
) -> PanelForecast:
    """Forecast every series of `panel`; series too short are listed in `skipped`.

    `progress(done, total)` is called before the first series and after each.
    """
    _check_horizon(horizon)
    forecasts: list[SeriesForecast] = []
    skipped: list[Issue] = []
    total = len(panel.series)
    if progress:
        progress(0, total)
    for done, series in enumerate(panel.series, start=1):
        try:
            forecasts.append(forecast_series(series, horizon, settings, track=track))
        except ForecastInputError as exc:
            skipped.extend(exc.issues)
        if progress:
            progress(done, total)
    return PanelForecast(panel.freq, horizon, tuple(forecasts), tuple(skipped))


def backtest(
    series: Series,
    origins: Sequence[int],
    horizon: int,
    settings: Settings | None = None,
) -> Backtest:
    """Replay the method at each of `origins` (indices of the last value known, each at least
    MIN_POINTS - 1), as it would have run then: each origin sees only values up to it.

    The candidates' backtests are shared between origins (a cutoff's forecasts are the same
    whichever origin asks), which makes a long replay cheap. One difference with
    `forecast_series`: there the models are re-estimated at the origin itself; here the
    origin's forecasts, like the backtests', may come from parameters estimated up to
    `refit_every - 1` periods earlier (measured: no loss of accuracy, ADR 0019).
    """
    settings = settings or Settings()
    _check_horizon(horizon)
    y = series.values
    origins = sorted(origins)
    if not origins or origins[0] < MIN_POINTS - 1 or origins[-1] > len(y) - 1:
        raise ValueError("origins must lie between MIN_POINTS - 1 and the last index")
    plans = [_plan(series, y[: t + 1], settings) for t in origins]
    bases: dict[str, dict[int, FloatArray]] = {}
    for model in {p.model for p in plans}:
        plan = next(p for p in plans if p.model == model)
        cutoffs: set[int] = set()
        for t, p in zip(origins, plans, strict=True):
            if p.model == model:
                cutoffs.update(_calibration_cutoffs(t, horizon, p, settings), [t])
        bases[model] = _base(y, plan, sorted(cutoffs), horizon, settings)
    shape = (len(origins), horizon)
    out = {k: np.full(shape, np.nan) for k in ("mean", "lo_80", "hi_80", "lo_95", "hi_95")}
    actual = np.full(shape, np.nan)
    scale = np.full(len(origins), np.nan)
    for i, (t, plan) in enumerate(zip(origins, plans, strict=True)):
        result = _at_origin(y, t, horizon, plan, bases[plan.model], settings)
        out["mean"][i] = result.mean
        for key, values in result.bounds.items():
            out[key][i] = values
        seen = y[t + 1 : t + 1 + horizon]
        actual[i, : len(seen)] = seen
        scale[i] = mase_scale(y[: t + 1], series.season_length)
    return Backtest(
        series.series_id,
        tuple(origins),
        out["mean"],
        out["lo_80"],
        out["hi_80"],
        out["lo_95"],
        out["hi_95"],
        actual,
        scale,
        tuple(sorted({p.model for p in plans})),
    )


def mase_scale(history: FloatArray, season_length: int) -> float:
    """The in-sample MAE of the seasonal naive forecast (naive when the history is shorter
    than two seasons); NaN when it is 0 (a constant history: MASE undefined)."""
    m = season_length if len(history) > season_length else 1
    if len(history) <= m:
        return math.nan
    value = float(np.mean(np.abs(history[m:] - history[:-m])))
    return value if value > 0 else math.nan


def score(bt: Backtest) -> tuple[HorizonScore, ...]:
    """Per horizon: MASE and interval coverage over the origins whose outcome is known."""
    scores = []
    for h in range(bt.mean.shape[1]):
        known = ~np.isnan(bt.actual[:, h])
        if not known.any():
            continue
        a = bt.actual[known, h]
        scaled = np.abs(a - bt.mean[known, h]) / bt.scale[known]
        finite = scaled[np.isfinite(scaled)]
        scores.append(
            HorizonScore(
                horizon=h + 1,
                forecasts=int(known.sum()),
                mase=float(finite.mean()) if finite.size else None,
                coverage_80=_share((a >= bt.lo_80[known, h]) & (a <= bt.hi_80[known, h])),
                coverage_95=_share((a >= bt.lo_95[known, h]) & (a <= bt.hi_95[known, h])),
            )
        )
    return tuple(scores)


# --- inside ----------------------------------------------------------------------------


def _share(mask: np.ndarray) -> float:
    return float(mask.mean()) if mask.size else math.nan


def _check_horizon(horizon: int) -> None:
    if not 1 <= horizon <= MAX_HORIZON:
        raise ForecastInputError(
            [Issue("bad_horizon", {"value": str(horizon), "maximum": str(MAX_HORIZON)})]
        )


def _too_short(series: Series) -> Issue:
    params = {
        "series_id": series.series_id,
        "points": str(len(series.values)),
        "minimum": str(MIN_POINTS),
    }
    return Issue("too_short", params)


def _plan(series: Series, y: FloatArray, settings: Settings) -> _Plan:
    """The plan for a history `y` (the series up to some origin)."""
    sid = series.series_id
    m = series.season_length
    nonnegative = settings.nonnegative if settings.nonnegative is not None else bool(y.min() >= 0)
    suffix = "" if nonnegative else "_signed"
    if np.all(y == y[0]):
        code, params = (
            ("all_zero", {"series_id": sid})
            if y[0] == 0
            else ("constant", {"series_id": sid, "value": f"{y[0]:g}"})
        )
        return _Plan("flat", (), m, nonnegative, len(y), (Issue(code, params, severity=NOTE),))
    zeros = float(np.mean(y == 0))
    if nonnegative and zeros >= settings.intermittent_share:
        note = Issue("intermittent", {"series_id": sid, "zeros": f"{zeros:.2f}"}, severity=NOTE)
        return _Plan("intermittent", POOLS["intermittent"], m, True, MIN_POINTS, (note,))
    if m > 1 and len(y) >= settings.seasons_needed * m:
        pool = POOLS["seasonal" + suffix]
        return _Plan("ensemble" + suffix, pool, m, nonnegative, 2 * m)
    note = Issue("short", {"series_id": sid, "points": str(len(y))}, severity=NOTE)
    pool = POOLS["short" + suffix]
    return _Plan("ensemble_short" + suffix, pool, 1, nonnegative, MIN_POINTS, (note,))


def _calibration_cutoffs(origin: int, horizon: int, plan: _Plan, settings: Settings) -> list[int]:
    """Every backtest cutoff the origin uses: the last `calibration_windows` per horizon."""
    if not plan.pool:
        return []
    first = max(plan.min_train - 1, origin - horizon - settings.calibration_windows + 1)
    return list(range(first, origin))


def _base(
    y: FloatArray, plan: _Plan, cutoffs: list[int], horizon: int, settings: Settings
) -> dict[int, FloatArray]:
    """The candidates' forecasts by cutoff: {cutoff: array (candidates, horizon)}."""
    if not plan.pool or not cutoffs:
        return {}
    values = cutoff_forecasts(
        y, cutoffs, horizon, plan.pool, plan.season_length, refit_every=settings.refit_every
    )
    if plan.nonnegative:
        values = np.maximum(values, 0.0)
    return {c: values[:, j, :] for j, c in enumerate(cutoffs)}


def _at_origin(
    y: FloatArray,
    origin: int,
    horizon: int,
    plan: _Plan,
    base: dict[int, FloatArray],
    settings: Settings,
) -> _Origin:
    """The method at `origin` from the candidates' forecasts in `base` (see module doc)."""
    if not plan.pool:  # flat
        mean = np.full(horizon, y[origin])
        bounds = {k: mean.copy() for k in ("lo_80", "hi_80", "lo_95", "hi_95")}
        return _Origin(mean, bounds, {}, np.zeros(horizon))
    windows = settings.calibration_windows
    # Backtest pairs per horizon: the cutoffs whose outcome the origin already knows.
    pairs = {
        h: [c for c in range(origin - h - windows + 1, origin - h + 1) if c in base]
        for h in range(1, horizon + 1)
    }
    names = [c.name for c in plan.pool]
    errors = [np.abs(base[c][:, h - 1] - y[c + h]) for h in range(1, horizon + 1) for c in pairs[h]]
    if errors:
        mae = np.mean(np.vstack(errors), axis=0)
        floor = max(float(np.max(mae)) * 1e-9, 1e-12)
        weights = 1.0 / np.maximum(mae, floor)
    else:
        weights = np.ones(len(names))
    # A candidate whose forecast from the origin leaves all plausible range (more than
    # RUNAWAY times the largest value seen) is left out of it, however well it backtested.
    reach = RUNAWAY * max(float(np.max(np.abs(y[: origin + 1]))), 1.0)
    weights = np.where(np.abs(base[origin]).max(axis=1) > reach, 0.0, weights)
    if weights.sum() == 0:
        weights = np.ones(len(names))
    weights /= weights.sum()

    def combine(forecasts: FloatArray) -> FloatArray:
        combined = weights @ forecasts
        return np.maximum(combined, 0.0) if plan.nonnegative else combined

    mean = combine(base[origin])
    to_scale, from_scale = (np.log1p, np.expm1) if plan.nonnegative else (_identity, _identity)
    residuals: dict[int, FloatArray] = {}
    variance = np.full(horizon, np.nan)
    for h in range(1, horizon + 1):
        if pairs[h]:
            cs = np.asarray(pairs[h])
            fitted = np.array([combine(base[c])[h - 1] for c in cs])
            residuals[h] = to_scale(y[cs + h]) - to_scale(fitted)
            variance[h - 1] = float(np.mean((y[cs + h] - fitted) ** 2))
    bounds = _conformal(y[: origin + 1], mean, residuals, to_scale, from_scale, settings)
    if plan.nonnegative:
        bounds = {k: np.maximum(v, 0.0) for k, v in bounds.items()}
    return _Origin(mean, bounds, dict(zip(names, weights.tolist(), strict=True)), variance)


def _identity(values: FloatArray) -> FloatArray:
    return values


def _ranks(errors: FloatArray, level: int) -> tuple[float, float]:
    """The split-conformal lower and upper quantiles of `errors` for a `level`% interval."""
    ordered = np.sort(errors)
    n = len(ordered)
    alpha = 1 - level / 100
    low = max(math.floor((n + 1) * alpha / 2), 1)
    high = min(math.ceil((n + 1) * (1 - alpha / 2)), n)
    return float(ordered[low - 1]), float(ordered[high - 1])


def _conformal(
    history: FloatArray,
    mean: FloatArray,
    residuals: dict[int, FloatArray],
    to_scale: Callable[[FloatArray], FloatArray],
    from_scale: Callable[[FloatArray], FloatArray],
    settings: Settings,
) -> dict[str, FloatArray]:
    horizon = len(mean)
    quantiles: dict[int, dict[int, tuple[float, float]]] = {}
    enough = [h for h in range(1, horizon + 1) if len(residuals.get(h, ())) >= settings.min_windows]
    steps = np.diff(to_scale(history))
    for h in range(1, horizon + 1):
        if h in enough:
            quantiles[h] = {lv: _ranks(residuals[h], lv) for lv in LEVELS}
            continue
        shorter = [k for k in enough if k < h]
        if shorter:
            k = max(shorter)
            grow = math.sqrt(h / k)
            quantiles[h] = {lv: (lo * grow, hi * grow) for lv, (lo, hi) in quantiles[k].items()}
        else:  # no backtest worth the name: a random walk's spread, from one-step changes
            grow = math.sqrt(h)
            quantiles[h] = {
                lv: (lo * grow, hi * grow)
                for lv, (lo, hi) in ((lv, _ranks(steps, lv)) for lv in LEVELS)
            }
    centre = to_scale(mean)
    bounds: dict[str, FloatArray] = {}
    for lv in LEVELS:
        lo = np.array([min(quantiles[h][lv][0], 0.0) for h in range(1, horizon + 1)])
        hi = np.array([max(quantiles[h][lv][1], 0.0) for h in range(1, horizon + 1)])
        bounds[f"lo_{lv}"] = np.minimum(from_scale(centre + lo), mean)
        bounds[f"hi_{lv}"] = np.maximum(from_scale(centre + hi), mean)
    bounds["lo_95"] = np.minimum(bounds["lo_95"], bounds["lo_80"])
    bounds["hi_95"] = np.maximum(bounds["hi_95"], bounds["hi_80"])
    return bounds


def _track(series: Series, horizon: int, settings: Settings) -> TrackRecord | None:
    """The method replayed at the last `track_origins` origins of each horizon."""
    last = len(series.values) - 1
    first = max(MIN_POINTS - 1, last - horizon - settings.track_origins + 1)
    origins = list(range(first, last))
    if not origins:
        return None
    bt = backtest(series, origins, horizon, settings)
    # Keep, for each horizon, only its last `track_origins` scored forecasts.
    actual = bt.actual.copy()
    for h in range(horizon):
        known = np.flatnonzero(~np.isnan(actual[:, h]))
        actual[known[: max(len(known) - settings.track_origins, 0)], h] = np.nan
    trimmed = Backtest(
        bt.series_id,
        bt.origins,
        bt.mean,
        bt.lo_80,
        bt.hi_80,
        bt.lo_95,
        bt.hi_95,
        actual,
        bt.scale,
        bt.models,
    )
    labels = tuple(period_label(series.first + t, series.freq) for t in bt.origins)
    return TrackRecord(labels, score(trimmed))
