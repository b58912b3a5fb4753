"""/api/v1/statistics: the catalogue, observations (JSON and files), submissions and their
review, mirror checks; a refused submission stores nothing."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook

from almaty.accounts.services import token_issue
from almaty.stats import exports
from almaty.stats.models import Observation, Submission
from tests.factories import stats as files
from tests.factories.accounts import UserFactory


@pytest.fixture
def member(user_with_role):
    def make(role, state=None):
        user = user_with_role(role, state) if role != "none" else UserFactory()
        user.token = token_issue(user=user, actor=None)[1]
        return user

    return make


@pytest.fixture
def api(client):
    def request(method, path, body=None, user=None, language="en", content_type="application/json"):
        headers = {"HTTP_ACCEPT_LANGUAGE": language}
        if user is not None:
            headers["HTTP_AUTHORIZATION"] = f"Bearer {user.token}"
        if method == "get":
            return client.get("/api/v1/statistics" + path, **headers)
        if content_type == "application/json":
            import json

            body = json.dumps(body if body is not None else {})
        return client.post("/api/v1/statistics" + path, body, content_type=content_type, **headers)

    return request


@pytest.fixture
def statistician(member):
    return member("statistician", "KGZ")


@pytest.fixture
def coordinator(member):
    return member("national_coordinator", "KGZ")


def _rows(*months, value=100, **more):
    return [files.row(TIME_PERIOD=m, OBS_VALUE=value, **more) for m in months]


def _submit(api, user, rows, **body):
    return api("post", "/submissions", {"rows": rows, **body}, user=user)


@pytest.fixture
def published(api, statistician, coordinator):
    def make(sharing="public", months=("2024-01", "2024-02", "2024-03")):
        made = _submit(api, statistician, _rows(*months)).json()
        api("post", f"/submissions/{made['id']}/approve", user=coordinator)
        api("post", f"/submissions/{made['id']}/publish", {"sharing": sharing}, user=coordinator)
        return made["id"]

    return make


def _counts():
    return Submission.objects.count(), Observation.objects.count()


# --- catalogue -------------------------------------------------------------------------------


def test_catalogue_is_public_and_bilingual(api, reference):
    response = api("get", "/indicators")

    assert response.status_code == 200
    entries = {i["code"]: i for i in response.json()}["ENTRIES"]
    assert entries["periodicity"] == "M"
    assert entries["bilateral"] == "EXITS"
    assert entries["dataflow"] == "ALMATY:MIGR_BORDER(1.0)"
    assert entries["dimensions"] == ["COUNTERPART_AREA", "SEX", "AGE", "PURPOSE"]
    assert entries["name"] == entries["name_en"]


def test_catalogue_takes_few_queries(api, reference, django_assert_max_num_queries):
    with django_assert_max_num_queries(3):
        api("get", "/indicators")


# --- observations ----------------------------------------------------------------------------


def test_public_observations_are_read_anonymously_in_pages(api, published):
    published()

    page = api("get", "/observations?indicator=entries&limit=2&offset=1").json()

    assert page["total"] == 3
    assert [i["time_period"] for i in page["items"]] == ["2024-02", "2024-03"]
    assert page["items"][0]["obs_value"] == 100.0
    assert page["items"][0]["dataflow"] == "ALMATY:MIGR_BORDER(1.0)"


def test_from_and_to_take_periods(api, published):
    published()

    page = api("get", "/observations?indicator=ENTRIES&from=2024-02&to=2024-02").json()

    assert [i["time_period"] for i in page["items"]] == ["2024-02"]


@pytest.mark.parametrize(("user", "seen"), [(None, 0), ("member", 3)])
def test_members_only_data_needs_a_signed_in_member(api, published, member, user, seen):
    published(sharing="members")
    caller = member("national_coordinator", "TJK") if user else None

    page = api("get", "/observations?indicator=ENTRIES", user=caller).json()

    assert page["total"] == seen


@pytest.mark.parametrize("fmt", ["sdmx-csv", "csv", "xlsx", "sdmx-ml"])
def test_observations_as_files(api, published, fmt):
    published()

    response = api("get", f"/observations?indicator=ENTRIES&state=KGZ&format={fmt}")

    assert response.status_code == 200
    assert response["Content-Type"] == exports.MEDIA_TYPES[fmt]
    assert "attachment" in response["Content-Disposition"]
    body = b"".join(response.streaming_content) if response.streaming else response.content
    if fmt == "xlsx":
        sheets = load_workbook(io.BytesIO(body)).worksheets
        assert len(list(sheets[0].iter_rows())) == 4
        assert ("Indicator", "ENTRIES") in list(sheets[1].iter_rows(values_only=True))
    elif fmt == "sdmx-ml":
        assert exports.read_sdmx_ml(body).height == 3
    else:
        assert body.decode().count("\n") == 4


@pytest.mark.parametrize(
    ("query", "status"),
    [
        ("indicator=NOPE", 404),
        ("indicator=ENTRIES&format=pdf", 400),
        ("indicator=ENTRIES&from=2024-13", 400),
        ("indicator=ENTRIES&limit=0", 400),
        ("", 422),
    ],
)
def test_bad_observation_requests_answer_json(api, reference, query, status):
    response = api("get", "/observations?" + query)

    assert response.status_code == status
    assert response.json()["detail"]


# --- submissions -----------------------------------------------------------------------------


def test_a_statistician_submits_json_rows(api, statistician):
    response = _submit(api, statistician, _rows("2024-01", "2024-02"), sharing="public")

    assert response.status_code == 201
    made = response.json()
    assert (made["state"], made["status"], made["sharing"], made["rows"]) == (
        "KGZ", "validated", "public", 2,
    )  # fmt: skip
    assert made["indicators"] == ["ENTRIES"]


def test_json_numbers_are_accepted_as_values(api, statistician):
    rows = [files.row(TIME_PERIOD="2024-01") | {"OBS_VALUE": 12.5}]

    assert _submit(api, statistician, rows).status_code == 201
    assert Observation.objects.get().value == 12.5


def test_raw_sdmx_csv_is_accepted(api, statistician):
    response = api(
        "post",
        "/submissions?sharing=members",
        files.entries(months=("2024-04",)),
        user=statistician,
        content_type="text/csv",
    )

    assert response.status_code == 201
    assert response.json()["rows"] == 1


def test_a_bad_row_refuses_the_whole_request(api, statistician):
    before = _counts()
    rows = [*_rows("2024-01", "2024-02"), files.row(TIME_PERIOD="2024-03", REF_AREA="KAZZ")]

    response = _submit(api, statistician, rows)

    assert response.status_code == 422
    body = response.json()
    assert "nothing was stored" in body["detail"]
    assert any(
        (i["row"], i["column"], i["code"]) == (4, "REF_AREA", "unknown_code")
        for i in body["issues"]
    )
    assert _counts() == before


def test_another_states_rows_are_refused(api, statistician):
    before = _counts()

    response = _submit(api, statistician, _rows("2024-01", REF_AREA="KAZ"))

    assert response.status_code == 422
    assert {i["code"] for i in response.json()["issues"]} >= {"wrong_area"}
    assert _counts() == before


def test_warnings_need_confirmation(api, published, statistician):
    published()
    rows = _rows("2024-04", value=100_000)

    refused = _submit(api, statistician, rows)
    confirmed = _submit(api, statistician, rows, confirm=True)

    assert refused.status_code == 422
    assert refused.json()["needs_confirmation"] is True
    assert refused.json()["issues"][0]["severity"] == "warning"
    assert confirmed.status_code == 201


@pytest.mark.parametrize(
    "body",
    [
        {"rows": "x"},
        {"sharing": "members"},
        {"rows": [], "sharing": "everyone"},
        {"rows": [{}], "confirm": "yes"},
    ],
)
def test_malformed_bodies_store_nothing(api, statistician, body):
    before = _counts()

    response = api("post", "/submissions", body, user=statistician)

    assert response.status_code in {400, 422}
    assert response.json()["detail"]
    assert _counts() == before


def test_submitting_needs_a_token(api, reference):
    assert _submit(api, None, _rows("2024-01")).status_code == 401


def test_submitting_needs_a_submitting_role(api, member):
    response = _submit(api, member("none"), _rows("2024-01"))

    assert response.status_code == 403


# --- review ----------------------------------------------------------------------------------


def test_the_coordinator_approves_and_publishes(api, statistician, coordinator):
    made = _submit(api, statistician, _rows("2024-01")).json()

    approved = api("post", f"/submissions/{made['id']}/approve", user=coordinator)
    published = api(
        "post", f"/submissions/{made['id']}/publish", {"sharing": "public"}, user=coordinator
    )

    assert approved.json()["status"] == "approved"
    assert published.json()["status"] == "published"
    assert published.json()["published_at"]


def test_a_statistician_may_not_approve(api, statistician):
    made = _submit(api, statistician, _rows("2024-01")).json()

    response = api("post", f"/submissions/{made['id']}/approve", user=statistician)

    assert response.status_code == 403


def test_another_states_coordinator_cannot_see_an_unpublished_submission(api, statistician, member):
    made = _submit(api, statistician, _rows("2024-01")).json()
    other = member("national_coordinator", "TJK")

    assert api("get", f"/submissions/{made['id']}", user=other).status_code == 404
    assert api("post", f"/submissions/{made['id']}/approve", user=other).status_code == 404
    assert made["id"] not in [
        s["id"] for s in api("get", "/submissions", user=other).json()["items"]
    ]


def test_approving_twice_is_refused(api, statistician, coordinator):
    made = _submit(api, statistician, _rows("2024-01")).json()
    api("post", f"/submissions/{made['id']}/approve", user=coordinator)

    response = api("post", f"/submissions/{made['id']}/approve", user=coordinator)

    assert response.status_code == 400


def test_submission_list_is_for_signed_in_callers(api, statistician, django_assert_max_num_queries):
    _submit(api, statistician, _rows("2024-01"))

    assert api("get", "/submissions").status_code == 401
    with django_assert_max_num_queries(8):
        page = api("get", "/submissions?status=validated", user=statistician).json()
    assert page["total"] == 1


# --- mirror ----------------------------------------------------------------------------------


def test_mirror_checks_for_members(api, member):
    support = member("support_unit")
    rows = [
        files.row(INDICATOR="EXITS", REF_AREA="KGZ", COUNTERPART_AREA="KAZ", OBS_VALUE=1000),
        files.row(INDICATOR="ENTRIES", REF_AREA="KAZ", COUNTERPART_AREA="KGZ", OBS_VALUE=800),
    ]
    made = _submit(api, support, rows).json()
    api("post", f"/submissions/{made['id']}/approve", user=support)
    api("post", f"/submissions/{made['id']}/publish", {"sharing": "members"}, user=support)

    body = api(
        "get", "/mirror?indicator=EXITS&period=2024", user=member("statistician", "TJK")
    ).json()

    assert (body["mirror"], body["pairs"], body["flagged"]) == ("ENTRIES", 1, 1)
    assert body["rows"][0] == {
        "area": "KGZ", "counterpart": "KAZ", "time_period": "2024-01", "value": 1000.0,
        "mirror_value": 800.0, "difference": 200.0, "relative": 0.2, "flagged": True,
    }  # fmt: skip


@pytest.mark.parametrize(("who", "status"), [(None, 401), ("none", 403)])
def test_mirror_checks_need_a_role(api, member, who, status):
    user = member(who) if who else None

    assert api("get", "/mirror?indicator=EXITS", user=user).status_code == status


def test_mirror_of_an_indicator_without_a_mirror_is_refused(api, member):
    response = api("get", "/mirror?indicator=REFUSALS", user=member("support_unit"))

    assert response.status_code == 400
    assert "ENTRIES" in response.json()["detail"]
