"""The OpenAPI contract of /api/v1: what generated clients and integrators rely on."""

from __future__ import annotations

import pytest
from django.test import Client

PUBLIC = {"/api/v1/states", "/api/v1/states/{iso3}", "/api/v1/participations"}


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


@pytest.mark.parametrize("path", [*sorted(PUBLIC), "/api/v1/me"])
def test_openapi_lists_each_endpoint_as_a_get(schema, path):
    assert set(schema["paths"][path]) == {"get"}


def test_openapi_lists_no_endpoint_that_is_not_documented_here(schema):
    assert set(schema["paths"]) == {*PUBLIC, "/api/v1/me"}


def test_openapi_declares_the_bearer_token_scheme(schema):
    assert schema["components"]["securitySchemes"]["BearerToken"] == {
        "type": "http",
        "scheme": "bearer",
    }


def test_openapi_declares_the_browser_session_scheme(schema):
    assert schema["components"]["securitySchemes"]["Session"]["type"] == "apiKey"


def test_openapi_me_needs_a_token_or_a_session(schema):
    assert schema["paths"]["/api/v1/me"]["get"]["security"] == [
        {"BearerToken": []},
        {"Session": []},
    ]


@pytest.mark.parametrize("path", sorted(PUBLIC))
def test_openapi_public_endpoints_need_no_credentials(schema, path):
    assert "security" not in schema["paths"][path]["get"]


@pytest.mark.parametrize("path", ["/api/v1/states", "/api/v1/participations"])
def test_openapi_lists_take_an_optional_date(schema, path):
    (parameter,) = schema["paths"][path]["get"]["parameters"]

    assert parameter["name"] == "on"
    assert parameter["in"] == "query"
    assert parameter["required"] is False
    assert {"type": "string", "format": "date"} in parameter["schema"]["anyOf"]


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
    ("path", "codes"),
    [
        ("/api/v1/states", {"200", "422"}),
        ("/api/v1/states/{iso3}", {"200", "404", "422"}),
        ("/api/v1/participations", {"200", "422"}),
        ("/api/v1/me", {"200", "401", "422"}),
    ],
)
def test_openapi_documents_the_error_answers(schema, path, codes):
    responses = schema["paths"][path]["get"]["responses"]
    assert set(responses) == codes
    for code in codes - {"200"}:
        body = resolve(schema, responses[code]["content"]["application/json"]["schema"])
        assert "detail" in body["properties"]
