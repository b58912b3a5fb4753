"""Forecasts and early warnings of migration trends (issue 8).

`almaty.forecasts.engine` is the Django-free forecasting engine: reading series, the
ensemble of statistical models with calibrated intervals, track records, reconciliation.
"""
