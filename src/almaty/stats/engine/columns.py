"""The SDMX-CSV columns of a statistics submission (docs: specs/statistics-exchange.md)."""

from __future__ import annotations

COLUMNS: tuple[str, ...] = (
    "DATAFLOW",
    "REF_AREA",
    "INDICATOR",
    "TIME_PERIOD",
    "COUNTERPART_AREA",
    "SEX",
    "AGE",
    "PURPOSE",
    "OBS_VALUE",
    "UNIT_MEASURE",
    "OBS_STATUS",
    "COMMENT",
)

# One observation per key: a second row with the same key is a duplicate.
KEY: tuple[str, ...] = (
    "REF_AREA",
    "INDICATOR",
    "TIME_PERIOD",
    "COUNTERPART_AREA",
    "SEX",
    "AGE",
    "PURPOSE",
)

# The breakdown dimensions an indicator may use; the ones it does not use hold "_Z".
DIMENSIONS: tuple[str, ...] = ("COUNTERPART_AREA", "SEX", "AGE", "PURPOSE")

# A time series: the key without the period (used for plausibility against history).
SERIES_KEY: tuple[str, ...] = tuple(c for c in KEY if c != "TIME_PERIOD")

# Columns a file may leave out (filled with empty values).
OPTIONAL_COLUMNS: frozenset[str] = frozenset({"COMMENT"})

# Columns that must hold a value on every row (OBS_VALUE: unless OBS_STATUS is "M";
# OBS_STATUS: empty means "A", normal value).
REQUIRED_VALUES: tuple[str, ...] = (
    "DATAFLOW",
    "REF_AREA",
    "INDICATOR",
    "TIME_PERIOD",
    *DIMENSIONS,
    "UNIT_MEASURE",
)

COMMENT_LIMIT = 1000  # characters
