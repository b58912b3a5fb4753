"""The search page of the archive: words, filters, what each reader may see, the htmx fragment."""

from __future__ import annotations

import datetime as dt
import html
import re
from types import SimpleNamespace

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from almaty.archive import search
from almaty.archive.choices import Access, DocumentKind, Language, TranslationStatus
from almaty.archive.views import safe_snippet
from almaty.process.models import State
from tests.factories.archive import DocumentFactory, DocumentVersionFactory, TopicFactory
from tests.factories.meetings import MeetingFactory


def make_document(*, versions, **fields):
    """A document with its language versions, indexed for search as the services index them."""
    document = DocumentFactory(**fields)
    for language, title, text, *status in versions:
        version = DocumentVersionFactory(
            document=document,
            language=language,
            title=title,
            text=text,
            status=status[0] if status else TranslationStatus.ORIGINAL,
        )
        search.index_version(version)
    return document


def titles(page: str) -> list[str]:
    found = re.findall(r"<h3 lang=\"\w+\"><a href=\"[^\"]+\">([^<]+)</a></h3>", page)
    return [html.unescape(title) for title in found]


@pytest.fixture
def archive(reference):
    meeting = MeetingFactory(
        title_en="SOM 2017", title_ru="СДЛ 2017", starts_on=dt.date(2017, 6, 1)
    )
    topic = TopicFactory(code="labour", name_en="Labour migration", name_ru="Трудовая миграция")
    report = make_document(
        kind=DocumentKind.REPORT,
        issued_on=dt.date(2017, 6, 2),
        meeting=meeting,
        topics=[topic],
        states=[State.objects.get(iso3="KAZ")],
        versions=[
            ("en", "Report on labour migrants", "Labour migrants in Kazakhstan send money home."),
            (
                "ru",
                "Доклад о трудовых мигрантах",
                "Трудовые мигранты в Казахстане.",
                "machine_draft",
            ),
        ],
    )
    note = make_document(
        kind=DocumentKind.REPORT,
        issued_on=dt.date(2018, 3, 1),
        access=Access.MEMBERS,
        versions=[("en", "Members' note on migrants", "Migrants at the borders.")],
    )
    draft = make_document(
        kind=DocumentKind.COMMUNIQUE,
        issued_on=dt.date(2019, 5, 1),
        access=Access.DRAFT,
        versions=[("en", "Draft communiqué on migrants", "Migrants and refugees.")],
    )
    return SimpleNamespace(report=report, note=note, draft=draft, meeting=meeting)


@pytest.mark.parametrize(
    ("language", "query", "title", "kind", "meeting"),
    [
        ("en", "migrants", "Report on labour migrants", "Report", "SOM 2017"),
        ("ru", "мигранты", "Доклад о трудовых мигрантах", "report", "СДЛ 2017"),
    ],
)
def test_the_search_page_shows_results_in_each_language(
    client, archive, language, query, title, kind, meeting
):
    response = client.get(f"/{language}/documents/", {"q": query})

    page = response.content.decode()
    assert response.status_code == 200
    assert f'<html lang="{language}">' in page
    assert titles(page) == [title]
    assert meeting in page
    assert "<mark>" in page
    assert f'href="/{language}/documents/{archive.report.pk}/"' in page


def test_each_result_shows_its_languages_with_their_translation_status(client, archive):
    page = client.get("/en/documents/", {"q": "migrants"}).content.decode()

    assert 'data-language="en" data-status="original"' in page
    assert 'data-language="ru" data-status="machine_draft"' in page
    assert "Machine draft" in page
    assert f'href="/en/documents/{archive.report.pk}/?lang=ru"' in page


@pytest.mark.parametrize(
    ("role", "state", "expected"),
    [
        (None, None, ["Report on labour migrants"]),
        ("national_coordinator", "KGZ", ["Members' note on migrants", "Report on labour migrants"]),
        (
            "support_unit",
            None,
            [
                "Draft communiqué on migrants",
                "Members' note on migrants",
                "Report on labour migrants",
            ],
        ),
    ],
)
@pytest.mark.parametrize("query", ["migrants", ""])
def test_readers_find_only_the_documents_they_may_read(
    client, archive, user_with_role, role, state, expected, query
):
    if role:
        client.force_login(user_with_role(role, state))

    page = client.get("/en/documents/", {"q": query}).content.decode()

    assert sorted(titles(page)) == expected


def test_a_signed_in_user_without_a_role_sees_only_public_documents(client, archive):
    from tests.factories.accounts import UserFactory

    client.force_login(UserFactory())

    page = client.get("/en/documents/").content.decode()

    assert titles(page) == ["Report on labour migrants"]


def test_without_words_the_latest_documents_come_first(client, archive, user_with_role):
    client.force_login(user_with_role("support_unit"))

    page = client.get("/en/documents/").content.decode()

    assert "Latest documents" in page
    assert titles(page) == [
        "Draft communiqué on migrants",
        "Members' note on migrants",
        "Report on labour migrants",
    ]


@pytest.mark.parametrize(
    ("name", "value", "expected"),
    [
        ("kind", DocumentKind.COMMUNIQUE, ["Draft communiqué on migrants"]),
        ("year", "2018", ["Members' note on migrants"]),
        ("meeting", "MEETING", ["Report on labour migrants"]),
        ("topic", "labour", ["Report on labour migrants"]),
        ("state", "KAZ", ["Report on labour migrants"]),
        ("language", Language.RU, ["Доклад о трудовых мигрантах"]),
    ],
)
def test_each_filter_narrows_the_results(client, archive, user_with_role, name, value, expected):
    client.force_login(user_with_role("support_unit"))
    value = str(archive.meeting.pk) if value == "MEETING" else value

    page = client.get("/en/documents/", {name: value}).content.decode()

    assert titles(page) == expected
    assert re.search(rf'<option value="{re.escape(str(value))}" selected>', page)


def test_filters_offer_only_years_the_reader_may_see(client, archive):
    page = client.get("/en/documents/").content.decode()

    assert '<option value="2017">' in page
    assert '<option value="2019">' not in page


@pytest.mark.parametrize("query", ["year=abc", "meeting=x", "kind=nonsense", "page=-3", "page=x"])
def test_bad_filters_are_ignored_not_an_error(client, archive, query):
    response = client.get(f"/en/documents/?{query}")

    assert response.status_code == 200
    assert titles(response.content.decode()) == ["Report on labour migrants"]


def test_the_page_is_a_plain_get_form_that_htmx_enhances(client, archive):
    page = client.get("/en/documents/").content.decode()

    form = re.search(r"<form method=\"get\" action=\"/en/documents/\"[^>]*>", page)
    assert form is not None
    assert 'hx-get="/en/documents/"' in form.group(0)
    assert 'hx-target="#results"' in form.group(0)
    assert 'hx-push-url="true"' in form.group(0)
    assert "delay:" in form.group(0)
    assert '<div id="results"' in page


def test_htmx_gets_only_the_results_fragment(client, archive):
    response = client.get("/en/documents/", {"q": "migrants"}, headers={"HX-Request": "true"})

    page = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in page
    assert titles(page) == ["Report on labour migrants"]
    assert "HX-Request" in response["Vary"]


def test_an_htmx_history_restore_gets_the_whole_page(client, archive):
    response = client.get(
        "/en/documents/",
        {"q": "migrants"},
        headers={"HX-Request": "true", "HX-History-Restore-Request": "true"},
    )

    assert "<html" in response.content.decode()


def test_the_text_of_a_document_cannot_inject_markup_into_the_snippet(client, reference):
    make_document(
        versions=[("en", "Hostile", "<script>alert(1)</script> migrants & <b>refugees</b>")]
    )

    page = client.get("/en/documents/", {"q": "migrants"}).content.decode()

    assert "<script>alert" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<mark>migrants</mark>" in page
    assert "<b>refugees" not in page


@pytest.mark.parametrize(
    ("snippet", "shown"),
    [
        (
            "a <mark>word</mark> &amp; &lt;b&gt; &#x27;",
            "a <mark>word</mark> &amp; &lt;b&gt; &#x27;",
        ),
        ("<script>x</script><mark>y</mark>", "&lt;script&gt;x&lt;/script&gt;<mark>y</mark>"),
        ('<mark onclick="x">y</mark>', "&lt;mark onclick=&quot;x&quot;&gt;y</mark>"),
        ("Tom & Jerry <mark>x</mark>", "Tom &amp; Jerry <mark>x</mark>"),
    ],
)
def test_only_mark_tags_of_a_snippet_are_trusted(snippet, shown):
    assert safe_snippet(snippet) == shown


def test_results_are_paginated_and_keep_the_filters(client, reference):
    for day in range(1, 26):
        make_document(
            issued_on=dt.date(2020, 1, day), versions=[("en", f"Bulletin {day:02d}", "Migrants.")]
        )

    first = client.get("/en/documents/", {"q": "migrants", "year": "2020"}).content.decode()
    second = client.get(
        "/en/documents/", {"q": "migrants", "year": "2020", "page": "2"}
    ).content.decode()

    assert len(titles(first)) == 20
    assert "?q=migrants&amp;year=2020&amp;page=2" in first
    assert "Page 1 of 2" in first
    assert sorted(titles(second)) == [f"Bulletin {day:02d}" for day in range(1, 6)]


def _count_queries(client, url, params):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url, params).status_code == 200
    return len(queries)


@pytest.mark.parametrize("query", ["migrants", ""])
def test_the_search_page_needs_the_same_queries_for_few_or_many_results(
    client, reference, user_with_role, query
):
    client.force_login(user_with_role("support_unit"))
    topic = TopicFactory()
    state = State.objects.get(iso3="TJK")

    def add(n):
        for i in range(n):
            make_document(
                meeting=MeetingFactory(),
                topics=[topic],
                states=[state],
                versions=[("en", f"Paper {i}", "Migrants."), ("ru", f"Документ {i}", "Мигранты.")],
            )

    add(2)
    few = _count_queries(client, "/en/documents/", {"q": query})
    add(10)
    many = _count_queries(client, "/en/documents/", {"q": query})

    assert many == few
    assert many <= 20


@pytest.mark.parametrize(
    ("role", "links"),
    [
        (None, []),
        ("national_coordinator", ["/en/documents/glossary/"]),
        (
            "support_unit",
            [
                "/en/documents/new/",
                "/en/documents/translations/",
                "/en/documents/media/",
                "/en/documents/glossary/",
                "/en/documents/information-sheet/",
            ],
        ),
    ],
)
def test_the_page_links_the_desk_pages_each_reader_may_use(client, user_with_role, role, links):
    if role:
        client.force_login(user_with_role(role, "KAZ" if role == "national_coordinator" else None))

    page = client.get("/en/documents/").content.decode()

    desk = ["new", "translations", "media", "glossary", "information-sheet"]
    shown = [f"/en/documents/{name}/" for name in desk if f'href="/en/documents/{name}/"' in page]
    assert shown == links
