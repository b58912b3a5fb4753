"""The printed agenda and the delegates' badges, read back from the PDF as a reader sees them."""

from __future__ import annotations

import datetime as dt
import io
import re

import pytest
from pypdf import PdfReader

from almaty.core.errors import InvalidInput
from almaty.meetings.choices import DelegateStatus, Gender, ItemKind, MeetingKind, SpeakerRole
from almaty.meetings.models import AgendaItem, Delegate, Meeting, Person, Speaker
from almaty.meetings.pdf import agenda_html, agenda_pdf, badges_html, badges_pdf
from almaty.process.choices import OrganisationKind
from almaty.process.models import Organisation
from tests.factories.process import StateFactory

pytestmark = pytest.mark.django_db


def pages_of(pdf: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages]


def flat(text: str) -> str:
    """The text with line breaks and runs of spaces made single spaces (PDF lines wrap)."""
    return re.sub(r"\s+", " ", text)


@pytest.fixture
def kyrgyzstan():
    return StateFactory(
        iso3="KGZ",
        iso2="KG",
        numeric=417,
        name_en="Kyrgyz Republic",
        name_ru="Кыргызская Республика",
    )


@pytest.fixture
def iom():
    return Organisation.objects.create(
        code="iom",
        acronym_en="IOM",
        acronym_ru="МОМ",
        name_en="International Organization for Migration",
        name_ru="Международная организация по миграции",
        kind=OrganisationKind.INTERNATIONAL,
    )


@pytest.fixture
def meeting(kyrgyzstan):
    return Meeting.objects.create(
        kind=MeetingKind.SOM,
        number=9,
        title_en="Senior Officials' Meeting on Labour Migration",
        title_ru="Совещание старших должностных лиц по трудовой миграции",
        theme_en="Safe and orderly migration",
        theme_ru="Безопасная и упорядоченная миграция",
        starts_on=dt.date(2026, 6, 2),
        ends_on=dt.date(2026, 6, 3),
        city_en="Bishkek",
        city_ru="Бишкек",
        venue_en="Hyatt Regency",
        venue_ru="Хаятт Ридженси",
        host_state=kyrgyzstan,
        time_zone="Asia/Bishkek",
    )


def item(meeting, day, start, end, title_en, title_ru, kind=ItemKind.SESSION, **fields):
    return AgendaItem.objects.create(
        meeting=meeting,
        day=day,
        starts_at=start,
        ends_at=end,
        kind=kind,
        title_en=title_en,
        title_ru=title_ru,
        **fields,
    )


@pytest.fixture
def agenda(meeting, iom):
    day1, day2 = meeting.starts_on, meeting.ends_on
    # Created out of order: the agenda is ordered by day and time, not by creation.
    item(meeting, day1, dt.time(11, 0), dt.time(12, 30), "Return migration", "Возвратная миграция")
    item(
        meeting,
        day1,
        dt.time(9, 0),
        dt.time(10, 30),
        "Opening session",
        "Открытие",
        ItemKind.OPENING,
    )
    coffee = item(
        meeting, day1, dt.time(10, 30), dt.time(11, 0), "Coffee break", "Кофе-брейк", ItemKind.BREAK
    )
    item(meeting, day2, dt.time(9, 30), dt.time(11, 0), "Way forward", "Дальнейшие шаги")
    session = AgendaItem.objects.get(title_en="Return migration")
    item(
        meeting,
        day1,
        dt.time(11, 0),
        dt.time(11, 20),
        "Reintegration in practice",
        "Реинтеграция на практике",
        ItemKind.TALK,
        parent=session,
        description_en="Lessons from three programmes.",
        description_ru="Уроки трёх программ.",
    )
    person = Person.objects.create(
        name_en="Aida Bekova",
        name_ru="Аида Бекова",
        position_en="Chief of Mission",
        position_ru="Глава представительства",
        organisation=iom,
    )
    Speaker.objects.create(item=session, person=person, role=SpeakerRole.MODERATOR)
    return {"session": session, "coffee": coffee}


def test_the_agenda_has_the_meeting_in_both_languages(meeting, agenda):
    text = flat(pages_of(agenda_pdf(meeting))[0])

    assert "Senior Officials' Meeting on Labour Migration" in text
    assert "Совещание старших должностных лиц по трудовой миграции" in text
    assert "Безопасная и упорядоченная миграция" in text
    assert "Hyatt Regency, Bishkek" in text
    assert "Хаятт Ридженси, Бишкек" in text
    assert "Kyrgyzstan" in text
    assert "Кыргызстан" in text


def test_the_agenda_writes_the_days_out_in_each_language(meeting, agenda):
    text = flat(" ".join(pages_of(agenda_pdf(meeting))))

    assert "Tuesday, 2 June 2026" in text
    assert "Вторник, 2 июня 2026" in text
    assert "Wednesday, 3 June 2026" in text


def test_the_agenda_names_the_venue_time_zone_once(meeting, agenda):
    text = flat(" ".join(pages_of(agenda_pdf(meeting))))

    assert text.count("Asia/Bishkek") == 1
    assert "Asia/Bishkek, UTC+06:00" in text


def test_the_agenda_lists_items_in_time_order_day_by_day(meeting, agenda):
    text = flat(" ".join(pages_of(agenda_pdf(meeting))))

    titles = ["Opening session", "Coffee break", "Return migration", "Reintegration in practice"]
    titles += ["Way forward"]
    positions = [text.index(title) for title in titles]
    assert positions == sorted(positions)
    assert text.index("Открытие") < text.index("Кофе-брейк") < text.index("Возвратная миграция")
    assert "09:00–10:30" in text


def test_the_agenda_puts_english_and_russian_side_by_side(meeting, agenda):
    text = flat(" ".join(pages_of(agenda_pdf(meeting))))

    # One row per item: the Russian title comes before the next item's English title.
    assert text.index("Return migration") < text.index("Возвратная миграция")
    assert text.index("Возвратная миграция") < text.index("Reintegration in practice")
    assert "Уроки трёх программ." in text


def test_the_agenda_names_speakers_with_position_and_organisation(meeting, agenda):
    text = flat(" ".join(pages_of(agenda_pdf(meeting))))

    assert "Moderator: Aida Bekova, Chief of Mission, IOM" in text
    assert "Аида Бекова, Глава представительства, МОМ" in text


def test_breaks_are_printed_lighter_than_sessions(meeting, agenda):
    html = agenda_html(meeting)

    coffee_row = html[html.rindex("<tr", 0, html.index("Coffee break")) :]
    session_row = html[html.rindex("<tr", 0, html.index("Return migration")) :]
    assert coffee_row.startswith('<tr class=" light">')
    assert session_row.startswith('<tr class="">')


def test_every_agenda_page_says_which_page_of_how_many(meeting, agenda):
    for number in range(40):
        item(
            meeting,
            meeting.ends_on,
            dt.time(12, 0),
            dt.time(13, 0),
            f"Working group {number}",
            f"Рабочая группа {number}",
            description_en="A long description of the working group. " * 4,
            description_ru="Длинное описание рабочей группы. " * 4,
            position=number,
        )

    pages = pages_of(agenda_pdf(meeting))

    assert len(pages) >= 2
    for number, text in enumerate(pages, start=1):
        assert f"Page {number} of {len(pages)}" in text


def test_an_empty_agenda_still_prints_the_header(meeting):
    text = flat(" ".join(pages_of(agenda_pdf(meeting))))

    assert "Senior Officials' Meeting on Labour Migration" in text
    assert "The agenda has no items yet." in text


# --- Badges -------------------------------------------------------------------------------------


def delegate(meeting, name, status=DelegateStatus.APPROVED, **fields):
    return Delegate.objects.create(
        meeting=meeting, full_name=name, gender=Gender.UNDISCLOSED, status=status, **fields
    )


@pytest.fixture
def delegation(meeting, kyrgyzstan, iom):
    for number in range(8):
        delegate(meeting, f"Delegate Number{number}", state=kyrgyzstan, position="Adviser")
    delegate(meeting, "Нурлан Асанов", state=kyrgyzstan, position="Deputy Minister", is_head=True)
    delegate(meeting, "Maria Officer", organisation=iom)
    delegate(meeting, "Declined Person", DelegateStatus.DECLINED, state=kyrgyzstan)
    delegate(meeting, "Registered Person", DelegateStatus.REGISTERED, state=kyrgyzstan)
    delegate(meeting, "Withdrawn Person", DelegateStatus.WITHDRAWN, state=kyrgyzstan)


def test_badges_are_printed_eight_to_a_page(meeting, delegation):
    pages = pages_of(badges_pdf(meeting))

    assert len(pages) == 2
    assert [
        flat(text).count("Senior Officials' Meeting on Labour Migration") for text in pages
    ] == [
        8,
        2,
    ]


def test_only_approved_delegates_get_a_badge(meeting, delegation):
    text = flat(" ".join(pages_of(badges_pdf(meeting))))

    assert all(f"Delegate Number{number}" in text for number in range(8))
    assert "Нурлан Асанов" in text
    assert "Maria Officer" in text
    assert "Declined Person" not in text
    assert "Registered Person" not in text
    assert "Withdrawn Person" not in text


def test_a_badge_shows_the_party_in_both_languages_and_the_head_of_delegation(meeting, delegation):
    html = badges_html(meeting)
    head_badge = html[
        html.index("Нурлан Асанов") : html.index("</td>", html.index("Нурлан Асанов"))
    ]
    other_badge = html[
        html.index("Delegate Number0") : html.index("</td>", html.index("Delegate Number0"))
    ]

    assert "Kyrgyzstan · Кыргызстан" in head_badge
    assert "Deputy Minister" in head_badge
    assert "Head of delegation" in head_badge
    assert "Head of delegation" not in other_badge


def test_a_badge_of_an_organisation_shows_its_acronym(meeting, delegation):
    text = flat(" ".join(pages_of(badges_pdf(meeting))))

    assert "IOM · МОМ" in text
    assert "Совещание старших должностных лиц по трудовой миграции" in text


@pytest.mark.parametrize(
    "status", [DelegateStatus.REGISTERED, DelegateStatus.DECLINED, DelegateStatus.WITHDRAWN]
)
def test_no_badges_without_an_approved_delegate(meeting, kyrgyzstan, status):
    delegate(meeting, "Not Approved", status, state=kyrgyzstan)

    with pytest.raises(InvalidInput, match="has no approved delegate"):
        badges_pdf(meeting)
