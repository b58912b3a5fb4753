"""What the Operating Modalities require on a date, and whether it has been done."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from almaty.process.engine.obligations import Designation, Event, Obligation, obligations_on
from tests.process.engine.facts import MEETINGS, MEMBERS, OBLIGATIONS_2013, PROCESS_STARTED_ON

D = dt.date


def run(on: dt.date, events=(), designations=(), members=("KAZ",), **rules) -> list[Obligation]:
    return obligations_on(
        on=on,
        rules=dataclasses.replace(OBLIGATIONS_2013, **rules),
        process_started_on=PROCESS_STARTED_ON,
        members=list(members),
        events=list(events),
        designations=list(designations),
    )


def find(obligations: list[Obligation], code: str, state: str | None = None) -> Obligation:
    (found,) = [o for o in obligations if o.code == code and o.state == state]
    return found


def status(obligations: list[Obligation], code: str, state: str | None = None) -> str:
    return find(obligations, code, state).status


FIRST_MINISTERIAL = Event("ministerial", D(2013, 6, 5), ref="meeting:1")


# The real record


def test_on_31_december_2017_the_ministerial_and_review_are_overdue_and_the_som_is_due():
    obligations = run(D(2017, 12, 31), MEETINGS, members=MEMBERS)

    assert [(o.code, o.status, o.due_on, o.last_on) for o in obligations[:3]] == [
        ("ministerial", "overdue", D(2015, 6, 5), D(2013, 6, 5)),
        ("som", "due", D(2017, 12, 31), D(2016, 9, 19)),
        ("support_unit_review", "overdue", D(2015, 6, 5), None),
    ]


def test_on_31_december_2017_each_member_lacks_a_coordinator_and_a_consultation():
    obligations = run(D(2017, 12, 31), MEETINGS, members=MEMBERS)

    assert {(o.code, o.status) for o in obligations[3:]} == {
        ("coordinator", "overdue"),
        ("national_consultation", "overdue"),
        ("fee", "due"),
    }


def test_the_som_of_2018_meets_that_years_obligation():
    som = find(run(D(2018, 12, 31), MEETINGS), "som")

    assert (som.status, [e.label for e in som.evidence]) == ("met", ["5th SOM, Bishkek"])


def test_the_third_ministerial_meets_the_ministerial_obligation_in_2025():
    ministerial = find(run(D(2025, 6, 1), MEETINGS), "ministerial")

    assert (ministerial.status, ministerial.due_on, ministerial.evidence) == (
        "met",
        D(2027, 4, 24),
        (MEETINGS[-1],),
    )


# Order of the result


def test_process_obligations_come_first_then_each_state_in_the_given_order():
    obligations = run(D(2020, 1, 1), members=["TJK", "AFG"])

    assert [(o.code, o.state) for o in obligations] == [
        ("ministerial", None),
        ("som", None),
        ("support_unit_review", None),
        ("coordinator", "TJK"),
        ("national_consultation", "TJK"),
        ("fee", "TJK"),
        ("coordinator", "AFG"),
        ("national_consultation", "AFG"),
        ("fee", "AFG"),
    ]


def test_a_state_listed_twice_gets_its_obligations_once():
    assert len(run(D(2020, 1, 1), members=["KAZ", "KAZ"])) == 6


def test_without_a_voluntary_fee_no_fee_is_asked():
    assert "fee" not in {o.code for o in run(D(2020, 1, 1), has_voluntary_fee=False)}


# Ministerial Conference and Support Unit review: rolling deadlines


@pytest.mark.parametrize(
    ("on", "expected"),
    [
        (D(2015, 3, 6), "met"),  # 91 days before the deadline
        (D(2015, 3, 7), "due"),  # 90 days before
        (D(2015, 6, 5), "due"),  # the deadline itself
        (D(2015, 6, 6), "overdue"),  # the day after
    ],
)
def test_the_ministerial_is_due_90_days_before_two_years_after_the_last_and_overdue_after(
    on, expected
):
    assert status(run(on, [FIRST_MINISTERIAL]), "ministerial") == expected


def test_the_ministerial_deadline_counts_from_the_last_conference():
    later = Event("ministerial", D(2015, 5, 1))

    assert find(run(D(2015, 6, 6), [FIRST_MINISTERIAL, later]), "ministerial").due_on == D(
        2017, 5, 1
    )


def test_a_met_ministerial_shows_the_last_conference_as_evidence():
    later = Event("ministerial", D(2015, 5, 1))

    assert find(run(D(2015, 6, 6), [later, FIRST_MINISTERIAL]), "ministerial").evidence == (later,)


def test_a_due_ministerial_has_no_evidence_but_shows_the_last_conference():
    ministerial = find(run(D(2015, 6, 1), [FIRST_MINISTERIAL]), "ministerial")

    assert (ministerial.evidence, ministerial.last_on) == ((), D(2013, 6, 5))


def test_without_any_conference_the_ministerial_deadline_counts_from_the_start_of_the_process():
    ministerial = find(run(D(2014, 1, 1)), "ministerial")

    assert (ministerial.status, ministerial.due_on, ministerial.last_on) == (
        "met",
        D(2015, 6, 5),
        None,
    )


def test_a_conference_before_the_process_started_does_not_bring_the_deadline_forward():
    almaty_2011 = Event("ministerial", D(2011, 3, 15), label="Almaty Declaration")
    ministerial = find(run(D(2014, 1, 1), [almaty_2011]), "ministerial")

    assert (ministerial.status, ministerial.due_on, ministerial.evidence) == (
        "met",
        D(2015, 6, 5),
        (),
    )


def test_the_due_soon_window_comes_from_the_rules():
    assert (
        status(run(D(2015, 1, 1), [FIRST_MINISTERIAL], due_soon_days=200), "ministerial") == "due"
    )


def test_the_ministerial_cadence_comes_from_the_rules():
    assert (
        status(run(D(2016, 1, 1), [FIRST_MINISTERIAL], ministerial_every_years=3), "ministerial")
        == "met"
    )


@pytest.mark.parametrize(
    ("on", "expected"),
    [(D(2015, 3, 6), "met"), (D(2015, 6, 5), "due"), (D(2015, 6, 6), "overdue")],
)
def test_the_support_unit_review_is_due_at_the_end_of_its_initial_period(on, expected):
    assert status(run(on), "support_unit_review") == expected


def test_a_support_unit_review_restarts_the_period():
    review = Event("support_unit_review", D(2015, 6, 1), ref="decision:7")

    assert find(run(D(2016, 1, 1), [review]), "support_unit_review").evidence == (review,)


def test_a_ministerial_does_not_count_as_a_support_unit_review():
    assert status(run(D(2015, 6, 6), [FIRST_MINISTERIAL]), "support_unit_review") == "overdue"


# Senior Officials' Meeting: calendar periods


def som(day: dt.date) -> Event:
    return Event("som", day, ref=f"meeting:{day.isoformat()}")


def test_a_som_in_the_year_meets_it_with_the_meeting_as_evidence():
    obligation = find(run(D(2015, 12, 31), [som(D(2015, 9, 22))]), "som")

    assert (obligation.status, obligation.due_on, obligation.evidence) == (
        "met",
        D(2015, 12, 31),
        (som(D(2015, 9, 22)),),
    )


def test_a_som_held_later_in_the_year_does_not_count_yet():
    assert status(run(D(2015, 9, 21), [som(D(2014, 11, 21)), som(D(2015, 9, 22))]), "som") == "due"


@pytest.mark.parametrize(
    ("on", "expected"),
    [(D(2015, 12, 31), "met"), (D(2016, 1, 1), "due")],
)
def test_a_som_on_31_december_counts_for_its_year_only(on, expected):
    assert status(run(on, [som(D(2015, 12, 31))]), "som") == expected


def test_a_year_without_a_som_after_a_year_without_one_is_overdue_since_the_missed_year():
    obligation = find(run(D(2017, 3, 1), [som(D(2015, 9, 22))]), "som")

    assert (obligation.status, obligation.due_on, obligation.last_on) == (
        "overdue",
        D(2016, 12, 31),
        D(2015, 9, 22),
    )


def test_the_first_year_of_the_process_is_never_overdue():
    assert status(run(D(2013, 12, 31)), "som") == "due"


def test_the_year_after_the_launch_year_is_due_not_overdue():
    # The Process started in June 2013 and held its first SOM in November 2014: the part
    # launch year is not counted as missed.
    assert status(run(D(2014, 6, 1), MEETINGS), "som") == "due"


def test_two_years_after_the_launch_without_a_som_is_overdue():
    assert status(run(D(2015, 6, 1)), "som") == "overdue"


@pytest.mark.parametrize(
    ("on", "expected"),
    [
        (D(2014, 6, 1), "met"),  # period 2013-2014 holds the 2013 meeting
        (D(2015, 6, 1), "due"),  # period 2015-2016, the previous one had a meeting
        (D(2017, 6, 1), "overdue"),  # period 2017-2018, nothing in 2015-2016
    ],
)
def test_a_two_year_som_cadence_counts_periods_from_the_year_the_process_started(on, expected):
    assert status(run(on, [som(D(2013, 11, 1))], som_every_years=2), "som") == expected


# National consultations: calendar periods per State


def consultation(state: str, day: dt.date) -> Event:
    return Event("national_consultation", day, state=state)


def test_a_national_consultation_counts_for_its_own_state_only():
    obligations = run(D(2020, 6, 1), [consultation("KGZ", D(2020, 3, 1))], members=["KAZ", "KGZ"])

    assert [status(obligations, "national_consultation", s) for s in ("KAZ", "KGZ")] == [
        "overdue",
        "met",
    ]


def test_a_national_consultation_last_year_makes_this_years_due_by_31_december():
    obligation = find(
        run(D(2020, 6, 1), [consultation("KAZ", D(2019, 3, 1))]), "national_consultation", "KAZ"
    )

    assert (obligation.status, obligation.due_on) == ("due", D(2020, 12, 31))


def test_two_years_without_a_national_consultation_are_overdue():
    assert (
        status(
            run(D(2020, 6, 1), [consultation("KAZ", D(2018, 3, 1))]), "national_consultation", "KAZ"
        )
        == "overdue"
    )


def test_a_consultation_without_a_state_counts_for_nobody():
    events = [consultation("KAZ", D(2019, 3, 1)), Event("national_consultation", D(2020, 3, 1))]

    assert status(run(D(2020, 6, 1), events), "national_consultation", "KAZ") == "due"


# National Coordinator designations


@pytest.mark.parametrize(
    ("on", "expected"),
    [
        (D(2019, 12, 31), "overdue"),  # the day before the first day
        (D(2020, 1, 1), "met"),  # the first day
        (D(2020, 12, 31), "met"),  # the last day
        (D(2021, 1, 1), "overdue"),  # the day after
    ],
)
def test_a_designation_covers_its_first_and_last_days(on, expected):
    designation = Designation("KAZ", D(2020, 1, 1), D(2020, 12, 31), ref="role:3")

    assert status(run(on, designations=[designation]), "coordinator", "KAZ") == expected


def test_a_covering_designation_is_the_evidence():
    designation = Designation("KAZ", D(2020, 1, 1), None, ref="role:3")
    coordinator = find(run(D(2024, 1, 1), designations=[designation]), "coordinator", "KAZ")

    assert (coordinator.status, coordinator.evidence, coordinator.due_on) == (
        "met",
        (designation,),
        None,
    )


def test_a_vacant_coordinator_shows_when_the_last_designation_ended():
    designations = [
        Designation("KAZ", D(2016, 1, 1), D(2017, 12, 31)),
        Designation("KAZ", D(2018, 1, 1), D(2019, 6, 30)),
        Designation("KGZ", D(2018, 1, 1), D(2020, 6, 30)),
    ]
    coordinator = find(run(D(2020, 1, 1), designations=designations), "coordinator", "KAZ")

    assert (coordinator.status, coordinator.due_on, coordinator.last_on) == (
        "overdue",
        None,
        D(2019, 6, 30),
    )


def test_a_designation_starting_later_does_not_count():
    coordinator = find(
        run(D(2020, 1, 1), designations=[Designation("KAZ", D(2020, 1, 2), None)]),
        "coordinator",
        "KAZ",
    )

    assert (coordinator.status, coordinator.last_on) == ("overdue", None)


# Voluntary fee


def fee(state: str, day: dt.date) -> Event:
    return Event("fee_paid", day, state=state, ref="payment:1")


def test_a_fee_paid_this_year_is_met():
    obligation = find(run(D(2020, 12, 31), [fee("KAZ", D(2020, 1, 1))]), "fee", "KAZ")

    assert (obligation.status, obligation.evidence) == ("met", (fee("KAZ", D(2020, 1, 1)),))


def test_a_fee_paid_last_year_leaves_this_years_due_by_31_december():
    obligation = find(run(D(2021, 1, 1), [fee("KAZ", D(2020, 12, 31))]), "fee", "KAZ")

    assert (obligation.status, obligation.due_on, obligation.last_on) == (
        "due",
        D(2021, 12, 31),
        D(2020, 12, 31),
    )


def test_an_unpaid_voluntary_fee_is_never_overdue():
    assert status(run(D(2030, 6, 1)), "fee", "KAZ") == "due"


def test_another_states_fee_does_not_count():
    assert status(run(D(2020, 6, 1), [fee("KGZ", D(2020, 1, 1))]), "fee", "KAZ") == "due"


# Only the past counts


def test_events_after_the_date_are_ignored_everywhere():
    later = D(2020, 6, 2)
    events = [
        Event("ministerial", later),
        som(later),
        Event("support_unit_review", later),
        consultation("KAZ", later),
        fee("KAZ", later),
    ]

    assert run(D(2020, 6, 1), events) == run(D(2020, 6, 1))


@pytest.mark.parametrize(
    "field",
    [
        "ministerial_every_years",
        "som_every_years",
        "national_consultation_every_years",
        "support_unit_review_years",
    ],
)
def test_a_cadence_under_one_year_is_refused(field):
    with pytest.raises(ValueError, match=field):
        run(D(2020, 1, 1), **{field: 0})
