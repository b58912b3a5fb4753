"""Which States take part on a day, with what status, and who fills each National Coordinator
slot (the person designated on the day; a role assignment alone does not)."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.utils import translation

from almaty.process.models import NationalCoordinator, State
from almaty.process.selectors import participating_states, process_profile, state_by_iso3
from tests.factories.process import NationalCoordinatorFactory, ParticipationFactory, StateFactory

MEMBERS = {"AFG", "AZE", "KAZ", "KGZ", "TJK", "TUR", "TKM"}
OBSERVERS = {"IRN", "PAK"}
GUESTS = {"CHN", "RUS", "USA"}
TODAY = dt.date(2025, 3, 10)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("reference_for_module")]


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(dt.datetime(2025, 3, 10, 12, 0, tzinfo=dt.UTC), tick=False):
        yield


def by_status(rows):
    grouped: dict[str, set[str]] = {}
    for row in rows:
        grouped.setdefault(row.status, set()).add(row.state.iso3)
    return grouped


def row_of(rows, iso3):
    (found,) = [row for row in rows if row.state.iso3 == iso3]
    return found


def test_today_every_participating_state_is_listed_by_status():
    assert by_status(participating_states()) == {
        "member": MEMBERS,
        "observer": OBSERVERS,
        "guest": GUESTS,
    }


def test_a_state_without_participation_is_not_listed():
    assert "UZB" not in {row.state.iso3 for row in participating_states()}


def test_members_come_first_then_observers_then_guests():
    statuses = [row.status for row in participating_states()]

    assert statuses == ["member"] * 7 + ["observer"] * 2 + ["guest"] * 3


@pytest.mark.parametrize(
    ("language", "first_members"),
    [("en", ["AFG", "AZE", "KAZ", "KGZ"]), ("ru", ["AZE", "AFG", "KAZ", "KGZ"])],
)
def test_states_of_a_status_are_sorted_by_their_name_in_the_active_language(
    language, first_members
):
    with translation.override(language):
        members = [row.state.iso3 for row in participating_states() if row.status == "member"]

    assert (
        members[:4] == first_members
    )  # Azerbaijan after Afghanistan; Азербайджан before Афганистан


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        pytest.param(dt.date(2011, 3, 14), {}, id="before-anyone"),
        pytest.param(dt.date(2011, 3, 15), {"guest": GUESTS}, id="first-guests"),
        pytest.param(dt.date(2013, 6, 4), {"guest": GUESTS}, id="day-before-launch"),
        pytest.param(dt.date(2013, 6, 5), {"member": MEMBERS, "guest": GUESTS}, id="launch-day"),
        pytest.param(
            dt.date(2013, 8, 31), {"member": MEMBERS, "guest": GUESTS}, id="observers-pending"
        ),
        pytest.param(
            dt.date(2013, 9, 1),
            {"member": MEMBERS, "observer": OBSERVERS, "guest": GUESTS},
            id="observers-confirmed",
        ),
    ],
)
def test_on_a_historic_day_only_the_states_taking_part_then_are_listed(day, expected):
    assert by_status(participating_states(day=day)) == expected


def test_a_participation_that_ended_is_not_listed_after_its_last_day():
    ParticipationFactory(
        state=StateFactory(),
        status="guest",
        valid_from=dt.date(2020, 1, 1),
        valid_to=dt.date(2022, 12, 31),
    )

    assert "UZB" in by_status(participating_states(day=dt.date(2022, 12, 31)))["guest"]
    assert "UZB" not in by_status(participating_states(day=dt.date(2023, 1, 1)))["guest"]


def test_every_member_has_a_coordinator_slot_and_nobody_else_does():
    slots = {row.state.iso3 for row in participating_states() if row.has_coordinator_slot}

    assert slots == MEMBERS


def test_without_coordinators_every_slot_is_vacant():
    assert [row.coordinator for row in participating_states()] == [None] * 12


def designation(iso3: str, **values) -> NationalCoordinator:
    return NationalCoordinatorFactory(state=State.objects.get(iso3=iso3), **values)


def test_a_designated_national_coordinator_fills_the_slot_of_their_state():
    designated = designation("KGZ", full_name="Айгуль Асанова")

    rows = participating_states()

    assert row_of(rows, "KGZ").coordinator == designated
    assert [row.state.iso3 for row in rows if row.coordinator] == ["KGZ"]


@pytest.mark.parametrize(
    ("designated_on", "ended_on"),
    [
        pytest.param(dt.date(2024, 1, 1), dt.date(2025, 3, 9), id="ended-yesterday"),
        pytest.param(dt.date(2025, 3, 11), None, id="starts-tomorrow"),
    ],
)
def test_a_designation_not_in_force_today_leaves_the_slot_vacant(designated_on, ended_on):
    designation("KGZ", designated_on=designated_on, ended_on=ended_on)

    assert row_of(participating_states(), "KGZ").coordinator is None


@pytest.mark.parametrize(
    ("designated_on", "ended_on"),
    [
        pytest.param(dt.date(2024, 1, 1), TODAY, id="ends-today"),
        pytest.param(TODAY, None, id="starts-today"),
        pytest.param(dt.date(2024, 1, 1), None, id="open-ended"),
    ],
)
def test_a_designation_in_force_today_fills_the_slot(designated_on, ended_on):
    designated = designation("KGZ", designated_on=designated_on, ended_on=ended_on)

    assert row_of(participating_states(), "KGZ").coordinator == designated


@pytest.mark.parametrize("role", ["national_coordinator", "statistician"])
def test_a_role_for_the_state_without_a_designation_does_not_fill_the_slot(user_with_role, role):
    user_with_role(role, "KGZ")

    assert row_of(participating_states(), "KGZ").coordinator is None


def test_a_coordinator_of_another_state_does_not_fill_the_slot():
    designation("KAZ")

    assert row_of(participating_states(), "KGZ").coordinator is None


def test_on_a_historic_day_the_coordinator_of_that_day_is_shown():
    designation(
        "TJK",
        full_name="Earlier Coordinator",
        designated_on=dt.date(2014, 1, 1),
        ended_on=dt.date(2016, 12, 31),
    )
    designation("TJK", full_name="Later Coordinator", designated_on=dt.date(2017, 1, 1))

    assert [
        row_of(participating_states(day=day), "TJK").coordinator.full_name
        for day in (dt.date(2015, 6, 1), dt.date(2018, 6, 1))
    ] == ["Earlier Coordinator", "Later Coordinator"]


def test_of_two_overlapping_designations_the_one_that_started_last_is_shown():
    # The services refuse overlaps; rows written otherwise must still show one coordinator.
    designation("TJK", designated_on=dt.date(2020, 1, 1), ended_on=dt.date(2025, 12, 31))
    newer = designation("TJK", designated_on=dt.date(2024, 1, 1))

    assert row_of(participating_states(), "TJK").coordinator == newer


@pytest.mark.parametrize("iso3", ["IRN", "CHN"], ids=["observer", "guest"])
def test_observers_and_guests_have_no_slot_even_with_a_designation(iso3):
    designation(iso3)

    row = row_of(participating_states(), iso3)
    assert (row.has_coordinator_slot, row.coordinator) == (False, None)


def test_the_query_count_does_not_grow_with_coordinators(django_assert_max_num_queries):
    for iso3 in sorted(MEMBERS):
        designation(iso3)

    with django_assert_max_num_queries(2):
        rows = participating_states()
        names = [row.coordinator.full_name for row in rows if row.coordinator]

    assert len(names) == 7


def test_the_process_profile_is_the_loaded_process():
    assert process_profile().short_name_en == "Almaty Process"


@pytest.mark.parametrize("code", ["KGZ", "kgz", " kgz "])
def test_a_state_is_found_by_its_iso3_code_in_any_case(code):
    assert state_by_iso3(code).iso3 == "KGZ"


def test_an_unknown_iso3_code_finds_no_state():
    assert state_by_iso3("XYZ") is None
