"""The OpenAPI contract of /api/v1: what generated clients and integrators rely on."""

from __future__ import annotations

import pytest
from django.test import Client

# Public reads (GET, no credentials), with the answers each documents.
PUBLIC = {
    "/api/v1/states": {"200", "422"},
    "/api/v1/news": {"200", "400", "422"},
    "/api/v1/statistics/indicators": {"200", "422"},
    "/api/v1/statistics/observations": {"200", "400", "404", "422"},
    "/api/v1/news/{slug}": {"200", "404", "422"},
    "/api/v1/states/{iso3}": {"200", "404", "422"},
    "/api/v1/participations": {"200", "422"},
    "/api/v1/modalities": {"200", "422"},
    "/api/v1/modalities/in-force": {"200", "400", "422"},
    "/api/v1/chair/rotation": {"200", "400", "422"},
    "/api/v1/chair/terms": {"200", "422"},
    "/api/v1/chair/passes": {"200", "422"},
    "/api/v1/coordinators": {"200", "422"},
    "/api/v1/obligations": {"200", "400", "422"},
    "/api/v1/decisions": {"200", "422"},
    "/api/v1/decisions/{proposal_id}": {"200", "404", "422"},
    "/api/v1/meetings": {"200", "400", "422"},
    "/api/v1/meetings/calendar.ics": {"200", "422"},
    "/api/v1/meetings/{meeting_id}": {"200", "404", "422"},
    "/api/v1/meetings/{meeting_id}/agenda": {"200", "404", "422"},
    "/api/v1/meetings/{meeting_id}/calendar.ics": {"200", "404", "422"},
    "/api/v1/documents/search": {"200", "400", "422"},
    "/api/v1/documents/{document_id}": {"200", "404", "422"},
    "/api/v1/documents/{document_id}/versions/{language}/file": {"200", "404", "422"},
}
# Reads that need a token or a session (personal data, or figures for role holders).
SIGNED_IN_READS = {
    "/api/v1/meetings/{meeting_id}/delegation-counts": {"200", "401", "403", "404", "422"},
    "/api/v1/meetings/{meeting_id}/delegates": {"200", "401", "404", "422"},
    "/api/v1/statistics/submissions": {"200", "400", "401", "422"},
    "/api/v1/statistics/submissions/{submission_id}": {"200", "401", "404", "422"},
    "/api/v1/statistics/mirror": {"200", "400", "401", "403", "404", "422"},
    "/api/v1/forecasts": {"200", "400", "401", "403", "422"},
    "/api/v1/forecasts/warnings": {"200", "400", "401", "403", "422"},
    "/api/v1/forecasts/{series_id}": {"200", "401", "403", "404", "422"},
    "/api/v1/forecasts/{series_id}/forecast.csv": {"200", "401", "403", "404", "422"},
    "/api/v1/borders/loads": {"200", "400", "401", "422"},
    "/api/v1/borders/loads/{load_id}": {"200", "401", "403", "404", "422"},
    "/api/v1/borders/{iso3}/indicators.csv": {"200", "401", "403", "404", "422"},
    "/api/v1/borders/{iso3}/overstays": {"200", "400", "401", "403", "404", "422"},
}
# Writes (POST, a token or a session; the Support Unit role), with the answers each documents.
WRITES = {
    "/api/v1/chair/terms": {"201", "400", "401", "403", "422"},
    "/api/v1/chair/terms/{term_id}/end": {"200", "400", "401", "403", "404", "422"},
    "/api/v1/chair/passes": {"201", "400", "401", "403", "422"},
    "/api/v1/coordinators": {"201", "400", "401", "403", "422"},
    "/api/v1/modalities": {"201", "400", "401", "403", "404", "422"},
    "/api/v1/decisions": {"201", "400", "401", "403", "404", "422"},
    "/api/v1/decisions/{proposal_id}/meeting": {"200", "400", "401", "403", "404", "422"},
    "/api/v1/decisions/{proposal_id}/positions": {"200", "400", "401", "403", "404", "422"},
    "/api/v1/decisions/{proposal_id}/decide": {"200", "400", "401", "403", "404", "422"},
    "/api/v1/decisions/{proposal_id}/silence": {"200", "400", "401", "403", "404", "422"},
    "/api/v1/decisions/{proposal_id}/breaks": {"201", "400", "401", "403", "404", "422"},
    "/api/v1/decisions/{proposal_id}/breaks/{break_id}/withdraw": {
        "200",
        "400",
        "401",
        "403",
        "404",
        "422",
    },
    "/api/v1/decisions/{proposal_id}/extensions": {"200", "400", "401", "403", "404", "422"},
    "/api/v1/decisions/{proposal_id}/outcome": {"200", "400", "401", "403", "404", "422"},
    "/api/v1/meetings/{meeting_id}/delegates": {"201", "400", "401", "403", "404", "422"},
    "/api/v1/meetings/{meeting_id}/delegates/{delegate_id}/decision": {
        "200",
        "400",
        "401",
        "403",
        "404",
        "422",
    },
    "/api/v1/documents": {"201", "400", "401", "403", "422"},
    "/api/v1/documents/{document_id}/versions": {"201", "400", "401", "403", "404", "422"},
    "/api/v1/statistics/submissions": {"201", "400", "401", "403", "404", "422"},
    "/api/v1/statistics/submissions/{submission_id}/approve": {
        "200",
        "400",
        "401",
        "403",
        "404",
        "422",
    },
    "/api/v1/statistics/submissions/{submission_id}/publish": {
        "200",
        "400",
        "401",
        "403",
        "404",
        "422",
    },
    # computes and stores nothing, but takes a body like the writes
    "/api/v1/forecasts/run": {"200", "400", "401", "403", "422"},
}


@pytest.fixture(scope="module")
def schema():
    """Fetched once: the document does not depend on the database."""
    response = Client().get("/api/v1/openapi.json")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    return response.json()


def resolve(schema, ref_or_schema):
    ref = ref_or_schema.get("$ref") or ref_or_schema.get("items", {}).get("$ref")
    assert ref, ref_or_schema
    return schema["components"]["schemas"][ref.rsplit("/", 1)[-1]]


def response_schema(schema, path):
    return schema["paths"][path]["get"]["responses"]["200"]["content"]["application/json"]["schema"]


def test_openapi_names_the_api_and_its_version(schema):
    assert schema["info"]["title"] == "Almaty Process platform API"
    assert schema["info"]["version"] == "1"


@pytest.mark.parametrize("path", sorted({*PUBLIC, *SIGNED_IN_READS, *WRITES, "/api/v1/me"}))
def test_openapi_lists_each_endpoint_with_its_methods(schema, path):
    methods = {"get"} if path in {*PUBLIC, *SIGNED_IN_READS, "/api/v1/me"} else set()
    methods |= {"post"} if path in WRITES else set()

    assert set(schema["paths"][path]) == methods


def test_openapi_lists_no_endpoint_that_is_not_documented_here(schema):
    assert set(schema["paths"]) == {*PUBLIC, *SIGNED_IN_READS, *WRITES, "/api/v1/me"}


def test_openapi_declares_the_bearer_token_scheme(schema):
    assert schema["components"]["securitySchemes"]["BearerToken"] == {
        "type": "http",
        "scheme": "bearer",
    }


def test_openapi_declares_the_browser_session_scheme(schema):
    assert schema["components"]["securitySchemes"]["Session"]["type"] == "apiKey"


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("get", "/api/v1/me"),
        *(("get", path) for path in sorted(SIGNED_IN_READS)),
        *(("post", path) for path in sorted(WRITES)),
    ],
)
def test_openapi_me_and_writes_need_a_token_or_a_session(schema, method, path):
    assert schema["paths"][path][method]["security"] == [
        {"BearerToken": []},
        {"Session": []},
    ]


# Public reads where a token or a session shows a signed-in reader more (unadopted proposals,
# unpublished agendas, documents for members).
OPTIONAL_SIGN_IN = {
    "/api/v1/decisions",
    "/api/v1/news",
    "/api/v1/news/{slug}",
    "/api/v1/statistics/observations",
    "/api/v1/decisions/{proposal_id}",
    "/api/v1/meetings/{meeting_id}",
    "/api/v1/meetings/{meeting_id}/agenda",
    "/api/v1/documents/search",
    "/api/v1/documents/{document_id}",
    "/api/v1/documents/{document_id}/versions/{language}/file",
}


@pytest.mark.parametrize("path", sorted(set(PUBLIC) - OPTIONAL_SIGN_IN))
def test_openapi_public_endpoints_need_no_credentials(schema, path):
    assert "security" not in schema["paths"][path]["get"]


@pytest.mark.parametrize("path", sorted(OPTIONAL_SIGN_IN))
def test_openapi_optional_sign_in_reads_accept_a_token_or_a_session(schema, path):
    assert schema["paths"][path]["get"]["security"] == [{"BearerToken": []}, {"Session": []}]


@pytest.mark.parametrize("path", sorted(OPTIONAL_SIGN_IN))
def test_optional_sign_in_reads_need_no_credentials(client, db, path):
    for name in ("{proposal_id}", "{meeting_id}", "{document_id}"):
        path = path.replace(name, "1")
    query = {"/api/v1/statistics/observations": {"indicator": "ENTRIES"}}.get(path, {})
    response = client.get(path.replace("{language}", "en"), query)
    assert response.status_code in {200, 404}
    assert response.status_code != 401


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/states",
        "/api/v1/participations",
        "/api/v1/modalities/in-force",
        "/api/v1/coordinators",
        "/api/v1/obligations",
    ],
)
def test_openapi_reads_take_an_optional_date(schema, path):
    (parameter,) = schema["paths"][path]["get"]["parameters"]

    assert parameter["name"] == "on"
    assert parameter["in"] == "query"
    assert parameter["required"] is False
    assert {"type": "string", "format": "date"} in parameter["schema"]["anyOf"]


def test_openapi_rotation_takes_a_window_of_dates_with_defaults(schema):
    parameters = schema["paths"]["/api/v1/chair/rotation"]["get"]["parameters"]

    assert [(p["name"], p["in"], p["required"]) for p in parameters] == [
        ("start", "query", False),
        ("end", "query", False),
    ]
    assert [(p["schema"]["format"], p["schema"]["default"]) for p in parameters] == [
        ("date", "2013-01-01"),
        ("date", "2036-01-01"),
    ]


def test_openapi_ending_a_term_takes_its_id_in_the_path(schema):
    (parameter,) = schema["paths"]["/api/v1/chair/terms/{term_id}/end"]["post"]["parameters"]

    assert (parameter["name"], parameter["in"], parameter["required"]) == ("term_id", "path", True)
    assert parameter["schema"]["type"] == "integer"


@pytest.mark.parametrize(
    ("path", "required", "optional"),
    [
        (
            "/api/v1/chair/terms",
            {"state", "start"},
            {"end", "kind", "representative", "decision_ref", "note"},
        ),
        ("/api/v1/chair/terms/{term_id}/end", {"end"}, set()),
        (
            "/api/v1/chair/passes",
            {"state", "turn_starts_on"},
            {"declared_on", "decision_ref", "note"},
        ),
        (
            "/api/v1/coordinators",
            {"state", "full_name", "designated_on"},
            {"position", "office", "user_email"},
        ),
    ],
)
def test_openapi_write_bodies_have_the_documented_fields(schema, path, required, optional):
    body = schema["paths"][path]["post"]["requestBody"]
    assert body["required"] is True
    described = resolve(schema, body["content"]["application/json"]["schema"])

    assert set(described["required"]) == required
    assert set(described["properties"]) == required | optional


def test_openapi_state_takes_its_code_in_the_path(schema):
    (parameter,) = schema["paths"]["/api/v1/states/{iso3}"]["get"]["parameters"]

    assert (parameter["name"], parameter["in"], parameter["required"]) == ("iso3", "path", True)


@pytest.mark.parametrize(
    ("path", "is_list", "fields"),
    [
        (
            "/api/v1/states",
            True,
            {
                "iso3",
                "iso2",
                "numeric",
                "name",
                "name_en",
                "name_ru",
                "short_name",
                "is_central_asian",
                "status",
            },
        ),
        (
            "/api/v1/states/{iso3}",
            False,
            {
                "iso3",
                "iso2",
                "numeric",
                "name",
                "name_en",
                "name_ru",
                "short_name",
                "is_central_asian",
                "status",
            },
        ),
        (
            "/api/v1/participations",
            True,
            {
                "participant_type",
                "participant_code",
                "participant_name",
                "status",
                "status_label",
                "valid_from",
                "valid_to",
                "note",
            },
        ),
        ("/api/v1/me", False, {"email", "full_name", "preferred_language", "roles"}),
        (
            "/api/v1/modalities",
            True,
            {
                "number",
                "effective_on",
                "reference",
                "title",
                "text",
                "adopted_by",
                "term_years",
                "order_key",
                "eligible_statuses",
                "ministerial_every_years",
                "som_every_years",
                "national_consultation_every_years",
                "support_unit_review_years",
                "has_voluntary_fee",
                "deputy_chairs",
                "technical_group_size",
                "amended_by",
            },
        ),
        (
            "/api/v1/chair/rotation",
            True,
            {"state", "state_name", "start", "end", "basis", "kind", "kind_label"},
        ),
        (
            "/api/v1/chair/terms",
            True,
            {
                "id",
                "state",
                "start",
                "end",
                "kind",
                "representative",
                "decision_ref",
                "note",
                "dates_approximate",
            },
        ),
        (
            "/api/v1/chair/passes",
            True,
            {"id", "state", "turn_starts_on", "declared_on", "decision_ref", "note"},
        ),
        (
            "/api/v1/coordinators",
            True,
            {"id", "state", "full_name", "position", "office", "designated_on", "ended_on"},
        ),
        (
            "/api/v1/obligations",
            True,
            {
                "code",
                "label",
                "state",
                "status",
                "status_label",
                "due_on",
                "last_on",
                "evidence",
            },
        ),
    ],
)
def test_openapi_response_schemas_have_the_documented_fields(schema, path, is_list, fields):
    described = response_schema(schema, path)

    assert (described.get("type") == "array") is is_list
    assert set(resolve(schema, described)["properties"]) == fields


def test_openapi_me_roles_have_the_documented_fields(schema):
    me = resolve(schema, response_schema(schema, "/api/v1/me"))
    role = resolve(schema, me["properties"]["roles"])

    assert set(role["properties"]) == {"role", "role_name", "state", "valid_from", "valid_to"}
    assert set(role["required"]) == {"role", "role_name", "state", "valid_from", "valid_to"}


@pytest.mark.parametrize(
    ("component", "field", "expected"),
    [
        ("StateOut", "numeric", {"type": "integer"}),
        ("StateOut", "is_central_asian", {"type": "boolean"}),
        ("ParticipationOut", "valid_from", {"type": "string", "format": "date"}),
        ("RoleOut", "valid_from", {"type": "string", "format": "date"}),
        ("ModalitiesOut", "term_years", {"type": "integer"}),
        ("TermOut", "start", {"type": "string", "format": "date"}),
        ("RecordedTermOut", "dates_approximate", {"type": "boolean"}),
        ("ObligationOut", "evidence", {"type": "array"}),
    ],
)
def test_openapi_field_types(schema, component, field, expected):
    described = schema["components"]["schemas"][component]["properties"][field]

    assert expected.items() <= described.items()


def test_api_docs_page_opens(client):
    response = client.get("/api/v1/docs")

    assert response.status_code == 200
    assert "/api/v1/openapi.json" in response.content.decode()


@pytest.mark.parametrize(
    ("method", "path", "codes"),
    [
        *(("get", path, codes) for path, codes in sorted(PUBLIC.items())),
        ("get", "/api/v1/me", {"200", "401", "422"}),
        *(("get", path, codes) for path, codes in sorted(SIGNED_IN_READS.items())),
        *(("post", path, codes) for path, codes in sorted(WRITES.items())),
    ],
)
def test_openapi_documents_the_error_answers(schema, method, path, codes):
    responses = schema["paths"][path][method]["responses"]
    assert set(responses) == codes
    for code in codes - {"200", "201"}:
        body = resolve(schema, responses[code]["content"]["application/json"]["schema"])
        assert "detail" in body["properties"]


@pytest.mark.parametrize(
    ("path", "fields"),
    [
        (
            "/api/v1/forecasts/{series_id}",
            {
                "id",
                "series_id",
                "indicator",
                "area",
                "freq",
                "source",
                "data_through",
                "horizon",
                "method",
                "created_at",
                "next",
                "data_version",
                "observed",
                "points",
                "track_record",
                "weights",
                "notes",
                "details",
            },
        ),
        ("/api/v1/forecasts", {"total", "limit", "offset", "items"}),
        ("/api/v1/forecasts/warnings", {"total", "limit", "offset", "items"}),
    ],
)
def test_openapi_forecast_answers_have_the_documented_fields(schema, path, fields):
    assert set(resolve(schema, response_schema(schema, path))["properties"]) == fields


def test_openapi_forecast_run_takes_rows_or_csv_text(schema):
    body = schema["paths"]["/api/v1/forecasts/run"]["post"]["requestBody"]
    described = resolve(schema, body["content"]["application/json"]["schema"])

    assert set(described["properties"]) == {"horizon", "gaps", "rows", "csv"}
    assert "required" not in described


@pytest.mark.parametrize(
    ("path", "fields"),
    [
        ("/api/v1/borders/loads", {"total", "limit", "offset", "items"}),
        (
            "/api/v1/borders/loads/{load_id}",
            {
                "id", "state", "file_name", "status", "status_label", "step", "done", "total",
                "rows_read", "rows_accepted", "rows_rejected", "rows_already_loaded", "engine",
                "created_at", "finished_at", "error", "report", "derived",
            },
        ),
        (
            "/api/v1/borders/{iso3}/overstays",
            {"state", "as_of", "total", "limit", "offset", "items"},
        ),
    ],
)  # fmt: skip
def test_openapi_border_answers_have_the_documented_fields(schema, path, fields):
    assert set(resolve(schema, response_schema(schema, path))["properties"]) == fields


def test_openapi_overstays_take_a_date_and_a_page(schema):
    parameters = schema["paths"]["/api/v1/borders/{iso3}/overstays"]["get"]["parameters"]

    assert [(p["name"], p["in"], p["required"]) for p in parameters] == [
        ("iso3", "path", True),
        ("as_of", "query", False),
        ("limit", "query", False),
        ("offset", "query", False),
    ]
    assert {"type": "string", "format": "date"} in parameters[1]["schema"]["anyOf"]


def test_openapi_border_indicators_are_documented_as_a_csv_file(schema):
    answer = schema["paths"]["/api/v1/borders/{iso3}/indicators.csv"]["get"]["responses"]

    assert set(answer["200"]["content"]) == {"text/csv"}


def test_openapi_forecast_csv_is_documented_as_a_csv_file(schema):
    answer = schema["paths"]["/api/v1/forecasts/{series_id}/forecast.csv"]["get"]["responses"]

    assert set(answer["200"]["content"]) == {"text/csv"}
