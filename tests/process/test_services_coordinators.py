"""Designating National Coordinators: Member States only, one at a time per State (the database
holds to it too), the role of the person's account following the designation, all audited."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.db import IntegrityError, transaction

from almaty.accounts.models import RoleAssignment
from almaty.core.audit_messages import render
from almaty.core.errors import InvalidInput
from almaty.core.models import AuditEntry
from almaty.process import selectors, services
from almaty.process.models import NationalCoordinator, State
from tests.factories.accounts import UserFactory
from tests.factories.process import NationalCoordinatorFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("reference_for_module")]

D = dt.date
FIRST = D(2024, 1, 1)
SECOND = D(2025, 3, 1)


def designate(iso3: str, name: str, on: dt.date, **extra: Any) -> NationalCoordinator:
    return services.coordinator_designate(
        state_iso3=iso3, full_name=name, designated_on=on, actor=None, **extra
    )


def coordinator_of(iso3: str, day: dt.date) -> str | None:
    (row,) = [row for row in selectors.participating_states(day=day) if row.state.iso3 == iso3]
    return row.coordinator.full_name if row.coordinator else None


def national_coordinator_roles(user: Any) -> list[tuple[str, dt.date, dt.date | None]]:
    return list(
        RoleAssignment.objects.filter(user=user, role__code="national_coordinator")
        .order_by("valid_from")
        .values_list("state__iso3", "valid_from", "valid_to")
    )


def new_audit_entries(since: int) -> list[str]:
    entries = AuditEntry.objects.order_by("sequence")[since:]
    return [render(entry.message_key, entry.params) for entry in entries]


# coordinator_designate


def test_a_designated_coordinator_fills_the_slot_of_their_state_from_that_day():
    designate("KGZ", "Айгуль Асанова", FIRST)

    assert (coordinator_of("KGZ", FIRST - dt.timedelta(days=1)), coordinator_of("KGZ", FIRST)) == (
        None,
        "Айгуль Асанова",
    )


def test_a_designation_keeps_the_name_position_and_office():
    made = designate(
        "KGZ",
        "  Айгуль Асанова ",
        FIRST,
        position="Head of Department",
        office="Ministry of Labour",
    )

    made.refresh_from_db()
    assert (made.full_name, made.position, made.office, made.ended_on) == (
        "Айгуль Асанова",
        "Head of Department",
        "Ministry of Labour",
        None,
    )


def test_a_new_designation_ends_the_previous_one_the_day_before():
    first = designate("KGZ", "Айгуль Асанова", FIRST)

    designate("KGZ", "Бакыт Осмонов", SECOND)

    first.refresh_from_db()
    assert first.ended_on == SECOND - dt.timedelta(days=1)


def test_after_a_new_designation_each_day_has_one_coordinator():
    designate("KGZ", "Айгуль Асанова", FIRST)
    designate("KGZ", "Бакыт Осмонов", SECOND)

    assert [coordinator_of("KGZ", day) for day in (SECOND - dt.timedelta(days=1), SECOND)] == [
        "Айгуль Асанова",
        "Бакыт Осмонов",
    ]


def test_a_designation_is_audited():
    since = AuditEntry.objects.count()

    designate("KGZ", "Айгуль Асанова", FIRST)

    assert new_audit_entries(since) == [
        "Айгуль Асанова was designated National Coordinator of KGZ from 2024-01-01."
    ]


def test_a_new_designation_audits_the_end_of_the_previous_one():
    designate("KGZ", "Айгуль Асанова", FIRST)
    since = AuditEntry.objects.count()

    designate("KGZ", "Бакыт Осмонов", SECOND)

    assert new_audit_entries(since) == [
        "The designation of Айгуль Асанова as National Coordinator of KGZ ended on 2025-02-28.",
        "Бакыт Осмонов was designated National Coordinator of KGZ from 2025-03-01.",
    ]


def test_a_coordinator_with_an_account_holds_the_role_from_the_day_of_designation():
    user = UserFactory()

    designate("KGZ", "Айгуль Асанова", FIRST, user=user)

    assert national_coordinator_roles(user) == [("KGZ", FIRST, None)]


def test_the_previous_coordinators_role_ends_with_their_designation():
    previous, successor = UserFactory(), UserFactory()
    designate("KGZ", "Айгуль Асанова", FIRST, user=previous)

    designate("KGZ", "Бакыт Осмонов", SECOND, user=successor)

    assert (national_coordinator_roles(previous), national_coordinator_roles(successor)) == (
        [("KGZ", FIRST, D(2025, 2, 28))],
        [("KGZ", SECOND, None)],
    )


def test_the_roles_that_follow_a_designation_are_audited():
    previous, successor = UserFactory(), UserFactory()
    designate("KGZ", "Айгуль Асанова", FIRST, user=previous)
    since = AuditEntry.objects.count()

    designate("KGZ", "Бакыт Осмонов", SECOND, user=successor)

    keys = [entry.message_key for entry in AuditEntry.objects.order_by("sequence")[since:]]
    assert keys == ["role.ended", "coordinator.ended", "role.assigned", "coordinator.designated"]


# coordinator_end


def test_an_ended_designation_leaves_the_slot_vacant_from_the_next_day():
    made = designate("KGZ", "Айгуль Асанова", FIRST)

    services.coordinator_end(designation=made, ended_on=D(2024, 6, 30), actor=None)

    assert [coordinator_of("KGZ", day) for day in (D(2024, 6, 30), D(2024, 7, 1))] == [
        "Айгуль Асанова",
        None,
    ]


def test_ending_a_designation_ends_the_role_of_the_account():
    user = UserFactory()
    made = designate("KGZ", "Айгуль Асанова", FIRST, user=user)

    services.coordinator_end(designation=made, ended_on=D(2024, 6, 30), actor=None)

    assert national_coordinator_roles(user) == [("KGZ", FIRST, D(2024, 6, 30))]


def test_ending_a_designation_is_audited():
    made = designate("KGZ", "Айгуль Асанова", FIRST)
    since = AuditEntry.objects.count()

    services.coordinator_end(designation=made, ended_on=D(2024, 6, 30), actor=None)

    assert new_audit_entries(since) == [
        "The designation of Айгуль Асанова as National Coordinator of KGZ ended on 2024-06-30."
    ]


def test_a_state_can_designate_again_after_a_vacancy():
    made = designate("KGZ", "Айгуль Асанова", FIRST)
    services.coordinator_end(designation=made, ended_on=D(2024, 6, 30), actor=None)

    designate("KGZ", "Бакыт Осмонов", SECOND)

    assert [coordinator_of("KGZ", day) for day in (D(2024, 12, 1), SECOND)] == [
        None,
        "Бакыт Осмонов",
    ]


# Bad input: refused with a message naming the problem; nothing is written.


@pytest.fixture
def kgz_has_a_coordinator() -> NationalCoordinator:
    """KGZ's coordinator since 2024-01-01 (open), made through the service."""
    return designate("KGZ", "Айгуль Асанова", FIRST, user=UserFactory())


def _designate(iso3: str, on: dt.date, name: str = "Бакыт Осмонов") -> Callable[[], Any]:
    return lambda: designate(iso3, name, on)


def _end_first(ended_on: dt.date) -> Callable[[], Any]:
    return lambda: services.coordinator_end(
        designation=NationalCoordinator.objects.get(state__iso3="KGZ", designated_on=FIRST),
        ended_on=ended_on,
        actor=None,
    )


REFUSED = [
    pytest.param(
        _designate("IRN", SECOND),
        "Only a Member State designates a National Coordinator; IRN is not a member on 2025-03-01.",
        id="observer-state",
    ),
    pytest.param(
        _designate("CHN", SECOND),
        "Only a Member State designates a National Coordinator; CHN is not a member on 2025-03-01.",
        id="guest-state",
    ),
    pytest.param(
        _designate("UZB", SECOND),
        "Only a Member State designates a National Coordinator; UZB is not a member on 2025-03-01.",
        id="non-participant",
    ),
    pytest.param(
        _designate("TJK", D(2013, 6, 4)),
        "Only a Member State designates a National Coordinator; TJK is not a member on 2013-06-04.",
        id="before-membership",
    ),
    pytest.param(
        _designate("XYZ", SECOND),
        "Unknown State code 'XYZ'.",
        id="unknown-state",
    ),
    pytest.param(
        _designate("TJK", SECOND, name="   "),
        "Give the National Coordinator's full name.",
        id="no-name",
    ),
    pytest.param(
        _designate("KGZ", FIRST),
        "Айгуль Асанова is the National Coordinator of KGZ since 2024-01-01; choose a later day.",
        id="on-the-current-ones-first-day",
    ),
    pytest.param(
        _designate("KGZ", D(2023, 6, 1)),
        "Айгуль Асанова is the National Coordinator of KGZ since 2024-01-01; choose a later day.",
        id="before-the-current-ones-first-day",
    ),
    pytest.param(
        _end_first(D(2023, 12, 31)),
        "A designation cannot end before it starts.",
        id="end-before-start",
    ),
]


def recorded() -> tuple[Any, ...]:
    """Everything these services write: designations, roles and the audit log."""
    return (
        list(
            NationalCoordinator.objects.order_by("pk").values_list(
                "state__iso3", "full_name", "designated_on", "ended_on"
            )
        ),
        list(RoleAssignment.objects.order_by("pk").values_list("user", "valid_from", "valid_to")),
        AuditEntry.objects.count(),
    )


@pytest.mark.parametrize(("call", "message"), REFUSED)
def test_a_bad_designation_is_refused_with_a_clear_message(kgz_has_a_coordinator, call, message):
    with pytest.raises(InvalidInput) as refused:
        call()

    assert refused.value.text == message


@pytest.mark.parametrize(("call", "message"), REFUSED)
def test_a_bad_designation_writes_nothing(kgz_has_a_coordinator, call, message):
    before = recorded()

    with pytest.raises(InvalidInput):
        call()

    assert recorded() == before


def test_an_end_that_reaches_the_next_designation_is_refused(kgz_has_a_coordinator):
    designate("KGZ", "Бакыт Осмонов", SECOND)

    with pytest.raises(InvalidInput) as refused:
        _end_first(SECOND)()

    assert refused.value.text == (
        "This designation overlaps that of Бакыт Осмонов (2025-03-01 to …)."
    )


def test_an_end_that_reaches_the_next_designation_writes_nothing(kgz_has_a_coordinator):
    designate("KGZ", "Бакыт Осмонов", SECOND)
    before = recorded()

    with pytest.raises(InvalidInput):
        _end_first(D(2025, 12, 31))()

    assert recorded() == before


# The database holds to one open designation per State, whatever writes to it.


def test_two_open_designations_for_one_state_are_refused_by_the_database():
    kgz = State.objects.get(iso3="KGZ")
    NationalCoordinatorFactory(state=kgz, designated_on=FIRST)

    with pytest.raises(IntegrityError), transaction.atomic():
        NationalCoordinatorFactory(state=kgz, designated_on=SECOND)


@pytest.mark.parametrize(
    ("first", "second"),
    [
        pytest.param(
            {"state": "KGZ", "designated_on": FIRST, "ended_on": D(2025, 2, 28)},
            {"state": "KGZ", "designated_on": SECOND},
            id="an-ended-and-an-open-one-for-one-state",
        ),
        pytest.param(
            {"state": "KGZ", "designated_on": FIRST},
            {"state": "TJK", "designated_on": FIRST},
            id="open-ones-for-two-states",
        ),
    ],
)
def test_the_database_allows_designations_that_do_not_clash(first, second):
    for values in (first, second):
        NationalCoordinatorFactory(**{**values, "state": State.objects.get(iso3=values["state"])})

    assert NationalCoordinator.objects.count() == 2


def test_a_designation_ending_before_it_starts_is_refused_by_the_database():
    with pytest.raises(IntegrityError), transaction.atomic():
        NationalCoordinatorFactory(
            state=State.objects.get(iso3="KGZ"), designated_on=FIRST, ended_on=D(2023, 12, 31)
        )
