"""The indicator catalogue: what each indicator counts, in which unit, period and breakdowns.

The catalogue lives in `almaty/stats/catalogue.yaml`; `load_catalogue()` reads and checks it.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from almaty.stats.engine.codelists import UNIT_MEASURE
from almaty.stats.engine.columns import DIMENSIONS
from almaty.stats.engine.periods import FREQUENCIES

DEFAULT_PATH = Path(__file__).resolve().parent.parent / "catalogue.yaml"
SOURCES = ("submitted", "external")


class CatalogueError(ValueError):
    """The catalogue file is inconsistent (a programming error, never a user's)."""


@dataclass(frozen=True)
class Indicator:
    code: str
    dataflow: str
    name_en: str
    name_ru: str
    definition_en: str
    definition_ru: str
    unit: str  # PS | EV | USD
    periodicity: str  # "A" | "Q" | "M": exactly this one
    dimensions: tuple[str, ...]  # those of DIMENSIONS it uses; the others hold "_Z"
    additive: bool  # breakdowns add up to their "_T" totals
    tolerance: float  # relative tolerance of the totals rule (0.01 = 1 %)
    bilateral: str | None  # the mirror indicator (ENTRIES <-> EXITS)
    source: str  # "submitted" or "external"

    def uses(self, dimension: str) -> bool:
        return dimension in self.dimensions


@dataclass(frozen=True)
class Dataflow:
    id: str  # e.g. ALMATY:MIGR_BORDER(1.0)
    name_en: str
    name_ru: str


def _indicator(entry: dict[str, Any]) -> Indicator:
    try:
        bilateral = entry.get("bilateral")
        return Indicator(
            code=str(entry["code"]),
            dataflow=str(entry["dataflow"]),
            name_en=str(entry["name_en"]).strip(),
            name_ru=str(entry["name_ru"]).strip(),
            definition_en=" ".join(str(entry["definition_en"]).split()),
            definition_ru=" ".join(str(entry["definition_ru"]).split()),
            unit=str(entry["unit"]),
            periodicity=str(entry["periodicity"]),
            dimensions=tuple(str(d) for d in entry.get("dimensions") or ()),
            additive=bool(entry["additive"]),
            tolerance=float(entry.get("tolerance", 0.0)),
            bilateral=str(bilateral) if bilateral else None,
            source=str(entry.get("source", "submitted")),
        )
    except KeyError as exc:
        raise CatalogueError(f"indicator {entry.get('code')!r}: missing {exc}") from exc


def _check(indicators: dict[str, Indicator], dataflows: dict[str, Dataflow]) -> None:
    for ind in indicators.values():
        problems = []
        if ind.dataflow not in dataflows:
            problems.append(f"unknown dataflow {ind.dataflow!r}")
        if ind.unit not in UNIT_MEASURE:
            problems.append(f"unknown unit {ind.unit!r}")
        if ind.periodicity not in FREQUENCIES:
            problems.append(f"unknown periodicity {ind.periodicity!r}")
        if not set(ind.dimensions) <= set(DIMENSIONS):
            problems.append(f"unknown dimensions {ind.dimensions!r}")
        if not 0.0 <= ind.tolerance < 1.0:
            problems.append(f"tolerance {ind.tolerance!r} outside [0, 1)")
        if ind.source not in SOURCES:
            problems.append(f"unknown source {ind.source!r}")
        if ind.bilateral is not None:
            mirror = indicators.get(ind.bilateral)
            if mirror is None or mirror.bilateral != ind.code:
                problems.append(f"mirror {ind.bilateral!r} does not point back")
        if problems:
            raise CatalogueError(f"indicator {ind.code}: " + "; ".join(problems))


@cache
def _load(path: Path) -> tuple[dict[str, Indicator], dict[str, Dataflow]]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    dataflows = {
        str(d["id"]): Dataflow(
            id=str(d["id"]), name_en=str(d["name_en"]), name_ru=str(d["name_ru"])
        )
        for d in data["dataflows"]
    }
    indicators: dict[str, Indicator] = {}
    for entry in data["indicators"]:
        ind = _indicator(entry)
        if ind.code in indicators:
            raise CatalogueError(f"indicator {ind.code} is declared twice")
        indicators[ind.code] = ind
    _check(indicators, dataflows)
    return indicators, dataflows


def load_catalogue(path: Path | None = None) -> dict[str, Indicator]:
    """The indicators by code (a fresh dict each call; the file is read once per path)."""
    return dict(_load((path or DEFAULT_PATH).resolve())[0])


def load_dataflows(path: Path | None = None) -> dict[str, Dataflow]:
    """The dataflows (indicator families) by id."""
    return dict(_load((path or DEFAULT_PATH).resolve())[1])
