"""The forecasting pages: the latest forecasts, one series with its fan chart and track record,
a user's CSV forecast on the web, and the early warnings with the reader's subscriptions."""

from almaty.forecasts.views.series import index, series, series_csv
from almaty.forecasts.views.upload import upload, upload_csv, upload_file
from almaty.forecasts.views.warnings import subscribe, unsubscribe, warnings

__all__ = [
    "index",
    "series",
    "series_csv",
    "subscribe",
    "unsubscribe",
    "upload",
    "upload_csv",
    "upload_file",
    "warnings",
]
