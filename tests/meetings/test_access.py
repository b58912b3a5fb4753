"""Who may edit meetings, read draft agendas and see delegates, role by role."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from almaty.accounts.models import Role
from almaty.core.errors import NotFoundOrForbidden, PermissionDenied
from almaty.meetings import access
from almaty.process.models import Organisation, State
from tests.factories.accounts import RoleAssignmentFactory
from tests.factories.meetings import ROLES, DelegateFactory, MeetingFactory, actor_for

ALL_ROLES = list(ROLES)


@pytest.fixture
def meeting(db):
    return MeetingFactory(starts_on=dt.date(2027, 5, 11))


@pytest.fixture
def delegates(reference, meeting):
    """A delegate of Kazakhstan, one of Uzbekistan and one of IOM for the meeting, and one of
    Kazakhstan for another meeting."""
    return {
        "KAZ": DelegateFactory(meeting=meeting, state=State.objects.get(iso3="KAZ")),
        "UZB": DelegateFactory(meeting=meeting, state=State.objects.get(iso3="UZB")),
        "IOM": DelegateFactory(
            meeting=meeting, state=None, organisation=Organisation.objects.get(code="IOM")
        ),
        "other": DelegateFactory(state=State.objects.get(iso3="KAZ")),
    }


# Editing meetings


@pytest.mark.parametrize("role", ALL_ROLES)
def test_only_the_support_unit_edits_meetings(user_with_role, role):
    assert access.can_edit_meetings(actor_for(role, user_with_role)) is (role == "support_unit")


def test_the_support_unit_passes_the_editor_check(user_with_role):
    access.require_meeting_editor(user_with_role("support_unit"))


@pytest.mark.parametrize("role", [r for r in ALL_ROLES if r != "support_unit"])
def test_others_fail_the_editor_check(user_with_role, role):
    with pytest.raises(PermissionDenied, match="needs the role Support Unit staff"):
        access.require_meeting_editor(actor_for(role, user_with_role))


def test_an_ended_support_unit_role_says_when_it_ended(user_with_role):
    today = timezone.localdate()
    user = user_with_role(
        "support_unit",
        valid_from=today - dt.timedelta(days=400),
        valid_to=today - dt.timedelta(days=3),
    )
    ended = (today - dt.timedelta(days=3)).isoformat()
    with pytest.raises(PermissionDenied, match=f"ended on {ended}"):
        access.require_meeting_editor(user)


# Reading agendas


@pytest.mark.parametrize("role", ALL_ROLES)
def test_a_published_agenda_is_for_everyone(user_with_role, meeting, role):
    meeting.agenda_published_at = timezone.now()
    assert access.can_read_agenda(actor_for(role, user_with_role), meeting)


@pytest.mark.parametrize(
    ("role", "allowed"),
    [
        ("support_unit", True),
        ("chair", True),
        ("coordinator", False),
        ("other_coordinator", False),
        ("anonymous", False),
    ],
)
def test_a_draft_agenda_is_for_the_support_unit_and_the_chair(
    user_with_role, meeting, role, allowed
):
    assert access.can_read_agenda(actor_for(role, user_with_role), meeting) is allowed


# Delegates


@pytest.mark.parametrize(
    ("role", "visible"),
    [
        ("support_unit", ["IOM", "KAZ", "UZB"]),
        ("coordinator", ["KAZ"]),
        ("other_coordinator", ["UZB"]),
        ("chair", []),
        ("anonymous", []),
    ],
)
def test_each_role_sees_its_delegates_of_the_meeting(
    user_with_role, meeting, delegates, role, visible
):
    seen = access.delegates_visible_to(user=actor_for(role, user_with_role), meeting=meeting)
    by_pk = {delegate.pk: key for key, delegate in delegates.items()}
    assert sorted(by_pk[delegate.pk] for delegate in seen) == visible


def test_a_coordinator_of_two_states_sees_both(user_with_role, meeting, delegates):
    user = user_with_role("national_coordinator", "KAZ")
    RoleAssignmentFactory(
        user=user,
        role=Role.objects.get(code="national_coordinator"),
        state=State.objects.get(iso3="UZB"),
    )
    seen = access.delegates_visible_to(user=user, meeting=meeting)
    assert {d.pk for d in seen} == {delegates["KAZ"].pk, delegates["UZB"].pk}


@pytest.mark.parametrize(
    ("role", "key"),
    [
        ("support_unit", "KAZ"),
        ("support_unit", "IOM"),
        ("support_unit", "other"),
        ("coordinator", "KAZ"),
        ("coordinator", "other"),
        ("other_coordinator", "UZB"),
    ],
)
def test_a_delegate_is_fetched_by_who_may_see_it(user_with_role, delegates, role, key):
    user = actor_for(role, user_with_role)
    fetched = access.access_delegate_by_id(user=user, delegate_id=delegates[key].pk)
    assert fetched == delegates[key]


@pytest.mark.parametrize(
    ("role", "key"),
    [
        ("coordinator", "UZB"),
        ("coordinator", "IOM"),
        ("other_coordinator", "KAZ"),
        ("chair", "KAZ"),
        ("anonymous", "KAZ"),
    ],
)
def test_a_delegate_others_may_not_see_is_not_found(user_with_role, delegates, role, key):
    user = actor_for(role, user_with_role)
    delegate_id = delegates[key].pk
    with pytest.raises(NotFoundOrForbidden, match=rf"^No delegate {delegate_id}\.$"):
        access.access_delegate_by_id(user=user, delegate_id=delegate_id)


def test_a_missing_delegate_gives_the_same_error(user_with_role, delegates):
    with pytest.raises(NotFoundOrForbidden, match=r"^No delegate 999999\.$"):
        access.access_delegate_by_id(user=user_with_role("support_unit"), delegate_id=999999)


@pytest.mark.parametrize(
    ("role", "party", "allowed"),
    [
        ("support_unit", {"state_iso3": "KAZ"}, True),
        ("support_unit", {"organisation_code": "OSCE"}, True),
        ("coordinator", {"state_iso3": "KAZ"}, True),
        ("coordinator", {"state_iso3": "kaz"}, True),
        ("coordinator", {"state_iso3": "UZB"}, False),
        ("coordinator", {"organisation_code": "IOM"}, False),
        ("other_coordinator", {"state_iso3": "KAZ"}, False),
        ("chair", {"state_iso3": "KGZ"}, False),
        ("anonymous", {"state_iso3": "KAZ"}, False),
    ],
)
def test_who_registers_the_delegates_of_a_party(user_with_role, role, party, allowed):
    user = actor_for(role, user_with_role)
    if allowed:
        access.require_delegate_registrar(user, **party)
    else:
        with pytest.raises(PermissionDenied):
            access.require_delegate_registrar(user, **party)


@pytest.mark.parametrize("role", ALL_ROLES)
def test_only_the_support_unit_manages_delegates(user_with_role, role):
    user = actor_for(role, user_with_role)
    if role == "support_unit":
        access.require_delegate_manager(user)
    else:
        with pytest.raises(PermissionDenied):
            access.require_delegate_manager(user)


@pytest.mark.parametrize("role", ALL_ROLES)
def test_delegation_counts_are_for_anyone_holding_a_role(user_with_role, role):
    user = actor_for(role, user_with_role)
    assert access.can_read_delegation_counts(user) is (role != "anonymous")
