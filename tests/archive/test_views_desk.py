"""The Support Unit's archive desk: translation status, media monitoring, glossary and PDFs."""

from __future__ import annotations

import datetime as dt
import io
import re

import pytest
from django.utils import timezone
from pypdf import PdfReader

from almaty.archive.choices import Access
from almaty.archive.models import GlossaryTerm, MediaItem
from tests.factories.accounts import UserFactory
from tests.factories.archive import (
    DocumentFactory,
    DocumentVersionFactory,
    GlossaryTermFactory,
    MediaItemFactory,
)
from tests.factories.meetings import MeetingFactory

DESK_PAGES = [
    "/en/documents/translations/",
    "/en/documents/media/",
    "/en/documents/information-sheet/",
    "/en/documents/compilation/MEETING/",
]


@pytest.fixture
def staff(client, user_with_role):
    client.force_login(user_with_role("support_unit"))
    return client


def document_with(*statuses, **fields):
    """A document with one version per (language, status)."""
    document = DocumentFactory(**fields)
    for language, status in statuses:
        DocumentVersionFactory(
            document=document, language=language, title=f"Paper {language}", status=status
        )
    return document


@pytest.mark.parametrize("url", DESK_PAGES)
@pytest.mark.parametrize(("role", "state"), [(None, None), ("national_coordinator", "KAZ")])
def test_the_desk_pages_are_the_support_units(client, user_with_role, url, role, state):
    client.force_login(user_with_role(role, state) if role else UserFactory())

    response = client.get(url.replace("MEETING", str(MeetingFactory().pk)))

    assert response.status_code == 403


@pytest.mark.parametrize("url", DESK_PAGES)
def test_the_desk_pages_open_for_the_support_unit(staff, url):
    response = staff.get(url.replace("MEETING", str(MeetingFactory().pk)))

    assert response.status_code == 200


# --- translation status ------------------------------------------------------------------------


@pytest.fixture
def documents(reference):
    return {
        "done": document_with(("en", "original"), ("ru", "final")),
        "machine": document_with(("en", "original"), ("ru", "machine_draft"), ("kk", "draft")),
        "english": document_with(("en", "original"), access=Access.DRAFT),
    }


def rows(page):
    return {int(pk) for pk in re.findall(r'<tr data-document="(\d+)">', page)}


def test_the_dashboard_shows_each_languages_status(staff, documents):
    page = staff.get("/en/documents/translations/").content.decode()

    assert rows(page) == {d.pk for d in documents.values()}
    machine = page.split(f'<tr data-document="{documents["machine"].pk}">')[1].split("</tr>")[0]
    assert 'data-language="ru" data-status="machine_draft"' in machine
    assert 'data-language="kk" data-status="draft"' in machine
    assert "Kazakh" in page  # a column for each language in use


@pytest.mark.parametrize(
    ("status", "expected"),
    [
        ("machine_draft", {"machine"}),
        ("final", {"done"}),
        ("original", {"done", "machine", "english"}),
        ("missing", {"english"}),
        ("", {"done", "machine", "english"}),
        ("nonsense", {"done", "machine", "english"}),
    ],
)
def test_the_dashboard_filters_by_status(staff, documents, status, expected):
    page = staff.get("/en/documents/translations/", {"status": status}).content.decode()

    assert rows(page) == {documents[name].pk for name in expected}


def test_the_dashboard_shows_which_documents_have_parity(staff, documents):
    page = staff.get("/en/documents/translations/").content.decode()

    done = page.split(f'<tr data-document="{documents["done"].pk}">')[1].split("</tr>")[0]
    machine = page.split(f'<tr data-document="{documents["machine"].pk}">')[1].split("</tr>")[0]
    assert "<td>yes</td>" in done
    assert "<strong>no</strong>" in machine


# --- media monitoring --------------------------------------------------------------------------


def test_the_media_list_shows_the_items_of_the_period(staff):
    today = timezone.localdate()
    MediaItemFactory(headline="Recent item", published_on=today - dt.timedelta(days=3))
    MediaItemFactory(headline="Old item", published_on=today - dt.timedelta(days=400))

    recent = staff.get("/en/documents/media/").content.decode()
    older = staff.get(
        "/en/documents/media/",
        {"start": (today - dt.timedelta(days=500)).isoformat(), "end": today.isoformat()},
    ).content.decode()

    assert "Recent item" in recent
    assert "Old item" not in recent
    assert "Old item" in older


def test_the_support_unit_records_a_media_item(staff):
    response = staff.post(
        "/en/documents/media/",
        {
            "action": "add",
            "outlet": "Kabar",
            "published_on": "2024-05-02",
            "language": "ky",
            "headline": "Алматы процесси",
            "url": "https://kabar.kg/news/1",
            "summary_en": "On the Almaty Process.",
            "summary_ru": "Об Алматинском процессе.",
            "states": ["KGZ"],
        },
    )

    assert response.status_code == 302
    item = MediaItem.objects.get()
    assert (item.outlet, item.language, item.url) == ("Kabar", "ky", "https://kabar.kg/news/1")
    assert [s.iso3 for s in item.states.all()] == ["KGZ"]


def test_a_media_item_with_a_bad_link_is_refused(staff):
    response = staff.post(
        "/en/documents/media/",
        {
            "action": "add",
            "outlet": "Kabar",
            "published_on": "2024-05-02",
            "language": "ky",
            "headline": "X",
            "url": "javascript:alert(1)",
        },
    )

    assert response.status_code == 400
    assert not MediaItem.objects.exists()


def test_the_support_unit_removes_a_media_item(staff):
    item = MediaItemFactory()

    response = staff.post("/en/documents/media/", {"action": "remove", "item": item.pk})

    assert response.status_code == 302
    assert not MediaItem.objects.exists()


def test_removing_a_missing_media_item_says_so(staff):
    response = staff.post(
        "/en/documents/media/", {"action": "remove", "item": "999999"}, follow=True
    )

    assert response.status_code == 200
    assert "There is no such media item." in response.content.decode()


# --- glossary ----------------------------------------------------------------------------------


def test_the_glossary_needs_sign_in(client, reference):
    response = client.get("/en/documents/glossary/")

    assert response.status_code == 302
    assert "/en/account/sign-in/" in response.url


def test_the_glossary_is_for_people_holding_a_role(client, reference):
    client.force_login(UserFactory())

    assert client.get("/en/documents/glossary/").status_code == 403


def test_anyone_with_a_role_reads_the_glossary_but_cannot_change_it(client, user_with_role):
    GlossaryTermFactory(term_en="refugee", term_ru="беженец")
    client.force_login(user_with_role("national_coordinator", "TJK"))

    page = client.get("/en/documents/glossary/").content.decode()
    sent = client.post("/en/documents/glossary/", {"term_en": "asylum", "term_ru": "убежище"})

    assert "беженец" in page
    assert "Add a term" not in page
    assert sent.status_code == 403
    assert GlossaryTerm.objects.count() == 1


def test_the_support_unit_adds_a_term(staff):
    response = staff.post(
        "/en/documents/glossary/",
        {"term_en": "asylum seeker", "term_ru": "лицо, ищущее убежища", "note": "not 'asylee'"},
    )

    assert response.status_code == 302
    term = GlossaryTerm.objects.get()
    assert (term.term_en, term.term_ru, term.note) == (
        "asylum seeker",
        "лицо, ищущее убежища",
        "not 'asylee'",
    )


def test_the_support_unit_edits_a_term(staff):
    term = GlossaryTermFactory(term_en="stateless", term_ru="апатрид")

    page = staff.get("/en/documents/glossary/", {"edit": term.pk}).content.decode()
    staff.post(
        f"/en/documents/glossary/?edit={term.pk}",
        {"term_en": "stateless person", "term_ru": "лицо без гражданства"},
    )

    assert 'value="апатрид"' in page
    term.refresh_from_db()
    assert (term.term_en, term.term_ru) == ("stateless person", "лицо без гражданства")
    assert GlossaryTerm.objects.count() == 1


def test_a_term_already_in_the_glossary_is_refused(staff):
    GlossaryTermFactory(term_en="refugee", term_ru="беженец")

    response = staff.post("/en/documents/glossary/", {"term_en": "Refugee", "term_ru": "беженка"})

    assert response.status_code == 400
    assert "The glossary already has the term Refugee." in response.content.decode()
    assert GlossaryTerm.objects.count() == 1


def test_the_support_unit_removes_a_term(staff):
    term = GlossaryTermFactory()

    staff.post(f"/en/documents/glossary/?edit={term.pk}", {"action": "remove"})

    assert not GlossaryTerm.objects.exists()


# --- PDFs --------------------------------------------------------------------------------------


@pytest.fixture
def meeting_papers(reference):
    meeting = MeetingFactory(title_en="Fifth Ministerial", title_ru="Пятая министерская")
    kept = DocumentFactory(meeting=meeting, issued_on=dt.date(2017, 6, 1))
    DocumentVersionFactory(document=kept, language="en", title="Communique", text="Agreed.")
    DocumentVersionFactory(document=kept, language="ru", title="Коммюнике", text="Согласовано.")
    left = DocumentFactory(meeting=meeting, issued_on=dt.date(2017, 6, 2))
    DocumentVersionFactory(document=left, language="en", title="Side paper", text="Aside.")
    DocumentFactory(issued_on=dt.date(2017, 6, 3))  # another meeting's: never offered
    return meeting, kept, left


def test_the_compilation_page_offers_the_meetings_documents(staff, meeting_papers):
    meeting, kept, left = meeting_papers

    page = staff.get(f"/en/documents/compilation/{meeting.pk}/").content.decode()

    assert set(map(int, re.findall(r'name="documents" value="(\d+)"', page))) == {
        kept.pk,
        left.pk,
    }


def test_the_compilation_is_a_bilingual_pdf_of_the_chosen_documents(staff, meeting_papers):
    meeting, kept, _left = meeting_papers

    response = staff.get(f"/en/documents/compilation/{meeting.pk}/", {"documents": [kept.pk]})

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages)
    assert "Communique" in text
    assert "Коммюнике" in text
    assert "Side paper" not in text


@pytest.mark.parametrize("chosen", [[], ["999999"], ["x"]])
def test_a_compilation_needs_documents_of_the_meeting(staff, meeting_papers, chosen):
    meeting, _kept, _left = meeting_papers

    response = staff.get(
        f"/en/documents/compilation/{meeting.pk}/", {"documents": chosen, "make": "1"}
    )

    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/html")


def test_the_compilation_of_a_missing_meeting_is_not_found(staff):
    assert staff.get("/en/documents/compilation/999999/").status_code == 404


def test_the_information_sheet_is_a_pdf_in_the_chosen_language(staff):
    MediaItemFactory(headline="Press on the Process", published_on=dt.date(2024, 3, 1))

    response = staff.get(
        "/en/documents/information-sheet/",
        {"start": "2024-01-01", "end": "2024-06-30", "language": "ru"},
    )

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert (
        'filename="information-sheet-2024-01-01-2024-06-30-ru.pdf"'
        in response["Content-Disposition"]
    )
    assert PdfReader(io.BytesIO(response.content)).pages


def test_an_information_sheet_cannot_end_before_it_starts(staff):
    response = staff.get(
        "/en/documents/information-sheet/",
        {"start": "2024-06-30", "end": "2024-01-01", "language": "en"},
    )

    assert response.status_code == 400
    assert "The period cannot end before it starts." in response.content.decode()


@pytest.mark.parametrize(
    ("name", "url", "params"),
    [
        ("compilation_pdf", "/en/documents/compilation/MEETING/", {"documents": "KEPT"}),
        (
            "information_sheet_pdf",
            "/en/documents/information-sheet/",
            {"start": "2024-01-01", "end": "2024-06-30", "language": "en"},
        ),
    ],
)
def test_without_pdf_libraries_the_pages_say_so(
    staff, meeting_papers, monkeypatch, name, url, params
):
    import almaty.archive.pdf as pdf

    def missing(**kwargs):
        raise OSError("cannot load library 'libpango-1.0-0'")

    monkeypatch.setattr(pdf, name, missing)
    meeting, kept, _left = meeting_papers
    params = {k: str(kept.pk) if v == "KEPT" else v for k, v in params.items()}

    response = staff.get(url.replace("MEETING", str(meeting.pk)), params)

    assert response.status_code == 503
    assert "WeasyPrint needs Pango" in response.content.decode()
