"""The forecasting engine: plain Python, polars, numpy and statsforecast; never Django.

Used alike by the web (through `almaty.forecasts`), the task queue, the CLI and
`bench/bench_forecast.py`. The method and why: docs/decisions/0019-forecasting-method.md.

Reading (`series`)::

    panel = read_csv(path_or_bytes, gaps="refuse")      # or panel_from_rows([(id, period, v)])
    # -> Panel(freq, series=(Series(series_id, freq, first, values, notes), ...))
    # raises ForecastInputError(issues) -- codes and params in `errors`

Forecasting (`method`)::

    result = forecast_panel(panel, horizon=12, settings=Settings(), track=True,
                            progress=lambda done, total: ...)
    result.frame()          # the spec's rows: series_id,period,model,mean,lo_80,hi_80,lo_95,hi_95
    result.track_frame()    # series_id,horizon,forecasts,mase,coverage_80,coverage_95
    result.write_csv(path)  # the output file
    result.skipped          # Issues (too_short) of series not forecast
    f = result["FRONTEX_IBC.AFG"]   # SeriesForecast: periods, model, mean, lo_80 ... hi_95,
                                    # weights, notes, track (TrackRecord by horizon)

    forecast_series(series, horizon=12)        # one series; raises ForecastInputError
    backtest(series, origins=[...], horizon=6) # the method replayed at past origins
    score(backtest_result)                     # MASE and coverage by horizon

Totals and their parts (`reconcile`)::

    reconciled = reconcile(result, total="X._T", parts=["X.AFG", ...], method="wls")

The engine is deterministic. statsforecast (2.x, compiled code, no numba) is imported on the
first forecast, not with this package: reading and checking files stays light.
"""

from almaty.forecasts.engine.errors import NOTE, ForecastInputError, Issue
from almaty.forecasts.engine.method import (
    LEVELS,
    MAX_HORIZON,
    MIN_POINTS,
    Backtest,
    Settings,
    backtest,
    forecast_panel,
    forecast_series,
    mase_scale,
    score,
)
from almaty.forecasts.engine.reconcile import reconcile
from almaty.forecasts.engine.results import (
    OUTPUT_COLUMNS,
    TRACK_COLUMNS,
    HorizonScore,
    PanelForecast,
    SeriesForecast,
    TrackRecord,
)
from almaty.forecasts.engine.series import Panel, Series, panel_from_rows, read_csv

__all__ = [
    "LEVELS",
    "MAX_HORIZON",
    "MIN_POINTS",
    "NOTE",
    "OUTPUT_COLUMNS",
    "TRACK_COLUMNS",
    "Backtest",
    "ForecastInputError",
    "HorizonScore",
    "Issue",
    "Panel",
    "PanelForecast",
    "Series",
    "SeriesForecast",
    "Settings",
    "TrackRecord",
    "backtest",
    "forecast_panel",
    "forecast_series",
    "mase_scale",
    "panel_from_rows",
    "read_csv",
    "reconcile",
    "score",
]
