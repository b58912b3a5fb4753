"""Properties of the obligations for any record of events and designations."""

from __future__ import annotations

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from almaty.process.engine.obligations import (
    Designation,
    Event,
    Obligation,
    ObligationRules,
    obligations_on,
)

D = dt.date
STATES = ["AFG", "KAZ", "KGZ"]
SEVERITY = {"met": 0, "due": 1, "overdue": 2}
KINDS = ["ministerial", "som", "national_consultation", "support_unit_review", "fee_paid"]

days = st.dates(D(2010, 1, 1), D(2040, 12, 31))
events = st.builds(Event, st.sampled_from(KINDS), days, st.sampled_from([None, *STATES]))
designations = st.builds(Designation, st.sampled_from(STATES), days, st.none() | days).filter(
    lambda d: d.end is None or d.end >= d.start
)
rules = st.builds(
    ObligationRules,
    effective_on=st.just(D(2013, 6, 5)),
    ministerial_every_years=st.integers(1, 4),
    som_every_years=st.integers(1, 3),
    national_consultation_every_years=st.integers(1, 3),
    support_unit_review_years=st.integers(1, 4),
    has_voluntary_fee=st.booleans(),
    due_soon_days=st.integers(0, 400),
)
records = st.fixed_dictionaries(
    {
        "on": days,
        "rules": rules,
        "process_started_on": st.dates(D(2010, 1, 1), D(2020, 12, 31)),
        "members": st.lists(st.sampled_from(STATES), unique=True),
        "events": st.lists(events, max_size=12),
        "designations": st.lists(designations, max_size=4),
    }
)


def by_key(obligations: list[Obligation]) -> dict[tuple[str, str | None], str]:
    return {(o.code, o.state): o.status for o in obligations}


fast = settings(max_examples=150, deadline=None)


@fast
@given(records)
def test_every_status_is_met_due_or_overdue(record):
    assert {o.status for o in obligations_on(**record)} <= {"met", "due", "overdue"}


@fast
@given(records)
def test_every_obligation_has_one_row_per_process_and_member(record):
    obligations = obligations_on(**record)
    per_state = 3 if record["rules"].has_voluntary_fee else 2

    assert len(by_key(obligations)) == len(obligations) == 3 + per_state * len(record["members"])


@fast
@given(records, events)
def test_adding_an_event_never_turns_a_met_obligation_overdue(record, event):
    before = by_key(obligations_on(**record))
    after = by_key(obligations_on(**{**record, "events": [*record["events"], event]}))

    assert not any(before[key] == "met" and after[key] == "overdue" for key in before)


@fast
@given(records, events)
def test_adding_an_event_never_makes_any_obligation_worse(record, event):
    before = by_key(obligations_on(**record))
    after = by_key(obligations_on(**{**record, "events": [*record["events"], event]}))

    assert all(SEVERITY[after[key]] <= SEVERITY[before[key]] for key in before)


@fast
@given(records, st.lists(events, min_size=1, max_size=5))
def test_events_after_the_date_change_nothing(record, later):
    after_the_date = [
        Event(e.kind, record["on"] + dt.timedelta(days=1 + i), e.state) for i, e in enumerate(later)
    ]

    assert obligations_on(**{**record, "events": [*record["events"], *after_the_date]}) == (
        obligations_on(**record)
    )


@fast
@given(records)
def test_met_obligations_show_evidence_from_on_or_before_the_date(record):
    on = record["on"]
    for obligation in obligations_on(**record):
        for item in obligation.evidence:
            assert (item.on if isinstance(item, Event) else item.start) <= on


@fast
@given(records)
def test_only_met_obligations_carry_evidence(record):
    for obligation in obligations_on(**record):
        assert not obligation.evidence or obligation.status == "met"
