"""Building small SDMX-CSV submissions for the engine's tests."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from almaty.stats.engine.columns import COLUMNS

BORDER = "ALMATY:MIGR_BORDER(1.0)"
PROTECTION = "ALMATY:MIGR_PROTECTION(1.0)"

VALID = {
    "DATAFLOW": BORDER,
    "REF_AREA": "KAZ",
    "INDICATOR": "ENTRIES",
    "TIME_PERIOD": "2024-03",
    "COUNTERPART_AREA": "_T",
    "SEX": "_T",
    "AGE": "_T",
    "PURPOSE": "_T",
    "OBS_VALUE": "100",
    "UNIT_MEASURE": "EV",
    "OBS_STATUS": "A",
    "COMMENT": "",
}


def row(**changes: str) -> dict[str, str]:
    """A valid ENTRIES row with `changes` applied."""
    return {**VALID, **changes}


def month(index: int) -> str:
    """The `index`-th month from January 2015 (distinct keys for generated rows)."""
    return f"{2015 + index // 12}-{index % 12 + 1:02d}"


def csv_text(rows: Iterable[Mapping[str, str]], columns: Iterable[str] = COLUMNS) -> str:
    header = list(columns)
    lines = [",".join(header)]
    lines.extend(",".join(r.get(c, "") for c in header) for r in rows)
    return "\n".join(lines) + "\n"


def sdmx_csv(rows: Iterable[Mapping[str, str]], columns: Iterable[str] = COLUMNS) -> bytes:
    return csv_text(rows, columns).encode("utf-8")
