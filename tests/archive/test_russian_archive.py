"""A Russian reader of the archive reads Russian: refusals of bad files, the "English only"
notice, and the language parity gate of meeting materials (texts from the Russian catalogue)."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from almaty.archive.models import Document, DocumentVersion
from almaty.core.errors import InvalidInput
from almaty.meetings import services as meeting_services
from tests.factories.archive import (
    PNG_HEADER,
    DocumentFactory,
    DocumentVersionFactory,
    clear_stored_files,
    encrypted_pdf_bytes,
    stored_files,
)
from tests.factories.meetings import MaterialFactory, document_with


@pytest.fixture(autouse=True)
def _empty_store():
    clear_stored_files()
    yield
    clear_stored_files()


@pytest.fixture
def staff_client(client, user_with_role):
    client.force_login(user_with_role("support_unit"))
    return client


def new_document(upload: SimpleUploadedFile) -> dict[str, object]:
    return {
        "kind": "report",
        "issued_on": "2019-05-01",
        "access": "public",
        "language": "ru",
        "title": "Доклад",
        "status": "original",
        "text": "",
        "file": upload,
    }


@pytest.mark.parametrize(
    ("name", "content", "russian"),
    [
        ("photo.png", PNG_HEADER, "не является файлом PDF, DOCX или текстовым файлом"),
        ("doklad.pdf", None, "защищён паролем: загрузите копию без защиты"),
    ],
)
def test_a_refused_upload_is_explained_in_russian_and_stores_nothing(
    staff_client, name, content, russian
):
    data = content if content is not None else encrypted_pdf_bytes()

    response = staff_client.post("/ru/documents/new/", new_document(SimpleUploadedFile(name, data)))

    assert response.status_code == 400
    assert russian in response.content.decode()
    assert (Document.objects.count(), DocumentVersion.objects.count()) == (0, 0)
    assert stored_files() == []


def test_the_russian_page_of_an_english_only_document_says_so_and_shows_no_english_text(
    client, reference
):
    document = DocumentFactory(access="public")
    DocumentVersionFactory(
        document=document, language="en", title="Border management review", text="Only English."
    )

    page = client.get(f"/ru/documents/{document.pk}/").content.decode()

    assert "Доступно только на английском языке" in page
    assert "Only English." not in page


def test_the_parity_gate_names_the_missing_language_in_russian(user_with_role):
    material = MaterialFactory(document=document_with(en="original", ru="draft"))

    with pytest.raises(InvalidInput) as refused:
        meeting_services.material_circulate(actor=user_with_role("support_unit"), material=material)
    with translation.override("ru"):
        text = refused.value.text

    assert "Русская версия — черновик." in text
