"""Border crossing points (BCPs) of the region: code, State, names, kind, neighbour, place.

The list lives in `bcps.yaml` beside this module; `load_bcps()` reads and checks it once.
A BCP's code starts with the ISO3 of the State that records crossings there, so the two sides
of one crossing are two BCPs (`KAZ-KORDAI`, `KGZ-KORDAI`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import yaml

DEFAULT_PATH = Path(__file__).resolve().parent / "bcps.yaml"
KINDS = ("air", "land", "rail")
_CODE = re.compile(r"[A-Z]{3}(-[A-Z0-9]+)+")
_ISO3 = re.compile(r"[A-Z]{3}")


class BcpError(ValueError):
    """The BCP file is inconsistent (a programming error, never a user's)."""


@dataclass(frozen=True)
class Bcp:
    code: str
    state: str  # ISO3 of the recording State
    name_en: str
    name_ru: str
    kind: str  # air | land | rail
    counterpart: str | None  # ISO3 of the neighbouring State (land, rail); None for air
    lat: float
    lon: float


def _bcp(entry: dict[str, Any]) -> Bcp:
    try:
        counterpart = entry.get("counterpart")
        bcp = Bcp(
            code=str(entry["code"]),
            state=str(entry["state"]),
            name_en=str(entry["name_en"]),
            name_ru=str(entry["name_ru"]),
            kind=str(entry["kind"]),
            counterpart=str(counterpart) if counterpart else None,
            lat=float(entry["lat"]),
            lon=float(entry["lon"]),
        )
    except KeyError as exc:
        raise BcpError(f"BCP {entry.get('code')!r}: missing {exc}") from exc
    problems = []
    if not _CODE.fullmatch(bcp.code) or not bcp.code.startswith(f"{bcp.state}-"):
        problems.append("the code must be the State's ISO3, '-', then A-Z, 0-9 and '-'")
    if not _ISO3.fullmatch(bcp.state):
        problems.append(f"state {bcp.state!r} is not an ISO3 code")
    if bcp.kind not in KINDS:
        problems.append(f"kind {bcp.kind!r} is not one of {KINDS}")
    if (bcp.kind == "air") != (bcp.counterpart is None):
        problems.append("an airport has no counterpart; a land or rail BCP has one")
    if bcp.counterpart is not None and (
        not _ISO3.fullmatch(bcp.counterpart) or bcp.counterpart == bcp.state
    ):
        problems.append(f"counterpart {bcp.counterpart!r} is not a neighbouring State's ISO3")
    if not (-90 <= bcp.lat <= 90 and -180 <= bcp.lon <= 180):
        problems.append("coordinates out of range")
    if problems:
        raise BcpError(f"BCP {bcp.code!r}: {'; '.join(problems)}")
    return bcp


@cache
def load_bcps(path: Path = DEFAULT_PATH) -> dict[str, Bcp]:
    """Every BCP by code, in the file's order."""
    entries = yaml.safe_load(path.read_text(encoding="utf-8")) or []
    bcps: dict[str, Bcp] = {}
    for entry in entries:
        bcp = _bcp(entry)
        if bcp.code in bcps:
            raise BcpError(f"BCP {bcp.code!r} appears twice")
        bcps[bcp.code] = bcp
    return bcps


def bcps_of(state: str) -> list[Bcp]:
    """The BCPs where `state` (ISO3) records crossings, in the file's order."""
    return [b for b in load_bcps().values() if b.state == state]


def counterparts() -> dict[str, str]:
    """BCP code -> the neighbouring State's ISO3, for land and rail BCPs (airports have none)."""
    return {code: b.counterpart for code, b in load_bcps().items() if b.counterpart}
