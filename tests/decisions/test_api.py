"""The decisions API: a silence procedure and a meeting decision driven over HTTP, and who may act."""

from __future__ import annotations

import datetime as dt

import pytest

from almaty.accounts.services import token_issue
from almaty.decisions.models import Proposal
from tests.factories.meetings import MeetingFactory

DRAFT = {
    "kind": "general",
    "title_en": "Work plan 2027",
    "title_ru": "План работы на 2027 год",
    "text_en": "The work plan is agreed.",
    "text_ru": "План работы согласован.",
}


@pytest.fixture
def call(client):
    def post(path: str, body: dict | None = None, user=None, language: str = "en"):
        headers = {"HTTP_ACCEPT_LANGUAGE": language}
        if user is not None:
            headers["HTTP_AUTHORIZATION"] = "Bearer " + token_issue(user=user, actor=None)[1]
        return client.post("/api/v1" + path, body or {}, content_type="application/json", **headers)

    return post


@pytest.fixture
def su(user_with_role):
    return user_with_role("support_unit")


def test_a_silence_procedure_over_the_api(call, client, su, user_with_role, time_machine):
    time_machine.move_to(dt.datetime(2027, 5, 1, 9, tzinfo=dt.UTC), tick=False)
    kgz = user_with_role("national_coordinator", "KGZ")
    made = call("/decisions", DRAFT, user=su)
    assert made.status_code == 201
    pid = made.json()["id"]

    started = call(
        f"/decisions/{pid}/silence", {"deadline_at": "2027-05-15T12:00:00+05:00"}, user=su
    )
    assert started.json()["status"] == "under_silence"

    broken = call(
        f"/decisions/{pid}/breaks",
        {"state": "KGZ", "kind": "objection", "text": "Not yet."},
        user=kgz,
    )
    assert broken.status_code == 201
    break_id = broken.json()["breaks"][0]["id"]
    withdrawn = call(f"/decisions/{pid}/breaks/{break_id}/withdraw", user=kgz)
    assert withdrawn.json()["breaks"][0]["withdrawn_at"] is not None

    time_machine.move_to(
        dt.datetime(2027, 5, 15, 7, 0, 1, tzinfo=dt.UTC), tick=False
    )  # 12:00:01 in Almaty
    shown = client.get(
        f"/api/v1/decisions/{pid}",
        HTTP_AUTHORIZATION="Bearer " + token_issue(user=su, actor=None)[1],
    )
    assert shown.json()["silence_outcome"] == "holds"  # computed, before any job ran
    closed = call(f"/decisions/{pid}/outcome", user=su)
    assert (closed.json()["status"], closed.json()["register_number"]) == ("adopted", "AP/2027/01")

    public = client.get("/api/v1/decisions")
    assert [d["register_number"] for d in public.json()] == ["AP/2027/01"]


def test_anonymous_readers_see_only_adopted_public_decisions(call, client, su):
    call("/decisions", DRAFT, user=su)

    assert client.get("/api/v1/decisions").json() == []
    pid = Proposal.objects.get().pk
    assert client.get(f"/api/v1/decisions/{pid}").status_code == 404


@pytest.mark.parametrize(
    ("role", "state"), [("national_coordinator", "KAZ"), ("statistician", "KGZ")]
)
def test_only_the_chair_or_the_support_unit_drafts(call, user_with_role, role, state):
    response = call("/decisions", DRAFT, user=user_with_role(role, state))

    assert response.status_code == 403
    assert response.json()["detail"] == "Only the Chair or the Support Unit can do this."
    assert not Proposal.objects.exists()


def test_a_coordinator_cannot_break_silence_for_another_state(call, su, user_with_role):
    pid = call("/decisions", DRAFT, user=su).json()["id"]
    deadline = (dt.datetime.now(dt.UTC) + dt.timedelta(days=5)).isoformat()
    call(f"/decisions/{pid}/silence", {"deadline_at": deadline}, user=su)

    response = call(
        f"/decisions/{pid}/breaks",
        {"state": "KAZ", "kind": "objection", "text": "No."},
        user=user_with_role("national_coordinator", "KGZ"),
    )

    assert response.status_code == 403
    assert Proposal.objects.get().breaks.count() == 0


def test_a_meeting_decision_over_the_api_with_an_objection(call, su):
    meeting = MeetingFactory(
        kind="som", starts_on=dt.date(2026, 9, 10), ends_on=dt.date(2026, 9, 11)
    )
    pid = call("/decisions", DRAFT, user=su).json()["id"]
    call(f"/decisions/{pid}/meeting", {"meeting_id": meeting.pk}, user=su)
    call(f"/decisions/{pid}/positions", {"state": "KAZ", "stance": "joins"}, user=su)
    call(f"/decisions/{pid}/positions", {"state": "TJK", "stance": "objects"}, user=su)
    observer = call(f"/decisions/{pid}/positions", {"state": "IRN", "stance": "objects"}, user=su)
    assert observer.status_code == 400

    decided = call(f"/decisions/{pid}/decide", user=su)

    assert (decided.json()["status"], decided.json()["register_number"]) == ("not_adopted", None)


def test_errors_come_in_the_readers_language(call, su):
    response = call("/decisions", {**DRAFT, "title_ru": ""}, user=su, language="ru")

    assert response.status_code == 400
    assert (
        response.json()["detail"]
        == "Для предложения нужны название и текст на английском и на русском языке."
    )
