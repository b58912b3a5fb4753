"""A document's page and the download of its files: what each reader may see, in which language."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from almaty.archive.choices import Access, TranslationStatus
from almaty.archive.models import Document
from almaty.process.models import State
from tests.factories.accounts import UserFactory
from tests.factories.archive import (
    DocumentFactory,
    DocumentVersionFactory,
    TopicFactory,
    clear_stored_files,
    pdf_bytes,
)
from tests.factories.meetings import MeetingFactory

ENGLISH = ("en", "Almaty Declaration", "The participants agreed to cooperate.")
RUSSIAN = ("ru", "Алматинская декларация", "Участники договорились сотрудничать.")


@pytest.fixture(autouse=True)
def _empty_store():
    clear_stored_files()
    yield
    clear_stored_files()


def make_document(*versions, **fields) -> Document:
    document = DocumentFactory(**fields)
    for language, title, text in versions:
        DocumentVersionFactory(document=document, language=language, title=title, text=text)
    return document


def reader(client, user_with_role, who):
    """Sign in as `who`: anonymous, a user without role, a member (a coordinator), the Support
    Unit."""
    if who == "member":
        client.force_login(user_with_role("national_coordinator", "KAZ"))
    elif who == "support_unit":
        client.force_login(user_with_role("support_unit"))
    elif who == "no_role":
        client.force_login(UserFactory())
    return client


@pytest.mark.parametrize(("language", "version"), [("en", ENGLISH), ("ru", RUSSIAN)])
def test_the_page_shows_the_facts_and_the_version_in_the_readers_language(
    client, reference, language, version
):
    document = make_document(
        ENGLISH,
        RUSSIAN,
        meeting=MeetingFactory(title_en="Ministerial 2011", title_ru="Министерская 2011"),
        topics=[TopicFactory(name_en="Asylum", name_ru="Убежище")],
        states=[State.objects.get(iso3="KGZ")],
        issued_on=dt.date(2011, 3, 16),
    )
    other = RUSSIAN if language == "en" else ENGLISH

    page = client.get(f"/{language}/documents/{document.pk}/").content.decode()

    assert version[1] in page
    assert version[2] in page
    assert other[2] not in page
    assert ("Ministerial 2011" if language == "en" else "Министерская 2011") in page
    assert f'href="/{language}/meetings/{document.meeting_id}/"' in page
    assert ("Asylum" if language == "en" else "Убежище") in page
    assert 'data-language="en" data-status="original"' in page
    assert 'data-language="ru" data-status="original"' in page


def test_the_russian_page_of_an_english_only_document_says_so_and_links_to_it(client, reference):
    document = make_document(ENGLISH)

    response = client.get(f"/ru/documents/{document.pk}/")

    page = response.content.decode()
    assert response.status_code == 200
    assert 'data-missing="ru"' in page
    assert f'href="/ru/documents/{document.pk}/?lang=en" hreflang="en"' in page
    assert ENGLISH[2] not in page  # never the other language's text in its place


def test_the_english_page_of_a_russian_only_document_says_so(client, reference):
    document = make_document(RUSSIAN)

    page = client.get(f"/en/documents/{document.pk}/").content.decode()

    assert "Available in Russian only" in page
    assert f'href="/en/documents/{document.pk}/?lang=ru"' in page
    assert RUSSIAN[2] not in page


def test_the_link_shows_the_other_version_when_asked(client, reference):
    document = make_document(ENGLISH)

    page = client.get(f"/ru/documents/{document.pk}/", {"lang": "en"}).content.decode()

    assert ENGLISH[2] in page
    assert 'lang="en"' in page


def test_a_document_in_other_languages_lists_them(client, reference):
    document = make_document(
        ("kk", "Алматы декларациясы", "Қатысушылар келісті."),
        ("tg", "Эъломияи Алмаато", "Иштирокчиён розӣ шуданд."),
    )

    page = client.get(f"/en/documents/{document.pk}/").content.decode()

    assert "There is no version in English" in page
    assert f'href="/en/documents/{document.pk}/?lang=kk"' in page
    assert f'href="/en/documents/{document.pk}/?lang=tg"' in page
    assert "Қатысушылар келісті." not in page


def test_a_version_not_final_is_flagged(client, reference):
    document = make_document(ENGLISH)
    DocumentVersionFactory(
        document=document,
        language="ru",
        title="Черновик",
        text="Машинный перевод.",
        status=TranslationStatus.MACHINE_DRAFT,
    )

    page = client.get(f"/en/documents/{document.pk}/", {"lang": "ru"}).content.decode()

    assert "This version is not final: Machine draft." in page


READ_MATRIX = [
    (Access.PUBLIC, "anonymous", 200),
    (Access.PUBLIC, "no_role", 200),
    (Access.MEMBERS, "anonymous", 404),
    (Access.MEMBERS, "no_role", 404),
    (Access.MEMBERS, "member", 200),
    (Access.MEMBERS, "support_unit", 200),
    (Access.DRAFT, "anonymous", 404),
    (Access.DRAFT, "member", 404),
    (Access.DRAFT, "support_unit", 200),
]


@pytest.mark.parametrize(("level", "who", "status"), READ_MATRIX)
def test_who_may_read_a_document_page(client, user_with_role, level, who, status):
    document = make_document(ENGLISH, access=level)

    response = reader(client, user_with_role, who).get(f"/en/documents/{document.pk}/")

    assert response.status_code == status
    assert (ENGLISH[2] in response.content.decode()) is (status == 200)


def test_a_missing_document_is_not_found(client, reference):
    assert client.get("/en/documents/999999/").status_code == 404


def with_file(document, *, language="en", content=None, name="Almaty declaration.pdf"):
    version = DocumentVersionFactory(document=document, language=language, title="With a file")
    content = content or pdf_bytes("Almaty Declaration")
    version.file.save(name, ContentFile(content), save=False)
    version.file_name = name
    version.file_size = len(content)
    version.media_type = "application/pdf"
    version.save()
    return version, content


@pytest.mark.parametrize(("level", "who", "status"), READ_MATRIX)
def test_who_may_download_a_file(client, user_with_role, level, who, status):
    version, content = with_file(DocumentFactory(access=level))

    response = reader(client, user_with_role, who).get(f"/en/documents/files/{version.pk}/")

    assert response.status_code == status
    if status == 200:
        assert b"".join(response.streaming_content) == content
        assert response["Content-Type"] == "application/pdf"
        assert response["Content-Disposition"] == ('attachment; filename="Almaty declaration.pdf"')


def test_a_file_name_in_cyrillic_is_kept_in_the_download(client, reference):
    version, _content = with_file(DocumentFactory(), name="Декларация.pdf")

    response = client.get(f"/en/documents/files/{version.pk}/")

    response.close()
    assert response.status_code == 200
    assert "filename*=utf-8''%D0%94%D0%B5%D0%BA" in response["Content-Disposition"]


def test_the_page_links_the_file_of_the_version_shown(client, reference):
    version, _content = with_file(DocumentFactory())

    page = client.get(f"/en/documents/{version.document_id}/").content.decode()

    assert f'href="/en/documents/files/{version.pk}/"' in page


@pytest.mark.parametrize("case", ["no_version", "no_file", "file_gone"])
def test_a_download_without_a_file_is_not_found(client, reference, case):
    version_id = 999999
    if case == "no_file":
        version_id = DocumentVersionFactory().pk
    elif case == "file_gone":
        version, _content = with_file(DocumentFactory())
        version.file.storage.delete(version.file.name)
        version_id = version.pk

    assert client.get(f"/en/documents/files/{version_id}/").status_code == 404


def test_files_are_not_served_as_public_media(client, reference):
    version, _content = with_file(DocumentFactory(access=Access.DRAFT))

    assert client.get(f"/media/{version.file.name}").status_code == 404


@pytest.mark.parametrize(("who", "status"), [("anonymous", 403), ("member", 403)])
def test_only_the_support_unit_changes_who_may_read(client, user_with_role, who, status):
    document = make_document(ENGLISH, access=Access.PUBLIC)

    response = reader(client, user_with_role, who).post(
        f"/en/documents/{document.pk}/", {"access": Access.DRAFT}
    )

    assert response.status_code == status
    document.refresh_from_db()
    assert document.access == Access.PUBLIC


def test_the_support_unit_changes_who_may_read(client, user_with_role):
    document = make_document(ENGLISH, access=Access.DRAFT)
    client.force_login(user_with_role("support_unit"))

    response = client.post(f"/en/documents/{document.pk}/", {"access": Access.PUBLIC})

    assert response.status_code == 302
    document.refresh_from_db()
    assert document.access == Access.PUBLIC


def _queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_document_page_needs_the_same_queries_however_many_versions(client, user_with_role):
    client.force_login(user_with_role("support_unit"))
    small = make_document(ENGLISH)
    large = make_document(
        ENGLISH,
        RUSSIAN,
        ("kk", "Декларация", "Мәтін."),
        ("ky", "Декларация", "Текст."),
        ("tg", "Эъломия", "Матн."),
        meeting=MeetingFactory(),
        topics=[TopicFactory(), TopicFactory()],
        states=list(State.objects.filter(iso3__in=["KAZ", "KGZ", "TJK"])),
    )

    few = _queries(client, f"/en/documents/{small.pk}/")
    many = _queries(client, f"/en/documents/{large.pk}/")

    assert many == few
    assert many <= 12
