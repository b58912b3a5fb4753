"""/api/v1/meetings: the calendar, agendas, iCalendar files and delegations, and who may do what."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client

from almaty.accounts.services import token_issue
from almaty.archive.choices import Access
from almaty.meetings.choices import DelegateStatus, Gender, ItemKind, MeetingKind, SpeakerRole
from almaty.meetings.models import Delegate
from almaty.process.models import Organisation, State
from tests.factories.accounts import UserFactory
from tests.factories.meetings import (
    AgendaItemFactory,
    DelegateFactory,
    MaterialFactory,
    MeetingFactory,
    OutcomeFactory,
    PersonFactory,
    SpeakerFactory,
    document_with,
    row_counts,
)

TODAY = dt.date(2026, 1, 15)
NOT_FOUND_RU = "Встречи 999 нет."
NEEDS_SUPPORT_UNIT_RU = "Для этого нужна роль «Сотрудник Группы поддержки»."


@pytest.fixture(autouse=True)
def _today(time_machine):
    time_machine.move_to(dt.datetime(2026, 1, 15, 9, 0, tzinfo=dt.UTC), tick=False)


@pytest.fixture
def member(user_with_role):
    """A user holding `role` (for `state`), with an API token issued beforehand, so that a
    request adds nothing to the audit log but what it does."""

    def make(role: str, state: str | None = None):
        user = user_with_role(role, state) if role != "none" else UserFactory()
        user.token = token_issue(user=user, actor=None)[1]
        return user

    return make


@pytest.fixture
def api(client):
    def request(method: str, path: str, body=None, user=None, language: str = "en"):
        headers = {"HTTP_ACCEPT_LANGUAGE": language}
        if user is not None:
            headers["HTTP_AUTHORIZATION"] = f"Bearer {user.token}"
        if method == "get":
            return client.get("/api/v1" + path, **headers)
        return client.post("/api/v1" + path, body or {}, content_type="application/json", **headers)

    return request


@pytest.fixture
def som(reference):
    """A two-day meeting next June, its agenda drafted but not published."""
    meeting = MeetingFactory(
        kind=MeetingKind.SOM,
        title_en="Senior Officials' Meeting 2026",
        title_ru="Совещание старших должностных лиц 2026",
        starts_on=dt.date(2026, 6, 10),
        ends_on=dt.date(2026, 6, 11),
        city_en="Bishkek",
        city_ru="Бишкек",
        time_zone="Asia/Bishkek",
        host_state=State.objects.get(iso3="KGZ"),
    )
    session = AgendaItemFactory(
        meeting=meeting,
        day=dt.date(2026, 6, 10),
        starts_at=dt.time(10),
        ends_at=dt.time(12),
        title_en="Session 1: labour migration",
        title_ru="Сессия 1: трудовая миграция",
    )
    talk = AgendaItemFactory(
        parent=session,
        kind=ItemKind.TALK,
        starts_at=dt.time(10, 30),
        title_en="Findings of the survey",
        title_ru="Итоги обследования",
    )
    SpeakerFactory(
        item=talk,
        person=PersonFactory(name_en="Aliya Sadykova", name_ru="Алия Садыкова"),
        role=SpeakerRole.PRESENTER,
    )
    AgendaItemFactory(
        meeting=meeting,
        day=dt.date(2026, 6, 11),
        kind=ItemKind.CLOSING,
        title_en="Closing",
        title_ru="Закрытие",
    )
    return meeting


@pytest.fixture
def past(reference):
    return MeetingFactory(
        kind=MeetingKind.MINISTERIAL,
        title_en="Ministerial conference 2017",
        title_ru="Министерская конференция 2017",
        starts_on=dt.date(2017, 6, 1),
    )


def publish(meeting) -> None:
    meeting.agenda_published_at = dt.datetime(2026, 1, 10, tzinfo=dt.UTC)
    meeting.save()


# GET /meetings


def ours(response, *meetings) -> list[int]:
    """The ids listed, among those of the meetings made here (the reference data has more)."""
    made = {m.pk for m in meetings}
    return [m["id"] for m in response.json() if m["id"] in made]


def test_meetings_are_listed_in_date_order_for_anyone(api, som, past):
    response = api("get", "/meetings")

    assert response.status_code == 200
    listed = response.json()
    assert [m["starts_on"] for m in listed] == sorted(m["starts_on"] for m in listed)
    assert [(m["title"], m["host_state"]) for m in listed if m["id"] in {som.pk, past.pk}] == [
        ("Ministerial conference 2017", None),
        ("Senior Officials' Meeting 2026", "KGZ"),
    ]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("?kind=ministerial", ["past"]),
        ("?kind=som", ["som"]),
        ("?year=2017", ["past"]),
        ("?year=2030", []),
        ("?upcoming=true", ["som"]),
        ("?upcoming=false", ["past"]),
        ("?kind=som&upcoming=false", []),
    ],
)
def test_meetings_are_filtered(api, som, past, query, expected):
    ids = {"som": som.pk, "past": past.pk}

    response = api("get", "/meetings" + query)

    assert ours(response, som, past) == [ids[name] for name in expected]


def test_an_unknown_kind_of_meeting_is_a_bad_request(api, som):
    response = api("get", "/meetings?kind=picnic")

    assert response.status_code == 400
    assert response.json() == {"detail": "Unknown kind of meeting 'picnic'."}


def test_the_list_gives_titles_in_the_readers_language(api, som):
    (meeting,) = api("get", "/meetings?upcoming=true", language="ru").json()

    assert meeting["title"] == "Совещание старших должностных лиц 2026"
    assert meeting["title_en"] == "Senior Officials' Meeting 2026"


# GET /meetings/{id} and /agenda


def test_a_published_agenda_is_public_by_day_with_talks_and_speakers(api, som):
    publish(som)

    response = api("get", f"/meetings/{som.pk}")

    assert response.status_code == 200
    agenda = response.json()["agenda"]
    assert agenda["time_zone"] == "Asia/Bishkek"
    assert [day["day"] for day in agenda["days"]] == ["2026-06-10", "2026-06-11"]
    session = agenda["days"][0]["items"][0]
    assert (session["title"], session["starts_at"], session["ends_at"]) == (
        "Session 1: labour migration",
        "10:00:00",
        "12:00:00",
    )
    (talk,) = session["talks"]
    assert talk["title"] == "Findings of the survey"
    assert [(s["name"], s["role"]) for s in talk["speakers"]] == [("Aliya Sadykova", "presenter")]
    assert agenda["days"][1]["items"][0]["kind_label"] == "Closing"


@pytest.mark.parametrize(
    ("role", "state", "reads"),
    [
        (None, None, False),
        ("none", None, False),
        ("statistician", "KGZ", False),
        ("national_coordinator", "KAZ", False),
        ("chair", "KAZ", True),
        ("support_unit", None, True),
    ],
)
def test_an_unpublished_agenda_is_for_the_support_unit_and_the_chair(
    api, member, som, role, state, reads
):
    user = member(role, state) if role else None

    detail = api("get", f"/meetings/{som.pk}", user=user)
    agenda = api("get", f"/meetings/{som.pk}/agenda", user=user)

    assert detail.status_code == 200
    assert (detail.json()["agenda"] is not None) is reads
    assert agenda.status_code == (200 if reads else 404)


def test_an_unpublished_agenda_answers_404_with_a_reason(api, som):
    response = api("get", f"/meetings/{som.pk}/agenda")

    assert response.json() == {"detail": f"The agenda of meeting {som.pk} is not published yet."}


@pytest.mark.parametrize("path", ["/meetings/999", "/meetings/999/agenda"])
def test_a_missing_meeting_is_404_in_the_readers_language(api, reference, path):
    english = api("get", path)
    russian = api("get", path, language="ru")

    assert (english.status_code, english.json()) == (404, {"detail": "No meeting 999."})
    assert (russian.status_code, russian.json()) == (404, {"detail": NOT_FOUND_RU})


@pytest.mark.parametrize(
    ("access", "role", "state", "listed"),
    [
        (Access.PUBLIC, None, None, True),
        (Access.MEMBERS, None, None, False),
        (Access.MEMBERS, "statistician", "KGZ", True),
        (Access.DRAFT, "national_coordinator", "KAZ", False),
        (Access.DRAFT, "support_unit", None, True),
    ],
)
def test_materials_are_those_the_caller_may_read(api, member, som, access, role, state, listed):
    document = document_with(en="original", ru="final")
    document.access = access
    document.save()
    MaterialFactory(meeting=som, document=document)

    response = api("get", f"/meetings/{som.pk}", user=member(role, state) if role else None)

    materials = response.json()["materials"]
    assert [(m["document_id"], m["title"]) for m in materials] == (
        [(document.pk, "Annual report")] if listed else []
    )


def test_outcomes_are_public_and_hide_a_document_the_caller_may_not_read(api, member, som):
    draft = document_with(en="original")
    draft.access = Access.DRAFT
    draft.save()
    OutcomeFactory(meeting=som, document=draft)

    anonymous = api("get", f"/meetings/{som.pk}").json()["outcomes"]
    support_unit = api("get", f"/meetings/{som.pk}", user=member("support_unit")).json()["outcomes"]

    assert [(o["kind"], o["summary"], o["document_id"]) for o in anonymous] == [
        ("concluding_remarks", "The participants agreed the work plan.", None)
    ]
    assert support_unit[0]["document_id"] == draft.pk


def queries_for(client, path: str) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        assert client.get("/api/v1" + path).status_code == 200
    return len(captured)


def test_a_meeting_takes_as_many_queries_for_a_long_agenda_as_for_a_short_one(client, som):
    publish(som)
    MaterialFactory(meeting=som, document=document_with(en="original"))
    few = queries_for(client, f"/meetings/{som.pk}")
    for n in range(5):
        session = AgendaItemFactory(meeting=som, day=dt.date(2026, 6, 11), starts_at=dt.time(9 + n))
        SpeakerFactory(item=AgendaItemFactory(parent=session, kind=ItemKind.TALK))
        MaterialFactory(meeting=som, document=document_with(en="original", ru="final"))

    assert queries_for(client, f"/meetings/{som.pk}") == few


def test_the_list_takes_as_many_queries_for_many_meetings_as_for_few(client, som):
    few = queries_for(client, "/meetings")
    MeetingFactory.create_batch(5, host_state=State.objects.get(iso3="TJK"))

    assert queries_for(client, "/meetings") == few


# iCalendar


def test_a_meetings_calendar_file_is_text_calendar(api, som):
    response = api("get", f"/meetings/{som.pk}/calendar.ics")

    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    body = response.content.decode()
    assert body.startswith("BEGIN:VCALENDAR")
    assert "SUMMARY:Senior Officials' Meeting 2026" in body
    assert "DTSTART;VALUE=DATE:20260610" in body


def test_the_calendar_feed_holds_every_meeting(api, som, past):
    response = api("get", "/meetings/calendar.ics")

    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    body = response.content.decode()
    assert f"UID:meeting-{som.pk}@almaty-process" in body
    assert f"UID:meeting-{past.pk}@almaty-process" in body


def test_the_calendar_of_a_missing_meeting_is_a_json_404(api, reference):
    response = api("get", "/meetings/999/calendar.ics")

    assert response.status_code == 404
    assert response.json() == {"detail": "No meeting 999."}


# Delegation counts


@pytest.fixture
def delegation(som):
    kaz = State.objects.get(iso3="KAZ")
    kgz = State.objects.get(iso3="KGZ")
    DelegateFactory(meeting=som, state=kaz, full_name="Dana Serik", gender=Gender.FEMALE)
    DelegateFactory(meeting=som, state=kaz, full_name="Arman Bek", gender=Gender.MALE)
    DelegateFactory(meeting=som, state=kgz, full_name="Aibek Isaev", gender=Gender.UNDISCLOSED)
    DelegateFactory(meeting=som, state=kgz, full_name="Not Coming", status=DelegateStatus.WITHDRAWN)
    return som


@pytest.mark.parametrize(
    ("role", "state"),
    [
        ("statistician", "KGZ"),
        ("national_coordinator", "TJK"),
        ("chair", "KAZ"),
        ("support_unit", None),
    ],
)
def test_anyone_holding_a_role_reads_the_counts_without_names(api, member, delegation, role, state):
    response = api("get", f"/meetings/{delegation.pk}/delegation-counts", user=member(role, state))

    assert response.status_code == 200
    body = response.json()
    assert [(r["party"], r["female"], r["male"], r["undisclosed"], r["total"]) for r in body["rows"]] == [
        ("KAZ", 1, 1, 0, 2),
        ("KGZ", 0, 0, 1, 1),
    ]  # fmt: skip
    assert (body["totals"]["label"], body["totals"]["total"]) == ("Total", 3)
    assert "Dana Serik" not in response.content.decode()


def test_counts_need_a_role(api, member, delegation):
    path = f"/meetings/{delegation.pk}/delegation-counts"

    anonymous = api("get", path)
    no_role = api("get", path, user=member("none"))

    assert anonymous.status_code == 401
    assert (no_role.status_code, no_role.json()) == (
        403,
        {"detail": "You hold no role yet. The Support Unit assigns roles."},
    )


# Delegates


DELEGATE = {"full_name": "Nurlan Abenov", "gender": "male", "position": "Director"}


@pytest.mark.parametrize(
    ("role", "state", "body"),
    [
        ("national_coordinator", "KAZ", {**DELEGATE, "state": "KAZ"}),
        ("support_unit", None, {**DELEGATE, "state": "KAZ"}),
        ("support_unit", None, {**DELEGATE, "organisation": "IOM"}),
    ],
)
def test_a_delegate_is_registered(api, member, som, role, state, body):
    response = api("post", f"/meetings/{som.pk}/delegates", body, user=member(role, state))

    assert response.status_code == 201
    made = response.json()
    assert (made["full_name"], made["status"], made["meeting_id"]) == (
        "Nurlan Abenov",
        "registered",
        som.pk,
    )
    assert (made["state"], made["organisation"]) == (body.get("state"), body.get("organisation"))
    assert Delegate.objects.get().pk == made["id"]


@pytest.mark.parametrize(
    ("role", "state", "body", "detail"),
    [
        (
            "national_coordinator",
            "UZB",
            {**DELEGATE, "state": "KAZ"},
            "Only the National Coordinator of KAZ or the Support Unit can do this.",
        ),
        (
            "national_coordinator",
            "KAZ",
            {**DELEGATE, "organisation": "IOM"},
            "Only the Support Unit can register the delegates of an organisation.",
        ),
        (
            "statistician",
            "KAZ",
            {**DELEGATE, "state": "KAZ"},
            "Only the National Coordinator of KAZ or the Support Unit can do this.",
        ),
        (
            "chair",
            "KAZ",
            {**DELEGATE, "state": "KAZ"},
            "Only the National Coordinator of KAZ or the Support Unit can do this.",
        ),
    ],
)
def test_others_cannot_register_a_delegate(api, member, som, role, state, body, detail):
    user = member(role, state)
    before = row_counts()

    response = api("post", f"/meetings/{som.pk}/delegates", body, user=user)

    assert (response.status_code, response.json()) == (403, {"detail": detail})
    assert row_counts() == before


def test_registering_needs_a_token_or_a_session(api, som):
    response = api("post", f"/meetings/{som.pk}/delegates", {**DELEGATE, "state": "KAZ"})

    assert response.status_code == 401
    assert not Delegate.objects.exists()


@pytest.mark.parametrize(
    ("body", "detail"),
    [
        ({**DELEGATE, "state": "KAZ", "gender": "x"}, "Unknown gender 'x'."),
        (
            {**DELEGATE, "state": "KAZ", "organisation": "IOM"},
            "A delegate represents either a State or an organisation.",
        ),
        (DELEGATE, "A delegate represents either a State or an organisation."),
        ({**DELEGATE, "state": "XXX"}, "Unknown State code 'XXX'."),
        ({**DELEGATE, "state": "KAZ", "full_name": " "}, "Give the delegate's full name."),
        (
            {**DELEGATE, "state": "KAZ", "email": "not-an-address"},
            "'not-an-address' is not a valid e-mail address.",
        ),
    ],
)
def test_a_bad_registration_is_a_400_and_changes_nothing(api, member, som, body, detail):
    user = member("support_unit")
    before = row_counts()

    response = api("post", f"/meetings/{som.pk}/delegates", body, user=user)

    assert (response.status_code, response.json()) == (400, {"detail": detail})
    assert row_counts() == before


def test_registration_for_a_meeting_that_ended_is_refused(api, member, past):
    response = api(
        "post",
        f"/meetings/{past.pk}/delegates",
        {**DELEGATE, "state": "KAZ"},
        user=member("support_unit"),
    )

    assert (response.status_code, response.json()) == (
        400,
        {"detail": "Registration is closed: the meeting ended on 2017-06-01."},
    )


def test_registering_for_a_missing_meeting_is_404(api, member, reference):
    response = api(
        "post", "/meetings/999/delegates", {**DELEGATE, "state": "KAZ"}, user=member("support_unit")
    )

    assert (response.status_code, response.json()) == (404, {"detail": "No meeting 999."})


@pytest.mark.parametrize(
    ("role", "state", "sees"),
    [
        ("support_unit", None, ["Aibek Isaev", "Arman Bek", "Dana Serik", "Not Coming"]),
        ("national_coordinator", "KAZ", ["Arman Bek", "Dana Serik"]),
        ("national_coordinator", "KGZ", ["Aibek Isaev", "Not Coming"]),
        ("national_coordinator", "TJK", []),
        ("statistician", "KAZ", []),
        ("chair", "KAZ", []),
    ],
)
def test_the_delegates_listed_are_those_the_caller_may_see(
    api, member, delegation, role, state, sees
):
    response = api("get", f"/meetings/{delegation.pk}/delegates", user=member(role, state))

    assert response.status_code == 200
    assert sorted(d["full_name"] for d in response.json()) == sees


def test_listing_delegates_needs_a_token_or_a_session(api, delegation):
    assert api("get", f"/meetings/{delegation.pk}/delegates").status_code == 401


def test_the_support_unit_approves_a_delegate(api, member, delegation):
    delegate = Delegate.objects.get(full_name="Dana Serik")

    response = api(
        "post",
        f"/meetings/{delegation.pk}/delegates/{delegate.pk}/decision",
        {"status": "approved"},
        user=member("support_unit"),
    )

    assert response.status_code == 200
    assert (response.json()["status"], response.json()["status_label"]) == ("approved", "Approved")
    assert response.json()["decided_at"] is not None
    delegate.refresh_from_db()
    assert delegate.status == DelegateStatus.APPROVED


@pytest.mark.parametrize(
    ("role", "state", "status"),
    [
        ("national_coordinator", "KAZ", 403),  # sees the delegate, may not decide
        ("national_coordinator", "KGZ", 404),  # may not see the delegate at all
        ("statistician", "KAZ", 404),
    ],
)
def test_only_the_support_unit_decides(api, member, delegation, role, state, status):
    delegate = Delegate.objects.get(full_name="Dana Serik")
    user = member(role, state)
    before = row_counts()

    response = api(
        "post",
        f"/meetings/{delegation.pk}/delegates/{delegate.pk}/decision",
        {"status": "approved"},
        user=user,
    )

    assert response.status_code == status
    assert row_counts() == before
    delegate.refresh_from_db()
    assert delegate.status == DelegateStatus.REGISTERED


def test_a_delegate_of_another_meeting_is_not_found(api, member, delegation, past):
    delegate = Delegate.objects.get(full_name="Dana Serik")

    response = api(
        "post",
        f"/meetings/{past.pk}/delegates/{delegate.pk}/decision",
        {"status": "approved"},
        user=member("support_unit"),
    )

    assert (response.status_code, response.json()) == (
        404,
        {"detail": f"No delegate {delegate.pk}."},
    )


@pytest.mark.parametrize(
    ("status", "detail"),
    [
        ("maybe", "A delegate is approved or declined, not 'maybe'."),
        ("withdrawn", "A delegate is approved or declined, not 'withdrawn'."),
    ],
)
def test_a_bad_decision_is_a_400_and_changes_nothing(api, member, delegation, status, detail):
    delegate = Delegate.objects.get(full_name="Dana Serik")
    user = member("support_unit")
    before = row_counts()

    response = api(
        "post",
        f"/meetings/{delegation.pk}/delegates/{delegate.pk}/decision",
        {"status": status},
        user=user,
    )

    assert (response.status_code, response.json()) == (400, {"detail": detail})
    assert row_counts() == before


def test_a_refusal_comes_in_the_readers_language(api, member, delegation):
    delegate = Delegate.objects.get(full_name="Dana Serik")

    response = api(
        "post",
        f"/meetings/{delegation.pk}/delegates/{delegate.pk}/decision",
        {"status": "approved"},
        user=member("national_coordinator", "KAZ"),
        language="ru",
    )

    assert (response.status_code, response.json()) == (403, {"detail": NEEDS_SUPPORT_UNIT_RU})


def test_delegates_need_an_organisation_that_exists(api, member, som):
    assert Organisation.objects.filter(code="IOM").exists()

    response = api(
        "post",
        f"/meetings/{som.pk}/delegates",
        {**DELEGATE, "organisation": "NOPE"},
        user=member("support_unit"),
    )

    assert (response.status_code, response.json()) == (
        400,
        {"detail": "Unknown organisation code 'NOPE'."},
    )


# The OpenAPI contract

PATHS = {
    "/api/v1/meetings": {"get": {"200", "400", "422"}},
    "/api/v1/meetings/calendar.ics": {"get": {"200", "422"}},
    "/api/v1/meetings/{meeting_id}": {"get": {"200", "404", "422"}},
    "/api/v1/meetings/{meeting_id}/agenda": {"get": {"200", "404", "422"}},
    "/api/v1/meetings/{meeting_id}/calendar.ics": {"get": {"200", "404", "422"}},
    "/api/v1/meetings/{meeting_id}/delegation-counts": {"get": {"200", "401", "403", "404", "422"}},
    "/api/v1/meetings/{meeting_id}/delegates": {
        "get": {"200", "401", "404", "422"},
        "post": {"201", "400", "401", "403", "404", "422"},
    },
    "/api/v1/meetings/{meeting_id}/delegates/{delegate_id}/decision": {
        "post": {"200", "400", "401", "403", "404", "422"}
    },
}
SIGNED_IN = {
    ("get", "/api/v1/meetings/{meeting_id}/delegation-counts"),
    ("get", "/api/v1/meetings/{meeting_id}/delegates"),
    ("post", "/api/v1/meetings/{meeting_id}/delegates"),
    ("post", "/api/v1/meetings/{meeting_id}/delegates/{delegate_id}/decision"),
}
OPTIONAL_SIGN_IN = {
    ("get", "/api/v1/meetings/{meeting_id}"),
    ("get", "/api/v1/meetings/{meeting_id}/agenda"),
}


@pytest.fixture(scope="module")
def schema():
    return Client().get("/api/v1/openapi.json").json()


def component(schema, ref_holder):
    ref = ref_holder.get("$ref") or ref_holder.get("items", {}).get("$ref")
    return schema["components"]["schemas"][ref.rsplit("/", 1)[-1]]


@pytest.mark.parametrize(("path", "methods"), sorted(PATHS.items()))
def test_openapi_lists_each_meetings_endpoint_with_its_answers(schema, path, methods):
    assert {m: set(op["responses"]) for m, op in schema["paths"][path].items()} == methods
    for operation in schema["paths"][path].values():
        assert operation["tags"] == ["meetings"]


@pytest.mark.parametrize(("method", "path"), sorted((m, p) for p, ms in PATHS.items() for m in ms))
def test_openapi_says_who_must_sign_in(schema, method, path):
    security = schema["paths"][path][method].get("security")

    if (method, path) in SIGNED_IN | OPTIONAL_SIGN_IN:
        assert security == [{"BearerToken": []}, {"Session": []}]
    else:
        assert security is None


@pytest.mark.parametrize(
    "path", ["/api/v1/meetings/calendar.ics", "/api/v1/meetings/{meeting_id}/calendar.ics"]
)
def test_openapi_says_calendars_are_text_calendar(schema, path):
    assert set(schema["paths"][path]["get"]["responses"]["200"]["content"]) == {"text/calendar"}


@pytest.mark.parametrize(
    ("path", "method", "code", "fields"),
    [
        (
            "/api/v1/meetings", "get", "200",
            {"id", "kind", "kind_label", "number", "title", "title_en", "title_ru", "theme",
             "starts_on", "ends_on", "city", "venue", "host_state", "chair_state", "time_zone",
             "is_agenda_published"},
        ),
        ("/api/v1/meetings/{meeting_id}/agenda", "get", "200", {"meeting_id", "time_zone", "is_published", "days"}),
        ("/api/v1/meetings/{meeting_id}/delegation-counts", "get", "200", {"meeting_id", "rows", "totals"}),
        (
            "/api/v1/meetings/{meeting_id}/delegates", "post", "201",
            {"id", "meeting_id", "state", "organisation", "full_name", "gender", "gender_label",
             "position", "email", "is_head", "status", "status_label", "decided_at"},
        ),
    ],
)  # fmt: skip
def test_openapi_response_schemas_have_the_documented_fields(schema, path, method, code, fields):
    answer = schema["paths"][path][method]["responses"][code]["content"]["application/json"]
    assert set(component(schema, answer["schema"])["properties"]) == fields


def test_openapi_meeting_detail_adds_agenda_materials_and_outcomes(schema):
    answer = schema["paths"]["/api/v1/meetings/{meeting_id}"]["get"]["responses"]["200"]
    detail = component(schema, answer["content"]["application/json"]["schema"])

    assert {"agenda", "materials", "outcomes", "title", "starts_on"} <= set(detail["properties"])


@pytest.mark.parametrize(
    ("path", "required", "optional"),
    [
        (
            "/api/v1/meetings/{meeting_id}/delegates",
            {"full_name", "gender"},
            {"state", "organisation", "position", "email", "is_head"},
        ),
        ("/api/v1/meetings/{meeting_id}/delegates/{delegate_id}/decision", {"status"}, set()),
    ],
)
def test_openapi_write_bodies_have_the_documented_fields(schema, path, required, optional):
    body = schema["paths"][path]["post"]["requestBody"]["content"]["application/json"]
    described = component(schema, body["schema"])

    assert set(described["required"]) == required
    assert set(described["properties"]) == required | optional


def test_openapi_meetings_take_their_filters(schema):
    parameters = schema["paths"]["/api/v1/meetings"]["get"]["parameters"]

    assert [(p["name"], p["in"], p["required"]) for p in parameters] == [
        ("kind", "query", False),
        ("year", "query", False),
        ("upcoming", "query", False),
    ]
