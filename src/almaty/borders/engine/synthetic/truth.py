"""Ground truth of overstays: a plain day-by-day simulation of the stay rules, written from the
rules' definition and sharing no code with the engine's SQL.

For each stay, the rule in force on the entry day is the most specific that matches
(nationality 4, permit 2, purpose 1), then the one in force from the latest day, then the
highest id. The days allowed per entry are the entry record's own, else the rule's; a rolling
limit allows at most L days present in any W-day window, entry and exit days both counted, the
person's earlier stays (same document) included. The authorised stay ends on the last day the
traveller could still be present, walking forward from the entry day, without passing either
limit; days present after it, up to the exit (or the as-of day for an open stay), are over.
Exempt stays are never over.

Cost: about (W + L) steps per stay under a rolling limit, in Python: fine for test and
accuracy sizes (tens of thousands of stays), not meant for the benchmark's millions.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

Rule = Mapping[str, Any]


@dataclass(frozen=True)
class StayIn:
    key: str  # the person key (document)
    entry_day: int
    exit_day: int | None
    nationality: str
    permit: str | None
    purpose: str | None
    record_days: int | None


@dataclass(frozen=True)
class StayOut:
    rule_id: int | None
    authorised_end_day: int | None
    overstay_days: int
    kind: str | None  # IN_COUNTRY | OUT_OF_COUNTRY | None


def resolve(
    rules: Sequence[Rule], nationality: str, permit: str | None, purpose: str | None, day: int
) -> Rule | None:
    """The rule in force for an entry on `day`, or None."""
    best: Rule | None = None
    best_key: tuple[int, int, int] | None = None
    for rule in rules:
        if rule.get("nationality") and rule["nationality"] != nationality:
            continue
        if rule.get("permit") and rule["permit"] != permit:
            continue
        if rule.get("purpose") and rule["purpose"] != purpose:
            continue
        if day < int(rule["valid_from_day"]):
            continue
        if rule.get("valid_to_day") is not None and day >= int(rule["valid_to_day"]):
            continue
        key = (
            4 * bool(rule.get("nationality"))
            + 2 * bool(rule.get("permit"))
            + bool(rule.get("purpose")),
            int(rule["valid_from_day"]),
            int(rule["rule_id"]),
        )
        if best_key is None or key > best_key:
            best, best_key = rule, key
    return best


def _rolling_end(entry: int, limit: int, window: int, present: set[int]) -> int | None:
    """The last day, staying on from `entry`, before the days present in the window ending
    that day would pass `limit`; None when the limit can never be passed."""
    if limit >= window:
        return None
    # Days present in the window ending the day before entry: [entry - window, entry - 1].
    count = sum(1 for d in range(entry - window, entry) if d in present)
    day = entry
    while True:
        count += 1  # present on `day`
        leaving = day - window  # leaves the window as it moves to end on `day`
        if leaving in present or leaving >= entry:
            count -= 1
        if count > limit:
            return day - 1
        day += 1


def simulate(stays: Iterable[StayIn], rules: Sequence[Rule], as_of_day: int) -> list[StayOut]:
    """Overstays as of `as_of_day` for each stay, in the order given."""
    ordered = list(stays)
    out: list[StayOut | None] = [None] * len(ordered)
    by_key: dict[str, list[int]] = {}
    for i, stay in enumerate(ordered):
        by_key.setdefault(stay.key, []).append(i)
    for indices in by_key.values():
        present: set[int] = set()
        for i in sorted(indices, key=lambda j: ordered[j].entry_day):
            stay = ordered[i]
            rule = resolve(rules, stay.nationality, stay.permit, stay.purpose, stay.entry_day)
            exempt = bool(rule and rule.get("exempt"))
            last_day = stay.exit_day if stay.exit_day is not None else as_of_day
            ends: list[int] = []
            if not exempt:
                per_entry = stay.record_days
                if per_entry is None and rule is not None and rule.get("max_stay_days") is not None:
                    per_entry = int(rule["max_stay_days"])
                if per_entry is not None:
                    ends.append(stay.entry_day + per_entry - 1)
                if rule is not None and rule.get("rolling_limit_days") is not None:
                    end = _rolling_end(
                        stay.entry_day,
                        int(rule["rolling_limit_days"]),
                        int(rule["rolling_window_days"]),
                        present,
                    )
                    if end is not None:
                        ends.append(end)
            authorised_end = min(ends) if ends else None
            over = 0 if authorised_end is None else max(0, last_day - authorised_end)
            kind = None
            if over:
                kind = "OUT_OF_COUNTRY" if stay.exit_day is not None else "IN_COUNTRY"
            out[i] = StayOut(
                rule_id=None if rule is None else int(rule["rule_id"]),
                authorised_end_day=authorised_end,
                overstay_days=over,
                kind=kind,
            )
            present.update(range(stay.entry_day, last_day + 1))
    return [o for o in out if o is not None]
