"""The desk where the Chair and the Support Unit move proposals through the workflow."""

from __future__ import annotations

import datetime as dt

import pytest

from almaty.decisions.choices import ProposalStatus
from almaty.decisions.models import Position, Proposal
from tests.factories.meetings import MeetingFactory

DESK = "/en/decisions/desk/"
DRAFT = {
    "action": "draft",
    "kind": "general",
    "title_en": "Work plan 2027",
    "title_ru": "План работы на 2027 год",
    "text_en": "The work plan is agreed.",
    "text_ru": "План работы согласован.",
    "payload": "",
    "is_public": "on",
}


@pytest.fixture
def desk(client, user_with_role):
    client.force_login(user_with_role("support_unit"))
    return client


def test_the_support_unit_drafts_puts_to_a_meeting_records_positions_and_decides(desk):
    meeting = MeetingFactory(
        kind="som", starts_on=dt.date(2026, 9, 10), ends_on=dt.date(2026, 9, 11)
    )
    assert desk.post(DESK, DRAFT).status_code == 302
    proposal = Proposal.objects.get()

    desk.post(DESK, {"action": "meeting", "proposal": proposal.pk, "meeting": meeting.pk})
    desk.post(
        DESK,
        {
            "action": "position",
            "proposal": proposal.pk,
            "state": "KAZ",
            "stance": "joins",
            "statement": "",
        },
    )
    desk.post(
        DESK,
        {
            "action": "position",
            "proposal": proposal.pk,
            "state": "IRN",
            "stance": "statement",
            "statement": "Welcome.",
        },
    )
    desk.post(DESK, {"action": "decide", "proposal": proposal.pk})

    proposal.refresh_from_db()
    assert (proposal.status, proposal.register_number) == (ProposalStatus.ADOPTED, "AP/2026/01")
    assert Position.objects.filter(proposal=proposal).count() == 2


def test_circulating_under_silence_reads_the_deadline_in_almaty_time(desk):
    desk.post(DESK, DRAFT)
    proposal = Proposal.objects.get()
    deadline = (dt.datetime.now() + dt.timedelta(days=10)).replace(
        hour=17, minute=0, second=0, microsecond=0
    )

    desk.post(
        DESK,
        {
            "action": "silence",
            "proposal": proposal.pk,
            "deadline": deadline.strftime("%Y-%m-%dT%H:%M"),
        },
    )

    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.UNDER_SILENCE
    assert (
        proposal.silence_deadline_at.astimezone(dt.UTC).hour == 12
    )  # 17:00 in Almaty is 12:00 UTC


def test_a_draft_with_bad_json_shows_the_error_and_stores_nothing(desk):
    response = desk.post(DESK, {**DRAFT, "payload": "{not json"})

    assert response.status_code == 200
    assert "This is not valid JSON." in response.content.decode()
    assert not Proposal.objects.exists()


def test_a_refused_action_shows_the_services_message(desk):
    desk.post(DESK, DRAFT)
    proposal = Proposal.objects.get()

    response = desk.post(DESK, {"action": "decide", "proposal": proposal.pk}, follow=True)

    assert "A proposal that is draft cannot be adopted at the meeting." in response.content.decode()
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.DRAFT


@pytest.mark.parametrize(
    ("role", "state"), [("national_coordinator", "KAZ"), ("statistician", "KGZ")]
)
def test_the_desk_is_for_the_chair_and_the_support_unit(client, user_with_role, role, state):
    client.force_login(user_with_role(role, state))

    assert client.get(DESK).status_code == 403
    assert client.post(DESK, DRAFT).status_code == 403
    assert not Proposal.objects.exists()


def test_the_chair_may_draft(client, user_with_role):
    client.force_login(user_with_role("chair", "KAZ"))

    assert client.post(DESK, DRAFT).status_code == 302
    assert Proposal.objects.count() == 1


def test_a_decision_drafted_as_not_public_stays_out_of_the_public_register(desk, client):
    meeting = MeetingFactory(
        kind="som", starts_on=dt.date(2026, 9, 10), ends_on=dt.date(2026, 9, 11)
    )
    desk.post(DESK, {**DRAFT, "is_public": ""})
    proposal = Proposal.objects.get()
    assert proposal.is_public is False
    desk.post(DESK, {"action": "meeting", "proposal": proposal.pk, "meeting": meeting.pk})
    desk.post(
        DESK,
        {
            "action": "position",
            "proposal": proposal.pk,
            "state": "KAZ",
            "stance": "joins",
            "statement": "",
        },
    )
    desk.post(DESK, {"action": "decide", "proposal": proposal.pk})
    desk.logout()

    assert "Work plan 2027" not in client.get("/en/decisions/").content.decode()
    assert client.get("/api/v1/decisions").json() == []
