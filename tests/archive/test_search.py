"""Full-text search of the archive, on whichever database the suite runs (SQLite or PostgreSQL)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection  # noqa: F401 - read by skipif
from django.utils import translation

from almaty.archive import search
from almaty.archive.choices import Access, DocumentKind, Language, TranslationStatus
from almaty.archive.models import Document, DocumentVersion, Topic
from tests.factories.meetings import MeetingFactory
from tests.factories.process import StateFactory

pytestmark = pytest.mark.django_db

ANONYMOUS = AnonymousUser()


def add(
    title: str,
    text: str = "",
    *,
    language: str = Language.EN,
    access: str = Access.PUBLIC,
    kind: str = DocumentKind.REPORT,
    issued_on: dt.date = dt.date(2020, 5, 1),
    document: Document | None = None,
    index: bool = True,
    **fields: Any,
) -> DocumentVersion:
    """A document (or, given `document`, another language version of it), indexed."""
    if document is None:
        document = Document.objects.create(kind=kind, issued_on=issued_on, access=access, **fields)
    version = DocumentVersion.objects.create(
        document=document,
        language=language,
        title=title,
        text=text,
        status=TranslationStatus.ORIGINAL,
    )
    if index:
        search.index_version(version)
    return version


def found(query: str = "", *, user: Any = ANONYMOUS, **filters: Any) -> list[str]:
    """Titles of the versions found, in order."""
    return [hit.version.title for hit in search.search(user=user, query=query, **filters).hits]


# --- words and stems ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("language", "text", "query"),
    [
        (Language.EN, "Refugees returned to their homes.", "refugee"),
        (Language.EN, "The rights of every migrant worker.", "migrants"),
        (Language.EN, "Labour migration grew.", "migrations"),
        (Language.RU, "Права беженцев в регионе.", "беженцы"),
        (Language.RU, "Мигранты вернулись домой.", "мигрантов"),
        (Language.RU, "Трудовые мигранты и их семьи.", "трудовых"),
        (Language.RU, "Ёлка у границы.", "елка"),
        (Language.RU, "Елка у границы.", "ёлка"),
    ],
)
def test_a_word_finds_its_other_forms(language, text, query):
    add("Found", text, language=language)
    add("Other", "Nothing to see here. Ничего интересного.")

    assert found(query) == ["Found"]


def test_every_word_of_the_query_must_be_found():
    add("Refugees only", "Refugees arrived.")
    add("Refugees at the border", "Refugees arrived at the border.")

    assert found("refugees border") == ["Refugees at the border"]


def test_a_quoted_phrase_must_be_found_as_written():
    add("Phrase", "Labour migration in the region.")
    add("Words apart", "Migration of labour in the region.")

    assert found('"labour migration"') == ["Phrase"]
    assert sorted(found("labour migration")) == ["Phrase", "Words apart"]


def test_a_word_found_nowhere_finds_nothing():
    add("Refugees", "Refugees arrived.")

    page = search.search(user=ANONYMOUS, query="glacier")

    assert (page.total, page.hits) == (0, [])


@pytest.fixture
def mixed_archive() -> None:
    add("Return of migrants", "Migrants returned from abroad.", issued_on=dt.date(2021, 1, 1))
    add(
        "Возвращение мигрантов",
        "Мигранты вернулись из-за рубежа.",
        language=Language.RU,
        issued_on=dt.date(2021, 2, 1),
    )
    english = add("Almaty Process meeting", "Senior officials met.", issued_on=dt.date(2019, 1, 1))
    add(
        "Совещание Алматинского процесса (Almaty Process)",
        "Встреча старших должностных лиц.",
        language=Language.RU,
        document=english.document,
    )


@pytest.mark.usefixtures("mixed_archive")
@pytest.mark.parametrize(
    ("query", "titles"),
    [
        ("migrants", ["Return of migrants"]),
        ("мигранты", ["Возвращение мигрантов"]),
        ("возвращения мигрантов", ["Возвращение мигрантов"]),
        ("officials", ["Almaty Process meeting"]),
        ("должностных", ["Совещание Алматинского процесса (Almaty Process)"]),
    ],
)
def test_each_language_is_found_in_a_mixed_archive(query, titles):
    assert found(query) == titles


@pytest.mark.usefixtures("mixed_archive")
def test_a_document_found_in_two_languages_is_one_hit():
    page = search.search(user=ANONYMOUS, query="Almaty Process")

    assert page.total == 1
    [hit] = page.hits
    assert hit.document.versions.count() == 2


@pytest.mark.usefixtures("mixed_archive")
def test_the_language_filter_picks_the_version_found():
    [hit] = search.search(user=ANONYMOUS, query="Almaty", language=Language.RU).hits

    assert hit.version.language == Language.RU


# --- filters --------------------------------------------------------------------------------


@pytest.fixture
def filtered() -> dict[str, Any]:
    """Two documents about migration for each filter: one passes it, the other does not."""
    meeting = MeetingFactory()
    topic = Topic.objects.create(code="labour-migration", name_en="Labour", name_ru="Труд")
    state = StateFactory(iso3="KGZ", iso2="KG", numeric=417, name_en="Kyrgyzstan")
    passing = add(
        "Passes",
        "Labour migration.",
        kind=DocumentKind.DECLARATION,
        issued_on=dt.date(2016, 3, 1),
        meeting=meeting,
    )
    passing.document.topics.add(topic)
    passing.document.states.add(state)
    add(
        "Другой",
        "Трудовая миграция (labour migration).",
        language=Language.RU,
        kind=DocumentKind.REPORT,
        issued_on=dt.date(2018, 3, 1),
    )
    return {
        "kind": DocumentKind.DECLARATION,
        "year": 2016,
        "meeting_id": meeting.pk,
        "topic": topic.code,
        "state_iso3": state.iso3,
        "language": Language.EN,
    }


@pytest.mark.parametrize("name", ["kind", "year", "meeting_id", "topic", "state_iso3", "language"])
@pytest.mark.parametrize("query", ["migration", ""])
def test_each_filter_narrows_the_result(filtered, name, query):
    assert sorted(found(query)) == ["Passes", "Другой"]

    assert found(query, **{name: filtered[name]}) == ["Passes"]


def test_filters_combine(filtered):
    assert found("migration", kind=DocumentKind.DECLARATION, year=2018) == []


# --- who sees what --------------------------------------------------------------------------


@pytest.fixture
def every_access() -> None:
    for access in Access.values:
        add(f"Refugees {access}", "Refugees arrived.", access=access)


@pytest.mark.usefixtures("every_access")
@pytest.mark.parametrize(
    ("role", "state", "seen"),
    [
        (None, None, {Access.PUBLIC}),
        ("national_coordinator", "KAZ", {Access.PUBLIC, Access.MEMBERS}),
        ("observer_delegate", None, {Access.PUBLIC, Access.MEMBERS}),
        ("support_unit", None, {Access.PUBLIC, Access.MEMBERS, Access.DRAFT}),
    ],
)
@pytest.mark.parametrize("query", ["refugees", ""])
def test_each_reader_finds_only_what_they_may_read(request, role, state, seen, query):
    user = request.getfixturevalue("user_with_role")(role, state) if role else ANONYMOUS

    page = search.search(user=user, query=query)

    assert {hit.document.access for hit in page.hits} == seen
    assert page.total == len(seen)


# --- keeping the index ----------------------------------------------------------------------


def test_an_unindexed_version_is_not_found():
    version = add("Refugees", "Refugees arrived.")

    search.unindex_version(version.pk)

    assert found("refugees") == []


def test_unindexing_what_was_never_indexed_does_nothing():
    search.unindex_version(987654)


def test_a_deleted_version_is_not_found_nor_counted():
    # Deleted as any code may, not through the archive's services: the database's trigger
    # forgets it (on SQLite too: a migration that rebuilds the versions table drops it).
    version = add("Refugees", "Refugees arrived.")
    add("Refugees too", "Refugees arrived.", document=version.document, language=Language.RU)

    version.delete()

    page = search.search(user=ANONYMOUS, query="refugees")
    assert (page.total, [hit.version.title for hit in page.hits]) == (1, ["Refugees too"])


def test_a_deleted_document_is_not_found_nor_counted():
    version = add("Refugees", "Refugees arrived.")

    version.document.delete()

    assert search.search(user=ANONYMOUS, query="refugees").total == 0


def test_a_version_reindexed_in_another_language_is_found_in_it():
    version = add("Refugees", "Refugees arrived.")
    version.language = Language.RU
    version.save()

    search.index_version(version)

    assert (found("refugees", language="en"), found("refugees", language="ru")) == (
        [],
        ["Refugees"],
    )


def test_a_changed_text_is_found_by_its_new_words_once_reindexed():
    version = add("Report", "Refugees arrived.")
    version.text = "Migrants left."
    version.save()

    search.index_version(version)

    assert (found("refugees"), found("migrants")) == ([], ["Report"])


def test_the_text_extracted_from_a_file_is_found():
    version = add("Report", index=False)
    version.extracted_text = "Page 1. Readmission agreements."
    version.save()
    search.index_version(version)

    [hit] = search.search(user=ANONYMOUS, query="readmission").hits

    assert hit.snippet == "Page 1. <mark>Readmission</mark> agreements."


def test_rebuild_indexes_every_version_and_reports_progress():
    for n in range(3):
        add(f"Refugees {n}", "Refugees arrived.", index=False)
    calls = []

    count = search.rebuild(progress=lambda done, total: calls.append((done, total)))

    assert count == 3
    assert calls[-1] == (3, 3)
    assert sorted(found("refugees")) == ["Refugees 0", "Refugees 1", "Refugees 2"]


def test_rebuild_forgets_what_is_no_longer_there():
    version = add("Refugees", "Refugees arrived.")
    kept = add("Migrants", "Migrants arrived.")
    version.delete()

    assert search.rebuild() == 1
    assert (found("refugees"), found("migrants")) == ([], [kept.title])


@pytest.mark.skipif("connection.vendor != 'postgresql'")
def test_a_text_too_big_for_a_tsvector_is_indexed_by_its_title_and_beginning():
    # 110,000 different words: their lexemes overflow PostgreSQL's 1 MB tsvector.
    words = [f"w{n:07d}x" for n in range(110_000)]
    version = add("Readmission", index=False)
    version.text = " ".join(words)
    version.save()

    search.index_version(version)

    assert found("readmission") == ["Readmission"]
    assert found(words[0]) == ["Readmission"]
    assert found(words[-1]) == []


# --- queries of any kind --------------------------------------------------------------------


@pytest.mark.parametrize(
    "query",
    [
        '"',
        '""',
        '"refugees',
        "refugees\"'",
        "AND",
        "refugees AND OR NOT migrants",
        "*",
        "refug*",
        "NEAR(",
        "NEAR(refugees migrants, 2)",
        "body: refugees",
        "title:refugees",
        "{title body}: refugees",
        "(((refugees",
        "refugees))",
        "-refugees",
        "^refugees",
        "ёлка «мигрантов",
        "'; DROP TABLE archive_document; --",
        "refugees\x00",
        "%s %(x)s {} \\",
        "r" * 5000,
        " ".join(["refugees"] * 300),
        "\u200b\ufeff",
    ],
)
def test_no_query_raises(query):
    add("Refugees", "Refugees arrived at the border.")

    page = search.search(user=ANONYMOUS, query=query)

    assert page.total == len(page.hits) <= 1


@pytest.mark.parametrize(
    "query", ['"refugees', "(((refugees", "refugees))", "refugees*", "refugees\x00", "REFUGEES!"]
)
def test_punctuation_around_a_word_still_finds_it(query):
    add("Refugees", "Refugees arrived at the border.")

    assert found(query) == ["Refugees"]


@pytest.mark.parametrize("query", ["", "   ", "!!! ... ()", '""'])
def test_a_query_without_words_lists_the_latest_documents(query):
    add("Older", issued_on=dt.date(2019, 1, 1))
    add("Newer", issued_on=dt.date(2021, 1, 1))

    page = search.search(user=ANONYMOUS, query=query)

    assert [hit.version.title for hit in page.hits] == ["Newer", "Older"]
    assert [hit.rank for hit in page.hits] == [0.0, 0.0]
    assert page.total == 2


def test_a_listing_shows_the_version_in_the_reader_language():
    english = add("In English", "Text.")
    add("По-русски", "Текст.", language=Language.RU, document=english.document)

    assert found() == ["In English"]
    with translation.override("ru"):
        assert found() == ["По-русски"]


def test_the_version_found_is_the_one_shown():
    english = add("Return of migrants", "Migrants returned.")
    add(
        "Возвращение мигрантов",
        "Мигранты вернулись.",
        language=Language.RU,
        document=english.document,
    )

    [hit] = search.search(user=ANONYMOUS, query="мигрантов").hits

    assert (hit.version.language, hit.document) == (Language.RU, english.document)


# --- ranking, snippets, pages ---------------------------------------------------------------


def test_a_match_in_the_title_ranks_first():
    add(
        "Border management",
        "Officials discussed the refugees and the border posts in detail.",
        issued_on=dt.date(2022, 1, 1),
    )
    add(
        "Refugees",
        "Officials discussed the crossings and the border posts in detail.",
        issued_on=dt.date(2018, 1, 1),
    )

    page = search.search(user=ANONYMOUS, query="refugees")

    assert [hit.version.title for hit in page.hits] == ["Refugees", "Border management"]
    assert page.hits[0].rank > page.hits[1].rank


def test_equal_matches_come_latest_first():
    add("Older", "Refugees arrived.", issued_on=dt.date(2017, 1, 1))
    add("Newer", "Refugees arrived.", issued_on=dt.date(2019, 1, 1))

    assert found("refugees") == ["Newer", "Older"]


def test_a_snippet_marks_the_words_and_escapes_the_text():
    add("Report", "<script>alert(1)</script> Беженцы & migrants.", language=Language.RU)

    [hit] = search.search(user=ANONYMOUS, query="беженцев").hits

    assert hit.snippet == (
        "&lt;script&gt;alert(1)&lt;/script&gt; <mark>Беженцы</mark> &amp; migrants."
    )


def test_pages_share_the_total():
    for n in range(5):
        add(f"Refugees {n}", "Refugees arrived.", issued_on=dt.date(2020, 1, n + 1))

    pages = [search.search(user=ANONYMOUS, query="refugees", limit=2, offset=o) for o in (0, 2, 4)]

    assert [page.total for page in pages] == [5, 5, 5]
    assert [[hit.version.title for hit in page.hits] for page in pages] == [
        ["Refugees 4", "Refugees 3"],
        ["Refugees 2", "Refugees 1"],
        ["Refugees 0"],
    ]


@pytest.mark.parametrize("query", ["refugees", ""])
def test_a_page_past_the_end_is_empty_and_still_counts(query):
    add("Refugees", "Refugees arrived.")

    page = search.search(user=ANONYMOUS, query=query, offset=10)

    assert (page.total, page.hits) == (1, [])


@pytest.mark.parametrize("query", ["refugees", ""])
def test_searching_takes_a_bounded_number_of_queries(
    user_with_role, django_assert_max_num_queries, query
):
    for n in range(15):
        version = add(f"Refugees {n}", "Refugees arrived.", access=Access.MEMBERS)
        add(f"Беженцы {n}", "Refugees прибыли.", language=Language.RU, document=version.document)
    user = user_with_role("observer_delegate")

    with django_assert_max_num_queries(4):
        page = search.search(user=user, query=query, limit=10)

    assert (page.total, len(page.hits)) == (15, 10)
