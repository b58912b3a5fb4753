"""Reading the rules and the records "as on date D": the Operating Modalities in force, the
chair on a day (hand-over days belong to the new chair), a State's status, coordinators."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from almaty.core.errors import InvalidInput
from almaty.process import selectors
from almaty.process.models import State
from tests.factories.process import (
    ModalitiesVersionFactory,
    NationalCoordinatorFactory,
    ParticipationFactory,
    StateFactory,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("reference_for_module")]

D = dt.date


def state(iso3: str) -> State:
    return State.objects.get(iso3=iso3)


# modalities_in_force


@pytest.mark.parametrize("day", [D(2013, 6, 4), D(2000, 1, 1)], ids=["day-before", "long-before"])
def test_before_the_2013_modalities_no_rules_are_in_force(day):
    with pytest.raises(InvalidInput) as refused:
        selectors.modalities_in_force(on=day)

    assert refused.value.text == f"No Operating Modalities were in force on {day.isoformat()}."


@pytest.mark.parametrize(
    ("day", "number"),
    [
        pytest.param(D(2013, 6, 5), 1, id="first-day-of-version-1"),
        pytest.param(D(2026, 12, 31), 1, id="last-day-of-version-1"),
        pytest.param(D(2027, 1, 1), 2, id="first-day-of-version-2"),
        pytest.param(D(2040, 1, 1), 2, id="long-after"),
    ],
)
def test_a_later_version_is_in_force_from_its_effective_date(day, number):
    ModalitiesVersionFactory(number=2, effective_on=D(2027, 1, 1), term_years=3)

    assert selectors.modalities_in_force(on=day).number == number


def test_the_rules_read_are_those_of_the_version_in_force():
    ModalitiesVersionFactory(number=2, effective_on=D(2027, 1, 1), term_years=3)

    assert [
        selectors.modalities_in_force(on=day).term_years for day in (D(2026, 1, 1), D(2028, 1, 1))
    ] == [2, 3]


def test_the_versions_are_listed_in_the_order_they_took_effect():
    ModalitiesVersionFactory(number=3, effective_on=D(2031, 1, 1))
    ModalitiesVersionFactory(number=2, effective_on=D(2027, 1, 1))

    assert [v.number for v in selectors.modalities_versions()] == [1, 2, 3]


# current_chair


@pytest.mark.parametrize(
    ("day", "chair"),
    [
        pytest.param(D(2013, 6, 4), None, id="before-the-first-chair"),
        pytest.param(D(2013, 6, 5), ("KAZ", D(2013, 6, 5)), id="first-day"),
        pytest.param(D(2016, 9, 19), ("KAZ", D(2013, 6, 5)), id="last-day-of-the-extended-term"),
        pytest.param(D(2016, 9, 20), ("KGZ", D(2016, 9, 20)), id="hand-over-to-kyrgyzstan"),
        pytest.param(D(2018, 9, 27), ("KGZ", D(2016, 9, 20)), id="day-before-a-hand-over"),
        pytest.param(D(2018, 9, 28), ("TJK", D(2018, 9, 28)), id="hand-over-to-tajikistan"),
        pytest.param(D(2022, 6, 1), ("TUR", D(2021, 1, 1)), id="turkiye"),
        pytest.param(D(2023, 1, 1), ("AZE", D(2023, 1, 1)), id="hand-over-after-two-passes"),
        pytest.param(D(2025, 4, 23), ("AZE", D(2023, 1, 1)), id="azerbaijans-last-day"),
        pytest.param(D(2025, 4, 24), ("KAZ", D(2025, 4, 24)), id="kazakhstan-again"),
        pytest.param(D(2030, 1, 1), ("KAZ", D(2025, 4, 24)), id="open-term-goes-on"),
    ],
)
def test_the_chair_on_a_day_is_the_term_that_day_falls_in(day, chair):
    term = selectors.current_chair(on=day)

    assert ((term.state.iso3, term.starts_on) if term else None) == chair


def test_the_chair_today_is_the_current_chair():
    with time_machine.travel(dt.datetime(2025, 3, 10, 12, 0, tzinfo=dt.UTC), tick=False):
        term = selectors.current_chair()

    assert term.state.iso3 == "AZE"


def test_the_passes_are_listed_by_turn_then_state():
    assert [(p.state.iso3, p.turn_starts_on) for p in selectors.chair_passes()] == [
        ("AFG", D(2023, 1, 1)),
        ("TKM", D(2023, 1, 1)),
    ]


# status_on


@pytest.mark.parametrize(
    ("iso3", "day", "status"),
    [
        pytest.param("KGZ", D(2013, 6, 4), None, id="member-before-joining"),
        pytest.param("KGZ", D(2013, 6, 5), "member", id="member-from-launch"),
        pytest.param("IRN", D(2013, 8, 31), None, id="observer-pending"),
        pytest.param("IRN", D(2013, 9, 1), "observer", id="observer-confirmed"),
        pytest.param("CHN", D(2011, 3, 15), "guest", id="guest"),
        pytest.param("UZB", D(2025, 1, 1), None, id="never-took-part"),
    ],
)
def test_a_states_status_on_a_day(iso3, day, status):
    assert selectors.status_on(state=state(iso3), day=day) == status


@pytest.mark.parametrize(
    ("day", "status"),
    [(D(2022, 12, 31), "observer"), (D(2023, 1, 1), "member")],
    ids=["last-day-as-observer", "first-day-as-member"],
)
def test_a_state_that_became_a_member_has_the_status_of_the_day(day, status):
    uzb = StateFactory()
    ParticipationFactory(
        state=uzb, status="observer", valid_from=D(2020, 1, 1), valid_to=D(2022, 12, 31)
    )
    ParticipationFactory(state=uzb, status="member", valid_from=D(2023, 1, 1))

    assert selectors.status_on(state=uzb, day=day) == status


# coordinators_on


@pytest.mark.parametrize(
    ("day", "names"),
    [
        pytest.param(D(2023, 12, 31), [], id="before"),
        pytest.param(D(2024, 1, 1), ["Айгуль Асанова"], id="first-day"),
        pytest.param(D(2024, 12, 31), ["Айгуль Асанова"], id="last-day"),
        pytest.param(D(2025, 1, 1), [], id="after"),
    ],
)
def test_the_coordinators_on_a_day_include_first_and_last_days(day, names):
    NationalCoordinatorFactory(
        state=state("KGZ"),
        full_name="Айгуль Асанова",
        designated_on=D(2024, 1, 1),
        ended_on=D(2024, 12, 31),
    )

    assert [c.full_name for c in selectors.coordinators_on(day=day)] == names
