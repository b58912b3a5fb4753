"""Crossing records written by hand for the engine's tests."""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import pytest

from almaty.borders.engine import schema

Row = dict[str, Any]


def crossing(
    record_id: str,
    direction: str,
    day: dt.date | str,
    *,
    doc: str = "N100",
    nationality: str = "UZB",
    bcp: str = "KAZ-ALM-AIR",
    purpose: str = "PRIVATE",
    permit: str = "VISA_FREE",
    authorised: int | str = "",
    time: str = "10:00:00",
    state: str = "KAZ",
    sex: str = "M",
    birth: str = "1990-01-01",
) -> Row:
    """One spec row; `day` a date or an ISO date."""
    return {
        "record_id": record_id,
        "recording_state": state,
        "bcp": bcp,
        "direction": direction,
        "crossed_at": f"{day}T{time}+05:00",
        "doc_type": "P",
        "doc_number": doc,
        "doc_issuer": nationality,
        "nationality": nationality,
        "surname": "Karimov",
        "given_names": "Aziz",
        "birth_date": birth,
        "sex": sex,
        "purpose": purpose,
        "permit": permit,
        "authorised_stay_days": authorised,
    }


def stay(
    prefix: str,
    entry: dt.date,
    exit_: dt.date | None,
    *,
    entry_time: str = "09:00:00",
    exit_time: str = "21:00:00",
    **fields: Any,
) -> list[Row]:
    rows = [crossing(f"{prefix}-in", "ENTRY", entry, time=entry_time, **fields)]
    if exit_ is not None:
        rows.append(crossing(f"{prefix}-out", "EXIT", exit_, time=exit_time, **fields))
    return rows


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
