"""accounts.services: creating users, assigning and ending roles."""

from __future__ import annotations

import datetime as dt

import pytest

from almaty.accounts import services
from almaty.accounts.models import RoleAssignment, User
from almaty.core.errors import InvalidInput
from almaty.core.models import AuditEntry
from tests.factories.accounts import RoleAssignmentFactory, UserFactory

pytestmark = pytest.mark.django_db

TODAY = dt.date(2025, 3, 10)


@pytest.fixture
def today(time_machine):
    """Roles are about days: fix today so periods do not depend on when the suite runs."""
    time_machine.move_to(dt.datetime(2025, 3, 10, 9, 0, tzinfo=dt.UTC), tick=False)
    return TODAY


@pytest.fixture
def support_officer(user_with_role):
    return user_with_role("support_unit")


# --- user_create ---------------------------------------------------------------------------


def test_user_create_stores_the_address_lowercased_and_a_usable_password():
    user = services.user_create(
        email="  Aigerim.Sadykova@Example.ORG ",
        actor=None,
        full_name="Aigerim",
        password="a-long-secret-9",
    )

    assert user.email == "aigerim.sadykova@example.org"
    assert user.check_password("a-long-secret-9")


def test_user_create_without_password_makes_an_account_that_cannot_sign_in_by_password():
    user = services.user_create(email="invited@example.org", actor=None)

    assert not user.has_usable_password()


def test_user_create_records_user_created_in_the_audit_log(support_officer):
    user = services.user_create(email="new@example.org", actor=support_officer)

    entry = AuditEntry.objects.get(message_key="user.created")
    assert entry.object_id == str(user.pk)
    assert entry.actor == support_officer
    assert entry.params == {"email": "new@example.org"}


@pytest.mark.parametrize(
    "email", ["", "not-an-address", "two@@example.org", "spaces in@example.org"]
)
def test_user_create_refuses_an_invalid_address(email):
    with pytest.raises(InvalidInput, match="is not a valid e-mail address"):
        services.user_create(email=email, actor=None)

    assert not User.objects.exists()
    assert not AuditEntry.objects.exists()


@pytest.mark.parametrize("email", ["taken@example.org", "TAKEN@example.org"])
def test_user_create_refuses_an_address_already_in_use(email):
    UserFactory(email="taken@example.org")

    with pytest.raises(InvalidInput, match="already exists"):
        services.user_create(email=email, actor=None)

    assert User.objects.count() == 1
    assert not AuditEntry.objects.filter(message_key="user.created").exists()


@pytest.mark.parametrize("language", ["kk", "EN", ""])
def test_user_create_refuses_a_language_the_platform_does_not_offer(language):
    with pytest.raises(InvalidInput, match="Unknown language"):
        services.user_create(email="someone@example.org", actor=None, preferred_language=language)

    assert not User.objects.exists()


def test_user_create_keeps_no_user_when_the_audit_entry_cannot_be_written(monkeypatch):
    """The user and its audit entry commit together or not at all."""

    def broken_audit(**kwargs):
        raise RuntimeError("audit storage unavailable")

    monkeypatch.setattr(services, "audit_record", broken_audit)

    with pytest.raises(RuntimeError):
        services.user_create(email="someone@example.org", actor=None)

    assert not User.objects.filter(email="someone@example.org").exists()


# --- role_assign ---------------------------------------------------------------------------


def test_role_assign_gives_a_role_for_a_state_from_today(reference, today, support_officer):
    user = UserFactory()

    assignment = services.role_assign(
        user=user, role_code="national_coordinator", state_iso3="kgz", actor=support_officer
    )

    assert (assignment.role.code, assignment.state.iso3) == ("national_coordinator", "KGZ")
    assert (assignment.valid_from, assignment.valid_to) == (today, None)


def test_role_assign_records_role_assigned_in_the_audit_log(reference, support_officer):
    user = UserFactory(email="coordinator@example.org")

    assignment = services.role_assign(
        user=user,
        role_code="national_coordinator",
        state_iso3="KAZ",
        valid_from=dt.date(2025, 1, 1),
        actor=support_officer,
    )

    entry = AuditEntry.objects.get(message_key="role.assigned")
    assert entry.object_id == str(assignment.pk)
    assert entry.actor == support_officer
    assert entry.params == {
        "email": "coordinator@example.org",
        "role": "national_coordinator",
        "state_suffix": " (KAZ)",
        "valid_from": "2025-01-01",
    }


def test_role_assign_gives_a_role_without_state(reference):
    assignment = services.role_assign(user=UserFactory(), role_code="support_unit", actor=None)

    assert assignment.state is None


def test_role_assign_refuses_an_unknown_role_and_names_the_known_ones(reference):
    with pytest.raises(InvalidInput) as caught:
        services.role_assign(user=UserFactory(), role_code="president", actor=None)

    assert "Unknown role 'president'" in caught.value.text
    assert "national_coordinator" in caught.value.text


def test_role_assign_refuses_an_unknown_state_code(reference):
    with pytest.raises(InvalidInput, match="Unknown State code 'XYZ'"):
        services.role_assign(
            user=UserFactory(), role_code="national_coordinator", state_iso3="XYZ", actor=None
        )


@pytest.mark.parametrize(
    "role_code",
    [
        "chair",
        "deputy_chair",
        "national_coordinator",
        "technical_officer",
        "statistician",
        "border_analyst",
        "protection_officer",
        "observer_delegate",
    ],
)
def test_role_assign_refuses_a_state_role_without_a_state(reference, role_code):
    with pytest.raises(InvalidInput, match="is held for a State"):
        services.role_assign(user=UserFactory(), role_code=role_code, actor=None)


def test_role_assign_refuses_a_state_for_a_role_not_held_for_one(reference):
    with pytest.raises(InvalidInput, match="is not held for a State"):
        services.role_assign(
            user=UserFactory(), role_code="support_unit", state_iso3="KAZ", actor=None
        )


def test_role_assign_refuses_a_period_that_ends_before_it_starts(reference):
    with pytest.raises(InvalidInput, match="cannot end before it starts"):
        services.role_assign(
            user=UserFactory(),
            role_code="support_unit",
            valid_from=dt.date(2025, 6, 1),
            valid_to=dt.date(2025, 5, 31),
            actor=None,
        )


@pytest.mark.parametrize(
    ("valid_from", "valid_to"),
    [
        (dt.date(2024, 6, 1), None),  # open end over the existing period
        (dt.date(2024, 12, 31), dt.date(2025, 1, 31)),  # starts on its last day
        (dt.date(2023, 1, 1), dt.date(2024, 1, 1)),  # ends on its first day
        (dt.date(2023, 1, 1), None),  # open period starting earlier
        (dt.date(2024, 3, 1), dt.date(2024, 4, 1)),  # inside it
    ],
)
def test_role_assign_refuses_a_period_overlapping_the_same_role(reference, valid_from, valid_to):
    user = UserFactory()
    services.role_assign(
        user=user,
        role_code="national_coordinator",
        state_iso3="KAZ",
        valid_from=dt.date(2024, 1, 1),
        valid_to=dt.date(2024, 12, 31),
        actor=None,
    )

    with pytest.raises(InvalidInput, match="already holds this role for that period"):
        services.role_assign(
            user=user,
            role_code="national_coordinator",
            state_iso3="KAZ",
            valid_from=valid_from,
            valid_to=valid_to,
            actor=None,
        )

    assert RoleAssignment.objects.filter(user=user).count() == 1
    assert AuditEntry.objects.filter(message_key="role.assigned").count() == 1


@pytest.mark.parametrize(
    ("state_iso3", "valid_from"),
    [
        ("KAZ", dt.date(2025, 1, 1)),  # the day after the earlier period ended
        ("KGZ", dt.date(2024, 6, 1)),  # same period, another State
    ],
)
def test_role_assign_accepts_a_period_that_does_not_overlap(reference, state_iso3, valid_from):
    user = UserFactory()
    services.role_assign(
        user=user,
        role_code="national_coordinator",
        state_iso3="KAZ",
        valid_from=dt.date(2024, 1, 1),
        valid_to=dt.date(2024, 12, 31),
        actor=None,
    )

    services.role_assign(
        user=user,
        role_code="national_coordinator",
        state_iso3=state_iso3,
        valid_from=valid_from,
        actor=None,
    )

    assert RoleAssignment.objects.filter(user=user).count() == 2


# --- role_end ------------------------------------------------------------------------------


def test_role_end_sets_the_last_day_and_records_role_ended(reference, support_officer):
    assignment = services.role_assign(
        user=UserFactory(email="leaving@example.org"),
        role_code="statistician",
        state_iso3="TJK",
        valid_from=dt.date(2024, 1, 1),
        actor=None,
    )

    services.role_end(assignment=assignment, valid_to=dt.date(2025, 2, 28), actor=support_officer)

    assignment.refresh_from_db()
    assert assignment.valid_to == dt.date(2025, 2, 28)
    entry = AuditEntry.objects.get(message_key="role.ended")
    assert entry.actor == support_officer
    assert entry.params == {
        "email": "leaving@example.org",
        "role": "statistician",
        "valid_to": "2025-02-28",
    }


def test_role_end_on_the_first_day_is_allowed(reference):
    assignment = RoleAssignmentFactory(valid_from=dt.date(2025, 1, 1))

    services.role_end(assignment=assignment, valid_to=dt.date(2025, 1, 1), actor=None)

    assignment.refresh_from_db()
    assert assignment.valid_to == dt.date(2025, 1, 1)


def test_role_end_refuses_a_day_before_the_role_started(reference):
    assignment = RoleAssignmentFactory(valid_from=dt.date(2025, 1, 1))

    with pytest.raises(InvalidInput, match="cannot end before it starts"):
        services.role_end(assignment=assignment, valid_to=dt.date(2024, 12, 31), actor=None)

    assignment.refresh_from_db()
    assert assignment.valid_to is None
    assert not AuditEntry.objects.filter(message_key="role.ended").exists()


def test_role_end_refuses_to_stretch_a_role_over_a_later_period_of_the_same_role(reference):
    user = UserFactory()
    first = services.role_assign(
        user=user,
        role_code="chair",
        state_iso3="KAZ",
        valid_from=dt.date(2020, 1, 1),
        valid_to=dt.date(2020, 12, 31),
        actor=None,
    )
    services.role_assign(
        user=user, role_code="chair", state_iso3="KAZ", valid_from=dt.date(2022, 1, 1), actor=None
    )

    with pytest.raises(InvalidInput, match="already holds this role for that period"):
        services.role_end(assignment=first, valid_to=dt.date(2022, 6, 30), actor=None)

    first.refresh_from_db()
    assert first.valid_to == dt.date(2020, 12, 31)
