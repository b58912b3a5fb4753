"""The bridge between the platform and the forecasting engine (`almaty.forecasts.engine`).

- `forecast_many(series, horizon=..., progress=...)`: the platform's series (see `series`)
  forecast by the engine's method; one `Outcome` per series id.
- `forecast_file(data, horizon=..., gaps=..., progress=...)`: a user's CSV in the spec's
  format (`series_id,period,value`) forecast the same way; `FileForecast` with the output rows
  (`series_id,period,model,mean,lo_80,hi_80,lo_95,hi_95`), the outcomes and the notes. A file
  that cannot be forecast raises `ForecastInputError` (its issues rendered by `messages`).
- `output_csv(rows)`: the output file's bytes.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

from almaty.forecasts.engine.errors import ForecastInputError, Issue
from almaty.forecasts.engine.method import forecast_panel
from almaty.forecasts.engine.reconcile import reconcile
from almaty.forecasts.engine.results import PanelForecast, SeriesForecast
from almaty.forecasts.engine.series import panel_from_rows, read_csv

Progress = Callable[[int, int], None]
OUTPUT_COLUMNS = ("series_id", "period", "model", "mean", "lo_80", "hi_80", "lo_95", "hi_95")
# The method's name as stored with each forecast: change it when the engine's method changes,
# so that the same data is forecast again by the new method.
METHOD = "ensemble-conformal-1"


@dataclass
class Outcome:
    """A series' forecast as stored: points, track record by horizon, details (model weights,
    notes); `skipped` names the engine's reason when the series could not be forecast."""

    points: list[dict[str, Any]] = field(default_factory=list)
    track_record: list[dict[str, Any]] = field(default_factory=list)
    details: dict[str, Any] = field(default_factory=dict)
    skipped: str = ""


@dataclass
class FileForecast:
    rows: list[dict[str, Any]]
    outcomes: dict[str, Outcome]
    history: dict[str, list[tuple[str, float]]]
    notes: list[Issue]


def known_indicators() -> set[str]:
    """The indicator codes warnings can be about: the catalogue's and the external series'."""
    from almaty.stats.engine import external
    from almaty.stats.services import catalogue

    return set(catalogue()) | set(external.SERIES)


def _decimal(value: float) -> str:
    """A value with up to 4 decimals, never in exponent notation (1234567.5, not 1.23e+06)."""
    text = f"{value:.4f}".rstrip("0").rstrip(".")
    return "0" if text in ("", "-0") else text


def output_csv(rows: Sequence[dict[str, Any]]) -> bytes:
    out = io.StringIO(newline="")
    writer = csv.DictWriter(out, fieldnames=OUTPUT_COLUMNS, lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow(
            {
                key: (_decimal(row[key]) if isinstance(row[key], float) else row[key])
                for key in OUTPUT_COLUMNS
            }
        )
    return out.getvalue().encode("utf-8")


def _outcome(forecast: SeriesForecast) -> Outcome:
    points = [
        {
            "period": period,
            **{key: float(getattr(forecast, key)[i]) for key in OUTPUT_COLUMNS[3:]},
        }
        for i, period in enumerate(forecast.periods)
    ]
    track = (
        [
            {
                "horizon": score.horizon,
                "mase": score.mase,
                "coverage_80": score.coverage_80,
                "coverage_95": score.coverage_95,
                "origins": score.forecasts,
            }
            for score in forecast.track.by_horizon
        ]
        if forecast.track is not None
        else []
    )
    details = {
        "model": forecast.model,
        "weights": {name: float(weight) for name, weight in forecast.weights.items()},
        "notes": [asdict(note) for note in forecast.notes],
    }
    return Outcome(points=points, track_record=track, details=details)


def _skipped(issues: Sequence[Issue]) -> dict[str, Outcome]:
    return {
        issue.params.get("series_id", ""): Outcome(
            skipped=issue.code, details={"notes": [asdict(issue)]}
        )
        for issue in issues
    }


def _reconciled(made: PanelForecast, group: Sequence[Any]) -> PanelForecast:
    """Each indicator's total and parts made to add up, where all of them were forecast for
    the same periods; families that cannot be are left as they were (their forecasts say
    so: no "+wls" in the model's name)."""
    forecast_ids = {f.series_id for f in made.forecasts}
    families: dict[str, list[str]] = {}
    for item in group:
        if item.series_id in forecast_ids and not item.is_total:
            families.setdefault(item.indicator, []).append(item.series_id)
    for indicator, parts in sorted(families.items()):
        total = f"{indicator}._T"
        if total not in forecast_ids or len(parts) < 2:
            continue
        try:
            made = reconcile(made, total=total, parts=sorted(parts))
        except ForecastInputError:
            continue  # e.g. a part whose last period differs: it cannot add up
    return made


def forecast_many(
    series: Sequence[Any],
    *,
    horizon: int,
    progress: Progress | None = None,
    reconciled: bool = False,
) -> dict[str, Outcome]:
    """Forecast the platform's series (`series.SeriesData`); a series with gaps is forecast
    from the part after its last gap (a note says so). With `reconciled`, each indicator's
    regional total and its States' forecasts are made to add up (`engine.reconcile`, WLS)."""
    by_freq: dict[str, list[Any]] = {}
    for item in series:
        by_freq.setdefault(item.freq, []).append(item)
    total, done_before = len(series), 0
    outcomes: dict[str, Outcome] = {}
    for group in by_freq.values():
        rows = [(item.series_id, period, value) for item in group for period, value in item.values]

        def step(done: int, _total: int, offset: int = done_before) -> None:
            if progress is not None:
                progress(offset + done, total)

        try:
            panel = panel_from_rows(rows, gaps="latest_run")
        except ForecastInputError as exc:  # e.g. a period that is not one: skip the group
            for item in group:
                outcomes[item.series_id] = Outcome(
                    skipped=exc.issues[0].code, details={"notes": [asdict(exc.issues[0])]}
                )
            done_before += len(group)
            continue
        made = forecast_panel(panel, horizon, progress=step)
        if reconciled:
            made = _reconciled(made, group)
        outcomes.update(_skipped(made.skipped))
        outcomes.update({f.series_id: _outcome(f) for f in made.forecasts})
        done_before += len(group)
    return outcomes


def forecast_file(
    data: bytes, *, horizon: int, gaps: str = "refuse", progress: Progress | None = None
) -> FileForecast:
    """Forecast a CSV in the spec's input format; `ForecastInputError` when it cannot be."""
    if gaps not in ("refuse", "latest_run"):
        raise ValueError(gaps)
    panel = read_csv(data, gaps=gaps)  # type: ignore[arg-type]
    made = forecast_panel(panel, horizon, progress=progress)
    notes = [*made.skipped, *(note for f in made.forecasts for note in f.notes)]
    return FileForecast(
        rows=made.frame().to_dicts(),
        outcomes={**_skipped(made.skipped), **{f.series_id: _outcome(f) for f in made.forecasts}},
        history={
            s.series_id: [(p, float(v)) for p, v in zip(s.periods(), s.values, strict=True)]
            for s in panel.series
        },
        notes=notes,
    )


__all__ = ["FileForecast", "ForecastInputError", "Outcome", "forecast_file", "forecast_many"]
