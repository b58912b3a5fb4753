"""The Support Unit adds documents and language versions; a bad upload changes nothing."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from almaty.archive import services
from almaty.archive.choices import Access, TranslationStatus
from almaty.archive.models import Document, DocumentVersion
from tests.factories.accounts import UserFactory
from tests.factories.archive import (
    PNG_HEADER,
    DocumentFactory,
    DocumentVersionFactory,
    GlossaryTermFactory,
    TopicFactory,
    clear_stored_files,
    docx_bytes,
    encrypted_pdf_bytes,
    pdf_bytes,
    stored_files,
)


@pytest.fixture(autouse=True)
def _empty_store():
    clear_stored_files()
    yield
    clear_stored_files()


@pytest.fixture
def staff(client, user_with_role):
    client.force_login(user_with_role("support_unit"))
    return client


def new_document(**changes):
    data = {
        "kind": "declaration",
        "issued_on": "2011-03-16",
        "access": Access.PUBLIC,
        "language": "en",
        "title": "Almaty Declaration",
        "status": TranslationStatus.ORIGINAL,
        "text": "",
    }
    return data | changes


def upload(name, content, content_type="application/octet-stream"):
    return SimpleUploadedFile(name, content, content_type=content_type)


@pytest.mark.parametrize("url", ["/en/documents/new/", "/en/documents/translations/"])
def test_the_desk_pages_need_sign_in(client, reference, url):
    response = client.get(url)

    assert response.status_code == 302
    assert "/en/account/sign-in/" in response.url


@pytest.mark.parametrize(("role", "state"), [(None, None), ("national_coordinator", "KAZ")])
def test_only_the_support_unit_adds_documents(client, user_with_role, role, state):
    client.force_login(user_with_role(role, state) if role else UserFactory())

    shown = client.get("/en/documents/new/")
    sent = client.post("/en/documents/new/", new_document(text="The text."))

    assert shown.status_code == 403
    assert sent.status_code == 403
    assert "Only the Support Unit can do this." in sent.content.decode()
    assert not Document.objects.exists()


def test_the_support_unit_adds_a_document_with_its_text(staff):
    topic = TopicFactory(code="asylum")

    response = staff.post(
        "/en/documents/new/",
        new_document(text="The participants agreed.", topics=[topic.code], states=["KAZ", "KGZ"]),
    )

    document = Document.objects.get()
    assert response.status_code == 302
    assert response.url == f"/en/documents/{document.pk}/"
    assert document.access == Access.PUBLIC
    assert list(document.topics.all()) == [topic]
    assert {s.iso3 for s in document.states.all()} == {"KAZ", "KGZ"}
    version = document.versions.get()
    assert (version.language, version.title, version.status) == (
        "en",
        "Almaty Declaration",
        "original",
    )
    assert "The participants agreed." in staff.get(response.url).content.decode()


@pytest.mark.parametrize(
    ("name", "content", "media_type", "words"),
    [
        (
            "declaration.pdf",
            pdf_bytes("Almaty Declaration on refugees"),
            "application/pdf",
            "refugees",
        ),
        (
            "declaration.docx",
            docx_bytes("Almaty Declaration on migrants"),
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            "migrants",
        ),
        ("declaration.txt", "Декларация о беженцах".encode(), "text/plain", "беженцах"),
    ],
)
def test_the_support_unit_uploads_a_file_that_is_stored_privately_and_found(
    staff, name, content, media_type, words
):
    response = staff.post(
        "/en/documents/new/",
        new_document(file=upload(name, content), language="ru" if name.endswith(".txt") else "en"),
    )

    assert response.status_code == 302
    version = DocumentVersion.objects.get()
    assert version.media_type.startswith(media_type)
    assert version.file_name == name
    assert len(stored_files()) == 1
    downloaded = staff.get(f"/en/documents/files/{version.pk}/")
    assert b"".join(downloaded.streaming_content) == content
    results = staff.get("/en/documents/", {"q": words}).content.decode()
    assert f'data-document="{version.document_id}"' in results


def _holder():
    document = DocumentFactory()
    services.version_save(
        actor=None,
        document=document,
        language="en",
        title="Already here",
        upload=upload("first.pdf", pdf_bytes("Kept once")),
        status=TranslationStatus.ORIGINAL,
    )


BAD_UPLOADS = [
    pytest.param(
        {"file": ("photo.png", PNG_HEADER)}, "is not a PDF, DOCX or text file", id="not-a-document"
    ),
    pytest.param({"file": ("big.pdf", pdf_bytes("x" * 400))}, "is larger than", id="too-large"),
    pytest.param(
        {"file": ("locked.pdf", encrypted_pdf_bytes())}, "protected by a password", id="encrypted"
    ),
    pytest.param(
        {"file": ("again.pdf", pdf_bytes("Kept once"))}, "already in the archive", id="duplicate"
    ),
    pytest.param(
        {"file": ("report.pdf", pdf_bytes("Report")), "language": "xx"},
        "Unknown language",
        id="wrong-language",
    ),
    pytest.param(
        {"file": ("fake.docx", pdf_bytes("Not a Word file"))},
        "content is of another type",
        id="wrong-extension",
    ),
]


@pytest.mark.parametrize(("changes", "message"), BAD_UPLOADS)
def test_a_bad_upload_shows_the_reason_and_stores_nothing(
    staff, settings, changes, message, request
):
    settings.ARCHIVE_MAX_UPLOAD_BYTES = 1024 * 1024
    if request.node.callspec.id.startswith("too-large"):
        settings.ARCHIVE_MAX_UPLOAD_BYTES = 200
    if request.node.callspec.id.startswith("duplicate"):
        _holder()
    name, content = changes.pop("file")
    documents, versions, files = (
        Document.objects.count(),
        DocumentVersion.objects.count(),
        stored_files(),
    )

    response = staff.post("/en/documents/new/", new_document(file=upload(name, content), **changes))

    assert response.status_code == 400
    assert message in response.content.decode()
    assert Document.objects.count() == documents
    assert DocumentVersion.objects.count() == versions
    assert stored_files() == files


def test_a_form_without_text_or_file_is_refused(staff):
    response = staff.post("/en/documents/new/", new_document())

    assert response.status_code == 400
    assert "Give the text, a file, or both." in response.content.decode()
    assert not Document.objects.exists()


def test_the_form_keeps_what_was_typed_after_an_error(staff):
    response = staff.post(
        "/en/documents/new/",
        new_document(title="Kept title", file=upload("photo.png", PNG_HEADER)),
    )

    assert 'value="Kept title"' in response.content.decode()


# --- a language version ------------------------------------------------------------------------


@pytest.fixture
def declaration(reference):
    document = DocumentFactory(access=Access.PUBLIC, issued_on=dt.date(2011, 3, 16))
    DocumentVersionFactory(
        document=document,
        language="en",
        title="Almaty Declaration",
        text="The protection of refugees and the rights of migrants.",
    )
    return document


def test_the_support_unit_adds_the_russian_version(staff, declaration):
    response = staff.post(
        f"/en/documents/{declaration.pk}/versions/ru/",
        {
            "title": "Алматинская декларация",
            "status": TranslationStatus.DRAFT,
            "translated_from": "en",
            "text": "Защита беженцев.",
        },
    )

    assert response.status_code == 302
    version = declaration.versions.get(language="ru")
    assert (version.title, version.status, version.translated_from) == (
        "Алматинская декларация",
        "draft",
        "en",
    )
    assert "Защита беженцев." in staff.get(f"/ru/documents/{declaration.pk}/").content.decode()


def test_the_support_unit_replaces_a_version(staff, declaration):
    page = staff.get(f"/en/documents/{declaration.pk}/versions/en/").content.decode()
    assert 'value="Almaty Declaration"' in page

    staff.post(
        f"/en/documents/{declaration.pk}/versions/en/",
        {"title": "Almaty Declaration (2011)", "status": "original", "text": "New text."},
    )

    version = declaration.versions.get(language="en")
    assert (version.title, version.text) == ("Almaty Declaration (2011)", "New text.")
    assert declaration.versions.count() == 1


def test_the_version_page_shows_the_glossary_terms_of_the_text_in_both_languages(
    staff, declaration
):
    GlossaryTermFactory(term_en="refugee", term_ru="беженец", definition_en="A person who fled.")
    GlossaryTermFactory(term_en="smuggling", term_ru="незаконный ввоз")

    page = staff.get(f"/en/documents/{declaration.pk}/versions/en/").content.decode()

    assert '<span lang="en">refugee</span> — <span lang="ru">беженец</span>' in page
    assert "A person who fled." in page
    assert "smuggling" not in page


def test_the_glossary_beside_the_text_follows_what_is_typed(staff, declaration):
    GlossaryTermFactory(term_en="refugee", term_ru="беженец")
    GlossaryTermFactory(term_en="smuggling", term_ru="незаконный ввоз")

    response = staff.post(
        f"/en/documents/{declaration.pk}/versions/ru/",
        {"action": "glossary", "title": "", "text": "Незаконный ввоз мигрантов."},
        headers={"HX-Request": "true"},
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in page
    assert '<span lang="ru">незаконный ввоз</span>' in page
    assert "беженец" not in page
    assert not declaration.versions.filter(language="ru").exists()


def test_the_text_area_asks_for_the_glossary_as_it_is_typed(staff, declaration):
    page = staff.get(f"/en/documents/{declaration.pk}/versions/ru/").content.decode()

    assert f'hx-post="/en/documents/{declaration.pk}/versions/ru/"' in page
    assert 'hx-target="#glossary-terms"' in page
    assert '<div id="glossary-terms"' in page


def test_a_bad_upload_to_a_version_changes_nothing(staff, declaration):
    before = declaration.versions.get()

    response = staff.post(
        f"/en/documents/{declaration.pk}/versions/en/",
        {
            "title": "Changed",
            "status": "original",
            "text": "",
            "file": upload("x.pdf", encrypted_pdf_bytes()),
        },
    )

    assert response.status_code == 400
    assert "protected by a password" in response.content.decode()
    after = declaration.versions.get()
    assert (after.title, after.text, after.file.name) == (before.title, before.text, "")
    assert stored_files() == []


@pytest.mark.parametrize(("role", "state"), [(None, None), ("national_coordinator", "KAZ")])
def test_only_the_support_unit_edits_versions(client, user_with_role, declaration, role, state):
    client.force_login(user_with_role(role, state) if role else UserFactory())

    response = client.post(
        f"/en/documents/{declaration.pk}/versions/ru/",
        {"title": "Х", "status": "draft", "text": "Текст."},
    )

    assert response.status_code == 403
    assert not declaration.versions.filter(language="ru").exists()


@pytest.mark.parametrize("path", ["versions/xx/", "versions/EN/"])
def test_a_version_in_an_unknown_language_is_not_found(staff, declaration, path):
    assert staff.get(f"/en/documents/{declaration.pk}/{path}").status_code == 404


def test_a_version_of_a_missing_document_is_not_found(staff, reference):
    assert staff.get("/en/documents/999999/versions/en/").status_code == 404


def test_states_are_offered_by_name(staff):
    page = staff.get("/en/documents/new/").content.decode()

    assert '<option value="KGZ">Kyrgyzstan</option>' in page
