"""How a document is named in lists and audit entries when it lacks a version in a language."""

from __future__ import annotations

import pytest

from tests.factories.archive import DocumentFactory, DocumentVersionFactory


@pytest.mark.parametrize(
    ("versions", "language", "title"),
    [
        ({"en": "Annual report", "ru": "Годовой доклад"}, "ru", "Годовой доклад"),
        ({"en": "Annual report", "ru": "Годовой доклад"}, "en", "Annual report"),
        ({"ru": "Годовой доклад"}, "en", "Годовой доклад"),
    ],
)
def test_a_document_is_named_in_the_language_asked_else_by_the_version_it_has(
    db, versions, language, title
):
    document = DocumentFactory()
    for code, text in versions.items():
        DocumentVersionFactory(document=document, language=code, title=text)

    assert document.title_in(language) == title


def test_a_document_without_versions_is_named_by_its_number(db):
    document = DocumentFactory(reference_key=None)

    assert document.title_in("en") == f"#{document.pk}"
