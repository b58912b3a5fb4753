"""The stays of each movement pattern, generated in bulk (numpy arrays, no loop per person).

Every pattern is designed to be classified one way under the default `MovementSettings`
(stay days count the entry and exit days both):

- TRANSIT: 1-3 stays of 1-2 days for TRANSIT, 40-150 days apart, often leaving by another BCP.
- LOCAL: a local border traffic permit (exempt) and 8-60 short trips, or no permit and 6-30
  trips of 1-2 days; either way at one land BCP facing the traveller's country, 1-7 days
  apart (so any trip has 3 others within 30 days).
- CIRCULAR: 3-5 stays in under a year: traders (15-28 days, 75-88 days from one entry to the
  next, within 90 days in any 180), workers (20-55 days, own permit), or traders who break a
  rolling limit (4-5 stays of 25-30 days, 3-10 days apart).
- SEASONAL: 2-3 stays of 95-240 days for WORK, entering in spring 335-395 days apart; some
  stay past their contract once.
- REGULAR: 1-2 stays of 4-25 days; or one stay past the days allowed (out-of-country
  overstay); or one entry never followed by an exit, past (suspected in-country overstay) or
  within the days allowed.
- CITIZEN: the recording State's own citizens' trips abroad (an exit, then an entry).

Stays of 60 days or more are only SEASONAL ones (and single REGULAR overstays), stays of 7-90
days come 3 or more in a year only for CIRCULAR persons, short stays only for TRANSIT and LOCAL.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

import numpy as np

from almaty.borders.engine.bcps import Bcp, bcps_of
from almaty.borders.engine.schema import PERMITS, PURPOSES, day_of
from almaty.borders.engine.synthetic import rules as stay_rules

Arrays = dict[str, np.ndarray]
STAY_FIELDS = (
    "person",
    "entry_day",
    "exit_day",  # -1: no exit (open)
    "entry_tod",
    "exit_tod",
    "entry_bcp",
    "exit_bcp",  # index into Context.bcps
    "purpose",  # index into PURPOSES
    "permit",  # index into PERMITS, -1: none
    "record_days",  # authorised_stay_days on the entry record, -1: none
)
P = {code: i for i, code in enumerate(PURPOSES)}
PERMIT = {code: i for i, code in enumerate(PERMITS)}
HOUR = 3600


@dataclass
class Context:
    rng: np.random.Generator
    state: str
    start_day: int
    end_day: int
    rules: list[dict[str, Any]]
    bcps: list[Bcp] = field(init=False)

    def __post_init__(self) -> None:
        self.bcps = bcps_of(self.state)
        if not self.bcps:
            raise ValueError(f"no border crossing points for {self.state!r}")

    @cached_property
    def air(self) -> np.ndarray:
        return np.array([b.kind == "air" for b in self.bcps])

    def bcp_weights(self, nationality: str) -> np.ndarray:
        """How likely a traveller of `nationality` crosses at each of the State's BCPs."""
        weights = []
        airports = 0
        for b in self.bcps:
            if b.kind == "air":
                weights.append(3.0 if airports == 0 else 1.0)
                airports += 1
            elif nationality == self.state:
                weights.append(1.0)
            elif b.counterpart == nationality:
                weights.append(4.0)
            else:
                weights.append(0.3)
        w = np.array(weights)
        return w / w.sum()

    def land_facing(self, nationality: str) -> np.ndarray:
        return np.array(
            [
                i
                for i, b in enumerate(self.bcps)
                if b.kind != "air" and b.counterpart == nationality
            ],
            dtype=np.int64,
        )


def empty() -> Arrays:
    return {name: np.zeros(0, dtype=np.int64) for name in STAY_FIELDS}


def concat(parts: list[Arrays]) -> Arrays:
    parts = [p for p in parts if len(p["person"])]
    if not parts:
        return empty()
    return {name: np.concatenate([p[name] for p in parts]) for name in STAY_FIELDS}


def _grouped(counts: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """For `counts[i]` items of group i: each item's group, its rank in the group, and the
    index of each group's first item."""
    rep = np.repeat(np.arange(len(counts)), counts)
    starts = np.cumsum(counts) - counts
    return rep, np.arange(len(rep)) - starts[rep], starts


def _relative(
    counts: np.ndarray, lengths: np.ndarray, gaps: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Stays of `lengths` days (entry and exit days both counted), the next entering `gaps`
    days after the exit day: (group, entry, exit) relative to each group's first entry, and
    each group's span (last exit relative day)."""
    rep, _, starts = _grouped(counts)
    step = lengths - 1 + gaps
    before = np.cumsum(step) - step
    entry = before - before[starts][rep]
    exit_ = entry + lengths - 1
    span = exit_[starts + counts - 1]
    return rep, entry, exit_, span


def _place(ctx: Context, span: np.ndarray, lo: int, hi: int) -> tuple[np.ndarray, np.ndarray]:
    """A first day for each group so that [first, first + span] lies in [lo, hi]."""
    room = hi - lo - span
    first = lo + np.floor(ctx.rng.random(len(span)) * (np.maximum(room, 0) + 1)).astype(np.int64)
    return first, room >= 0


def choose_bcps(ctx: Context, nationality: np.ndarray) -> np.ndarray:
    out = np.zeros(len(nationality), dtype=np.int64)
    for code in np.unique(nationality):
        who = np.flatnonzero(nationality == code)
        out[who] = ctx.rng.choice(len(ctx.bcps), size=len(who), p=ctx.bcp_weights(str(code)))
    return out


def _times(
    ctx: Context, entry_bcp: np.ndarray, exit_bcp: np.ndarray, same_day: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Times of day (seconds): airports at any hour, land and rail 06:00-22:00; a same-day
    trip enters in the morning and leaves in the afternoon."""
    n = len(entry_bcp)
    rng = ctx.rng
    entry = np.where(
        ctx.air[entry_bcp], rng.integers(0, 24 * HOUR, n), rng.integers(6 * HOUR, 22 * HOUR, n)
    )
    exit_ = np.where(
        ctx.air[exit_bcp], rng.integers(0, 24 * HOUR, n), rng.integers(6 * HOUR, 22 * HOUR, n)
    )
    entry = np.where(same_day, rng.integers(6 * HOUR, 13 * HOUR, n), entry)
    exit_ = np.where(same_day, rng.integers(13 * HOUR + 1800, 22 * HOUR, n), exit_)
    return entry, exit_


def visitor_permits(ctx: Context, nationality: np.ndarray, day: np.ndarray) -> np.ndarray:
    """The permit a visitor's entry records: the nationality group's (EAEU, VISA_FREE), a visa,
    or VISA_FREE under the State's fallback rule."""
    out = np.full(len(day), PERMIT["VISA_FREE"], dtype=np.int64)
    config = stay_rules.state_rules(ctx.state)
    for code in np.unique(nationality):
        who = np.flatnonzero(nationality == code)
        visa = config.visa_for_all or code in config.visa_required
        out[who] = PERMIT["VISA"] if visa else PERMIT["VISA_FREE"]
        for group in config.groups:
            if code in group.nationalities:
                live = (
                    np.ones(len(who), dtype=bool)
                    if group.valid_from is None
                    else day[who] >= day_of(group.valid_from)
                )
                out[who[live]] = PERMIT[group.permit]
                break
    return out


def worker_permits(ctx: Context, nationality: np.ndarray, day: np.ndarray) -> np.ndarray:
    """EAEU workers need no work permit (their entries record EAEU); others record one."""
    out = np.full(len(day), PERMIT["WORK_PERMIT"], dtype=np.int64)
    for group in stay_rules.state_rules(ctx.state).groups:
        if group.work_by_purpose:
            out[np.isin(nationality, group.nationalities)] = PERMIT[group.permit]
    return out


def _build(
    ctx: Context,
    person: np.ndarray,
    entry_day: np.ndarray,
    exit_day: np.ndarray,
    entry_bcp: np.ndarray,
    exit_bcp: np.ndarray,
    purpose: np.ndarray,
    permit: np.ndarray,
    record_days: np.ndarray,
) -> Arrays:
    entry_tod, exit_tod = _times(ctx, entry_bcp, exit_bcp, entry_day == exit_day)
    return {
        "person": person,
        "entry_day": entry_day,
        "exit_day": exit_day,
        "entry_tod": entry_tod,
        "exit_tod": exit_tod,
        "entry_bcp": entry_bcp,
        "exit_bcp": exit_bcp,
        "purpose": purpose,
        "permit": permit,
        "record_days": record_days,
    }


def _sequences(
    ctx: Context,
    who: np.ndarray,
    counts: np.ndarray,
    lengths: np.ndarray,
    gaps: np.ndarray,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Place each person's sequence in the period; returns (stay person, entry day, exit day,
    stay's index in `lengths`, persons that did not fit)."""
    rep, entry, exit_, span = _relative(counts, lengths, gaps)
    first, fits = _place(ctx, span, ctx.start_day, ctx.end_day)
    keep = fits[rep]
    idx = np.flatnonzero(keep)
    return (
        who[rep[idx]],
        first[rep[idx]] + entry[idx],
        first[rep[idx]] + exit_[idx],
        idx,
        who[~fits],
    )


def _exit_bcps(
    ctx: Context, entry_bcp: np.ndarray, nationality: np.ndarray, same: float
) -> np.ndarray:
    other = choose_bcps(ctx, nationality)
    return np.where(ctx.rng.random(len(entry_bcp)) < same, entry_bcp, other)


def transit(ctx: Context, who: np.ndarray, nationality: np.ndarray) -> tuple[Arrays, np.ndarray]:
    rng = ctx.rng
    counts = rng.choice([1, 2, 3], size=len(who), p=[0.6, 0.3, 0.1])
    total = int(counts.sum())
    lengths = rng.choice([1, 2], size=total, p=[0.6, 0.4])
    gaps = rng.integers(40, 151, total)
    person, entry, exit_, _, left = _sequences(ctx, who, counts, lengths, gaps)
    nat = nationality[np.searchsorted(who, person)]
    entry_bcp = choose_bcps(ctx, nat)
    exit_bcp = _exit_bcps(ctx, entry_bcp, nat, same=0.3)
    permit = visitor_permits(ctx, nat, entry)
    days = np.where(permit == PERMIT["VISA"], 5, -1)
    purpose = np.full(len(person), P["TRANSIT"])
    return _build(ctx, person, entry, exit_, entry_bcp, exit_bcp, purpose, permit, days), left


def local(ctx: Context, who: np.ndarray, nationality: np.ndarray) -> tuple[Arrays, np.ndarray]:
    """`nationality` (per person) must face one of the State's land BCPs."""
    rng = ctx.rng
    n = len(who)
    with_permit = rng.random(n) < 0.7
    counts = np.where(with_permit, rng.integers(8, 61, n), rng.integers(6, 31, n))
    total = int(counts.sum())
    lengths = rng.choice([1, 2], size=total, p=[0.85, 0.15])
    gaps = rng.integers(1, 7, total)
    person, entry, exit_, _, left = _sequences(ctx, who, counts, lengths, gaps)
    slot = np.searchsorted(who, person)  # `who` is sorted
    nat = nationality[slot]
    home = np.zeros(n, dtype=np.int64)
    for code in np.unique(nationality):
        mine = np.flatnonzero(nationality == code)
        facing = ctx.land_facing(str(code))
        if not len(facing):
            raise ValueError(f"{code} does not face a land BCP of {ctx.state}")
        home[mine] = rng.choice(facing, size=len(mine))
    bcp = home[slot]
    purpose_of = np.where(rng.random(n) < 0.5, P["PRIVATE"], P["BUSINESS"])
    permit = np.where(with_permit[slot], PERMIT["LOCAL_BORDER"], visitor_permits(ctx, nat, entry))
    days = np.where(permit == PERMIT["VISA"], 30, -1)
    return _build(ctx, person, entry, exit_, bcp, bcp, purpose_of[slot], permit, days), left


def circular(
    ctx: Context, who: np.ndarray, nationality: np.ndarray, variant: np.ndarray
) -> tuple[Arrays, np.ndarray]:
    """`variant` per person: 0 trader, 1 worker, 2 trader breaking a rolling limit."""
    rng = ctx.rng
    n = len(who)
    counts = np.where(variant == 2, rng.integers(4, 6, n), rng.integers(3, 6, n))
    rep, _, _ = _grouped(counts)
    kind = variant[rep]
    total = len(rep)
    lengths = np.select(
        [kind == 0, kind == 1],
        [rng.integers(15, 29, total), rng.integers(20, 56, total)],
        rng.integers(25, 31, total),
    )
    entry_to_entry = rng.integers(75, 89, total)
    gaps = np.select(
        [kind == 0, kind == 1],
        [entry_to_entry - lengths + 1, rng.integers(10, 31, total)],
        rng.integers(3, 11, total),
    )
    person, entry, exit_, _, left = _sequences(ctx, who, counts, lengths, gaps)
    slot = np.searchsorted(who, person)
    nat = nationality[slot]
    worker = variant[slot] == 1
    entry_bcp = choose_bcps(ctx, nat)
    exit_bcp = _exit_bcps(ctx, entry_bcp, nat, same=0.8)
    permit = np.where(worker, worker_permits(ctx, nat, entry), visitor_permits(ctx, nat, entry))
    purpose = np.where(
        worker, P["WORK"], np.where(rng.random(len(person)) < 0.6, P["BUSINESS"], P["PRIVATE"])
    )
    days = np.where(worker, 90, np.where(permit == PERMIT["VISA"], 30, -1))
    return _build(ctx, person, entry, exit_, entry_bcp, exit_bcp, purpose, permit, days), left


def _jan1(years: np.ndarray) -> np.ndarray:
    return np.array([day_of(dt.date(int(y), 1, 1)) for y in years], dtype=np.int64)


def seasonal(
    ctx: Context, who: np.ndarray, nationality: np.ndarray, late: np.ndarray
) -> tuple[Arrays, np.ndarray]:
    """`late` per person: once, stays past the contract's days."""
    rng = ctx.rng
    n = len(who)
    first_year = dt.date(1970, 1, 1) + dt.timedelta(days=ctx.start_day)
    last_year = dt.date(1970, 1, 1) + dt.timedelta(days=ctx.end_day)
    years = np.arange(first_year.year, last_year.year + 1)
    jan1 = _jan1(np.arange(first_year.year, last_year.year + 4))
    base = rng.integers(60, 121, n)  # day of the year of the usual spring entry
    jitter = rng.integers(-15, 16, (n, 3))
    entry_doy = base[:, None] + jitter  # (n, 3)
    lengths = rng.integers(95, 241, (n, 3))
    lengths = np.minimum(lengths, 355 - entry_doy)
    wanted = np.where(rng.random(n) < 0.5, 3, 2)
    y0 = np.full(n, -1)
    seasons = np.zeros(n, dtype=np.int64)
    for count in (3, 2):
        todo = (y0 < 0) & (wanted >= count)
        if not todo.any():
            continue
        # feasible[i, y]: person i's `count` seasons starting in years[y] fit in the period
        y_index = np.arange(len(years))
        first_entry = jan1[y_index][None, :] + entry_doy[:, 0:1] - 1
        last = count - 1
        last_exit = (
            jan1[y_index + last][None, :]
            + entry_doy[:, last : last + 1]
            - 1
            + lengths[:, last : last + 1]
            - 1
        )
        feasible = (first_entry >= ctx.start_day) & (last_exit <= ctx.end_day) & todo[:, None]
        keys = np.where(feasible, rng.random(feasible.shape), -1.0)
        pick = keys.argmax(axis=1)
        ok = feasible[np.arange(n), pick]
        y0[ok] = pick[ok]
        seasons[ok] = count
    left = who[y0 < 0]
    fit = np.flatnonzero(y0 >= 0)
    counts = seasons[fit]
    rep, seq, _ = _grouped(counts)
    slot = fit[rep]
    person = who[slot]
    entry = jan1[y0[slot] + seq] + entry_doy[slot, seq] - 1
    length = lengths[slot, seq]
    exit_ = entry + length - 1
    nat = nationality[slot]
    entry_bcp = choose_bcps(ctx, nat)
    exit_bcp = _exit_bcps(ctx, entry_bcp, nat, same=0.7)
    permit = worker_permits(ctx, nat, entry)
    contract = np.minimum(length + rng.integers(0, 61, len(person)), stay_rules.WORK_PERMIT_DAYS)
    late_season = rng.integers(0, counts) if len(counts) else np.zeros(0, dtype=np.int64)
    is_late = late[slot] & (seq == late_season[rep])
    contract = np.where(
        is_late, np.maximum(length - rng.integers(3, 31, len(person)), 60), contract
    )
    purpose = np.full(len(person), P["WORK"])
    return _build(ctx, person, entry, exit_, entry_bcp, exit_bcp, purpose, permit, contract), left


_REGULAR_PURPOSES = np.array(
    [P[c] for c in ("TOURISM", "PRIVATE", "BUSINESS", "STUDY", "OFFICIAL", "OTHER")]
)
_REGULAR_SHARES = np.array([0.40, 0.25, 0.20, 0.05, 0.05, 0.05])


def _limits(
    ctx: Context,
    nat: np.ndarray,
    permit: np.ndarray,
    purpose: np.ndarray,
    day: np.ndarray,
    days: np.ndarray,
) -> np.ndarray:
    """Days allowed at entry for a first stay (per entry, or the rolling limit), -1: none."""
    found = stay_rules.limits(
        ctx.rules,
        nationality=nat.astype(str),
        permit=np.where(permit >= 0, np.array(PERMITS)[np.maximum(permit, 0)], ""),
        purpose=np.array(PURPOSES)[purpose],
        day=day,
        record_days=days,
    )
    allowed = found.max_days.copy()
    rolling = found.rolling_limit >= 0
    allowed = np.where(
        rolling & ((allowed < 0) | (found.rolling_limit < allowed)), found.rolling_limit, allowed
    )
    return np.where(found.exempt, -1, allowed)


def regular(
    ctx: Context, who: np.ndarray, nationality: np.ndarray, scenario: np.ndarray
) -> tuple[Arrays, np.ndarray, np.ndarray]:
    """`scenario` per person: 0 within the rules, 1 leaves late, 2 never leaves (past the days
    allowed by the end), 3 never leaves (still within them). Returns the stays, the persons
    that did not fit the period, and the scenario each person got (a designed overstay that
    cannot fit the period, or whose rule sets no limit, becomes a stay within the rules)."""
    rng = ctx.rng
    n = len(who)
    end = ctx.end_day
    purpose_of = rng.choice(_REGULAR_PURPOSES, size=n, p=_REGULAR_SHARES)
    counts = np.where((scenario == 0) & (rng.random(n) < 0.3), 2, 1)
    total = int(counts.sum())
    lengths = rng.integers(4, 26, total)
    gaps = rng.integers(30, 301, total)
    person, entry0, exit0, _, left = _sequences(ctx, who, counts, lengths, gaps)
    slot = np.searchsorted(who, person)
    wanted = scenario[slot]
    m = len(person)
    nat = nationality[slot]
    purpose = purpose_of[slot]
    provisional = np.where(wanted == 1, entry0, end - 100)
    permit = visitor_permits(ctx, nat, provisional)
    visa = permit == PERMIT["VISA"]
    days = np.where(
        visa,
        np.where(wanted > 0, rng.choice([15, 30], size=m), rng.choice([30, 60, 90], size=m)),
        -1,
    )
    allowed = _limits(ctx, nat, permit, purpose, provisional, days)
    limited = allowed > 0
    length0 = exit0 - entry0 + 1
    plain_length = np.where(limited, np.minimum(length0, allowed), length0)

    late_length = allowed + rng.integers(1, 61, m)
    late_entry = np.where(
        entry0 + late_length - 1 <= end, entry0, end - late_length - rng.integers(0, 11, m)
    )
    stuck_entry = end - (allowed + rng.integers(1, 121, m)) + 1
    span = np.where(limited, allowed, 30)
    within_entry = end - np.floor(rng.random(m) * span).astype(np.int64)
    got = np.select(
        [
            (wanted == 1) & limited & (late_entry >= ctx.start_day),
            (wanted == 2) & limited & (stuck_entry >= ctx.start_day),
            (wanted == 3) & (within_entry >= ctx.start_day),
        ],
        [1, 2, 3],
        0,
    )
    entry = np.select(
        [got == 1, got == 2, got == 3], [late_entry, stuck_entry, within_entry], entry0
    )
    exit_ = np.select(
        [got == 1, got >= 2],
        [late_entry + late_length - 1, np.full(m, -1)],
        entry0 + plain_length - 1,
    )
    entry_bcp = choose_bcps(ctx, nat)
    exit_bcp = _exit_bcps(ctx, entry_bcp, nat, same=0.6)
    permit = visitor_permits(ctx, nat, entry)
    days = np.where(permit == PERMIT["VISA"], np.where(days > 0, days, 30), -1)
    realised = scenario.copy()
    realised[slot] = got
    stays = _build(ctx, person, entry, exit_, entry_bcp, exit_bcp, purpose, permit, days)
    return stays, left, realised


def citizens(ctx: Context, who: np.ndarray) -> tuple[Arrays, np.ndarray]:
    """Trips abroad: `entry_*` holds the departure (an EXIT record), `exit_*` the return."""
    rng = ctx.rng
    n = len(who)
    counts = rng.integers(1, 5, n)
    total = int(counts.sum())
    lengths = rng.integers(3, 31, total)
    gaps = rng.integers(20, 201, total)
    person, leave, back, _, left = _sequences(ctx, who, counts, lengths, gaps)
    last = np.r_[person[1:] != person[:-1], True] if len(person) else np.zeros(0, dtype=bool)
    abroad = last & (rng.random(len(person)) < 0.1)
    back = np.where(abroad, -1, back)
    nat = np.full(len(person), ctx.state)
    out_bcp = choose_bcps(ctx, nat)
    in_bcp = _exit_bcps(ctx, out_bcp, nat, same=0.7)
    purpose = rng.choice([P["TOURISM"], P["PRIVATE"], P["BUSINESS"], P["WORK"]], size=len(person))
    none = np.full(len(person), -1)
    return _build(ctx, person, leave, back, out_bcp, in_bcp, purpose, none, none), left
