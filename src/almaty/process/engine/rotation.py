"""Chairmanship rotation: the order, the terms to come, and how past hand-overs followed it.

How the engine reads the Operating Modalities (seed 001: "English alphabetical order, following
the first Chair", two-year terms):

- Order. The States take the chair in the order the rules in force name (`order_key`):
  ``"name_en"`` sorts by the State's English rotation name, compared without diacritics and
  case (so "Türkiye" and "Turkey" both fall between Tajikistan and Turkmenistan); ``"iso3"``
  sorts by ISO 3166 alpha-3 code; ``"listed"`` follows `listed_order`, and States the list
  does not name come after it, by code. Ties are broken by code. The order is a circle: after
  the last State comes the first.
- Next Chair. At each hand-over the chair goes to the next State after the outgoing Chair,
  in the order in force on the hand-over day, among the States eligible that day, skipping
  every State that declined that turn (a `Pass` dated that day). An outgoing Chair that is no
  longer eligible keeps its place in the circle, so the turn still moves on from where it
  stood. When a single State is left it follows itself. When none is left, the projection
  stops.
- Terms. A projected term starts on the day the previous one ends and lasts the number of
  years the rules in force on its first day fix (29 February moves to 28 February in other
  years); a change of rules applies to terms that start on or after its effective date. The
  current Chair's open term is expected to end after the years in force on its first day.
- Which States are eligible on a day is the caller's answer (`eligible_on`), usually the
  Members on that day (`RotationRules.eligible_statuses`); this module does not look at
  statuses itself.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from itertools import pairwise
from typing import Final

from almaty.core.countries import collation_key

RECORDED: Final = "recorded"
PROJECTED: Final = "projected"

REGULAR: Final = "regular"
EXTENDED: Final = "extended"
INTERIM: Final = "interim"

ORDER_KEYS: Final = ("name_en", "iso3", "listed")


@dataclass(frozen=True)
class Term:
    state: str  # ISO3
    start: dt.date  # first day (hand-over day)
    end: dt.date | None  # the next hand-over day (half-open [start, end)); None = open
    basis: str  # "recorded" | "projected"
    kind: str  # "regular" | "extended" | "interim"


@dataclass(frozen=True)
class RotationRules:
    """The Operating Modalities in force on a date, as far as rotation goes."""

    effective_on: dt.date
    term_years: int
    order_key: str  # "name_en" | "iso3" | "listed"
    listed_order: tuple[str, ...] = ()
    eligible_statuses: tuple[str, ...] = ("member",)


@dataclass(frozen=True)
class Pass:
    """A State whose turn came and which did not take the chair."""

    state: str
    turn_starts_on: dt.date  # the hand-over day of the declined turn


@dataclass(frozen=True)
class HandOver:
    """One recorded hand-over and how it stands against the order in force that day."""

    after: str  # the outgoing Chair
    to: str  # the incoming Chair
    on: dt.date
    skipped_with_pass: tuple[str, ...]  # eligible States passed over that declined the turn
    follows_order: bool


# A position in the circle: (rank in a listed order, collated name, code).
Position = tuple[int, str, str]


def _position(iso3: str, names: dict[str, str], rules: RotationRules) -> Position:
    if rules.order_key == "name_en":
        try:
            name = names[iso3]
        except KeyError:
            raise ValueError(f"No English rotation name for {iso3!r}.") from None
        return (0, collation_key(name), iso3)
    if rules.order_key == "iso3":
        return (0, "", iso3)
    if rules.order_key == "listed":
        listed = rules.listed_order
        rank = listed.index(iso3) if iso3 in listed else len(listed)
        return (rank, "", iso3)
    raise ValueError(f"Unknown rotation order {rules.order_key!r}; expected one of {ORDER_KEYS}.")


def rotation_order(states: dict[str, str], rules: RotationRules) -> list[str]:
    """States (iso3 -> English rotation name) in rotation order under the rules.

    Stable: ties are broken by code. An unknown `order_key` raises ValueError.
    """
    return sorted(states, key=lambda iso3: _position(iso3, states, rules))


def add_years(day: dt.date, years: int) -> dt.date:
    """The same day `years` later (or earlier); 29 February becomes 28 February."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def _after_in_circle(
    previous: str, states: Iterable[str], names: dict[str, str], rules: RotationRules
) -> list[str]:
    """`states` in the order the turn reaches them when it leaves `previous` (which is last)."""
    start = _position(previous, names, rules)
    positions = {iso3: _position(iso3, names, rules) for iso3 in states}
    return sorted(positions, key=lambda iso3: (positions[iso3] <= start, positions[iso3]))


def _term_years(rules: RotationRules) -> int:
    if rules.term_years < 1:
        raise ValueError(f"A term must last at least one year, not {rules.term_years}.")
    return rules.term_years


def _sorted_terms(terms: Iterable[Term]) -> list[Term]:
    return sorted(terms, key=lambda term: (term.start, term.end or dt.date.max, term.state))


def project(
    *,
    recorded: list[Term],
    names: dict[str, str],
    eligible_on: Callable[[dt.date], set[str]],
    rules_on: Callable[[dt.date], RotationRules],
    passes: list[Pass],
    until: dt.date,
) -> list[Term]:
    """Recorded terms (sorted by start) followed by the projected terms starting before `until`.

    The current term, if open, stays as recorded (end None); projection begins where it is
    expected to end. Without a recorded term there is nothing to project from: the result is
    empty.
    """
    history = _sorted_terms(recorded)
    if not history:
        return []
    declined: dict[dt.date, set[str]] = {}
    for declined_turn in passes:
        declined.setdefault(declined_turn.turn_starts_on, set()).add(declined_turn.state)

    # Start after every recorded term, so a projected term never overlaps one.
    turn_starts_on = max(
        term.end or add_years(term.start, _term_years(rules_on(term.start))) for term in history
    )
    previous = history[-1].state
    projected: list[Term] = []
    while turn_starts_on < until:
        rules = rules_on(turn_starts_on)
        candidates = eligible_on(turn_starts_on) - declined.get(turn_starts_on, set())
        if not candidates:
            break
        chair = _after_in_circle(previous, candidates, names, rules)[0]
        ends_on = add_years(turn_starts_on, _term_years(rules))
        projected.append(Term(chair, turn_starts_on, ends_on, PROJECTED, REGULAR))
        previous, turn_starts_on = chair, ends_on
    return history + projected


def explain_recorded(
    recorded: list[Term],
    names: dict[str, str],
    eligible_on: Callable[[dt.date], set[str]],
    rules_on: Callable[[dt.date], RotationRules],
    passes: list[Pass],
) -> list[HandOver]:
    """For each hand-over between consecutive terms, whether it followed the order in force.

    The eligible States that the turn went past between the outgoing and the incoming Chair
    must all have declined that turn (a pass dated the hand-over day, or the day the outgoing
    term ended if the record has a gap), and the incoming Chair must be eligible that day.
    A State that follows itself went past every other eligible State.
    """
    history = _sorted_terms(recorded)
    declined: dict[dt.date, set[str]] = {}
    for declined_turn in passes:
        declined.setdefault(declined_turn.turn_starts_on, set()).add(declined_turn.state)

    hand_overs: list[HandOver] = []
    for outgoing, incoming in pairwise(history):
        on = incoming.start
        turn_days = {on} if outgoing.end is None else {on, outgoing.end}
        passed = set().union(*(declined.get(day, set()) for day in turn_days))
        rules = rules_on(on)
        eligible = eligible_on(on)
        circle = _after_in_circle(outgoing.state, eligible | {incoming.state}, names, rules)
        went_past = [iso3 for iso3 in circle[: circle.index(incoming.state)] if iso3 in eligible]
        went_past = [iso3 for iso3 in went_past if iso3 != outgoing.state]
        hand_overs.append(
            HandOver(
                after=outgoing.state,
                to=incoming.state,
                on=on,
                skipped_with_pass=tuple(iso3 for iso3 in went_past if iso3 in passed),
                follows_order=incoming.state in eligible
                and all(iso3 in passed for iso3 in went_past),
            )
        )
    return hand_overs
