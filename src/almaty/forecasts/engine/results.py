"""What the engine returns: forecasts, track records, and their CSV/table forms.

`PanelForecast.frame()` is the output file of the statistics exchange spec
(`series_id,period,model,mean,lo_80,hi_80,lo_95,hi_95`, one row per series and future
period, in the input's frequency); `PanelForecast.track_frame()` the track records
(`series_id,horizon,forecasts,mase,coverage_80,coverage_95`); `write_csv` writes the first.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path

import polars as pl

from almaty.forecasts.engine.errors import Issue
from almaty.forecasts.engine.series import FloatArray

OUTPUT_COLUMNS = ("series_id", "period", "model", "mean", "lo_80", "hi_80", "lo_95", "hi_95")
TRACK_COLUMNS = ("series_id", "horizon", "forecasts", "mase", "coverage_80", "coverage_95")


@dataclass(frozen=True)
class HorizonScore:
    """The track record at one horizon: `forecasts` scored, their mean MASE (None when every
    origin's scale was 0) and the share of outcomes inside the 80% and 95% intervals."""

    horizon: int
    forecasts: int
    mase: float | None
    coverage_80: float
    coverage_95: float


@dataclass(frozen=True)
class TrackRecord:
    """How the method did on this series: by horizon, from backtests at past origins."""

    origins: tuple[str, ...]  # the periods last known at the origins replayed
    by_horizon: tuple[HorizonScore, ...]


@dataclass(frozen=True)
class SeriesForecast:
    """The forecast of one series for `periods`; `model` names the plan ("ensemble",
    "ensemble_short", "intermittent", "flat", with "_signed" for series that may be
    negative) and `weights` the candidates' shares."""

    series_id: str
    freq: str
    periods: tuple[str, ...]
    model: str
    mean: FloatArray
    lo_80: FloatArray
    hi_80: FloatArray
    lo_95: FloatArray
    hi_95: FloatArray
    weights: dict[str, float]
    error_variance: FloatArray  # backtest MSE of the ensemble by horizon (NaN if unknown)
    notes: tuple[Issue, ...] = ()
    track: TrackRecord | None = None


@dataclass(frozen=True)
class PanelForecast:
    """The forecasts of a panel; `skipped` lists the series that could not be (too_short)."""

    freq: str
    horizon: int
    forecasts: tuple[SeriesForecast, ...]
    skipped: tuple[Issue, ...] = ()

    def __getitem__(self, series_id: str) -> SeriesForecast:
        for f in self.forecasts:
            if f.series_id == series_id:
                return f
        raise KeyError(series_id)

    def frame(self, *, decimals: int | None = None) -> pl.DataFrame:
        """The spec's output rows (values rounded to `decimals` when given)."""
        columns: dict[str, list[object]] = {c: [] for c in OUTPUT_COLUMNS}
        for f in self.forecasts:
            n = len(f.periods)
            columns["series_id"].extend([f.series_id] * n)
            columns["period"].extend(f.periods)
            columns["model"].extend([f.model] * n)
            for key in OUTPUT_COLUMNS[3:]:
                columns[key].extend(getattr(f, key).tolist())
        schema = dict.fromkeys(OUTPUT_COLUMNS[:3], pl.String) | dict.fromkeys(
            OUTPUT_COLUMNS[3:], pl.Float64
        )
        frame = pl.DataFrame(columns, schema=schema)
        if decimals is not None:
            frame = frame.with_columns(pl.col(OUTPUT_COLUMNS[3:]).round(decimals))
        return frame

    def track_frame(self) -> pl.DataFrame:
        """Track records, one row per series and horizon (series without one are left out)."""
        rows = [
            (f.series_id, s.horizon, s.forecasts, s.mase, s.coverage_80, s.coverage_95)
            for f in self.forecasts
            if f.track is not None
            for s in f.track.by_horizon
        ]
        schema = dict(
            zip(
                TRACK_COLUMNS,
                (pl.String, pl.Int64, pl.Int64, pl.Float64, pl.Float64, pl.Float64),
                strict=True,
            )
        )
        return pl.DataFrame(rows, schema=schema, orient="row")

    def write_csv(self, target: Path | io.TextIOBase | None = None, *, decimals: int = 2) -> str:
        """Write the output file to `target` (a path or text stream); returns the text."""
        text = self.frame(decimals=decimals).write_csv()
        if isinstance(target, Path):
            target.write_text(text, encoding="utf-8")
        elif target is not None:
            target.write(text)
        return text
