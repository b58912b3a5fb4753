"""accounts.access: who may act in which role, for which State, on which day."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth.models import AnonymousUser

from almaty.accounts import access
from almaty.accounts.choices import RoleCode
from almaty.core.errors import PermissionDenied

TODAY = dt.date(2025, 3, 10)
DAY = dt.timedelta(days=1)

# Every role; the ones held for a State get one (a member's for most, an observer's for delegates).
ROLES_WITH_STATE = [
    (RoleCode.SUPPORT_UNIT, None),
    (RoleCode.CHAIR, "KAZ"),
    (RoleCode.DEPUTY_CHAIR, "KGZ"),
    (RoleCode.NATIONAL_COORDINATOR, "TJK"),
    (RoleCode.TECHNICAL_OFFICER, "AZE"),
    (RoleCode.STATISTICIAN, "AFG"),
    (RoleCode.BORDER_ANALYST, "TUR"),
    (RoleCode.PROTECTION_OFFICER, "TKM"),
    (RoleCode.OBSERVER_DELEGATE, "IRN"),
]


@pytest.fixture(autouse=True)
def _today(time_machine):
    time_machine.move_to(dt.datetime(2025, 3, 10, 9, 0, tzinfo=dt.UTC), tick=False)


@pytest.mark.parametrize(("role", "state"), ROLES_WITH_STATE)
def test_a_user_holding_a_role_today_is_allowed(user_with_role, role, state):
    user = user_with_role(role, state)

    assert access.user_has_role(user=user, role=role)
    access.require_role(user=user, role=role)  # does not raise


@pytest.mark.parametrize(("role", "state"), ROLES_WITH_STATE)
def test_a_user_holding_another_role_is_denied(user_with_role, role, state):
    other_role, other_state = next(pair for pair in ROLES_WITH_STATE if pair[0] != role)
    user = user_with_role(other_role, other_state)

    assert not access.user_has_role(user=user, role=role)
    with pytest.raises(PermissionDenied) as caught:
        access.require_role(user=user, role=role)
    assert caught.value.text == f"This needs the role {role.label}."


@pytest.mark.parametrize(
    ("valid_from", "valid_to", "active"),
    [
        (TODAY - 30 * DAY, None, True),  # open-ended
        (TODAY, None, True),  # starts today
        (TODAY - 30 * DAY, TODAY, True),  # ends today: the last day is included
        (TODAY + DAY, None, False),  # starts tomorrow
        (TODAY - 30 * DAY, TODAY - DAY, False),  # ended yesterday
    ],
)
def test_user_has_role_only_within_the_assignment_period(
    user_with_role, valid_from, valid_to, active
):
    user = user_with_role("statistician", "KAZ", valid_from=valid_from, valid_to=valid_to)

    assert access.user_has_role(user=user, role="statistician") is active


def test_user_has_role_on_another_day(user_with_role):
    user = user_with_role(
        "chair", "KGZ", valid_from=dt.date(2024, 1, 1), valid_to=dt.date(2024, 12, 31)
    )

    assert access.user_has_role(user=user, role="chair", day=dt.date(2024, 6, 1))
    assert not access.user_has_role(user=user, role="chair", day=dt.date(2025, 1, 1))


def test_require_role_says_when_an_expired_role_ended(user_with_role):
    user = user_with_role(
        "national_coordinator", "KAZ", valid_from=dt.date(2023, 1, 1), valid_to=dt.date(2025, 2, 28)
    )

    with pytest.raises(PermissionDenied) as caught:
        access.require_role(user=user, role="national_coordinator")

    assert caught.value.text == "Your role National Coordinator ended on 2025-02-28."
    assert caught.value.status == 403


def test_require_role_names_the_latest_end_when_a_role_ended_several_times(user_with_role):
    user = user_with_role(
        "chair", "KAZ", valid_from=dt.date(2020, 1, 1), valid_to=dt.date(2020, 12, 31)
    )
    user.role_assignments.create(
        role=user.role_assignments.get().role,
        state=user.role_assignments.get().state,
        valid_from=dt.date(2023, 1, 1),
        valid_to=dt.date(2023, 12, 31),
    )

    with pytest.raises(PermissionDenied, match="ended on 2023-12-31"):
        access.require_role(user=user, role="chair")


def test_require_role_for_a_role_not_started_yet_says_the_role_is_needed(user_with_role):
    user = user_with_role("chair", "TKM", valid_from=TODAY + DAY)

    with pytest.raises(PermissionDenied) as caught:
        access.require_role(user=user, role="chair")

    assert caught.value.text == "This needs the role Chair."


@pytest.mark.parametrize(("state_iso3", "allowed"), [("KAZ", True), ("KGZ", False), (None, True)])
def test_user_has_role_is_scoped_to_the_state(user_with_role, state_iso3, allowed):
    user = user_with_role("national_coordinator", "KAZ")

    assert (
        access.user_has_role(user=user, role="national_coordinator", state_iso3=state_iso3)
        is allowed
    )


def test_require_role_for_another_state_is_denied(user_with_role):
    user = user_with_role("national_coordinator", "KAZ")

    with pytest.raises(PermissionDenied, match="This needs the role National Coordinator"):
        access.require_role(user=user, role="national_coordinator", state_iso3="KGZ")


def test_require_role_does_not_blame_an_expired_role_held_for_another_state(user_with_role):
    """A coordinator whose role for Kazakhstan ended never held it for Kyrgyzstan."""
    user = user_with_role(
        "national_coordinator",
        "KAZ",
        valid_from=dt.date(2020, 1, 1),
        valid_to=dt.date(2024, 12, 31),
    )

    with pytest.raises(PermissionDenied) as caught:
        access.require_role(user=user, role="national_coordinator", state_iso3="KGZ")

    assert caught.value.text == "This needs the role National Coordinator."


def test_a_deactivated_user_holds_no_role(user_with_role):
    user = user_with_role("support_unit")
    user.is_active = False
    user.save()

    assert not access.user_has_role(user=user, role="support_unit")
    assert access.active_assignments(user=user) == []


def test_an_anonymous_visitor_holds_no_role(reference):
    visitor = AnonymousUser()

    assert not access.user_has_role(user=visitor, role="support_unit")
    with pytest.raises(PermissionDenied, match="This needs the role Support Unit staff"):
        access.require_role(user=visitor, role="support_unit")


def test_active_assignments_lists_only_todays_roles(user_with_role):
    user = user_with_role("statistician", "KAZ")
    user.role_assignments.create(
        role=user.role_assignments.get().role,
        state=user.role_assignments.get().state,
        valid_from=dt.date(2010, 1, 1),
        valid_to=dt.date(2011, 1, 1),
    )

    assert [(a.role.code, a.state.iso3) for a in access.active_assignments(user=user)] == [
        ("statistician", "KAZ")
    ]


def test_support_unit_staff_may_manage_users(user_with_role):
    assert access.can_manage_users(user=user_with_role("support_unit"))


@pytest.mark.parametrize(
    ("role", "state"), [pair for pair in ROLES_WITH_STATE if pair[0] != RoleCode.SUPPORT_UNIT]
)
def test_other_roles_may_not_manage_users(user_with_role, role, state):
    assert not access.can_manage_users(user=user_with_role(role, state))


def test_former_support_unit_staff_may_not_manage_users(user_with_role):
    user = user_with_role("support_unit", valid_from=dt.date(2020, 1, 1), valid_to=TODAY - DAY)

    assert not access.can_manage_users(user=user)
