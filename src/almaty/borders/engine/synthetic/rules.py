"""Approximate default stay rules of the region's States, as the engine's rule rows.

These are what the generator's travellers are subject to and what its ground truth and the
engine's tests apply; they summarise the sources noted for each group and are not a legal
reference (the platform's own defaults, with their sources, are the Django side's stay rules).

Each State has: a fallback for any foreigner; per-permit rows (a visa's own days, a work
permit, residence and local border traffic exempt); nationality groups with their own limits
(expanded to one row per nationality, as the engine expects, each with the same per-permit
rows so that a permit still decides for those nationals); nationalities that need a visa.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import polars as pl

from almaty.borders.engine.schema import day_of

Rule = dict[str, Any]
WORK_PERMIT_DAYS = 365
EAEU = ("ARM", "BLR", "KAZ", "KGZ", "RUS")


@dataclass(frozen=True)
class Group:
    """Nationals of `nationalities` may stay `max_stay_days` per entry and, with `rolling`,
    at most L days in any W-day window; `permit` is what their entries usually record.
    `work_by_purpose`: workers among them need no work permit (EAEU), their contract's days
    (on the record) apply to entries for WORK."""

    nationalities: tuple[str, ...]
    max_stay_days: int | None
    rolling: tuple[int, int] | None
    source: str
    permit: str = "VISA_FREE"
    work_by_purpose: bool = False
    valid_from: dt.date | None = None


@dataclass(frozen=True)
class StateRules:
    fallback_days: int
    fallback_rolling: tuple[int, int] | None
    fallback_source: str
    groups: tuple[Group, ...] = ()
    visa_required: frozenset[str] = field(default_factory=frozenset)  # all others, when "*"
    visa_for_all: bool = False


_DECREE_148 = (
    "KAZ Government Decree No. 148 of 21 January 2012 (rules of entry and stay of immigrants)"
)
_EAEU_TREATY = "Treaty on the Eurasian Economic Union (2014), art. 97 and Annex 30"
_KGZ_LAW = "KGZ Law on External Migration (2000) and visa-free regime lists of the Cabinet"

STATES: dict[str, StateRules] = {
    "KAZ": StateRules(
        fallback_days=30,
        fallback_rolling=(90, 180),
        fallback_source=_DECREE_148 + ": visa-free stay 30 days, at most 90 days in 180",
        groups=(
            Group(
                ("ARM", "BLR", "KGZ", "RUS"),
                90,
                (90, 180),
                _EAEU_TREATY + ": 90 days in 180; workers for their employment contract",
                permit="EAEU",
                work_by_purpose=True,
            ),
            Group(
                ("AZE", "MDA", "TJK", "UKR", "UZB"),
                30,
                (90, 180),
                _DECREE_148 + " and CIS agreements: 30 days per entry, 90 in 180",
            ),
            Group(
                ("GEO", "TUR"),
                30,
                None,
                "Bilateral visa-free agreements: 30 days per entry",
            ),
            Group(
                ("CHN",),
                30,
                (90, 180),
                "KAZ-CHN agreement on mutual visa exemption, in force 10 November 2023: "
                "30 days per entry, 90 in 180",
                valid_from=dt.date(2023, 11, 10),
            ),
        ),
        visa_required=frozenset({"AFG", "BGD", "CHN", "IND", "IRN", "PAK", "TKM"}),
    ),
    "KGZ": StateRules(
        fallback_days=30,
        fallback_rolling=None,
        fallback_source=_KGZ_LAW + ": 30 days",
        groups=(
            Group(
                ("ARM", "BLR", "KAZ", "RUS"),
                90,
                (90, 180),
                _EAEU_TREATY + ": 90 days in 180; workers for their employment contract",
                permit="EAEU",
                work_by_purpose=True,
            ),
            Group(
                (
                    "AZE",
                    "DEU",
                    "GBR",
                    "GEO",
                    "KOR",
                    "MDA",
                    "MNG",
                    "TJK",
                    "TUR",
                    "UKR",
                    "USA",
                    "UZB",
                ),
                60,
                None,
                _KGZ_LAW + ": visa-free 60 days per entry",
            ),
        ),
        visa_required=frozenset({"AFG", "BGD", "CHN", "IND", "IRN", "PAK", "TKM"}),
    ),
    "TJK": StateRules(
        fallback_days=30,
        fallback_rolling=None,
        fallback_source="TJK rules of stay of foreign citizens: e-visa 45 days, 30 by default",
        groups=(
            Group(
                ("ARM", "AZE", "BLR", "KAZ", "KGZ", "MDA", "RUS", "UKR", "UZB"),
                90,
                (90, 180),
                "CIS visa-free agreements: 90 days in 180",
            ),
        ),
        visa_for_all=True,
    ),
    "TKM": StateRules(
        fallback_days=10,
        fallback_rolling=None,
        fallback_source="TKM Law on Migration (2012): visas for all foreigners; 10 days on arrival",
        visa_for_all=True,
    ),
    "AFG": StateRules(
        fallback_days=30,
        fallback_rolling=None,
        fallback_source="AFG visa rules: visas for all foreigners, usually 30 days",
        visa_for_all=True,
    ),
    "AZE": StateRules(
        fallback_days=30,
        fallback_rolling=None,
        fallback_source="AZE Migration Code (2013): e-visa 30 days",
        groups=(
            Group(
                ("BLR", "GEO", "KAZ", "KGZ", "MDA", "RUS", "TJK", "TUR", "UKR", "UZB"),
                90,
                (90, 180),
                "AZE Migration Code and CIS/bilateral visa-free agreements: 90 days in 180",
            ),
        ),
        visa_required=frozenset({"AFG", "ARM", "BGD", "CHN", "IND", "IRN", "PAK", "TKM"}),
    ),
    "TUR": StateRules(
        fallback_days=90,
        fallback_rolling=(90, 180),
        fallback_source="TUR Law No. 6458 on Foreigners and International Protection: 90 days in 180",
        groups=(
            Group(
                ("RUS",), 60, (90, 180), "TUR-RUS visa-free agreement: 60 days per entry, 90 in 180"
            ),
            Group(("IRN",), 90, None, "TUR-IRN visa-free agreement: 90 days per entry"),
        ),
        visa_required=frozenset({"AFG", "BGD", "CHN", "IND", "PAK", "TJK"}),
    ),
    "IRN": StateRules(
        fallback_days=30,
        fallback_rolling=None,
        fallback_source="IRN visa rules: tourist visas 30 days",
        groups=(
            Group(
                ("ARM", "TUR"), 90, (90, 180), "IRN bilateral visa-free agreements: 90 days in 180"
            ),
            Group(
                ("AZE", "GEO"), 30, None, "IRN bilateral visa-free agreements: 30 days per entry"
            ),
        ),
        visa_for_all=True,
    ),
    "PAK": StateRules(
        fallback_days=30,
        fallback_rolling=None,
        fallback_source="PAK visa policy: visas for all foreigners, usually 30 days",
        visa_for_all=True,
    ),
}

_PERMIT_ROWS: tuple[tuple[str, int | None, bool, str], ...] = (
    ("VISA", None, False, "the visa's own days (authorised_stay_days on the record)"),
    ("WORK_PERMIT", WORK_PERMIT_DAYS, False, "the work permit's days on the record, else a year"),
    ("RESIDENCE_PERMIT", None, True, "residence permit holders are exempt"),
    ("LOCAL_BORDER", None, True, "local border traffic permit holders are exempt"),
)


def state_rules(recording_state: str) -> StateRules:
    try:
        return STATES[recording_state.upper()]
    except KeyError:
        raise ValueError(f"no default stay rules for {recording_state!r}") from None


def default_rules(recording_state: str) -> list[Rule]:
    """The State's default stay rules as engine rule rows (groups expanded per nationality)."""
    state = recording_state.upper()
    config = state_rules(state)
    rows: list[Rule] = []

    def add(
        *,
        nationality: str | None = None,
        permit: str | None = None,
        purpose: str | None = None,
        max_stay_days: int | None,
        rolling: tuple[int, int] | None = None,
        exempt: bool = False,
        valid_from: dt.date | None = None,
    ) -> None:
        rows.append(
            {
                "rule_id": len(rows) + 1,
                "recording_state": state,
                "nationality": nationality,
                "permit": permit,
                "purpose": purpose,
                "valid_from_day": 0 if valid_from is None else day_of(valid_from),
                "valid_to_day": None,
                "max_stay_days": None if exempt else max_stay_days,
                "rolling_limit_days": None if rolling is None else rolling[0],
                "rolling_window_days": None if rolling is None else rolling[1],
                "exempt": exempt,
            }
        )

    add(max_stay_days=config.fallback_days, rolling=config.fallback_rolling)
    for permit, days, exempt, _ in _PERMIT_ROWS:
        add(permit=permit, max_stay_days=days, exempt=exempt)
    for group in config.groups:
        for nationality in group.nationalities:
            if nationality == state:
                continue
            add(
                nationality=nationality,
                max_stay_days=group.max_stay_days,
                rolling=group.rolling,
                valid_from=group.valid_from,
            )
            if group.work_by_purpose:
                add(
                    nationality=nationality,
                    purpose="WORK",
                    max_stay_days=WORK_PERMIT_DAYS,
                    valid_from=group.valid_from,
                )
            for permit, days, exempt, _ in _PERMIT_ROWS:
                add(
                    nationality=nationality,
                    permit=permit,
                    max_stay_days=days,
                    exempt=exempt,
                    valid_from=group.valid_from,
                )
    return rows


def group_of(recording_state: str, nationality: str, day: int) -> Group | None:
    """The nationality group (if any) whose rules apply to `nationality` on `day`."""
    for group in state_rules(recording_state).groups:
        if nationality in group.nationalities and (
            group.valid_from is None or day >= day_of(group.valid_from)
        ):
            return group
    return None


def needs_visa(recording_state: str, nationality: str, day: int) -> bool:
    config = state_rules(recording_state)
    if group_of(recording_state, nationality, day) is not None:
        return False
    return config.visa_for_all or nationality in config.visa_required


@dataclass(frozen=True)
class Limits:
    """Per stay, from the rule in force: days per entry, rolling limit and window (-1: none)."""

    max_days: np.ndarray
    rolling_limit: np.ndarray
    rolling_window: np.ndarray
    exempt: np.ndarray


def _priority(rule: Mapping[str, Any]) -> tuple[int, int, int]:
    return (
        4 * bool(rule.get("nationality"))
        + 2 * bool(rule.get("permit"))
        + bool(rule.get("purpose")),
        int(rule["valid_from_day"]),
        int(rule["rule_id"]),
    )


def limits(
    rules: Sequence[Mapping[str, Any]],
    *,
    nationality: np.ndarray,
    permit: np.ndarray,
    purpose: np.ndarray,
    day: np.ndarray,
    record_days: np.ndarray,
) -> Limits:
    """The limits that apply to stays entering on `day` (vectorised; for designing stays: the
    ground truth has its own plain resolver in `truth`). `permit`/`record_days` use ""/-1 for
    none."""
    n = len(day)
    out_max = np.full(n, -1, dtype=np.int64)
    out_limit = np.full(n, -1, dtype=np.int64)
    out_window = np.full(n, -1, dtype=np.int64)
    out_exempt = np.zeros(n, dtype=bool)
    frame = pl.DataFrame(
        {"nationality": nationality, "permit": permit, "purpose": purpose}
    ).with_row_index("i")
    ordered = sorted(rules, key=_priority, reverse=True)
    for (nat, per, pur), group in frame.group_by(["nationality", "permit", "purpose"]):
        index = group["i"].to_numpy()
        days = day[index]
        todo = np.ones(len(index), dtype=bool)
        for rule in ordered:
            if (
                rule.get("nationality") not in (None, "", nat)
                or rule.get("permit") not in (None, "", per)
                or rule.get("purpose") not in (None, "", pur)
            ):
                continue
            live = todo & (days >= int(rule["valid_from_day"]))
            if rule.get("valid_to_day") is not None:
                live &= days < int(rule["valid_to_day"])
            hit = index[live]
            todo &= ~live
            if rule.get("exempt"):
                out_exempt[hit] = True
                continue
            if rule.get("max_stay_days") is not None:
                out_max[hit] = int(rule["max_stay_days"])
            if rule.get("rolling_limit_days") is not None:
                out_limit[hit] = int(rule["rolling_limit_days"])
                out_window[hit] = int(rule["rolling_window_days"])
            if not todo.any():
                break
    own = (record_days >= 0) & ~out_exempt
    out_max[own] = record_days[own]
    return Limits(out_max, out_limit, out_window, out_exempt)
