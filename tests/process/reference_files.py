"""Variants of the project's reference data file, written where a test wants them."""

from __future__ import annotations

import copy
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
