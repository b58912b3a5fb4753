"""Forecasts that add up: a total and its parts reconciled (an option, issue 8).

Each series is forecast on its own; the parts' means then rarely add up to the total's. For a
one-level hierarchy (total = sum of parts) `reconcile` moves every mean by a share of the
discrepancy d = total - sum(parts), so that they add up exactly:

- `wls` (default): shares proportional to each series' backtest error variance at that
  horizon (a diagonal MinT: the series forecast worst move most); series without one count
  as the mean of the others', and equal shares stand in where none has one;
- `ols`: equal shares (the OLS projection for this structure);
- `bottom_up`: the total becomes the sum of the parts, which stay as they are.

For counts, a part pushed below 0 is set to 0 and the rest reconciled again without it. The
intervals are moved with their mean, their widths kept (an approximation: reconciled
intervals would need the joint error distribution), clipped at 0 for counts and kept
ordered. The model name gets the method appended ("ensemble+wls").
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from typing import Literal

import numpy as np

from almaty.forecasts.engine.errors import ForecastInputError, Issue
from almaty.forecasts.engine.results import PanelForecast, SeriesForecast
from almaty.forecasts.engine.series import FloatArray

Method = Literal["wls", "ols", "bottom_up"]
BOUNDS = ("lo_80", "hi_80", "lo_95", "hi_95")


def reconcile(
    result: PanelForecast, *, total: str, parts: Sequence[str], method: Method = "wls"
) -> PanelForecast:
    """`result` with the forecasts of `total` and `parts` made to add up; the others as they
    were. Raises `ForecastInputError` (`unknown_series`, `not_aligned`) when the series are
    not all forecast, or not for the same periods."""
    if method not in ("wls", "ols", "bottom_up"):
        raise ValueError(f"unknown reconciliation method {method!r}")
    ids = [total, *parts]
    known = {f.series_id: f for f in result.forecasts}
    missing = [sid for sid in ids if sid not in known]
    if missing:
        raise ForecastInputError([Issue("unknown_series", {"series_id": s}) for s in missing])
    group = [known[sid] for sid in ids]
    misaligned = [f for f in group if f.periods != group[0].periods]
    if misaligned:
        raise ForecastInputError(
            [
                Issue(
                    "not_aligned",
                    {
                        "series_id": f.series_id,
                        "end": f.periods[0],
                        "expected": group[0].periods[0],
                    },
                )
                for f in misaligned
            ]
        )
    means = np.vstack([f.mean for f in group])  # (1 + parts, horizon)
    nonnegative = np.array([bool(np.all(f.lo_95 >= 0)) for f in group])
    adjusted = np.column_stack(
        [
            _one_horizon(means[:, h], _variances(group, h, method), nonnegative, method)
            for h in range(means.shape[1])
        ]
    )
    changed = {
        f.series_id: _moved(f, adjusted[i], method, bool(nonnegative[i]))
        for i, f in enumerate(group)
    }
    forecasts = tuple(changed.get(f.series_id, f) for f in result.forecasts)
    return dataclasses.replace(result, forecasts=forecasts)


def _variances(group: list[SeriesForecast], h: int, method: Method) -> FloatArray:
    if method == "ols":
        return np.ones(len(group))
    values = np.array([f.error_variance[h] for f in group], dtype=np.float64)
    usable = np.isfinite(values) & (values > 0)
    if not usable.any():
        return np.ones(len(group))
    return np.where(usable, values, float(values[usable].mean()))


def _one_horizon(
    means: FloatArray, variances: FloatArray, nonnegative: np.ndarray, method: Method
) -> FloatArray:
    """Means (total first) that add up, moved by shares of the discrepancy."""
    out = means.astype(np.float64).copy()
    if method == "bottom_up":
        out[0] = out[1:].sum()
        return out
    free = np.ones(len(out), dtype=bool)  # parts fixed at 0 leave the reconciliation
    for _ in range(len(out)):
        current = means.copy()
        current[~free] = 0.0
        gap = current[0] - current[1:].sum()
        share = np.where(free, variances, 0.0)
        weights = share / share.sum()
        current[0] -= gap * weights[0]
        current[1:] += gap * weights[1:]
        negative = (current < 0) & nonnegative & free
        negative[0] = False  # the total is the sum of non-negative parts: never below 0
        if not negative.any():
            return current
        free &= ~negative
    return out


def _moved(f: SeriesForecast, mean: FloatArray, method: str, nonnegative: bool) -> SeriesForecast:
    shift = mean - f.mean
    bounds = {key: getattr(f, key) + shift for key in BOUNDS}
    if nonnegative:
        mean = np.maximum(mean, 0.0)
        bounds = {key: np.maximum(value, 0.0) for key, value in bounds.items()}
    bounds["lo_80"] = np.minimum(bounds["lo_80"], mean)
    bounds["hi_80"] = np.maximum(bounds["hi_80"], mean)
    bounds["lo_95"] = np.minimum(bounds["lo_95"], bounds["lo_80"])
    bounds["hi_95"] = np.maximum(bounds["hi_95"], bounds["hi_80"])
    return dataclasses.replace(f, model=f"{f.model}+{method}", mean=mean, **bounds)
