"""Crossing records written by hand for the engine's tests."""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import pytest

from almaty.borders.engine import schema
from tests.factories import borders as factories

Row = dict[str, Any]


# The engine's tests use one traveller and one airport unless told otherwise.
ENGINE_DEFAULTS: dict[str, Any] = {"doc": "N100", "bcp": "KAZ-ALM-AIR", "birth_date": "1990-01-01"}


def crossing(record_id: str, direction: str, day: dt.date | str, **fields: Any) -> Row:
    """One spec row (`tests.factories.borders.crossing` with the engine tests' defaults)."""
    return factories.crossing(record_id, direction, day, **(ENGINE_DEFAULTS | fields))


def stay(
    prefix: str,
    entry: dt.date,
    exit_: dt.date | None,
    *,
    entry_time: str = "09:00:00",
    exit_time: str = "21:00:00",
    **fields: Any,
) -> list[Row]:
    """A stay (`tests.factories.borders.stay`), entering in the morning and leaving at night."""
    return factories.stay(
        prefix,
        entry,
        exit_,
        entry_time=entry_time,
        exit_time=exit_time,
        **(ENGINE_DEFAULTS | fields),
    )


def write_csv(
    path: Path, rows: Sequence[Row], columns: Sequence[str] = schema.SPEC_COLUMNS
) -> Path:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(columns), extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)
    return path


def rule(rule_id: int, **fields: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "rule_id": rule_id,
        "recording_state": "KAZ",
        "nationality": None,
        "permit": None,
        "purpose": None,
        "valid_from_day": 0,
        "valid_to_day": None,
        "max_stay_days": 30,
        "rolling_limit_days": None,
        "rolling_window_days": None,
        "exempt": False,
    }
    base.update(fields)
    return base


@pytest.fixture
def csv_file(tmp_path: Path) -> Callable[..., Path]:
    counter = iter(range(1000))

    def make(rows: Sequence[Row], columns: Sequence[str] = schema.SPEC_COLUMNS) -> Path:
        return write_csv(tmp_path / f"records-{next(counter)}.csv", rows, columns)

    return make
