"""GET /api/v1/states, /states/{iso3} and /participations: public reads of who takes part."""

from __future__ import annotations

import datetime as dt

import pytest

from almaty.accounts.models import Role
from almaty.process.models import State
from tests.factories.accounts import RoleAssignmentFactory

MEMBERS = ["AFG", "AZE", "KAZ", "KGZ", "TJK", "TKM", "TUR"]
OBSERVERS = ["IRN", "PAK"]
GUESTS = ["CHN", "RUS", "USA"]


@pytest.fixture
def states_by_code(api_get, reference):
    def fetch(**headers):
        response = api_get("/states", **headers)
        assert response.status_code == 200
        return {row["iso3"]: row for row in response.json()}

    return fetch


def test_states_lists_the_twelve_participating_states_with_their_status(states_by_code):
    rows = states_by_code()

    assert {code: row["status"] for code, row in rows.items()} == {
        **dict.fromkeys(MEMBERS, "member"),
        **dict.fromkeys(OBSERVERS, "observer"),
        **dict.fromkeys(GUESTS, "guest"),
    }


def test_states_does_not_list_a_state_that_does_not_take_part(states_by_code):
    assert State.objects.filter(iso3="UZB").exists()

    assert "UZB" not in states_by_code()


def test_states_lists_members_first_then_observers_then_guests(api_get, reference):
    statuses = [row["status"] for row in api_get("/states").json()]

    assert statuses == ["member"] * 7 + ["observer"] * 2 + ["guest"] * 3


def test_states_gives_english_names_by_default(states_by_code):
    kyrgyzstan = states_by_code()["KGZ"]

    assert kyrgyzstan["name"] == "Kyrgyz Republic"
    assert kyrgyzstan["short_name"] == "Kyrgyzstan"
    assert (kyrgyzstan["name_en"], kyrgyzstan["name_ru"]) == (
        "Kyrgyz Republic",
        "Кыргызская Республика",
    )


def test_states_gives_official_russian_names_when_asked_in_russian(states_by_code):
    rows = states_by_code(HTTP_ACCEPT_LANGUAGE="ru")

    assert rows["KGZ"]["name"] == "Кыргызская Республика"
    assert rows["TKM"]["name"] == "Туркменистан"
    assert rows["KGZ"]["name_en"] == "Kyrgyz Republic"  # both are always there


def test_states_answers_in_the_language_asked_for(api_get, reference):
    assert api_get("/states", HTTP_ACCEPT_LANGUAGE="ru")["Content-Language"] == "ru"
    assert api_get("/states")["Content-Language"] == "en"


def test_states_on_a_day_before_the_process_began_gives_only_the_guests(api_get, reference):
    response = api_get("/states?on=2012-01-01")

    assert response.status_code == 200
    assert {row["iso3"]: row["status"] for row in response.json()} == dict.fromkeys(GUESTS, "guest")


@pytest.mark.parametrize(
    ("day", "count"), [("2011-03-14", 0), ("2011-03-15", 3), ("2013-06-05", 10), ("2013-09-01", 12)]
)
def test_states_on_a_day_counts_who_took_part_then(api_get, reference, day, count):
    assert len(api_get(f"/states?on={day}").json()) == count


@pytest.mark.parametrize("day", ["not-a-date", "2025-02-30", "10.03.2025"])
def test_states_with_a_day_that_is_not_a_date_is_refused(api_get, reference, day):
    response = api_get(f"/states?on={day}")

    assert response.status_code == 422
    body = response.json()
    assert body["detail"] == "The request is not valid."
    assert body["errors"][0]["loc"] == ["query", "on"]


@pytest.mark.parametrize("code", ["KGZ", "kgz", "Kgz"])
def test_one_state_by_its_code_in_any_case(api_get, reference, code):
    response = api_get(f"/states/{code}")

    assert response.status_code == 200
    assert response.json() == {
        "iso3": "KGZ",
        "iso2": "KG",
        "numeric": 417,
        "name": "Kyrgyz Republic",
        "name_en": "Kyrgyz Republic",
        "name_ru": "Кыргызская Республика",
        "short_name": "Kyrgyzstan",
        "is_central_asian": True,
        "status": "member",
    }


def test_one_state_in_russian(api_get, reference):
    body = api_get("/states/kgz", HTTP_ACCEPT_LANGUAGE="ru").json()

    assert body["name"] == "Кыргызская Республика"
    assert body["short_name"] == "Кыргызстан"


def test_one_state_that_does_not_take_part_has_no_status(api_get, reference):
    response = api_get("/states/UZB")

    assert response.status_code == 200
    assert response.json()["status"] is None


@pytest.mark.parametrize("code", ["XXX", "xx", "UZBEKISTAN"])
def test_an_unknown_state_code_gives_404_saying_so(api_get, reference, code):
    response = api_get(f"/states/{code}")

    assert response.status_code == 404
    assert response.json() == {"detail": f"No State with the code '{code}'."}


def test_participations_lists_states_and_organisations(api_get, reference):
    response = api_get("/participations")

    assert response.status_code == 200
    rows = {(row["participant_type"], row["participant_code"]): row for row in response.json()}
    assert len([key for key in rows if key[0] == "state"]) == 12
    assert rows["organisation", "IOM"]["status"] == "international_organisation"
    assert rows["state", "KGZ"] == {
        "participant_type": "state",
        "participant_code": "KGZ",
        "participant_name": "Kyrgyzstan",
        "status": "member",
        "status_label": "Member State",
        "valid_from": "2013-06-05",
        "valid_to": None,
        "note": "",
    }


def test_participations_on_a_day_before_the_process_began_gives_only_the_guests(api_get, reference):
    response = api_get("/participations?on=2012-01-01")

    assert sorted(row["participant_code"] for row in response.json()) == GUESTS


def test_participations_with_a_day_that_is_not_a_date_is_refused(api_get, reference):
    response = api_get("/participations?on=yesterday")

    assert response.status_code == 422
    assert "detail" in response.json()


def test_participations_in_russian_name_states_in_russian(api_get, reference):
    rows = {
        row["participant_code"]: row
        for row in api_get("/participations", HTTP_ACCEPT_LANGUAGE="ru").json()
    }

    assert rows["KGZ"]["participant_name"] == "Кыргызстан"


# --- query counts --------------------------------------------------------------------------


@pytest.fixture
def coordinators(reference):
    """`n` National Coordinators: one per Member State, plus former ones whose term ended."""

    def assign(n: int) -> None:
        role = Role.objects.get(code="national_coordinator")
        for iso3 in MEMBERS[:n]:
            state = State.objects.get(iso3=iso3)
            RoleAssignmentFactory(role=role, state=state)
            RoleAssignmentFactory(
                role=role, state=state, valid_from=dt.date(2015, 1, 1), valid_to=dt.date(2016, 1, 1)
            )

    return assign


@pytest.mark.parametrize("n", [0, 1, 7])
def test_states_query_count_does_not_grow_with_national_coordinators(
    api_get, coordinators, django_assert_max_num_queries, n
):
    coordinators(n)

    with django_assert_max_num_queries(2):
        response = api_get("/states")

    assert len(response.json()) == 12


@pytest.mark.parametrize("n", [0, 7])
def test_one_state_query_count_does_not_grow_with_national_coordinators(
    api_get, coordinators, django_assert_max_num_queries, n
):
    coordinators(n)

    with django_assert_max_num_queries(2):
        assert api_get("/states/KGZ").status_code == 200


def test_participations_takes_one_query(api_get, reference, django_assert_max_num_queries):
    with django_assert_max_num_queries(1):
        assert len(api_get("/participations").json()) == 14


@pytest.mark.parametrize("path", ["/api/v1/nothing", "/api/v1/states/", "/api/v2/states"])
def test_unknown_api_addresses_answer_json_404(client, path):
    response = client.get(path)
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"detail": "Not found."}
