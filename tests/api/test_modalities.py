"""/api/v1 for the Operating Modalities: the rules, the chair, coordinators and obligations.

Reads are public. Writes (chair terms, passes, designations) need the Support Unit role, are
audited, and store nothing when refused.
"""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.test import Client

from almaty.accounts.models import Role, RoleAssignment
from almaty.core.models import AuditEntry
from almaty.process.models import ChairPass, ChairTerm, NationalCoordinator
from almaty.process.services import coordinator_designate
from tests.api.helpers import bearer
from tests.factories.accounts import ApiTokenFactory, RoleAssignmentFactory, UserFactory
from tests.factories.process import ModalitiesVersionFactory

TODAY = dt.date(2026, 1, 15)
UNAUTHENTICATED = {"detail": "Sign in or send a valid API token (Authorization: Bearer ...)."}
NEEDS_SUPPORT_UNIT = {"detail": "This needs the role Support Unit staff."}
TITLE_EN = "Operating Modalities of the Almaty Process (2013)"
TITLE_RU = "Порядок работы Алматинского процесса (2013)"
MEMBERS = ["AFG", "AZE", "KAZ", "KGZ", "TJK", "TKM", "TUR"]

RECORDED = [
    ("KAZ", "2013-06-05", "2016-09-20", "recorded", "extended"),
    ("KGZ", "2016-09-20", "2018-09-28", "recorded", "regular"),
    ("TJK", "2018-09-28", "2021-01-01", "recorded", "regular"),
    ("TUR", "2021-01-01", "2023-01-01", "recorded", "regular"),
    ("AZE", "2023-01-01", "2025-04-24", "recorded", "regular"),
    ("KAZ", "2025-04-24", None, "recorded", "regular"),
]
PROJECTED = [
    ("KGZ", "2027-04-24", "2029-04-24", "projected", "regular"),
    ("TJK", "2029-04-24", "2031-04-24", "projected", "regular"),
    ("TUR", "2031-04-24", "2033-04-24", "projected", "regular"),
    ("TKM", "2033-04-24", "2035-04-24", "projected", "regular"),
    ("AFG", "2035-04-24", "2037-04-24", "projected", "regular"),
]

# A valid body for each write, and the rows it adds.
WRITES = {
    "/chair/terms": ({"state": "KGZ", "start": "2027-04-24"}, ChairTerm),
    "/chair/passes": ({"state": "KGZ", "turn_starts_on": "2027-04-24"}, ChairPass),
    "/coordinators": (
        {"state": "KGZ", "full_name": "Aibek Isaev", "designated_on": "2026-01-10"},
        NationalCoordinator,
    ),
}
END_OPEN_TERM = "/chair/terms/{open}/end"


@pytest.fixture(autouse=True)
def _today(time_machine):
    time_machine.move_to(dt.datetime(2026, 1, 15, 9, 0, tzinfo=dt.UTC), tick=False)


@pytest.fixture
def api_post(client):
    """POST a JSON body to an API path (under /api/v1) and return the response."""

    def post(path, body, *, via=None, **headers):
        return (via or client).post(
            "/api/v1" + path, json.dumps(body), content_type="application/json", **headers
        )

    return post


@pytest.fixture
def support_unit(user_with_role):
    """A bearer token of a Support Unit staff member."""
    return bearer(ApiTokenFactory(user=user_with_role("support_unit")).raw)


def write_request(path):
    """The path and a valid body of a write; ending a term ends the open one (Kazakhstan's)."""
    if path == END_OPEN_TERM:
        return path.format(open=ChairTerm.objects.get(ends_on=None).pk), {"end": "2027-04-24"}
    return path, WRITES[path][0]


def terms(rows):
    return [(r["state"], r["start"], r["end"], r["basis"], r["kind"]) for r in rows]


def stored():
    """What the writes could have changed: chair terms (with their ends), passes, designations,
    role assignments and audit entries."""
    return (
        list(ChairTerm.objects.order_by("starts_on").values_list("state__iso3", "ends_on")),
        ChairPass.objects.count(),
        NationalCoordinator.objects.count(),
        RoleAssignment.objects.count(),
        AuditEntry.objects.count(),
    )


# GET /modalities and /modalities/in-force


def test_modalities_lists_the_2013_version_with_its_rules(api_get, reference):
    response = api_get("/modalities")

    assert response.status_code == 200
    (version,) = response.json()
    assert version["text"].startswith("Membership. The participating States take part as equals.")
    del version["text"]
    assert version == {
        "number": 1,
        "effective_on": "2013-06-05",
        "reference": "Almaty Process/02/01/2013",
        "title": TITLE_EN,
        "adopted_by": "Ministerial Conference, Almaty, 5 June 2013",
        "term_years": 2,
        "order_key": "name_en",
        "eligible_statuses": ["member"],
        "ministerial_every_years": 2,
        "som_every_years": 1,
        "national_consultation_every_years": 1,
        "support_unit_review_years": 2,
        "has_voluntary_fee": True,
        "deputy_chairs": 0,
        "technical_group_size": 0,
        "amended_by": "ministerial",
    }


def test_modalities_gives_the_russian_title_and_text_when_asked_in_russian(api_get, reference):
    (version,) = api_get("/modalities", HTTP_ACCEPT_LANGUAGE="ru").json()

    assert version["title"] == TITLE_RU
    assert version["text"].startswith("Участие. Государства-участники участвуют на равных.")


def test_modalities_lists_an_amendment_after_the_version_it_amends(api_get, reference):
    ModalitiesVersionFactory(number=2, effective_on=dt.date(2030, 1, 1), term_years=3)

    versions = api_get("/modalities").json()

    assert [(v["number"], v["effective_on"], v["term_years"]) for v in versions] == [
        (1, "2013-06-05", 2),
        (2, "2030-01-01", 3),
    ]


@pytest.mark.parametrize(
    ("query", "number"),
    [
        ("", 1),  # today
        ("?on=2013-06-05", 1),
        ("?on=2029-12-31", 1),
        ("?on=2030-01-01", 2),
        ("?on=2041-06-01", 2),
    ],
)
def test_modalities_in_force_on_a_day(api_get, reference, query, number):
    ModalitiesVersionFactory(number=2, effective_on=dt.date(2030, 1, 1))

    response = api_get("/modalities/in-force" + query)

    assert response.status_code == 200
    assert response.json()["number"] == number


def test_modalities_in_force_before_the_first_version_is_a_400_saying_so(api_get, reference):
    response = api_get("/modalities/in-force?on=2013-06-04")

    assert response.status_code == 400
    assert response.json() == {"detail": "No Operating Modalities were in force on 2013-06-04."}


# Dates that are not dates, on every read that takes one


@pytest.mark.parametrize(
    ("path", "parameter"),
    [
        ("/modalities/in-force?on=2026-02-30", "on"),
        ("/chair/rotation?start=2013", "start"),
        ("/chair/rotation?end=tomorrow", "end"),
        ("/coordinators?on=15.01.2026", "on"),
        ("/obligations?on=2017-13-31", "on"),
    ],
)
def test_a_read_with_a_day_that_is_not_a_date_is_refused(api_get, reference, path, parameter):
    response = api_get(path)

    assert response.status_code == 422
    body = response.json()
    assert body["detail"] == "The request is not valid."
    assert body["errors"][0]["loc"] == ["query", parameter]


@pytest.mark.parametrize("path", ["/chair/rotation", "/obligations?on=2017-12-31"])
def test_computations_without_any_modalities_loaded_are_a_400_saying_what_to_do(api_get, db, path):
    response = api_get(path)

    assert response.status_code == 400
    assert response.json() == {
        "detail": "No Operating Modalities are loaded. Run: almaty load-reference"
    }


# GET /chair/rotation


def test_rotation_gives_the_recorded_terms_then_the_projected_ones(api_get, reference):
    response = api_get("/chair/rotation")

    assert response.status_code == 200
    assert terms(response.json()) == RECORDED + PROJECTED


def test_rotation_in_a_window_gives_the_terms_that_overlap_it(api_get, reference):
    rows = api_get("/chair/rotation?start=2020-01-01&end=2030-01-01").json()

    assert terms(rows) == RECORDED[2:] + PROJECTED[:2]


@pytest.mark.parametrize(
    ("language", "names"),
    [
        ("en", ["Kazakhstan", "Kyrgyzstan", "Tajikistan", "Türkiye", "Azerbaijan", "Kazakhstan"]),
        ("ru", ["Казахстан", "Кыргызстан", "Таджикистан", "Турция", "Азербайджан", "Казахстан"]),
    ],
)
def test_rotation_names_the_states_in_the_language_asked_for(api_get, reference, language, names):
    rows = api_get("/chair/rotation?end=2026-01-01", HTTP_ACCEPT_LANGUAGE=language).json()

    assert [row["state_name"] for row in rows] == names


def test_rotation_follows_a_pass_recorded_through_the_api(api_get, api_post, support_unit):
    api_post("/chair/passes", {"state": "KGZ", "turn_starts_on": "2027-04-24"}, **support_unit)

    rows = api_get("/chair/rotation?start=2027-01-01&end=2030-01-01").json()

    assert terms(rows)[1:] == [
        ("TJK", "2027-04-24", "2029-04-24", "projected", "regular"),
        ("TUR", "2029-04-24", "2031-04-24", "projected", "regular"),
    ]


# GET /chair/terms and /chair/passes


def test_chair_terms_lists_the_recorded_history_in_order(api_get, reference):
    response = api_get("/chair/terms")

    assert response.status_code == 200
    assert [
        (row["state"], row["start"], row["end"], "recorded", row["kind"]) for row in response.json()
    ] == RECORDED


def test_chair_terms_says_which_dates_are_approximate(api_get, reference):
    rows = api_get("/chair/terms").json()

    assert [row["dates_approximate"] for row in rows] == [False, False, True, True, True, False]


def test_chair_passes_lists_turkmenistan_and_afghanistan_for_the_2023_turn(api_get, reference):
    response = api_get("/chair/passes")

    assert response.status_code == 200
    assert [(row["state"], row["turn_starts_on"]) for row in response.json()] == [
        ("AFG", "2023-01-01"),
        ("TKM", "2023-01-01"),
    ]


# GET /coordinators


@pytest.fixture
def kyrgyz_coordinators(reference):
    """Kyrgyzstan's National Coordinators: one from 2020, the next from 2024."""
    for name, day in [("Nurlan Asanov", dt.date(2020, 3, 1)), ("Aibek Isaev", dt.date(2024, 1, 1))]:
        coordinator_designate(state_iso3="KGZ", full_name=name, designated_on=day, actor=None)


@pytest.mark.parametrize(
    ("query", "names"),
    [
        ("", ["Aibek Isaev"]),  # today
        ("?on=2019-12-31", []),
        ("?on=2020-03-01", ["Nurlan Asanov"]),
        ("?on=2023-12-31", ["Nurlan Asanov"]),
        ("?on=2024-01-01", ["Aibek Isaev"]),
    ],
)
def test_coordinators_lists_who_was_designated_on_the_day(
    api_get, kyrgyz_coordinators, query, names
):
    response = api_get("/coordinators" + query)

    assert response.status_code == 200
    assert [(row["state"], row["full_name"]) for row in response.json()] == [
        ("KGZ", name) for name in names
    ]


def test_coordinators_gives_each_designation_its_dates(api_get, kyrgyz_coordinators):
    (row,) = api_get("/coordinators?on=2021-01-01").json()

    assert (row["designated_on"], row["ended_on"]) == ("2020-03-01", "2023-12-31")


# GET /obligations


def test_obligations_on_2017_12_31_have_the_ministerial_overdue(api_get, reference):
    response = api_get("/obligations?on=2017-12-31")

    assert response.status_code == 200
    ministerial = response.json()[0]
    assert ministerial == {
        "code": "ministerial",
        "label": "Ministerial review and planning conference",
        "state": None,
        "status": "overdue",
        "status_label": "overdue",
        "due_on": "2015-06-05",
        "last_on": "2013-06-05",
        "evidence": [],
    }


def test_obligations_list_the_process_then_each_member(api_get, reference):
    rows = api_get("/obligations?on=2017-12-31").json()

    assert [(row["code"], row["state"]) for row in rows] == [
        ("ministerial", None),
        ("som", None),
        ("support_unit_review", None),
        *[
            (code, state)
            for state in MEMBERS
            for code in ("coordinator", "national_consultation", "fee")
        ],
    ]


def test_obligations_today_show_the_baku_conference_as_evidence(api_get, reference):
    ministerial = api_get("/obligations").json()[0]

    assert (ministerial["status"], ministerial["due_on"]) == ("met", "2027-04-24")
    (evidence,) = ministerial["evidence"]
    assert evidence["ref"].startswith("meeting:")
    assert {k: v for k, v in evidence.items() if k != "ref"} == {
        "kind": "ministerial",
        "on": "2025-04-24",
        "label": "3rd Ministerial Conference of the Almaty Process, Baku",
    }


def test_obligations_count_a_designated_coordinator_as_met(api_get, kyrgyz_coordinators):
    rows = api_get("/obligations?on=2025-01-01").json()

    statuses = {row["state"]: row["status"] for row in rows if row["code"] == "coordinator"}
    assert statuses == {**dict.fromkeys(MEMBERS, "overdue"), "KGZ": "met"}


# Writes: who may


@pytest.mark.parametrize("path", [*WRITES, END_OPEN_TERM])
def test_a_write_without_credentials_is_refused_and_stores_nothing(api_post, reference, path):
    before = stored()

    response = api_post(*write_request(path))

    assert response.status_code == 401
    assert response.json() == UNAUTHENTICATED
    assert stored() == before


@pytest.mark.parametrize("path", [*WRITES, END_OPEN_TERM])
def test_a_national_coordinator_may_not_write_and_nothing_is_stored(api_post, user_with_role, path):
    token = bearer(ApiTokenFactory(user=user_with_role("national_coordinator", "KGZ")).raw)
    before = stored()

    response = api_post(*write_request(path), **token)

    assert response.status_code == 403
    assert response.json() == NEEDS_SUPPORT_UNIT
    assert stored() == before


@pytest.mark.parametrize(
    ("role", "state"),
    [
        ("chair", "KAZ"),
        ("deputy_chair", "KAZ"),
        ("technical_officer", "KGZ"),
        ("statistician", "KGZ"),
        ("observer_delegate", "IRN"),
    ],
)
def test_other_roles_may_not_record_a_chair_term(api_post, user_with_role, role, state):
    token = bearer(ApiTokenFactory(user=user_with_role(role, state)).raw)
    before = stored()

    response = api_post("/chair/terms", WRITES["/chair/terms"][0], **token)

    assert response.status_code == 403
    assert stored() == before


def test_a_user_whose_support_unit_role_ended_is_told_when(api_post, reference):
    former = UserFactory()
    RoleAssignmentFactory(
        user=former,
        role=Role.objects.get(code="support_unit"),
        valid_from=dt.date(2020, 1, 1),
        valid_to=dt.date(2025, 12, 31),
    )

    response = api_post(
        "/chair/passes", WRITES["/chair/passes"][0], **bearer(ApiTokenFactory(user=former).raw)
    )

    assert response.status_code == 403
    assert response.json() == {"detail": "Your role Support Unit staff ended on 2025-12-31."}


@pytest.mark.parametrize("path", list(WRITES))
def test_the_support_unit_writes_with_a_token(api_post, support_unit, path):
    body, model = WRITES[path]
    count = model.objects.count()

    response = api_post(path, body, **support_unit)

    assert response.status_code == 201
    assert model.objects.count() == count + 1


def test_the_support_unit_writes_with_its_signed_in_session(api_post, client, user_with_role):
    client.force_login(user_with_role("support_unit"))

    response = api_post("/chair/passes", WRITES["/chair/passes"][0])

    assert response.status_code == 201
    assert ChairPass.objects.filter(state__iso3="KGZ").exists()


def test_a_session_write_without_the_csrf_token_is_refused(api_post, user_with_role):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(user_with_role("support_unit"))
    before = stored()

    response = api_post("/chair/passes", WRITES["/chair/passes"][0], via=browser)

    assert response.status_code == 403
    assert response.json()["detail"].startswith("The session's CSRF token is missing or wrong")
    assert stored() == before


# Writes: what they record


def test_recording_a_chair_term_answers_with_it(api_post, support_unit):
    response = api_post(
        "/chair/terms",
        {
            "state": "kgz",
            "start": "2027-04-24",
            "representative": "State Migration Service",
            "decision_ref": "7th SOM",
        },
        **support_unit,
    )

    body = response.json()
    assert body["id"] == ChairTerm.objects.get(state__iso3="KGZ", starts_on="2027-04-24").pk
    assert {k: v for k, v in body.items() if k != "id"} == {
        "state": "KGZ",
        "start": "2027-04-24",
        "end": None,
        "kind": "regular",
        "representative": "State Migration Service",
        "decision_ref": "7th SOM",
        "note": "",
        "dates_approximate": False,
    }


def test_recording_a_chair_term_ends_the_open_term_on_the_hand_over_day(api_post, support_unit):
    api_post("/chair/terms", WRITES["/chair/terms"][0], **support_unit)

    assert list(
        ChairTerm.objects.filter(starts_on__gte="2025-01-01")
        .order_by("starts_on")
        .values_list("state__iso3", "starts_on", "ends_on")
    ) == [
        ("KAZ", dt.date(2025, 4, 24), dt.date(2027, 4, 24)),
        ("KGZ", dt.date(2027, 4, 24), None),
    ]


@pytest.mark.parametrize(
    ("path", "key", "params"),
    [
        (
            "/chair/terms",
            "chair.term_added",
            {"state": "KGZ", "starts_on": "2027-04-24", "kind": "regular"},
        ),
        ("/chair/passes", "chair.pass_recorded", {"state": "KGZ", "turn_starts_on": "2027-04-24"}),
        (
            "/coordinators",
            "coordinator.designated",
            {"state": "KGZ", "name": "Aibek Isaev", "designated_on": "2026-01-10"},
        ),
    ],
)
def test_each_write_is_audited_in_the_callers_name(api_post, user_with_role, path, key, params):
    staff = user_with_role("support_unit")
    api_post(path, WRITES[path][0], **bearer(ApiTokenFactory(user=staff).raw))

    entry = AuditEntry.objects.get(message_key=key)
    assert (entry.actor_id, entry.actor_label, entry.params) == (staff.pk, staff.email, params)


def test_ending_the_open_term_sets_its_end_and_is_audited(api_post, reference, user_with_role):
    staff = user_with_role("support_unit")
    open_term = ChairTerm.objects.get(ends_on=None)

    response = api_post(
        f"/chair/terms/{open_term.pk}/end",
        {"end": "2027-04-24"},
        **bearer(ApiTokenFactory(user=staff).raw),
    )

    assert response.status_code == 200
    assert (response.json()["state"], response.json()["end"]) == ("KAZ", "2027-04-24")
    open_term.refresh_from_db()
    assert open_term.ends_on == dt.date(2027, 4, 24)
    entry = AuditEntry.objects.get(message_key="chair.term_ended")
    assert (entry.actor_id, entry.params) == (staff.pk, {"state": "KAZ", "ends_on": "2027-04-24"})


def test_ending_a_term_that_does_not_exist_is_a_404(api_post, support_unit):
    missing = ChairTerm.objects.order_by("-pk").first().pk + 1

    response = api_post(f"/chair/terms/{missing}/end", {"end": "2027-04-24"}, **support_unit)

    assert response.status_code == 404
    assert response.json() == {"detail": f"No chair term {missing}."}


def test_designating_a_coordinator_with_an_account_gives_them_the_role(api_post, support_unit):
    person = UserFactory(email="aibek@example.org")

    response = api_post(
        "/coordinators",
        {**WRITES["/coordinators"][0], "user_email": "Aibek@Example.org"},
        **support_unit,
    )

    assert response.status_code == 201
    assert list(
        RoleAssignment.objects.filter(user=person).values_list(
            "role__code", "state__iso3", "valid_from"
        )
    ) == [("national_coordinator", "KGZ", dt.date(2026, 1, 10))]


def test_designating_a_new_coordinator_ends_the_previous_designation(
    api_post, support_unit, kyrgyz_coordinators
):
    api_post("/coordinators", WRITES["/coordinators"][0], **support_unit)

    assert list(
        NationalCoordinator.objects.filter(state__iso3="KGZ")
        .order_by("designated_on")
        .values_list("designated_on", "ended_on")
    ) == [
        (dt.date(2020, 3, 1), dt.date(2023, 12, 31)),
        (dt.date(2024, 1, 1), dt.date(2026, 1, 9)),
        (dt.date(2026, 1, 10), None),
    ]


# Writes: bad input, a clear message, nothing stored


@pytest.mark.parametrize(
    ("path", "body", "detail"),
    [
        (
            "/chair/terms",
            {"state": "IRN", "start": "2027-04-24"},
            "IRN cannot chair on 2027-04-24: only Member State may, and it is Observer.",
        ),
        (
            "/chair/terms",
            {"state": "KGZ", "start": "2020-01-01", "end": "2020-06-01"},
            "This term overlaps the term of TJK from 2018-09-28.",
        ),
        (
            "/chair/terms",
            {"state": "KGZ", "start": "2024-06-01"},
            "This term overlaps the term of AZE from 2023-01-01.",
        ),
        (
            "/chair/terms",
            {"state": "KGZ", "start": "2027-04-24", "end": "2027-04-24"},
            "A term must end after it starts.",
        ),
        (
            "/chair/terms",
            {"state": "KGZ", "start": "2027-04-24", "kind": "honorary"},
            "Unknown kind of term 'honorary'.",
        ),
        ("/chair/terms", {"state": "XYZ", "start": "2027-04-24"}, "Unknown State code 'XYZ'."),
        (
            "/chair/passes",
            {"state": "IRN", "turn_starts_on": "2027-04-24"},
            "Only a Member State can pass its turn; IRN is not a member on 2027-04-24.",
        ),
        (
            "/chair/passes",
            {"state": "UZB", "turn_starts_on": "2027-04-24"},
            "Only a Member State can pass its turn; UZB is not a member on 2027-04-24.",
        ),
        (
            "/chair/passes",
            {"state": "TKM", "turn_starts_on": "2023-01-01"},
            "TKM already passed the turn beginning on 2023-01-01.",
        ),
        (
            "/coordinators",
            {"state": "PAK", "full_name": "A. Khan", "designated_on": "2026-01-10"},
            "Only a Member State designates a National Coordinator; PAK is not a member on 2026-01-10.",
        ),
        (
            "/coordinators",
            {"state": "KGZ", "full_name": "  ", "designated_on": "2026-01-10"},
            "Give the National Coordinator's full name.",
        ),
        (
            "/coordinators",
            {**WRITES["/coordinators"][0], "user_email": "nobody@example.org"},
            "There is no user nobody@example.org.",
        ),
    ],
    ids=[
        "observer as chair",
        "term inside a recorded term",
        "term over the last closed term",
        "term ending on its first day",
        "unknown kind",
        "unknown state",
        "pass by an observer",
        "pass by a non-participant",
        "second pass for a turn",
        "coordinator for an observer",
        "coordinator without a name",
        "coordinator with an unknown account",
    ],
)
def test_bad_input_is_a_400_with_a_clear_detail_and_stores_nothing(
    api_post, support_unit, path, body, detail
):
    before = stored()

    response = api_post(path, body, **support_unit)

    assert response.status_code == 400
    assert response.json() == {"detail": detail}
    assert stored() == before


def test_ending_a_term_before_it_starts_is_a_400_and_changes_nothing(api_post, support_unit):
    open_term = ChairTerm.objects.get(ends_on=None)
    before = stored()

    response = api_post(f"/chair/terms/{open_term.pk}/end", {"end": "2025-04-24"}, **support_unit)

    assert response.status_code == 400
    assert response.json() == {"detail": "A term must end after it starts."}
    assert stored() == before


@pytest.mark.parametrize(
    ("path", "body", "field"),
    [
        ("/chair/terms", {"state": "KGZ", "start": "2027-02-30"}, "start"),
        ("/chair/terms", {"start": "2027-04-24"}, "state"),
        ("/chair/passes", {"state": "KGZ", "turn_starts_on": "next time"}, "turn_starts_on"),
        ("/coordinators", {"state": "KGZ", "full_name": "Aibek Isaev"}, "designated_on"),
    ],
)
def test_a_body_with_a_missing_or_malformed_field_is_a_422_naming_it(
    api_post, support_unit, path, body, field
):
    before = stored()

    response = api_post(path, body, **support_unit)

    assert response.status_code == 422
    assert response.json()["errors"][0]["loc"] == ["body", "payload", field]
    assert stored() == before


def test_bad_input_from_a_russian_client_names_the_state_by_its_code(api_post, support_unit):
    """The detail's parameters (codes, ISO dates) are the same in every language."""
    response = api_post(
        "/chair/terms",
        {"state": "IRN", "start": "2027-04-24"},
        HTTP_ACCEPT_LANGUAGE="ru",
        **support_unit,
    )

    assert response.status_code == 400
    assert response["Content-Language"] == "ru"
    assert "IRN" in response.json()["detail"]
    assert "2027-04-24" in response.json()["detail"]
