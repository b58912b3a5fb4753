"""/api/v1/documents: searching and reading the archive, downloading files, adding to it; a
document the caller may not read answers exactly as a missing one."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from almaty.accounts.services import token_issue
from almaty.archive import services
from almaty.archive.choices import Access, DocumentKind
from almaty.archive.models import Document, DocumentVersion
from almaty.core.models import AuditEntry
from tests.factories.accounts import UserFactory
from tests.factories.archive import (
    PNG_HEADER,
    TopicFactory,
    clear_stored_files,
    encrypted_pdf_bytes,
    pdf_bytes,
    stored_files,
)
from tests.factories.meetings import MeetingFactory

NEEDS_SUPPORT_UNIT = "This needs the role Support Unit staff."
NEEDS_SUPPORT_UNIT_RU = "Для этого нужна роль «Сотрудник Группы поддержки»."
REPORT_PDF = pdf_bytes("Labour migrants returned home in spring.")


@pytest.fixture(autouse=True)
def _empty_store():
    clear_stored_files()
    yield
    clear_stored_files()


@pytest.fixture
def member(user_with_role):
    """A user holding `role` (for `state`) with an API token issued beforehand."""

    def make(role: str, state: str | None = None):
        user = user_with_role(role, state) if role != "none" else UserFactory()
        user.token = token_issue(user=user, actor=None)[1]
        return user

    return make


@pytest.fixture
def api(client):
    def request(method: str, path: str, body=None, user=None, language="en", multipart=False):
        headers = {"HTTP_ACCEPT_LANGUAGE": language}
        if user is not None:
            headers["HTTP_AUTHORIZATION"] = f"Bearer {user.token}"
        if method == "get":
            return client.get("/api/v1" + path, **headers)
        if multipart:
            return client.post("/api/v1" + path, body or {}, **headers)
        return client.post("/api/v1" + path, body or {}, content_type="application/json", **headers)

    return request


@pytest.fixture
def clerk(member):
    return member("support_unit")


@pytest.fixture
def archive(reference, clerk):
    """Three documents on migration: public (English PDF and Russian text), members only, and a
    Support Unit draft; each made as the Support Unit makes it, so each is indexed."""
    meeting = MeetingFactory(starts_on=dt.date(2019, 5, 20))
    topic = TopicFactory(code="labour-migration")

    def add(kind, issued_on, access, title, text="", upload=None, **more):
        document = services.document_create(
            actor=clerk, kind=kind, issued_on=issued_on, access=access, **more
        )
        services.version_save(
            actor=clerk, document=document, language="en", title=title, text=text,
            upload=upload, status="original",
        )  # fmt: skip
        return document

    public = add(
        DocumentKind.REPORT, dt.date(2019, 5, 21), Access.PUBLIC, "Labour migration report",
        upload=SimpleUploadedFile("report.pdf", REPORT_PDF), meeting=meeting, topics=[topic],
        states=["KAZ"],
    )  # fmt: skip
    services.version_save(
        actor=clerk, document=public, language="ru", title="Доклад о трудовой миграции",
        text="Трудовые мигранты вернулись домой.", status="final", translated_from="en",
    )  # fmt: skip
    members = add(
        DocumentKind.CONCLUDING_REMARKS, dt.date(2020, 3, 1), Access.MEMBERS,
        "Concluding remarks on migrants at borders", text="Migrants at the borders were counted.",
    )  # fmt: skip
    draft = add(
        DocumentKind.COMMUNIQUE, dt.date(2021, 9, 9), Access.DRAFT, "Draft communique",
        text="A draft on migrants, not for circulation.",
    )  # fmt: skip
    return {"public": public, "members": members, "draft": draft, "meeting": meeting}


def found(response) -> list[str]:
    return [hit["title"] for hit in response.json()["hits"]]


def nothing_changed_since(before) -> bool:
    return (
        Document.objects.count(),
        DocumentVersion.objects.count(),
        AuditEntry.objects.count(),
        stored_files(),
    ) == before


def snapshot():
    return (
        Document.objects.count(),
        DocumentVersion.objects.count(),
        AuditEntry.objects.count(),
        stored_files(),
    )


# Search


@pytest.mark.parametrize(
    ("role", "state", "titles"),
    [
        (None, None, ["Labour migration report"]),
        ("none", None, ["Labour migration report"]),
        ("statistician", "KGZ", ["Concluding remarks on migrants at borders", "Labour migration report"]),
        ("national_coordinator", "KAZ", ["Concluding remarks on migrants at borders", "Labour migration report"]),
        ("support_unit", None, ["Concluding remarks on migrants at borders", "Draft communique", "Labour migration report"]),
    ],
)  # fmt: skip
def test_search_finds_only_what_the_caller_may_read(api, member, archive, role, state, titles):
    user = member(role, state) if role else None

    response = api("get", "/documents/search?q=migrants", user=user)

    assert response.status_code == 200
    assert sorted(found(response)) == titles
    assert response.json()["total"] == len(titles)


def test_search_marks_the_words_found_in_a_snippet(api, archive):
    (hit,) = api("get", "/documents/search?q=migrants").json()["hits"]

    assert hit["document_id"] == archive["public"].pk
    assert "<mark>migrants</mark>" in hit["snippet"].lower()
    assert hit["rank"] > 0


def test_search_finds_russian_word_forms(api, archive):
    response = api("get", "/documents/search?q=мигрантов&language=ru")

    assert found(response) == ["Доклад о трудовой миграции"]


@pytest.mark.parametrize(
    ("query", "titles"),
    [
        ("kind=concluding_remarks", ["Concluding remarks on migrants at borders"]),
        ("year=2019", ["Labour migration report"]),
        ("topic=labour-migration", ["Labour migration report"]),
        ("state=KAZ", ["Labour migration report"]),
        ("year=2018", []),
    ],
)
def test_search_filters_narrow_the_results(api, archive, clerk, query, titles):
    response = api("get", f"/documents/search?q=migrants&{query}", user=clerk)

    assert found(response) == titles


def test_search_filters_by_meeting(api, archive):
    response = api("get", f"/documents/search?meeting={archive['meeting'].pk}")

    assert [h["document_id"] for h in response.json()["hits"]] == [archive["public"].pk]


def test_search_pages_through_the_results(api, archive, clerk):
    first = api("get", "/documents/search?q=migrants&limit=2", user=clerk).json()
    rest = api("get", "/documents/search?q=migrants&limit=2&offset=2", user=clerk).json()

    assert (first["total"], len(first["hits"]), rest["total"], len(rest["hits"])) == (3, 2, 3, 1)
    assert {h["document_id"] for h in first["hits"]}.isdisjoint(
        h["document_id"] for h in rest["hits"]
    )


def test_search_takes_as_many_queries_for_many_results_as_for_few(client, archive, clerk):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/api/v1/documents/search?q=migrants").status_code == 200
        return len(captured)

    few = queries()
    for n in range(4):
        document = services.document_create(
            actor=clerk, kind="report", issued_on=dt.date(2022, 1, 1 + n), access="public"
        )
        services.version_save(
            actor=clerk, document=document, language="en", title=f"Report {n}",
            text="On migrants.", status="original",
        )  # fmt: skip

    assert queries() == few


@pytest.mark.parametrize(
    ("query", "detail"),
    [
        ("limit=0", "The limit must be between 1 and 100."),
        ("limit=101", "The limit must be between 1 and 100."),
        ("offset=-1", "The offset cannot be negative."),
    ],
)
def test_a_bad_page_is_a_bad_request(api, archive, query, detail):
    response = api("get", f"/documents/search?q=migrants&{query}")

    assert (response.status_code, response.json()) == (400, {"detail": detail})


def test_a_search_parameter_of_the_wrong_type_is_refused(api, archive):
    response = api("get", "/documents/search?year=soon")

    assert response.status_code == 422
    assert response.json()["detail"] == "The request is not valid."


# One document


def test_a_document_lists_its_versions_without_file_paths(api, archive):
    document = archive["public"]

    response = api("get", f"/documents/{document.pk}")

    assert response.status_code == 200
    body = response.json()
    assert (body["kind"], body["access"], body["topics"], body["states"], body["has_parity"]) == (
        "report",
        "public",
        ["labour-migration"],
        ["KAZ"],
        True,
    )
    assert [
        (v["language"], v["status"], v["has_file"], v["file_name"], v["media_type"])
        for v in body["versions"]
    ] == [
        ("en", "original", True, "report.pdf", "application/pdf"),
        ("ru", "final", False, "", ""),
    ]
    assert body["versions"][0]["file_url"] == f"/api/v1/documents/{document.pk}/versions/en/file"
    stored = document.version_in("en").file.name
    assert stored.split("/")[-1] not in response.content.decode()


@pytest.mark.parametrize(
    ("which", "role", "state"),
    [
        ("members", None, None),
        ("members", "none", None),
        ("draft", None, None),
        ("draft", "statistician", "KGZ"),
        ("draft", "national_coordinator", "KAZ"),
        ("draft", "chair", "KAZ"),
    ],
)
def test_a_document_the_caller_may_not_read_answers_as_a_missing_one(
    api, member, archive, which, role, state
):
    user = member(role, state) if role else None
    hidden = archive[which].pk
    missing = Document.objects.order_by("-pk").first().pk + 100

    for path in ("/documents/{id}", "/documents/{id}/versions/en/file"):
        shown = api("get", path.format(id=hidden), user=user)
        absent = api("get", path.format(id=missing), user=user)

        assert shown.status_code == absent.status_code == 404
        assert shown.json() == {"detail": f"No document {hidden}."}
        assert absent.json() == {"detail": f"No document {missing}."}


@pytest.mark.parametrize(
    ("which", "role", "state"),
    [
        ("public", None, None),
        ("members", "statistician", "KGZ"),
        ("draft", "support_unit", None),
    ],
)
def test_a_document_is_shown_to_those_who_may_read_it(api, member, archive, which, role, state):
    response = api(
        "get", f"/documents/{archive[which].pk}", user=member(role, state) if role else None
    )

    assert response.status_code == 200
    assert response.json()["id"] == archive[which].pk


# Files


def test_a_file_is_downloaded_with_its_media_type(api, archive):
    response = api("get", f"/documents/{archive['public'].pk}/versions/en/file")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="report.pdf"'
    assert b"".join(response.streaming_content) == REPORT_PDF
    response.close()


@pytest.mark.parametrize("language", ["ru", "kk", "xx"])
def test_a_version_without_a_file_is_404(api, archive, language):
    document = archive["public"]

    response = api("get", f"/documents/{document.pk}/versions/{language}/file")

    assert (response.status_code, response.json()) == (
        404,
        {"detail": f"Document {document.pk} has no file in the language '{language}'."},
    )


def test_a_file_missing_from_the_disk_is_404_not_an_error(api, archive):
    clear_stored_files()

    response = api("get", f"/documents/{archive['public'].pk}/versions/en/file")

    assert response.status_code == 404


# Adding documents


NEW = {"kind": "declaration", "issued_on": "2025-04-24", "access": "public"}


def test_the_support_unit_adds_a_document(api, archive, clerk):
    body = {
        **NEW,
        "meeting": archive["meeting"].pk,
        "topics": ["labour-migration"],
        "states": ["KGZ", "TJK"],
    }

    response = api("post", "/documents", body, user=clerk)

    assert response.status_code == 201
    made = response.json()
    assert (made["kind"], made["issued_on"], made["access"], made["meeting_id"]) == (
        "declaration",
        "2025-04-24",
        "public",
        archive["meeting"].pk,
    )
    assert (made["topics"], sorted(made["states"]), made["versions"]) == (
        ["labour-migration"],
        ["KGZ", "TJK"],
        [],
    )
    assert Document.objects.filter(pk=made["id"]).exists()


def test_a_new_document_is_a_draft_unless_told(api, reference, clerk):
    response = api("post", "/documents", {"kind": "report", "issued_on": "2025-01-01"}, user=clerk)

    assert response.json()["access"] == "draft"


@pytest.mark.parametrize(
    ("role", "state"),
    [("national_coordinator", "KAZ"), ("chair", "KAZ"), ("statistician", "KGZ"), ("none", None)],
)
def test_only_the_support_unit_adds_documents(api, member, archive, role, state):
    user = member(role, state)
    before = snapshot()

    response = api("post", "/documents", NEW, user=user)

    assert (response.status_code, response.json()) == (403, {"detail": NEEDS_SUPPORT_UNIT})
    assert nothing_changed_since(before)


def test_adding_a_document_needs_a_token_or_a_session(api, archive):
    before = snapshot()

    response = api("post", "/documents", NEW)

    assert response.status_code == 401
    assert nothing_changed_since(before)


def test_a_refusal_is_in_the_readers_language(api, member, archive):
    response = api("post", "/documents", NEW, user=member("statistician", "KGZ"), language="ru")

    assert (response.status_code, response.json()) == (403, {"detail": NEEDS_SUPPORT_UNIT_RU})


@pytest.mark.parametrize(
    ("change", "detail"),
    [
        ({"kind": "poem"}, "Unknown kind of document 'poem'."),
        ({"access": "secret"}, "Unknown access level 'secret': use one of public, members, draft."),
        ({"meeting": 9999}, "No meeting 9999."),
        ({"topics": ["astrology"]}, "Unknown topic 'astrology'."),
        ({"states": ["XXX"]}, "Unknown State code 'XXX'."),
    ],
)
def test_a_bad_document_is_a_400_and_changes_nothing(api, archive, clerk, change, detail):
    before = snapshot()

    response = api("post", "/documents", {**NEW, **change}, user=clerk)

    assert (response.status_code, response.json()) == (400, {"detail": detail})
    assert nothing_changed_since(before)


# Adding language versions


def test_the_support_unit_uploads_a_version_with_its_file(api, archive, clerk):
    document = archive["members"]
    upload = SimpleUploadedFile("remarks-ru.txt", "Мигранты на границах.".encode())

    response = api(
        "post",
        f"/documents/{document.pk}/versions",
        {"language": "ru", "title": "Заключительные замечания", "status": "final",
         "translated_from": "en", "file": upload},
        user=clerk,
        multipart=True,
    )  # fmt: skip

    assert response.status_code == 201
    made = response.json()
    assert (made["language"], made["status"], made["has_file"], made["media_type"]) == (
        "ru",
        "final",
        True,
        "text/plain; charset=utf-8",
    )
    version = document.versions.get(language="ru")
    assert version.extracted_text == "Мигранты на границах."
    download = api("get", f"/documents/{document.pk}/versions/ru/file", user=clerk)
    assert download["Content-Type"] == "text/plain; charset=utf-8"
    assert b"".join(download.streaming_content).decode() == "Мигранты на границах."
    download.close()


def test_a_version_may_be_text_only(api, archive, clerk):
    response = api(
        "post",
        f"/documents/{archive['draft'].pk}/versions",
        {"language": "ru", "title": "Проект коммюнике", "text": "Текст проекта."},
        user=clerk,
        multipart=True,
    )

    assert response.status_code == 201
    assert (response.json()["status"], response.json()["has_file"]) == ("draft", False)


@pytest.mark.parametrize(
    ("fields", "file", "detail"),
    [
        ({}, ("image.png", PNG_HEADER), "The file image.png is not a PDF, DOCX or text file."),
        ({}, ("secret.pdf", None), "The file secret.pdf is protected by a password: upload a copy without protection."),
        ({}, ("empty.txt", b""), "The file empty.txt is empty."),
        ({}, ("copy.pdf", REPORT_PDF), "This file is already in the archive: Labour migration report (en)."),
        ({"language": "xx"}, None, "Unknown language 'xx': use one of en, ru, kk, ky, tg, tr, fa."),
        ({"status": "done"}, None, "Unknown translation status 'done': use one of original, draft, machine_draft, reviewed, final."),
        ({"title": " "}, None, "A version needs a title."),
        ({"text": ""}, None, "A version needs its text or a file."),
    ],
)  # fmt: skip
def test_a_refused_version_is_a_400_and_stores_nothing(api, archive, clerk, fields, file, detail):
    body = {"language": "ru", "title": "Замечания", "text": "Текст.", **fields}
    if file is not None:
        name, data = file
        body["file"] = SimpleUploadedFile(name, encrypted_pdf_bytes() if data is None else data)
        body["text"] = fields.get("text", "")
    before = snapshot()

    response = api(
        "post", f"/documents/{archive['members'].pk}/versions", body, user=clerk, multipart=True
    )

    assert (response.status_code, response.json()) == (400, {"detail": detail})
    assert nothing_changed_since(before)


@pytest.mark.parametrize(
    ("role", "state"), [("national_coordinator", "KAZ"), ("statistician", "KGZ")]
)
def test_only_the_support_unit_uploads_versions(api, member, archive, role, state):
    user = member(role, state)
    before = snapshot()

    response = api(
        "post",
        f"/documents/{archive['public'].pk}/versions",
        {"language": "kk", "title": "Есеп", "file": SimpleUploadedFile("kk.txt", "Мәтін".encode())},
        user=user,
        multipart=True,
    )

    assert (response.status_code, response.json()) == (403, {"detail": NEEDS_SUPPORT_UNIT})
    assert nothing_changed_since(before)


def test_a_version_of_a_missing_document_is_404(api, reference, clerk):
    response = api(
        "post",
        "/documents/9999/versions",
        {"language": "en", "title": "Report", "text": "Text."},
        user=clerk,
        multipart=True,
    )

    assert (response.status_code, response.json()) == (404, {"detail": "No document 9999."})


# The OpenAPI contract

PATHS = {
    "/api/v1/documents": {"post": {"201", "400", "401", "403", "422"}},
    "/api/v1/documents/search": {"get": {"200", "400", "422"}},
    "/api/v1/documents/{document_id}": {"get": {"200", "404", "422"}},
    "/api/v1/documents/{document_id}/versions": {
        "post": {"201", "400", "401", "403", "404", "422"}
    },
    "/api/v1/documents/{document_id}/versions/{language}/file": {"get": {"200", "404", "422"}},
}


@pytest.fixture(scope="module")
def schema():
    return Client().get("/api/v1/openapi.json").json()


def component(schema, ref_holder):
    ref = ref_holder.get("$ref") or ref_holder.get("items", {}).get("$ref")
    return schema["components"]["schemas"][ref.rsplit("/", 1)[-1]]


@pytest.mark.parametrize(("path", "methods"), sorted(PATHS.items()))
def test_openapi_lists_each_archive_endpoint_with_its_answers(schema, path, methods):
    assert {m: set(op["responses"]) for m, op in schema["paths"][path].items()} == methods
    for operation in schema["paths"][path].values():
        assert operation["tags"] == ["archive"]


@pytest.mark.parametrize("path", sorted(PATHS))
def test_openapi_archive_endpoints_accept_a_token_or_a_session(schema, path):
    for method, operation in schema["paths"][path].items():
        assert operation["security"] == [{"BearerToken": []}, {"Session": []}], method


def test_openapi_search_takes_its_filters(schema):
    parameters = schema["paths"]["/api/v1/documents/search"]["get"]["parameters"]

    assert [p["name"] for p in parameters] == [
        "q", "kind", "year", "meeting", "topic", "state", "language", "limit", "offset",
    ]  # fmt: skip
    assert not any(p["required"] for p in parameters)


def test_openapi_search_answers_hits_with_snippets(schema):
    answer = schema["paths"]["/api/v1/documents/search"]["get"]["responses"]["200"]
    page = component(schema, answer["content"]["application/json"]["schema"])
    hit = component(schema, page["properties"]["hits"])

    assert set(page["properties"]) == {"total", "limit", "offset", "hits"}
    assert set(hit["properties"]) == {
        "document_id", "kind", "kind_label", "issued_on", "meeting_id", "language", "title",
        "snippet", "rank",
    }  # fmt: skip


def test_openapi_a_document_has_versions_and_no_file_path(schema):
    answer = schema["paths"]["/api/v1/documents/{document_id}"]["get"]["responses"]["200"]
    document = component(schema, answer["content"]["application/json"]["schema"])
    version = component(schema, document["properties"]["versions"])

    assert "file" not in version["properties"]
    assert {"language", "status", "title", "has_file", "file_url"} <= set(version["properties"])


def test_openapi_a_version_is_uploaded_as_multipart_form_data(schema):
    body = schema["paths"]["/api/v1/documents/{document_id}/versions"]["post"]["requestBody"]
    form = body["content"]["multipart/form-data"]["schema"]

    assert set(form["required"]) == {"language", "title"}
    assert set(form["properties"]) == {
        "language",
        "title",
        "status",
        "text",
        "translated_from",
        "file",
    }


def test_openapi_a_new_document_is_json(schema):
    body = schema["paths"]["/api/v1/documents"]["post"]["requestBody"]["content"]
    described = component(schema, body["application/json"]["schema"])

    assert set(described["required"]) == {"kind", "issued_on"}
    assert set(described["properties"]) == {
        "kind",
        "issued_on",
        "access",
        "meeting",
        "topics",
        "states",
    }


def test_openapi_a_download_is_a_file(schema):
    answer = schema["paths"]["/api/v1/documents/{document_id}/versions/{language}/file"]["get"]
    assert "application/octet-stream" in answer["responses"]["200"]["content"]
