"""Variants of the project's reference data file, written where a test wants them."""

from __future__ import annotations

import copy
import datetime as dt
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from almaty.process.services import DEFAULT_FILE


def original_text() -> str:
    return DEFAULT_FILE.read_text(encoding="utf-8")


@cache
def _original() -> dict[str, Any]:
    return yaml.safe_load(original_text())


def original() -> dict[str, Any]:
    """The file's content as Python data, a fresh copy each time."""
    return copy.deepcopy(_original())


def write(directory: Path, data: dict[str, Any] | str, name: str = "reference.yaml") -> Path:
    path = directory / name
    text = (
        data if isinstance(data, str) else yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
    )
    path.write_text(text, encoding="utf-8")
    return path


def item(data: dict[str, Any], section: str, **match: Any) -> dict[str, Any]:
    """The record of a section whose fields have the given values (e.g. iso3="KGZ")."""
    found = [r for r in data[section] if all(r.get(k) == v for k, v in match.items())]
    assert len(found) == 1, (section, match, found)
    return found[0]


def position(data: dict[str, Any], section: str, **match: Any) -> int:
    """1-based position of a record, as load errors name it (e.g. states[4])."""
    return data[section].index(item(data, section, **match)) + 1


def agenda_item(data: dict[str, Any], meeting: str, day: str, starts_at: str) -> dict[str, Any]:
    """The top-level agenda item of a meeting that starts at a time (HH:MM) on a day (ISO)."""
    day_on = dt.date.fromisoformat(day)  # PyYAML reads an unquoted date as a date
    return item(item(data, "meetings", key=meeting), "agenda", day=day_on, starts_at=starts_at)


def agenda_at(data: dict[str, Any], meeting: str, day: str, starts_at: str) -> str:
    """Where a load error says an agenda item is, e.g. meetings[11].agenda[3]."""
    record = item(data, "meetings", key=meeting)
    found = agenda_item(data, meeting, day, starts_at)
    return (
        f"meetings[{position(data, 'meetings', key=meeting)}]"
        f".agenda[{record['agenda'].index(found) + 1}]"
    )
