"""Delegates (personal data): a National Coordinator registers, corrects and withdraws the
delegates of their State; the Support Unit registers anyone and approves or declines. Audit
entries name delegates by id only."""

from __future__ import annotations

import datetime as dt
import json
from zoneinfo import ZoneInfo

import pytest

from almaty.core.errors import InvalidInput, PermissionDenied
from almaty.core.models import AuditEntry
from almaty.meetings import services
from almaty.meetings.models import Delegate
from almaty.process.models import Organisation, State
from tests.factories.meetings import (
    NOT_SUPPORT_UNIT,
    DelegateFactory,
    MeetingFactory,
    actor_for,
    row_counts,
)
from tests.factories.process import StateFactory

NOW = dt.datetime(2027, 3, 1, 10, tzinfo=ZoneInfo("Asia/Almaty"))


@pytest.fixture(autouse=True)
def _today(time_machine):
    time_machine.move_to(NOW, tick=False)


@pytest.fixture
def support_unit(user_with_role):
    return user_with_role("support_unit")


@pytest.fixture
def coordinator(user_with_role):
    """The National Coordinator of Kazakhstan."""
    return user_with_role("national_coordinator", "KAZ")


@pytest.fixture
def meeting(db):
    return MeetingFactory(
        title_en="12th SOM",
        title_ru="12-е СДЛ",
        starts_on=dt.date(2027, 5, 11),
        ends_on=dt.date(2027, 5, 12),
    )


def last_entry() -> AuditEntry:
    entry = AuditEntry.objects.order_by("-sequence").first()
    assert entry is not None
    return entry


def register(actor, meeting, **fields):
    values = {"full_name": "Aigerim Nurlanova", "gender": "female", "state_iso3": "KAZ", **fields}
    return services.delegate_register(actor=actor, meeting=meeting, **values)


def kaz_delegate(meeting, **fields):
    return DelegateFactory(meeting=meeting, state=State.objects.get(iso3="KAZ"), **fields)


# Registering


def test_a_coordinator_registers_a_delegate_of_their_state(coordinator, meeting):
    delegate = register(
        coordinator,
        meeting,
        position="Deputy Minister",
        email="a.nurlanova@example.kz",
        is_head=True,
    )
    delegate = Delegate.objects.get(pk=delegate.pk)
    assert (delegate.state.iso3, delegate.status, delegate.registered_by) == (
        "KAZ",
        "registered",
        coordinator,
    )
    assert (delegate.full_name, delegate.gender, delegate.is_head) == (
        "Aigerim Nurlanova",
        "female",
        True,
    )


def test_registering_is_audited_without_the_name(coordinator, meeting):
    delegate = register(coordinator, meeting, email="a.nurlanova@example.kz")
    entry = last_entry()
    assert (entry.message_key, entry.object_id) == ("delegate.registered", str(delegate.pk))
    assert entry.params == {"id": delegate.pk, "party": "KAZ", "meeting": "12th SOM"}
    assert "Nurlanova" not in json.dumps(entry.params) + entry.actor_label


@pytest.mark.parametrize("state", ["KAZ", "USA", "kgz"])
def test_the_support_unit_registers_a_delegate_of_any_state_taking_part(
    support_unit, meeting, state
):
    delegate = register(support_unit, meeting, state_iso3=state)
    assert delegate.state.iso3 == state.upper()


def test_the_support_unit_registers_an_organisation_s_delegate(support_unit, meeting):
    delegate = register(support_unit, meeting, state_iso3=None, organisation_code="OSCE")
    assert (delegate.state, delegate.organisation) == (None, Organisation.objects.get(code="OSCE"))
    assert last_entry().params["party"] == "OSCE"


@pytest.mark.parametrize("role", ["other_coordinator", "chair", "anonymous"])
def test_only_kazakhstan_s_coordinator_or_the_support_unit_registers_its_delegates(
    user_with_role, meeting, role
):
    actor = actor_for(role, user_with_role)
    before = row_counts()
    with pytest.raises(PermissionDenied, match="National Coordinator of KAZ or the Support Unit"):
        register(actor, meeting)
    assert row_counts() == before


def test_a_coordinator_does_not_register_an_organisation_s_delegates(coordinator, meeting):
    before = row_counts()
    with pytest.raises(PermissionDenied, match="Only the Support Unit can register the delegates"):
        register(coordinator, meeting, state_iso3=None, organisation_code="IOM")
    assert row_counts() == before


def test_an_expired_coordinator_role_is_refused(user_with_role, meeting):
    actor = user_with_role(
        "national_coordinator",
        "KAZ",
        valid_from=dt.date(2026, 1, 1),
        valid_to=dt.date(2027, 2, 1),
    )
    before = row_counts()
    with pytest.raises(PermissionDenied):
        register(actor, meeting)
    assert row_counts() == before


def test_registration_closes_when_the_meeting_has_ended(coordinator):
    ended = MeetingFactory(starts_on=dt.date(2027, 2, 26), ends_on=dt.date(2027, 2, 28))
    before = row_counts()
    with pytest.raises(
        InvalidInput, match="Registration is closed: the meeting ended on 2027-02-28"
    ):
        register(coordinator, ended)
    assert row_counts() == before


def test_registration_is_open_on_the_meeting_s_last_day(coordinator):
    today = MeetingFactory(starts_on=dt.date(2027, 2, 28), ends_on=dt.date(2027, 3, 1))
    assert register(coordinator, today).status == "registered"


def test_a_state_that_does_not_take_part_is_refused(support_unit, meeting):
    StateFactory(
        iso3="MNG",
        iso2="MN",
        numeric=496,
        name_en="Mongolia",
        name_ru="Монголия",
        rotation_name="Mongolia",
    )
    before = row_counts()
    with pytest.raises(InvalidInput, match="MNG does not take part in the process on 2027-05-11"):
        register(support_unit, meeting, state_iso3="MNG")
    assert row_counts() == before


@pytest.mark.parametrize(
    ("fields", "error", "message"),
    [
        ({"state_iso3": None}, InvalidInput, "either a State or an organisation"),
        ({"organisation_code": "IOM"}, InvalidInput, "either a State or an organisation"),
        ({"state_iso3": "XXX"}, InvalidInput, "Unknown State code 'XXX'"),
        (
            {"state_iso3": None, "organisation_code": "NOPE"},
            InvalidInput,
            "Unknown organisation code 'NOPE'",
        ),
        ({"full_name": "   "}, InvalidInput, "Give the delegate's full name"),
        ({"gender": "other"}, InvalidInput, "Unknown gender 'other'"),
        (
            {"email": "not-an-address"},
            InvalidInput,
            "'not-an-address' is not a valid e-mail address",
        ),
    ],
)
def test_a_bad_registration_is_refused_and_nothing_is_stored(
    support_unit, meeting, fields, error, message
):
    before = row_counts()
    with pytest.raises(error, match=message):
        register(support_unit, meeting, **fields)
    assert row_counts() == before


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("Aigerim Nurlanova", "aigerim NURLANOVA"),
        ("Aigerim Nurlanova", "  Aigerim   Nurlanova "),
        ("Айгерим Нурланова", "АЙГЕРИМ нурланова"),
    ],
)
def test_the_same_person_twice_in_a_delegation_is_refused(coordinator, meeting, first, second):
    register(coordinator, meeting, full_name=first)
    before = row_counts()
    with pytest.raises(InvalidInput, match="already on the list of the delegation of KAZ"):
        register(coordinator, meeting, full_name=second)
    assert row_counts() == before


def test_the_same_name_in_another_delegation_or_meeting_is_accepted(support_unit, meeting):
    register(support_unit, meeting)
    register(support_unit, meeting, state_iso3="KGZ")
    register(support_unit, MeetingFactory(starts_on=dt.date(2027, 9, 1)))
    assert Delegate.objects.filter(full_name="Aigerim Nurlanova").count() == 3


def test_a_withdrawn_delegate_may_be_registered_again(coordinator, meeting):
    kaz_delegate(meeting, full_name="Aigerim Nurlanova", status="withdrawn")
    assert register(coordinator, meeting).status == "registered"


def test_a_declined_delegate_is_not_registered_again(coordinator, meeting):
    kaz_delegate(meeting, full_name="Aigerim Nurlanova", status="declined")
    before = row_counts()
    with pytest.raises(InvalidInput, match="already on the list"):
        register(coordinator, meeting)
    assert row_counts() == before


def test_a_delegation_has_one_head(coordinator, meeting):
    kaz_delegate(meeting, is_head=True)
    before = row_counts()
    with pytest.raises(InvalidInput, match="delegation of KAZ already has a head"):
        register(coordinator, meeting, is_head=True)
    assert row_counts() == before


def test_a_withdrawn_head_leaves_the_place_free(coordinator, meeting):
    kaz_delegate(meeting, is_head=True, status="withdrawn")
    assert register(coordinator, meeting, is_head=True).is_head


# Correcting


def test_a_coordinator_corrects_their_delegate(coordinator, meeting):
    delegate = kaz_delegate(meeting, full_name="A. Nurlanova", status="approved")
    services.delegate_update(
        actor=coordinator, delegate=delegate, full_name="Aigerim Nurlanova", position="Director"
    )
    delegate.refresh_from_db()
    assert (delegate.full_name, delegate.position, delegate.status) == (
        "Aigerim Nurlanova",
        "Director",
        "approved",
    )
    assert last_entry().params == {"id": delegate.pk, "party": "KAZ", "meeting": "12th SOM"}
    assert last_entry().message_key == "delegate.changed"


def test_a_correction_to_the_same_values_writes_no_entry(coordinator, meeting):
    delegate = kaz_delegate(meeting, full_name="Aigerim Nurlanova")
    before = row_counts()
    services.delegate_update(actor=coordinator, delegate=delegate, full_name="Aigerim Nurlanova")
    assert row_counts() == before


@pytest.mark.parametrize("role", ["other_coordinator", "chair", "anonymous"])
def test_others_do_not_correct_kazakhstan_s_delegates(user_with_role, meeting, role):
    delegate = kaz_delegate(meeting, full_name="Aigerim Nurlanova")
    actor = actor_for(role, user_with_role)
    before = row_counts()
    with pytest.raises(PermissionDenied):
        services.delegate_update(actor=actor, delegate=delegate, full_name="Someone Else")
    assert row_counts() == before
    delegate.refresh_from_db()
    assert delegate.full_name == "Aigerim Nurlanova"


def test_the_support_unit_corrects_any_delegate(support_unit, meeting):
    delegate = kaz_delegate(meeting)
    services.delegate_update(actor=support_unit, delegate=delegate, gender="undisclosed")
    delegate.refresh_from_db()
    assert delegate.gender == "undisclosed"


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"full_name": "aigerim nurlanova"}, "already on the list of the delegation of KAZ"),
        ({"is_head": True}, "already has a head"),
        ({"email": "nope"}, "'nope' is not a valid e-mail address"),
        ({"gender": "x"}, "Unknown gender 'x'"),
        ({"status": "approved"}, "'status' cannot be set here"),
        ({"state": None}, "'state' cannot be set here"),
    ],
)
def test_a_bad_correction_is_refused_and_nothing_changes(coordinator, meeting, fields, message):
    kaz_delegate(meeting, full_name="Aigerim Nurlanova", is_head=True)
    delegate = kaz_delegate(meeting, full_name="Dana Akhmetova", email="dana@example.kz")
    before = row_counts()
    with pytest.raises(InvalidInput, match=message):
        services.delegate_update(actor=coordinator, delegate=delegate, **fields)
    assert row_counts() == before
    delegate.refresh_from_db()
    assert (delegate.full_name, delegate.is_head, delegate.email, delegate.status) == (
        "Dana Akhmetova",
        False,
        "dana@example.kz",
        "registered",
    )


@pytest.mark.parametrize("status", ["withdrawn", "declined"])
def test_a_withdrawn_or_declined_delegate_is_not_corrected(coordinator, meeting, status):
    delegate = kaz_delegate(meeting, status=status, position="Adviser")
    before = row_counts()
    with pytest.raises(InvalidInput, match="Only a registered or approved delegate can be changed"):
        services.delegate_update(actor=coordinator, delegate=delegate, position="Director")
    assert row_counts() == before


# Deciding


@pytest.mark.parametrize("status", ["approved", "declined"])
def test_the_support_unit_decides_a_registered_delegate(support_unit, meeting, status):
    delegate = kaz_delegate(meeting)
    services.delegate_decide(actor=support_unit, delegate=delegate, status=status)
    delegate.refresh_from_db()
    assert (delegate.status, delegate.decided_by, delegate.decided_at) == (
        status,
        support_unit,
        NOW,
    )
    entry = last_entry()
    assert (entry.message_key, entry.params) == (
        "delegate.decided",
        {"id": delegate.pk, "party": "KAZ", "meeting": "12th SOM", "status": status},
    )


@pytest.mark.parametrize("role", NOT_SUPPORT_UNIT)
def test_only_the_support_unit_decides(user_with_role, meeting, role):
    delegate = kaz_delegate(meeting)
    actor = actor_for(role, user_with_role)
    before = row_counts()
    with pytest.raises(PermissionDenied):
        services.delegate_decide(actor=actor, delegate=delegate, status="approved")
    assert row_counts() == before
    delegate.refresh_from_db()
    assert (delegate.status, delegate.decided_by) == ("registered", None)


@pytest.mark.parametrize(
    ("current", "status"),
    [
        ("approved", "approved"),
        ("approved", "declined"),
        ("declined", "approved"),
        ("withdrawn", "approved"),
        ("withdrawn", "declined"),
    ],
)
def test_only_a_registered_delegate_is_decided(support_unit, meeting, current, status):
    delegate = kaz_delegate(meeting, status=current)
    before = row_counts()
    with pytest.raises(InvalidInput, match=f"Only a registered delegate can be {status}"):
        services.delegate_decide(actor=support_unit, delegate=delegate, status=status)
    assert row_counts() == before
    delegate.refresh_from_db()
    assert delegate.status == current


@pytest.mark.parametrize("status", ["withdrawn", "registered", "yes"])
def test_a_decision_is_approve_or_decline(support_unit, meeting, status):
    delegate = kaz_delegate(meeting)
    before = row_counts()
    with pytest.raises(InvalidInput, match=f"approved or declined, not '{status}'"):
        services.delegate_decide(actor=support_unit, delegate=delegate, status=status)
    assert row_counts() == before


# Withdrawing


@pytest.mark.parametrize("current", ["registered", "approved"])
def test_a_coordinator_withdraws_their_delegate(coordinator, meeting, current):
    delegate = kaz_delegate(meeting, status=current)
    services.delegate_withdraw(actor=coordinator, delegate=delegate)
    delegate.refresh_from_db()
    assert delegate.status == "withdrawn"
    assert last_entry().params["status"] == "withdrawn"


def test_the_support_unit_withdraws_an_organisation_s_delegate(support_unit, meeting):
    delegate = DelegateFactory(
        meeting=meeting, state=None, organisation=Organisation.objects.get(code="UNHCR")
    )
    services.delegate_withdraw(actor=support_unit, delegate=delegate)
    delegate.refresh_from_db()
    assert delegate.status == "withdrawn"


@pytest.mark.parametrize("role", ["other_coordinator", "chair", "anonymous"])
def test_others_do_not_withdraw_kazakhstan_s_delegates(user_with_role, meeting, role):
    delegate = kaz_delegate(meeting)
    actor = actor_for(role, user_with_role)
    before = row_counts()
    with pytest.raises(PermissionDenied):
        services.delegate_withdraw(actor=actor, delegate=delegate)
    assert row_counts() == before
    delegate.refresh_from_db()
    assert delegate.status == "registered"


@pytest.mark.parametrize("current", ["withdrawn", "declined"])
def test_a_withdrawn_or_declined_delegate_is_not_withdrawn(coordinator, meeting, current):
    delegate = kaz_delegate(meeting, status=current)
    before = row_counts()
    with pytest.raises(
        InvalidInput, match="Only a registered or approved delegate can be withdrawn"
    ):
        services.delegate_withdraw(actor=coordinator, delegate=delegate)
    assert row_counts() == before
