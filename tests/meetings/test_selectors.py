"""Reads: upcoming and past meetings, the agenda by day, delegation counts, the materials
dashboard; each in a fixed number of queries."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from almaty.core.errors import NotFoundOrForbidden
from almaty.meetings import selectors
from almaty.process.models import Organisation, State
from tests.factories.meetings import (
    AgendaItemFactory,
    DelegateFactory,
    MaterialFactory,
    MeetingFactory,
    PersonFactory,
    SpeakerFactory,
    document_with,
)

TODAY = dt.date(2030, 3, 10)
DAY1, DAY2, DAY3 = dt.date(2030, 4, 1), dt.date(2030, 4, 2), dt.date(2030, 4, 3)


# Meetings


@pytest.fixture
def calendar(db):
    return {
        "ended": MeetingFactory(starts_on=dt.date(2030, 3, 1), ends_on=dt.date(2030, 3, 9)),
        "older": MeetingFactory(starts_on=dt.date(2030, 1, 5)),
        "under_way": MeetingFactory(starts_on=dt.date(2030, 3, 9), ends_on=dt.date(2030, 3, 11)),
        "today": MeetingFactory(starts_on=TODAY),
        "later": MeetingFactory(starts_on=dt.date(2030, 6, 1)),
    }


def test_upcoming_meetings_have_not_ended_and_come_soonest_first(calendar):
    upcoming = list(selectors.upcoming(TODAY))
    assert upcoming == [calendar["under_way"], calendar["today"], calendar["later"]]


def test_past_meetings_ended_before_today_and_come_latest_first(calendar):
    past = [m for m in selectors.past(TODAY) if m.starts_on.year == 2030]
    assert past == [calendar["ended"], calendar["older"]]


def test_meetings_until_a_day_keeps_working(calendar):
    assert list(selectors.meetings(until=dt.date(2030, 3, 1))) == [
        calendar["older"],
        calendar["ended"],
    ]


def test_a_meeting_is_found_by_its_id(calendar):
    assert selectors.meeting_by_id(calendar["later"].pk) == calendar["later"]


def test_a_missing_meeting_is_a_clear_error(db):
    with pytest.raises(NotFoundOrForbidden, match="No meeting 999999"):
        selectors.meeting_by_id(999999)


# The agenda


@pytest.fixture
def meeting(db):
    return MeetingFactory(starts_on=DAY1, ends_on=DAY3)


@pytest.fixture
def full_agenda(reference, meeting):
    """Day 1: an untimed item, a 10:00 item, a 09:00 session with two talks and speakers; day 2:
    one item; day 3: nothing. Another meeting's item is not part of it."""
    AgendaItemFactory(meeting=meeting, day=DAY1, title_en="Untimed", position=0)
    AgendaItemFactory(meeting=meeting, day=DAY1, title_en="Ten", starts_at=dt.time(10), position=1)
    session = AgendaItemFactory(
        meeting=meeting, day=DAY1, title_en="Nine", starts_at=dt.time(9), position=2
    )
    second = AgendaItemFactory(parent=session, title_en="Talk 2", position=5)
    first = AgendaItemFactory(parent=session, title_en="Talk 1", position=4)
    person = PersonFactory(
        name_en="Aigul Bekova",
        organisation=Organisation.objects.get(code="IOM"),
        state=State.objects.get(iso3="KAZ"),
    )
    SpeakerFactory(item=session, person=person, role="moderator")
    SpeakerFactory(item=first, person=PersonFactory(name_en="Timur Alimov"), role="presenter")
    SpeakerFactory(item=second, person=person, role="speaker")
    AgendaItemFactory(meeting=meeting, day=DAY2, title_en="Closing", kind="closing")
    AgendaItemFactory(day=DAY1, title_en="Elsewhere")
    return meeting


def test_the_agenda_lists_every_day_with_its_items_in_order(full_agenda):
    days = selectors.agenda(full_agenda)
    assert [(d.day, [i.title_en for i in d.items]) for d in days] == [
        (DAY1, ["Nine", "Ten", "Untimed"]),
        (DAY2, ["Closing"]),
        (DAY3, []),
    ]


def test_the_agenda_nests_talks_in_their_session_in_order(full_agenda):
    session = selectors.agenda(full_agenda)[0].items[0]
    assert [talk.title_en for talk in session.children.all()] == ["Talk 1", "Talk 2"]


def test_the_agenda_reads_speakers_with_their_organisation_and_state_in_four_queries(
    full_agenda, django_assert_num_queries
):
    with django_assert_num_queries(4):
        days = selectors.agenda(full_agenda)
        seen = [
            (item.title_en, s.person.name_en, s.role, s.person.organisation, s.person.state)
            for day in days
            for top in day.items
            for item in [top, *top.children.all()]
            for s in item.speakers.all()
        ]
    iom, kaz = Organisation.objects.get(code="IOM"), State.objects.get(iso3="KAZ")
    assert seen == [
        ("Nine", "Aigul Bekova", "moderator", iom, kaz),
        ("Talk 1", "Timur Alimov", "presenter", None, None),
        ("Talk 2", "Aigul Bekova", "speaker", iom, kaz),
    ]


def test_a_bigger_agenda_takes_no_more_queries(full_agenda, django_assert_num_queries):
    for _ in range(5):
        session = AgendaItemFactory(meeting=full_agenda, day=DAY2)
        SpeakerFactory(item=AgendaItemFactory(parent=session))
    with django_assert_num_queries(4):
        days = selectors.agenda(full_agenda)
        [
            s.person
            for d in days
            for i in d.items
            for c in i.children.all()
            for s in c.speakers.all()
        ]


# Delegation counts


@pytest.fixture
def delegations(reference, meeting):
    kaz, uzb = State.objects.get(iso3="KAZ"), State.objects.get(iso3="UZB")
    tur = State.objects.get(iso3="TUR")
    iom = Organisation.objects.get(code="IOM")
    for state, gender, status in [
        (kaz, "female", "registered"),
        (kaz, "female", "approved"),
        (kaz, "male", "approved"),
        (kaz, "female", "declined"),
        (kaz, "male", "withdrawn"),
        (uzb, "undisclosed", "approved"),
        (tur, "male", "declined"),
    ]:
        DelegateFactory(meeting=meeting, state=state, gender=gender, status=status)
    DelegateFactory(meeting=meeting, state=None, organisation=iom, gender="male")
    DelegateFactory(state=kaz, gender="female")  # another meeting
    return meeting


def test_counts_are_by_party_and_gender_without_declined_or_withdrawn(delegations):
    counts = selectors.delegation_counts(delegations)
    assert [
        (row.label, row.code, row.female, row.male, row.undisclosed, row.total)
        for row in counts.rows
    ] == [
        ("Kazakhstan", "KAZ", 2, 1, 0, 3),
        ("Uzbekistan", "UZB", 0, 0, 1, 1),
        ("IOM", "IOM", 0, 1, 0, 1),
    ]


def test_counts_have_totals(delegations):
    totals = selectors.delegation_counts(delegations).totals
    assert (totals.label, totals.female, totals.male, totals.undisclosed, totals.total) == (
        "Total",
        2,
        2,
        1,
        5,
    )


def test_counts_take_one_query(delegations, django_assert_num_queries):
    with django_assert_num_queries(1):
        selectors.delegation_counts(delegations)


def test_a_meeting_without_delegates_counts_zero(meeting):
    counts = selectors.delegation_counts(meeting)
    assert (counts.rows, counts.totals.total) == ([], 0)


# The materials dashboard


@pytest.fixture
def materials(db):
    coming = MeetingFactory(title_en="Coming", starts_on=dt.date(2030, 3, 20))
    ended = MeetingFactory(starts_on=dt.date(2030, 3, 1), ends_on=dt.date(2030, 3, 2))
    return {
        "late": MaterialFactory(
            meeting=coming,
            due_on=dt.date(2030, 3, 6),
            document=document_with(en="original", ru="draft"),
        ),
        "due_today": MaterialFactory(
            meeting=coming, due_on=TODAY, document=document_with(en="original", ru="final")
        ),
        "later": MaterialFactory(
            meeting=MeetingFactory(starts_on=dt.date(2030, 5, 1)),
            due_on=dt.date(2030, 4, 17),
            document=document_with(ru="original"),
        ),
        "circulated": MaterialFactory(
            meeting=coming,
            due_on=dt.date(2030, 3, 1),
            circulated_at=timezone.now(),
            document=document_with(en="original", ru="final"),
        ),
        "ended": MaterialFactory(meeting=ended, due_on=dt.date(2030, 2, 1)),
    }


def test_the_dashboard_lists_materials_to_circulate_for_meetings_not_ended(materials):
    rows = selectors.materials_dashboard(TODAY)
    assert [row.material for row in rows] == [
        materials["late"],
        materials["due_today"],
        materials["later"],
    ]


def test_the_dashboard_flags_late_materials(materials):
    rows = selectors.materials_dashboard(TODAY)
    assert [row.is_late for row in rows] == [True, False, False]


def test_the_dashboard_says_what_keeps_each_material_back(materials):
    rows = selectors.materials_dashboard(TODAY)
    assert [(row.has_parity, [str(p) for p in row.problems]) for row in rows] == [
        (False, ["The Russian version is a draft."]),
        (True, []),
        (False, ["The English version is missing."]),
    ]


def test_the_dashboard_takes_two_queries(materials, django_assert_num_queries):
    with django_assert_num_queries(2):
        rows = selectors.materials_dashboard(TODAY)
        [(row.material.meeting.title_en, row.material.document.version_in("en")) for row in rows]
