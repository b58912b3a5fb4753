"""The compilation of a meeting's materials and the joint information sheet, read back from the
PDF as a reader sees them."""

from __future__ import annotations

import datetime as dt
import io
import re

import pytest
from django.utils import timezone, translation
from pypdf import PdfReader

from almaty.archive.choices import Access, DocumentKind, Language, TranslationStatus
from almaty.archive.models import Document, DocumentVersion, MediaItem
from almaty.archive.pdf import (
    compilation_pdf,
    information_sheet_context,
    information_sheet_html,
    information_sheet_pdf,
)
from almaty.core.errors import InvalidInput
from almaty.decisions.choices import ProposalKind, ProposalStatus
from almaty.decisions.models import Proposal
from almaty.meetings.choices import MeetingKind
from almaty.meetings.models import Meeting
from almaty.process.choices import ParticipationStatus
from almaty.process.models import Participation
from tests.factories.process import StateFactory

pytestmark = pytest.mark.django_db


def pages_of(pdf: bytes) -> list[str]:
    return [re.sub(r"\s+", " ", page.extract_text()) for page in PdfReader(io.BytesIO(pdf)).pages]


def make_meeting(title_en: str, title_ru: str, starts_on: dt.date, days: int = 1) -> Meeting:
    return Meeting.objects.create(
        kind=MeetingKind.SOM,
        title_en=title_en,
        title_ru=title_ru,
        starts_on=starts_on,
        ends_on=starts_on + dt.timedelta(days=days - 1),
        city_en="Ashgabat",
        city_ru="Ашхабад",
    )


def make_document(meeting: Meeting | None = None, access: str = Access.PUBLIC, **versions):
    """A document with versions given as language=(title, text, status)."""
    document = Document.objects.create(
        kind=DocumentKind.REPORT, issued_on=dt.date(2026, 5, 20), meeting=meeting, access=access
    )
    for language, (title, text, status) in versions.items():
        DocumentVersion.objects.create(
            document=document, language=language, title=title, text=text, status=status
        )
    return document


@pytest.fixture
def meeting():
    return make_meeting(
        "Ministerial Conference on Mixed Migration",
        "Министерская конференция по смешанной миграции",
        dt.date(2026, 6, 10),
        days=2,
    )


LONG_TEXT = "\n\n".join(
    f"Paragraph {n}. " + "The States of the region agree to share data on mixed movements. " * 12
    for n in range(1, 46)
)


@pytest.fixture
def materials(meeting):
    short = make_document(
        meeting,
        en=("Provisional agenda", "The agenda of the conference.", TranslationStatus.ORIGINAL),
        ru=("Предварительная повестка", "Повестка конференции.", TranslationStatus.FINAL),
    )
    long = make_document(
        meeting,
        en=("Regional report on mixed movements", "Movements rose.", TranslationStatus.ORIGINAL),
        ru=(
            "Региональный доклад о смешанных перемещениях",
            "Текст доклада.",
            TranslationStatus.MACHINE_DRAFT,
        ),
    )
    english_only = make_document(
        meeting, en=("Concept note", "Why the conference meets.", TranslationStatus.ORIGINAL)
    )
    russian_only = make_document(
        meeting, ru=("Справка для прессы", "Сведения для журналистов.", TranslationStatus.ORIGINAL)
    )
    return [short, long, english_only, russian_only]


@pytest.fixture
def long_materials(materials):
    """The same materials, the report now long enough to run over a dozen pages."""
    DocumentVersion.objects.filter(title="Regional report on mixed movements").update(
        text=LONG_TEXT
    )
    return materials


def test_the_cover_names_the_meeting_in_both_languages(meeting, materials):
    cover = pages_of(compilation_pdf(meeting=meeting, documents=materials))[0]

    assert "Materials of Ministerial Conference on Mixed Migration" in cover
    assert "Министерская конференция по смешанной миграции" in cover
    assert "10 June 2026 – 11 June 2026" in cover
    assert "10 июня 2026 – 11 июня 2026" in cover


def test_the_contents_give_the_page_where_each_document_starts(meeting, long_materials):
    pages = pages_of(compilation_pdf(meeting=meeting, documents=long_materials))
    contents = pages[1]

    for title in ["Provisional agenda", "Regional report on mixed movements", "Concept note"]:
        listed = int(re.search(re.escape(title) + r"[^\d]*?(\d+)", contents).group(1))
        found = next(n for n, text in enumerate(pages[2:], start=3) if title in text)
        assert listed == found, title
    listed = int(re.search(r"Справка для прессы[ .]*(\d+)", contents).group(1))
    assert "Справка для прессы" in pages[listed - 1]
    assert "Сведения для журналистов." in pages[listed - 1]


def test_a_long_document_runs_over_many_pages(meeting, long_materials):
    pages = pages_of(compilation_pdf(meeting=meeting, documents=long_materials))

    first = next(n for n, text in enumerate(pages) if "Paragraph 1." in text)
    last = next(n for n, text in enumerate(pages) if "Paragraph 45." in text)
    assert last - first >= 9
    assert "Текст доклада." in pages[last] + pages[last + 1]


def test_each_document_gives_english_then_russian(meeting, materials):
    text = " ".join(pages_of(compilation_pdf(meeting=meeting, documents=materials))[2:])

    assert text.index("The agenda of the conference.") < text.index("Повестка конференции.")
    assert text.index("Повестка конференции.") < text.index("Regional report on mixed movements")


def test_a_missing_russian_version_is_said_not_replaced(meeting, materials):
    pages = pages_of(compilation_pdf(meeting=meeting, documents=materials))
    section = next(text for text in pages[2:] if "Concept note" in text)

    assert "No Russian version" in section
    assert section.count("Why the conference meets.") == 1


def test_a_missing_english_version_is_said_not_replaced(meeting, materials):
    pages = pages_of(compilation_pdf(meeting=meeting, documents=materials))
    section = next(text for text in pages[2:] if "Справка для прессы" in text)

    assert "No English version" in section
    assert section.count("Сведения для журналистов.") == 1


def test_each_version_shows_its_translation_status(meeting, materials):
    text = " ".join(pages_of(compilation_pdf(meeting=meeting, documents=materials)))

    with translation.override("ru"):
        machine_draft = str(TranslationStatus.MACHINE_DRAFT.label)

    assert re.search(r"Provisional agenda Translation status: Original The agenda", text)
    assert re.search(f"Региональный доклад о смешанных перемещениях [^.]*{machine_draft}", text)


def test_a_version_without_typed_text_prints_the_text_extracted_from_its_file(meeting):
    document = make_document(meeting)
    DocumentVersion.objects.create(
        document=document,
        language=Language.EN,
        title="Scanned declaration",
        extracted_text="Text read from the uploaded file.",
        status=TranslationStatus.ORIGINAL,
    )

    text = " ".join(pages_of(compilation_pdf(meeting=meeting, documents=[document])))

    assert "Text read from the uploaded file." in text


def test_compilation_pages_are_numbered_after_the_cover(meeting, materials):
    pages = pages_of(compilation_pdf(meeting=meeting, documents=materials))

    assert "Page 1 of" not in pages[0]
    for number, text in enumerate(pages[1:], start=2):
        assert f"Page {number} of {len(pages)}" in text


def test_an_empty_compilation_says_so(meeting):
    pages = pages_of(compilation_pdf(meeting=meeting, documents=[]))

    assert len(pages) == 2
    assert "This compilation holds no document." in pages[1]


# --- The joint information sheet ---------------------------------------------------------------

START, END = dt.date(2026, 1, 1), dt.date(2026, 6, 30)


def media(published_on, headline, summary_en="", summary_ru="", language=Language.EN):
    return MediaItem.objects.create(
        outlet="Kabar",
        published_on=published_on,
        language=language,
        headline=headline,
        summary_en=summary_en,
        summary_ru=summary_ru,
    )


def decision(
    number, decided_on, title_en, title_ru, *, status=ProposalStatus.ADOPTED, is_public=True
):
    return Proposal.objects.create(
        kind=ProposalKind.GENERAL,
        title_en=title_en,
        title_ru=title_ru,
        text_en="Text.",
        text_ru="Текст.",
        status=status,
        decided_on=decided_on,
        register_number=number if status == ProposalStatus.ADOPTED else None,
        is_public=is_public,
    )


def added_on(document: Document, day: dt.date) -> Document:
    moment = timezone.make_aware(dt.datetime.combine(day, dt.time(12)))
    Document.objects.filter(pk=document.pk).update(created_at=moment)
    return document


@pytest.fixture
def period_facts():
    media(START, "First day story", "Migration ministers meet.", "Министры встречаются.")
    media(dt.date(2026, 3, 15), "March story", "Data sharing agreed.", "Согласован обмен данными.")
    media(dt.date(2026, 3, 20), "Другая мартовская статья", language=Language.RU)
    media(END, "Last day story")
    media(dt.date(2025, 12, 31), "Story of last year")
    media(dt.date(2026, 7, 1), "Story of next half-year")
    make_meeting("Spring SOM", "Весеннее СДЛ", dt.date(2026, 4, 14), days=2)
    make_meeting("Winter SOM", "Зимнее СДЛ", dt.date(2025, 12, 30), days=3)  # opens before
    make_meeting("Summer SOM", "Летнее СДЛ", dt.date(2026, 7, 2))
    decision("AP/2026/01", dt.date(2026, 4, 15), "Work plan 2027", "План работы на 2027 год")
    decision("AP/2025/07", dt.date(2025, 12, 31), "Old decision", "Старое решение")
    decision(
        "AP/2026/02", dt.date(2026, 5, 1), "Closed decision", "Закрытое решение", is_public=False
    )
    decision(
        None,
        dt.date(2026, 5, 2),
        "Rejected idea",
        "Отклонённая идея",
        status=ProposalStatus.NOT_ADOPTED,
    )
    added_on(make_document(en=("A", "", TranslationStatus.ORIGINAL)), dt.date(2026, 2, 1))
    added_on(make_document(access=Access.MEMBERS), dt.date(2026, 6, 30))
    added_on(make_document(access=Access.DRAFT), dt.date(2026, 2, 1))
    added_on(make_document(), dt.date(2026, 7, 1))
    for iso3, iso2, numeric in [("KAZ", "KZ", 398), ("KGZ", "KG", 417), ("TJK", "TJ", 762)]:
        Participation.objects.create(
            state=StateFactory(iso3=iso3, iso2=iso2, numeric=numeric),
            status=ParticipationStatus.MEMBER,
            valid_from=dt.date(2013, 6, 5),
        )
    Participation.objects.create(
        state=StateFactory(iso3="TUR", iso2="TR", numeric=792),
        status=ParticipationStatus.OBSERVER,
        valid_from=dt.date(2013, 6, 5),
    )


def test_the_sheet_lists_only_media_items_inside_the_period(period_facts):
    context = information_sheet_context(start=START, end=END, language="en")

    headlines = [entry["item"].headline for entry in context["media_items"]]
    assert headlines == [
        "First day story",
        "March story",
        "Другая мартовская статья",
        "Last day story",
    ]


def test_the_sheet_lists_the_meetings_that_open_in_the_period(period_facts):
    context = information_sheet_context(start=START, end=END, language="en")

    assert [m.title_en for m in context["meetings"]] == ["Spring SOM"]


def test_the_sheet_lists_public_decisions_adopted_in_the_period(period_facts):
    context = information_sheet_context(start=START, end=END, language="en")

    assert [d.register_number for d in context["decisions"]] == ["AP/2026/01"]


def test_the_sheet_counts_the_key_figures_of_the_period(period_facts):
    figures = information_sheet_context(start=START, end=END, language="en")["figures"]

    assert figures.meetings == 1
    assert figures.decisions == 1
    assert figures.documents == 2  # drafts and documents added later do not count
    assert figures.media_items == 4
    assert figures.member_states == 3  # the observer does not count


def test_the_sheet_charts_media_items_per_month(period_facts):
    chart = information_sheet_context(start=START, end=END, language="en")["chart"]

    assert [(bar.label, bar.count) for bar in chart.bars] == [
        ("Jan", 1),
        ("Feb", 0),
        ("Mar", 2),
        ("Apr", 0),
        ("May", 0),
        ("Jun", 1),
    ]
    assert chart.bars[2].height > chart.bars[0].height > 0 == chart.bars[1].height


def test_the_russian_chart_names_the_months_in_russian(period_facts):
    chart = information_sheet_context(start=START, end=END, language="ru")["chart"]

    assert [bar.label for bar in chart.bars][:3] == ["янв", "февр", "март"]


def test_a_period_of_several_years_is_charted_by_year(period_facts):
    chart = information_sheet_context(
        start=dt.date(2020, 1, 1), end=dt.date(2026, 12, 31), language="en"
    )["chart"]

    assert [(bar.label, bar.count) for bar in chart.bars][-2:] == [("2025", 1), ("2026", 5)]


def test_the_chart_is_drawn_without_javascript_and_with_unlocalised_numbers(period_facts):
    html = information_sheet_html(start=START, end=END, language="ru")

    svg = html[html.index("<svg") : html.index("</svg>")]
    assert "<rect" in svg
    assert not re.search(r'(x|y|width|height)="\d+,\d', svg)
    assert "<script" not in html


def test_the_english_sheet_shows_what_happened_in_the_period(period_facts):
    text = " ".join(pages_of(information_sheet_pdf(start=START, end=END, language="en")))

    assert "1 January 2026 – 30 June 2026" in text
    assert "Migration ministers meet." in text
    assert "Spring SOM" in text
    assert "AP/2026/01 Work plan 2027" in text
    for outside in ["Story of last year", "Story of next half-year", "Winter SOM", "Summer SOM"]:
        assert outside not in text
    for outside in ["Old decision", "Closed decision", "Rejected idea"]:
        assert outside not in text


def test_the_russian_sheet_is_in_russian_only(period_facts):
    text = " ".join(pages_of(information_sheet_pdf(start=START, end=END, language="ru")))

    assert "1 января 2026 – 30 июня 2026" in text
    assert "Министры встречаются." in text
    assert "Весеннее СДЛ" in text
    assert "План работы на 2027 год" in text
    assert "Migration ministers meet." not in text
    assert "Work plan 2027" not in text


def test_the_sheet_pages_are_numbered(period_facts):
    pages = pages_of(information_sheet_pdf(start=START, end=END, language="en"))

    assert all(f"Page {n} of {len(pages)}" in text for n, text in enumerate(pages, start=1))


def test_an_empty_period_says_there_was_nothing(db):
    text = " ".join(pages_of(information_sheet_pdf(start=START, end=END, language="en")))

    assert "No meeting was held in this period." in text
    assert "No decision was adopted in this period." in text
    assert "No media item in this period." in text


def test_a_period_that_ends_before_it_starts_is_refused(db):
    with pytest.raises(InvalidInput, match="before it starts"):
        information_sheet_pdf(start=END, end=START, language="en")


@pytest.mark.parametrize("language", ["kk", "fr", "", "EN"])
def test_a_sheet_is_made_only_in_english_or_russian(db, language):
    with pytest.raises(InvalidInput, match="English or in Russian"):
        information_sheet_context(start=START, end=END, language=language)
