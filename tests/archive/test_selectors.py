"""Reads of the archive: the glossary beside a text, media items of a period, documents with what
their pages need, and the translation status of every language."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth.models import AnonymousUser

from almaty.archive import selectors
from almaty.archive.choices import Access, TranslationStatus
from almaty.archive.models import Document
from tests.factories.archive import (
    DocumentFactory,
    DocumentVersionFactory,
    GlossaryTermFactory,
    MediaItemFactory,
    TopicFactory,
)
from tests.factories.process import StateFactory


@pytest.fixture
def terms(db):
    return {
        "visa": GlossaryTermFactory(term_en="visa", term_ru="виза"),
        "migrant": GlossaryTermFactory(term_en="labour migrant", term_ru="трудовой мигрант"),
        "readmission": GlossaryTermFactory(term_en="readmission", term_ru="реадмиссия"),
        "idp": GlossaryTermFactory(
            term_en="internally displaced person", term_ru="внутренне перемещённое лицо"
        ),
        "state": GlossaryTermFactory(term_en="State", term_ru="государство"),
    }


def names(found) -> list[str]:
    return [term.term_en for term in found]


# --- the glossary beside a text -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Readmission agreements and VISA rules.", ["readmission", "visa"]),
        ("Labour Migrants in Kazakhstan", ["labour migrant"]),
        ("The visage of the city; revisability.", []),
        ("a labour market for migrants", []),
        ("Internally displaced persons and States", ["internally displaced person", "State"]),
        ("", []),
    ],
    ids=["any-case", "plural-phrase", "inside-words", "words-apart", "long-phrase", "empty"],
)
def test_english_terms_are_found_as_whole_words_in_any_case(terms, text, expected):
    assert names(selectors.glossary_for_text(text, "en")) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("ВИЗА выдаётся на 30 дней.", ["visa"]),
        ("Права трудовых мигрантов из Таджикистана.", ["labour migrant"]),
        ("Соглашение о реадмиссии подписано.", ["readmission"]),
        ("Визажист и визитёр.", []),
        ("Внутренне перемещенные лица (без буквы ё).", ["internally displaced person"]),
        ("мигрант трудовой", []),
    ],
    ids=["upper-case", "inflected-phrase", "inflected", "inside-words", "yo-as-ye", "order"],
)
def test_cyrillic_terms_are_found_in_their_inflected_forms(terms, text, expected):
    assert names(selectors.glossary_for_text(text, "ru")) == expected


def test_terms_come_in_the_order_they_first_appear(terms):
    text = "A State issues a visa; then readmission. Another visa."
    assert names(selectors.glossary_for_text(text, "en")) == ["State", "visa", "readmission"]


def test_the_text_s_language_decides_which_column_is_matched(terms):
    assert selectors.glossary_for_text("виза", "en") == []
    assert selectors.glossary_for_text("visa", "ru") == []


@pytest.mark.parametrize("language", ["kk", "fa", "xx"])
def test_languages_without_glossary_columns_find_nothing(terms, language):
    assert selectors.glossary_for_text("visa виза", language) == []


def test_the_glossary_lookup_costs_one_query(terms, django_assert_num_queries):
    with django_assert_num_queries(1):
        found = selectors.glossary_for_text("visa and readmission " * 2000, "en")
    assert len(found) == 2


# --- media items ----------------------------------------------------------------------------------


def test_media_items_of_a_period_include_both_ends_newest_first(db):
    days = [dt.date(2024, 1, 31), dt.date(2024, 2, 1), dt.date(2024, 2, 15), dt.date(2024, 2, 29)]
    items = {day: MediaItemFactory(published_on=day) for day in [*days, dt.date(2024, 3, 1)]}
    found = list(selectors.media_items(dt.date(2024, 2, 1), dt.date(2024, 2, 29)))
    assert found == [items[dt.date(2024, 2, 29)], items[dt.date(2024, 2, 15)], items[days[1]]]


def test_media_items_without_bounds_are_all_of_them(db):
    MediaItemFactory.create_batch(3)
    assert selectors.media_items().count() == 3


def test_media_items_come_with_states_and_topics(db, django_assert_num_queries):
    for _ in range(3):
        MediaItemFactory(states=[StateFactory()], topics=[TopicFactory()])
    with django_assert_num_queries(3):
        for item in selectors.media_items():
            assert [s.iso3 for s in item.states.all()] == ["UZB"]
            assert len(item.topics.all()) == 1


# --- documents ------------------------------------------------------------------------------------


def test_visible_documents_come_with_what_a_list_needs(db, django_assert_num_queries):
    for _ in range(4):
        document = DocumentFactory(access=Access.PUBLIC, topics=[TopicFactory()])
        DocumentVersionFactory(document=document, language="en")
        DocumentVersionFactory(document=document, language="ru")
    DocumentFactory(access=Access.DRAFT)
    # the user's roles (none for an anonymous reader), documents, versions, topics, States
    with django_assert_num_queries(4):
        documents = list(selectors.documents_visible_to(AnonymousUser()))
        assert len(documents) == 4
        for document in documents:
            assert document.meeting is None
            assert [v.language for v in document.versions.all()] == ["en", "ru"]
            assert len(document.topics.all()) == 1
            assert list(document.states.all()) == []
            assert document.has_parity


# --- translation status ----------------------------------------------------------------------------


def test_the_overview_gives_each_language_s_status(db):
    S = TranslationStatus
    document = DocumentFactory()
    DocumentVersionFactory(document=document, language="en", title="Communiqué", status=S.ORIGINAL)
    DocumentVersionFactory(document=document, language="ru", status=S.REVIEWED)
    DocumentVersionFactory(document=document, language="kk", status=S.MACHINE_DRAFT)
    [row] = selectors.translation_overview()
    assert row.title == "Communiqué"
    assert row.statuses == {
        "en": "original",
        "ru": "reviewed",
        "kk": "machine_draft",
        "ky": None,
        "tg": None,
        "tr": None,
        "fa": None,
    }
    assert row.missing == ["ky", "tg", "tr", "fa"]
    assert row.unfinished == ["ru", "kk"]
    assert not row.has_parity


def test_the_overview_shows_parity_and_documents_without_versions(db):
    finished = DocumentFactory(issued_on=dt.date(2020, 1, 1))
    DocumentVersionFactory(document=finished, language="ru", status="original", title="Итоги")
    DocumentVersionFactory(document=finished, language="en", status="final", title="Outcome")
    empty = DocumentFactory(issued_on=dt.date(2019, 1, 1))
    rows = selectors.translation_overview()
    assert [(r.document, r.title, r.has_parity) for r in rows] == [
        (finished, "Outcome", True),
        (empty, f"#{empty.pk}", False),
    ]


def test_the_overview_takes_the_documents_given_in_two_queries(db, django_assert_num_queries):
    for _ in range(5):
        DocumentVersionFactory(document=DocumentFactory(access=Access.MEMBERS))
    DocumentVersionFactory(document=DocumentFactory(access=Access.PUBLIC))
    with django_assert_num_queries(2):
        rows = selectors.translation_overview(Document.objects.filter(access=Access.PUBLIC))
    assert len(rows) == 1


def test_issue_years_are_the_years_with_documents_latest_first(db):
    import datetime as dt

    from almaty.archive.models import Document
    from almaty.archive.selectors import issue_years

    for day in (
        dt.date(2013, 6, 5),
        dt.date(2013, 12, 31),
        dt.date(2019, 1, 1),
        dt.date(2024, 2, 29),
    ):
        Document.objects.create(kind="report", issued_on=day, access="public")

    assert issue_years(Document.objects.all()) == [2024, 2019, 2013]
    assert issue_years(Document.objects.filter(issued_on__year=2019)) == [2019]
    assert issue_years(Document.objects.none()) == []
