"""Delegates: a National Coordinator handles their State's, the Support Unit everyone's; the list
of participants and the badges are the Support Unit's."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from almaty.meetings.choices import DelegateStatus, Gender
from almaty.meetings.models import Delegate
from almaty.process.models import Organisation, State
from tests.factories.meetings import MeetingFactory

TODAY = timezone.localdate()
HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def meeting(reference):
    return MeetingFactory(
        title_en="Regional forum", title_ru="Региональный форум",
        starts_on=TODAY + dt.timedelta(days=30),
    )  # fmt: skip


def delegate(meeting, iso3="KGZ", name="Aibek Osmonov", status=DelegateStatus.REGISTERED, **more):
    return Delegate.objects.create(
        meeting=meeting, state=State.objects.get(iso3=iso3) if iso3 else None, full_name=name,
        gender=Gender.MALE, status=status, **more,
    )  # fmt: skip


def url(meeting, rest=""):
    return f"/en/meetings/{meeting.pk}/delegates/{rest}"


def registration(party="state:KGZ", **changes):
    data = {
        "action": "register", "new-party": party, "new-full_name": "Nurgul Sadykova",
        "new-gender": "female", "new-position": "Deputy Minister", "new-email": "ns@example.org",
        "new-is_head": "on",
    }  # fmt: skip
    data.update(changes)
    return data


@pytest.fixture
def coordinator(client, user_with_role):
    user = user_with_role("national_coordinator", "KGZ")
    client.force_login(user)
    return user


@pytest.fixture
def su(client, user_with_role):
    user = user_with_role("support_unit")
    client.force_login(user)
    return user


# --- Who may see --------------------------------------------------------------------------------


def test_anonymous_readers_are_sent_to_sign_in(client, meeting):
    response = client.get(url(meeting))

    assert response.status_code == 302
    assert "/en/account/sign-in/" in response.url


@pytest.mark.parametrize(("role", "state"), [("statistician", "KGZ"), ("chair", "KAZ")])
def test_other_roles_may_not_see_delegates(client, meeting, user_with_role, role, state):
    delegate(meeting)
    client.force_login(user_with_role(role, state))

    response = client.get(url(meeting))

    assert response.status_code == 403
    assert "Aibek Osmonov" not in response.content.decode()


@pytest.mark.parametrize("language", ["en", "ru"])
def test_a_coordinator_sees_only_their_states_delegates(client, coordinator, meeting, language):
    delegate(meeting, "KGZ", "Aibek Osmonov")
    delegate(meeting, "KAZ", "Dana Abenova")

    response = client.get(f"/{language}/meetings/{meeting.pk}/delegates/")

    page = response.content.decode()
    assert response.status_code == 200
    assert "Aibek Osmonov" in page
    assert "Dana Abenova" not in page
    assert "state:KAZ" not in page


@pytest.mark.parametrize("language", ["en", "ru"])
def test_the_support_unit_sees_every_delegation(client, su, meeting, language):
    delegate(meeting, "KGZ", "Aibek Osmonov")
    delegate(meeting, "KAZ", "Dana Abenova")

    page = client.get(f"/{language}/meetings/{meeting.pk}/delegates/").content.decode()

    assert "Aibek Osmonov" in page
    assert "Dana Abenova" in page
    assert "organisation:IOM" in page
    assert url(meeting).replace("/en/", f"/{language}/").replace("delegates/", "badges.pdf") in page


# --- Registering and changing -------------------------------------------------------------------


def test_a_coordinator_registers_a_delegate_of_their_state(client, coordinator, meeting):
    response = client.post(url(meeting), registration())

    assert response.status_code == 302
    made = meeting.delegates.get()
    assert (made.state.iso3, made.full_name, made.gender, made.is_head) == (
        "KGZ",
        "Nurgul Sadykova",
        "female",
        True,
    )
    assert made.status == DelegateStatus.REGISTERED


def test_a_coordinator_cannot_register_for_another_state(client, coordinator, meeting):
    response = client.post(url(meeting), registration("state:KAZ"))

    assert "Select a valid choice." in response.content.decode()
    assert not meeting.delegates.exists()


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"new-full_name": ""}, "This field is required."),
        ({"new-email": "not-an-address"}, "Enter a valid email address."),
        ({"new-gender": "other"}, "Select a valid choice."),
    ],
)
def test_bad_registrations_show_the_error_and_register_nobody(
    client, coordinator, meeting, changes, message
):
    response = client.post(url(meeting), registration(**changes))

    assert response.status_code == 200
    assert message in response.content.decode()
    assert not meeting.delegates.exists()


def test_the_service_refusal_is_shown_and_nothing_is_registered(client, coordinator, meeting):
    delegate(meeting, "KGZ", "Nurgul Sadykova")

    response = client.post(url(meeting), registration())

    assert (
        "Nurgul Sadykova is already on the list of the delegation of KGZ."
        in response.content.decode()
    )
    assert meeting.delegates.count() == 1


def test_the_support_unit_registers_an_organisations_delegate(client, su, meeting):
    client.post(url(meeting), registration("organisation:IOM"))

    assert meeting.delegates.get().organisation == Organisation.objects.get(code="IOM")


def test_a_coordinator_changes_their_delegate(client, coordinator, meeting):
    made = delegate(meeting)
    form = client.get(url(meeting), {"edit": made.pk}).content.decode()
    assert 'value="Aibek Osmonov"' in form

    client.post(url(meeting), {
        "action": "update", "delegate": made.pk, "edit-full_name": "Aibek Osmonov",
        "edit-gender": "male", "edit-position": "Ambassador",
    })  # fmt: skip

    made.refresh_from_db()
    assert made.position == "Ambassador"


@pytest.mark.parametrize("action", ["update", "withdraw", "decide"])
def test_a_coordinator_cannot_touch_another_states_delegate(client, coordinator, meeting, action):
    other = delegate(meeting, "KAZ", "Dana Abenova")

    response = client.post(url(meeting), {
        "action": action, "delegate": other.pk, "edit-full_name": "Changed", "edit-gender": "female",
        "status": "approved",
    })  # fmt: skip

    assert response.status_code in (200, 302)
    other.refresh_from_db()
    assert (other.full_name, other.status) == ("Dana Abenova", DelegateStatus.REGISTERED)


def test_a_coordinator_cannot_open_another_states_delegate_for_editing(
    client, coordinator, meeting
):
    other = delegate(meeting, "KAZ", "Dana Abenova")

    page = client.get(url(meeting), {"edit": other.pk}).content.decode()

    assert "Dana Abenova" not in page


def test_a_coordinator_withdraws_their_delegate_with_htmx(client, coordinator, meeting):
    made = delegate(meeting)

    response = client.post(url(meeting), {"action": "withdraw", "delegate": made.pk}, **HTMX)

    page = response.content.decode()
    assert page.startswith(f'<tr id="delegate-{made.pk}"')
    assert 'data-status="withdrawn"' in page
    made.refresh_from_db()
    assert made.status == DelegateStatus.WITHDRAWN


# --- Deciding -----------------------------------------------------------------------------------


@pytest.mark.parametrize("status", ["approved", "declined"])
def test_the_support_unit_decides_with_an_htmx_row_update(client, su, meeting, status):
    made = delegate(meeting)

    response = client.post(
        url(meeting), {"action": "decide", "delegate": made.pk, "status": status}, **HTMX
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert page.startswith(f'<tr id="delegate-{made.pk}"')
    assert f'data-status="{status}"' in page
    assert "The decision is recorded." in page
    made.refresh_from_db()
    assert made.status == status


def test_the_support_unit_decides_with_a_plain_post(client, su, meeting):
    made = delegate(meeting)

    response = client.post(
        url(meeting), {"action": "decide", "delegate": made.pk, "status": "approved"}
    )

    assert response.status_code == 302
    made.refresh_from_db()
    assert made.status == DelegateStatus.APPROVED


def test_a_second_decision_is_refused_in_the_row(client, su, meeting):
    made = delegate(meeting, status=DelegateStatus.DECLINED)

    response = client.post(
        url(meeting), {"action": "decide", "delegate": made.pk, "status": "approved"}, **HTMX
    )

    assert (
        "Only a registered delegate can be approved (this one: Declined)."
        in response.content.decode()
    )
    made.refresh_from_db()
    assert made.status == DelegateStatus.DECLINED


def test_a_coordinator_cannot_decide(client, coordinator, meeting):
    made = delegate(meeting)

    client.post(url(meeting), {"action": "decide", "delegate": made.pk, "status": "approved"})

    made.refresh_from_db()
    assert made.status == DelegateStatus.REGISTERED


# --- Participants and badges --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("language", "state", "organisation"),
    [("en", "Kyrgyzstan", "UNHCR"), ("ru", "Кыргызстан", "УВКБ ООН")],
)
def test_the_list_of_participants_holds_the_approved_delegates(
    client, su, meeting, language, state, organisation
):
    delegate(meeting, "KGZ", "Aibek Osmonov", status=DelegateStatus.APPROVED, is_head=True)
    delegate(meeting, "KAZ", "Dana Abenova", status=DelegateStatus.DECLINED)
    Delegate.objects.create(
        meeting=meeting, organisation=Organisation.objects.get(code="UNHCR"), full_name="Ann Lee",
        gender=Gender.FEMALE, status=DelegateStatus.APPROVED,
    )  # fmt: skip

    response = client.get(f"/{language}/meetings/{meeting.pk}/participants/")

    page = response.content.decode()
    assert response.status_code == 200
    assert "Aibek Osmonov" in page
    assert "Ann Lee" in page
    assert "Dana Abenova" not in page
    assert page.index(state) < page.index("Aibek Osmonov") < page.index(organisation)


def test_the_list_of_participants_names_the_head_of_delegation(client, su, meeting):
    delegate(meeting, "KGZ", "Aibek Osmonov", status=DelegateStatus.APPROVED, is_head=True)

    page = client.get(f"/en/meetings/{meeting.pk}/participants/").content.decode()

    assert "Aibek Osmonov — head of delegation" in page


@pytest.mark.parametrize("page", ["participants/", "badges.pdf"])
def test_a_coordinator_gets_neither_the_list_nor_the_badges(client, coordinator, meeting, page):
    delegate(meeting, status=DelegateStatus.APPROVED)

    assert client.get(f"/en/meetings/{meeting.pk}/{page}").status_code == 403


def test_the_badges_are_a_pdf(client, su, meeting):
    delegate(meeting, status=DelegateStatus.APPROVED)

    response = client.get(f"/en/meetings/{meeting.pk}/badges.pdf")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"


def test_without_approved_delegates_the_badges_say_so(client, su, meeting):
    response = client.get(f"/en/meetings/{meeting.pk}/badges.pdf", follow=True)

    assert "has no approved delegate yet: there is no badge to print." in response.content.decode()
