"""What the Operating Modalities require on a date, and whether it has been done.

Each obligation has a status: *met* (nothing is due yet, or it has been done), *due* (it
must be done by `due_on`) or *overdue* (a deadline has passed without it). Only what happened
on or before the date counts; later events, designations that start later, and fees paid
later are ignored. Cadences and periods come from the rules in force (`ObligationRules`), not
from this module.

- Ministerial Conference (every `ministerial_every_years`, rolling). The next one is due that
  many years after the last one, or after the start of the Process if none was held since. It is
  overdue the day after that deadline, due from `due_soon_days` before it, and met before that
  (the evidence is the last Conference). A Conference held before the Process started does
  not bring the first deadline forward.
- Support Unit review (after `support_unit_review_years`, rolling). The same rule: the next
  review is due that many years after the last review, or after the start of the Process.
- Senior Officials' Meeting (one per period of `som_every_years` calendar years, counted from
  1 January of the year the Process started; with 1, once every calendar year). Met if a
  meeting was held in the current period (the evidence is each such meeting). Otherwise due
  by the period's last day, or overdue if the previous period had none either; then `due_on`
  is the last day of that previous period, the deadline that was missed. A period before the
  start of the Process, and the period in which it started (usually part of a year), are
  never missed.
- National consultation (once per period of `national_consultation_every_years`, per Member
  State). The same calendar rule, counting only that State's consultations.
- National Coordinator (per Member State). Met while a designation covers the date (first and
  last days included); otherwise overdue, with the last day of the last designation, if any.
  It has no deadline.
- Voluntary fee (per Member State, only where the Modalities provide one). Met if the State
  paid in the calendar year of the date, otherwise due by 31 December. Being voluntary, it is
  never overdue.

The result lists the ministerial, SOM and Support Unit review obligations first, then for each
State in the order given: National Coordinator, national consultation, fee.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Final

from almaty.process.engine.rotation import add_years

MET: Final = "met"
DUE: Final = "due"
OVERDUE: Final = "overdue"
STATUSES: Final = (MET, DUE, OVERDUE)

MINISTERIAL: Final = "ministerial"
SOM: Final = "som"
NATIONAL_CONSULTATION: Final = "national_consultation"
SUPPORT_UNIT_REVIEW: Final = "support_unit_review"
FEE_PAID: Final = "fee_paid"
COORDINATOR: Final = "coordinator"
FEE: Final = "fee"

ONE_DAY: Final = dt.timedelta(days=1)


@dataclass(frozen=True)
class ObligationRules:
    """The Operating Modalities in force on a date, as far as recurring obligations go."""

    effective_on: dt.date
    ministerial_every_years: int
    som_every_years: int
    national_consultation_every_years: int
    support_unit_review_years: int  # initial period of the Support Unit, reviewed at its end
    has_voluntary_fee: bool
    due_soon_days: int = 90


@dataclass(frozen=True)
class Event:
    """Something that happened and can satisfy an obligation."""

    kind: (
        str  # "ministerial" | "som" | "national_consultation" | "support_unit_review" | "fee_paid"
    )
    on: dt.date
    state: str | None = None  # national consultations and fees: the State
    ref: str = ""  # the caller's link back, e.g. "meeting:12"
    label: str = ""  # e.g. "5th SOM, Bishkek"


@dataclass(frozen=True)
class Designation:
    """A National Coordinator designation."""

    state: str
    start: dt.date
    end: dt.date | None  # inclusive last day; None = open
    ref: str = ""


@dataclass(frozen=True)
class Obligation:
    code: str  # "ministerial" | "som" | "national_consultation" | "support_unit_review" | "coordinator" | "fee"
    state: str | None  # per-State obligations carry the State
    status: str  # "met" | "due" | "overdue"
    due_on: dt.date | None  # the deadline that applies
    evidence: tuple[Event, ...] | tuple[Designation, ...]  # what satisfied it (may be empty)
    last_on: dt.date | None  # the last occurrence on or before the date, if any


def _chronological(events: Iterable[Event]) -> tuple[Event, ...]:
    return tuple(sorted(events, key=lambda event: (event.on, event.ref, event.label)))


def _rolling(
    code: str,
    *,
    on: dt.date,
    events: tuple[Event, ...],
    counted_from: dt.date,
    every_years: int,
    due_soon_days: int,
) -> Obligation:
    last = events[-1] if events else None
    # A meeting before the start of the Process (such as the 2011 Almaty conference) does not
    # bring the first deadline forward.
    if last is not None and last.on < counted_from:
        last = None
    deadline = add_years(last.on if last else counted_from, every_years)
    if on > deadline:
        status = OVERDUE
    elif on >= deadline - dt.timedelta(days=due_soon_days):
        status = DUE
    else:
        status = MET
    evidence = (last,) if status == MET and last else ()
    return Obligation(code, None, status, deadline, evidence, events[-1].on if events else None)


def _period_start(year: int, *, first_year: int, every_years: int) -> int:
    return first_year + (year - first_year) // every_years * every_years


def _calendar(
    code: str,
    state: str | None,
    *,
    on: dt.date,
    events: tuple[Event, ...],
    first_year: int,
    every_years: int,
) -> Obligation:
    start_year = _period_start(on.year, first_year=first_year, every_years=every_years)
    starts_on = dt.date(start_year, 1, 1)
    ends_on = dt.date(start_year + every_years, 1, 1) - ONE_DAY
    last_on = events[-1].on if events else None
    in_period = tuple(event for event in events if event.on >= starts_on)
    if in_period:
        return Obligation(code, state, MET, ends_on, in_period, last_on)
    previous_starts_on = dt.date(start_year - every_years, 1, 1)
    # The launch period (usually a part year) is never counted as missed.
    missed_previous = start_year - every_years > first_year and not any(
        previous_starts_on <= event.on < starts_on for event in events
    )
    if missed_previous:
        return Obligation(code, state, OVERDUE, starts_on - ONE_DAY, (), last_on)
    return Obligation(code, state, DUE, ends_on, (), last_on)


def _coordinator(state: str, *, on: dt.date, designations: list[Designation]) -> Obligation:
    started = [d for d in designations if d.state == state and d.start <= on]
    covering = tuple(
        sorted(
            (d for d in started if d.end is None or on <= d.end),
            key=lambda d: (d.start, d.ref),
        )
    )
    if covering:
        return Obligation(COORDINATOR, state, MET, None, covering, covering[-1].start)
    ends = [d.end for d in started if d.end is not None]
    return Obligation(COORDINATOR, state, OVERDUE, None, (), max(ends) if ends else None)


def _fee(state: str, *, on: dt.date, fees: tuple[Event, ...]) -> Obligation:
    last_on = fees[-1].on if fees else None
    this_year = tuple(event for event in fees if event.on.year == on.year)
    return Obligation(
        FEE, state, MET if this_year else DUE, dt.date(on.year, 12, 31), this_year, last_on
    )


def _check_cadence(rules: ObligationRules) -> None:
    for field in (
        "ministerial_every_years",
        "som_every_years",
        "national_consultation_every_years",
        "support_unit_review_years",
    ):
        if getattr(rules, field) < 1:
            raise ValueError(f"{field} must be at least 1, not {getattr(rules, field)}.")


def obligations_on(
    *,
    on: dt.date,
    rules: ObligationRules,
    process_started_on: dt.date,
    members: list[str],
    events: list[Event],
    designations: list[Designation],
) -> list[Obligation]:
    """Every obligation of the Process and of each State in `members` on `on`, in display order."""
    _check_cadence(rules)
    past = _chronological(event for event in events if event.on <= on)

    def of_kind(kind: str, state: str | None = None) -> tuple[Event, ...]:
        return tuple(
            event
            for event in past
            if event.kind == kind and (state is None or event.state == state)
        )

    first_year = process_started_on.year
    result = [
        _rolling(
            MINISTERIAL,
            on=on,
            events=of_kind(MINISTERIAL),
            counted_from=process_started_on,
            every_years=rules.ministerial_every_years,
            due_soon_days=rules.due_soon_days,
        ),
        _calendar(
            SOM,
            None,
            on=on,
            events=of_kind(SOM),
            first_year=first_year,
            every_years=rules.som_every_years,
        ),
        _rolling(
            SUPPORT_UNIT_REVIEW,
            on=on,
            events=of_kind(SUPPORT_UNIT_REVIEW),
            counted_from=process_started_on,
            every_years=rules.support_unit_review_years,
            due_soon_days=rules.due_soon_days,
        ),
    ]
    for state in dict.fromkeys(members):
        result.append(_coordinator(state, on=on, designations=designations))
        result.append(
            _calendar(
                NATIONAL_CONSULTATION,
                state,
                on=on,
                events=of_kind(NATIONAL_CONSULTATION, state),
                first_year=first_year,
                every_years=rules.national_consultation_every_years,
            )
        )
        if rules.has_voluntary_fee:
            result.append(_fee(state, on=on, fees=of_kind(FEE_PAID, state)))
    return result
