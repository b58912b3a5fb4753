"""The agenda: items by day (a talk may sit inside a session), their order, the people who
speak. The Support Unit edits; bad input is refused with a clear message and nothing stored."""

from __future__ import annotations

import datetime as dt

import pytest

from almaty.core.errors import InvalidInput, PermissionDenied
from almaty.core.models import AuditEntry
from almaty.meetings import services
from almaty.meetings.models import AgendaItem, Person, Speaker
from tests.factories.meetings import (
    NOT_SUPPORT_UNIT,
    AgendaItemFactory,
    MeetingFactory,
    PersonFactory,
    SpeakerFactory,
    actor_for,
    row_counts,
)

DAY1 = dt.date(2027, 5, 11)
DAY2 = dt.date(2027, 5, 12)


@pytest.fixture
def support_unit(user_with_role):
    return user_with_role("support_unit")


@pytest.fixture
def meeting(db):
    return MeetingFactory(title_en="12th SOM", title_ru="12-е СДЛ", starts_on=DAY1, ends_on=DAY2)


def last_entry() -> AuditEntry:
    entry = AuditEntry.objects.order_by("-sequence").first()
    assert entry is not None
    return entry


def add(actor, meeting, **fields):
    values = {
        "day": DAY1,
        "kind": "session",
        "title_en": "Session on data",
        "title_ru": "Сессия о данных",
        **fields,
    }
    return services.agenda_item_add(actor=actor, meeting=meeting, **values)


def order(meeting, day=DAY1, parent=None):
    items = AgendaItem.objects.filter(meeting=meeting, day=day, parent=parent)
    return [
        item.title_en
        for item in sorted(
            items, key=lambda i: (i.starts_at is None, i.starts_at or dt.time(), i.position, i.pk)
        )
    ]


# Adding items


def test_an_item_is_added_with_both_languages_and_times(support_unit, meeting):
    item = add(
        support_unit,
        meeting,
        day=DAY2,
        starts_at=dt.time(9, 30),
        ends_at=dt.time(11),
        description_en="Figures for 2026",
        description_ru="Данные за 2026 год",
    )
    item = AgendaItem.objects.get(pk=item.pk)
    assert (item.day, item.starts_at, item.ends_at, item.title_ru, item.description_ru) == (
        DAY2,
        dt.time(9, 30),
        dt.time(11),
        "Сессия о данных",
        "Данные за 2026 год",
    )


def test_adding_an_item_is_audited(support_unit, meeting):
    item = add(support_unit, meeting)
    entry = last_entry()
    assert (entry.message_key, entry.object_id) == ("agenda.item_added", str(item.pk))
    assert entry.params == {"meeting": "12th SOM", "item": "Session on data", "day": "2027-05-11"}


def test_a_new_item_goes_last_among_its_day_s_items(support_unit, meeting):
    first = add(support_unit, meeting, title_en="First")
    second = add(support_unit, meeting, title_en="Second")
    other_day = add(support_unit, meeting, title_en="Other", day=DAY2)
    assert (first.position, second.position, other_day.position) == (0, 1, 0)


def test_a_talk_goes_inside_a_session(support_unit, meeting):
    session = add(support_unit, meeting)
    talk = add(support_unit, meeting, kind="talk", title_en="Talk", parent=session)
    assert list(session.children.all()) == [talk]
    assert talk.position == 0


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"day": dt.date(2027, 5, 10)}, r"2027-05-10 is not a day of the meeting \(2027-05-11 to"),
        ({"day": dt.date(2027, 5, 13)}, "2027-05-13 is not a day of the meeting"),
        ({"day": "2027-05-11"}, "is not a day of the meeting"),
        (
            {"starts_at": dt.time(10), "ends_at": dt.time(10)},
            r"ends at 10:00, not after it starts \(10:00\)",
        ),
        (
            {"starts_at": dt.time(10), "ends_at": dt.time(9, 45)},
            "ends at 09:45, not after it starts",
        ),
        ({"ends_at": dt.time(10)}, "needs its start time too"),
        ({"starts_at": "10:00"}, "times of an agenda item as hours and minutes"),
        ({"kind": "lunch"}, "Unknown kind of agenda item 'lunch'"),
        ({"title_ru": ""}, "title in English and in Russian"),
        ({"position": -1}, "position of an item is a whole number"),
    ],
)
def test_a_bad_item_is_refused_and_nothing_is_stored(support_unit, meeting, fields, message):
    before = row_counts()
    with pytest.raises(InvalidInput, match=message):
        add(support_unit, meeting, **fields)
    assert row_counts() == before


def test_a_parent_from_another_meeting_is_refused(support_unit, meeting):
    elsewhere = AgendaItemFactory(title_en="Foreign session", day=DAY1)
    before = row_counts()
    with pytest.raises(InvalidInput, match="Foreign session belongs to another meeting"):
        add(support_unit, meeting, parent=elsewhere)
    assert row_counts() == before


def test_an_agenda_has_two_levels_only(support_unit, meeting):
    session = AgendaItemFactory(meeting=meeting, day=DAY1)
    talk = AgendaItemFactory(parent=session, title_en="A talk")
    before = row_counts()
    with pytest.raises(InvalidInput, match="A talk is itself part of a session"):
        add(support_unit, meeting, parent=talk)
    assert row_counts() == before


def test_a_part_of_a_session_is_on_the_session_s_day(support_unit, meeting):
    session = AgendaItemFactory(meeting=meeting, day=DAY1, title_en="Session A")
    before = row_counts()
    with pytest.raises(InvalidInput, match="A part of Session A is on its day, 2027-05-11"):
        add(support_unit, meeting, parent=session, day=DAY2)
    assert row_counts() == before


@pytest.mark.parametrize("role", NOT_SUPPORT_UNIT)
def test_only_the_support_unit_adds_items(user_with_role, meeting, role):
    actor = actor_for(role, user_with_role)
    before = row_counts()
    with pytest.raises(PermissionDenied):
        add(actor, meeting)
    assert row_counts() == before


# Changing items


def test_an_item_is_changed_and_audited_with_its_fields(support_unit, meeting):
    item = AgendaItemFactory(meeting=meeting, title_en="Old", title_ru="Старое")
    services.agenda_item_update(
        actor=support_unit, item=item, title_en="New", starts_at=dt.time(14), ends_at=dt.time(15)
    )
    item.refresh_from_db()
    assert (item.title_en, item.title_ru, item.starts_at) == ("New", "Старое", dt.time(14))
    entry = last_entry()
    assert (entry.message_key, entry.params) == (
        "agenda.item_changed",
        {"meeting": "12th SOM", "item": "New", "fields": "ends_at, starts_at, title_en"},
    )


def test_a_session_moved_to_another_day_takes_its_talks(support_unit, meeting):
    session = AgendaItemFactory(meeting=meeting, day=DAY1)
    talk = AgendaItemFactory(parent=session)
    services.agenda_item_update(actor=support_unit, item=session, day=DAY2)
    talk.refresh_from_db()
    assert talk.day == DAY2


def test_a_change_to_the_same_values_writes_no_entry(support_unit, meeting):
    item = AgendaItemFactory(meeting=meeting, title_en="Same")
    before = row_counts()
    services.agenda_item_update(actor=support_unit, item=item, title_en="Same")
    assert row_counts() == before


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"day": dt.date(2027, 6, 1)}, "2027-06-01 is not a day of the meeting"),
        ({"ends_at": dt.time(8)}, "ends at 08:00, not after it starts"),
        ({"meeting": None}, "'meeting' cannot be set here"),
        ({"kind": "nap"}, "Unknown kind of agenda item 'nap'"),
    ],
)
def test_a_bad_change_is_refused_and_nothing_changes(support_unit, meeting, fields, message):
    item = AgendaItemFactory(meeting=meeting, starts_at=dt.time(9), ends_at=dt.time(10))
    before = row_counts()
    with pytest.raises(InvalidInput, match=message):
        services.agenda_item_update(actor=support_unit, item=item, **fields)
    assert row_counts() == before
    item.refresh_from_db()
    assert (item.day, item.ends_at, item.kind) == (DAY1, dt.time(10), "session")


def test_an_item_cannot_be_part_of_itself(support_unit, meeting):
    item = AgendaItemFactory(meeting=meeting)
    with pytest.raises(InvalidInput, match="cannot be a part of itself"):
        services.agenda_item_update(actor=support_unit, item=item, parent=item)
    item.refresh_from_db()
    assert item.parent is None


def test_a_session_with_talks_cannot_go_inside_another(support_unit, meeting):
    session = AgendaItemFactory(meeting=meeting)
    AgendaItemFactory(parent=session)
    other = AgendaItemFactory(meeting=meeting)
    before = row_counts()
    with pytest.raises(InvalidInput, match="holds other items"):
        services.agenda_item_update(actor=support_unit, item=session, parent=other)
    assert row_counts() == before


def test_a_talk_cannot_move_to_another_meeting_s_session(support_unit, meeting):
    session = AgendaItemFactory(meeting=meeting)
    talk = AgendaItemFactory(parent=session)
    elsewhere = AgendaItemFactory(day=DAY1, title_en="Elsewhere")
    with pytest.raises(InvalidInput, match="Elsewhere belongs to another meeting"):
        services.agenda_item_update(actor=support_unit, item=talk, parent=elsewhere)
    talk.refresh_from_db()
    assert talk.parent == session


@pytest.mark.parametrize("role", NOT_SUPPORT_UNIT)
def test_only_the_support_unit_changes_items(user_with_role, meeting, role):
    item = AgendaItemFactory(meeting=meeting, title_en="Kept")
    actor = actor_for(role, user_with_role)
    before = row_counts()
    with pytest.raises(PermissionDenied):
        services.agenda_item_update(actor=actor, item=item, title_en="Changed")
    assert row_counts() == before
    item.refresh_from_db()
    assert item.title_en == "Kept"


# Removing items


def test_removing_a_session_removes_its_talks_and_speakers_not_the_people(support_unit, meeting):
    session = AgendaItemFactory(meeting=meeting, title_en="Gone")
    talk = AgendaItemFactory(parent=session)
    speaker = SpeakerFactory(item=talk)
    services.agenda_item_remove(actor=support_unit, item=session)
    assert not AgendaItem.objects.filter(meeting=meeting).exists()
    assert not Speaker.objects.filter(pk=speaker.pk).exists()
    assert Person.objects.filter(pk=speaker.person_id).exists()
    entry = last_entry()
    assert (entry.message_key, entry.action, entry.params) == (
        "agenda.item_removed",
        "delete",
        {"meeting": "12th SOM", "item": "Gone"},
    )


@pytest.mark.parametrize("role", NOT_SUPPORT_UNIT)
def test_only_the_support_unit_removes_items(user_with_role, meeting, role):
    item = AgendaItemFactory(meeting=meeting)
    actor = actor_for(role, user_with_role)
    before = row_counts()
    with pytest.raises(PermissionDenied):
        services.agenda_item_remove(actor=actor, item=item)
    assert row_counts() == before


# Moving items


@pytest.fixture
def untimed(meeting):
    return [
        AgendaItemFactory(meeting=meeting, day=DAY1, title_en=title, position=position)
        for position, title in enumerate(["A", "B", "C"])
    ]


@pytest.mark.parametrize(
    ("index", "direction", "expected"),
    [(1, "up", ["B", "A", "C"]), (1, "down", ["A", "C", "B"]), (0, "down", ["B", "A", "C"])],
)
def test_an_item_moves_one_place(support_unit, meeting, untimed, index, direction, expected):
    services.agenda_item_move(actor=support_unit, item=untimed[index], direction=direction)
    assert order(meeting) == expected


def test_moving_is_audited_as_a_change_of_position(support_unit, meeting, untimed):
    services.agenda_item_move(actor=support_unit, item=untimed[2], direction="up")
    assert last_entry().params == {"meeting": "12th SOM", "item": "C", "fields": "position"}


def test_a_talk_moves_among_the_talks_of_its_session(support_unit, meeting):
    session = AgendaItemFactory(meeting=meeting, day=DAY1)
    talks = [AgendaItemFactory(parent=session, title_en=t, position=i) for i, t in enumerate("XY")]
    AgendaItemFactory(meeting=meeting, day=DAY1, title_en="Top", position=9)
    services.agenda_item_move(actor=support_unit, item=talks[1], direction="up")
    assert order(meeting, parent=session) == ["Y", "X"]


@pytest.mark.parametrize(
    ("index", "direction", "message"),
    [(0, "up", "already the first of its day"), (2, "down", "already the last of its day")],
)
def test_the_ends_of_a_day_do_not_move_further(
    support_unit, meeting, untimed, index, direction, message
):
    before = row_counts()
    with pytest.raises(InvalidInput, match=message):
        services.agenda_item_move(actor=support_unit, item=untimed[index], direction=direction)
    assert row_counts() == before
    assert order(meeting) == ["A", "B", "C"]


def test_timed_items_keep_the_order_of_their_times(support_unit, meeting):
    AgendaItemFactory(meeting=meeting, title_en="Nine", starts_at=dt.time(9))
    ten = AgendaItemFactory(meeting=meeting, title_en="Ten", starts_at=dt.time(10))
    before = row_counts()
    with pytest.raises(InvalidInput, match="change the time to move this item"):
        services.agenda_item_move(actor=support_unit, item=ten, direction="up")
    assert row_counts() == before
    assert order(meeting) == ["Nine", "Ten"]


def test_items_at_the_same_time_trade_places(support_unit, meeting):
    AgendaItemFactory(meeting=meeting, title_en="P", starts_at=dt.time(9), position=0)
    q = AgendaItemFactory(meeting=meeting, title_en="Q", starts_at=dt.time(9), position=1)
    services.agenda_item_move(actor=support_unit, item=q, direction="up")
    assert order(meeting) == ["Q", "P"]


def test_an_unknown_direction_is_refused(support_unit, meeting, untimed):
    with pytest.raises(InvalidInput, match="'up' or 'down', not 'left'"):
        services.agenda_item_move(actor=support_unit, item=untimed[1], direction="left")
    assert order(meeting) == ["A", "B", "C"]


@pytest.mark.parametrize("role", NOT_SUPPORT_UNIT)
def test_only_the_support_unit_moves_items(user_with_role, meeting, untimed, role):
    actor = actor_for(role, user_with_role)
    before = row_counts()
    with pytest.raises(PermissionDenied):
        services.agenda_item_move(actor=actor, item=untimed[1], direction="up")
    assert row_counts() == before
    assert order(meeting) == ["A", "B", "C"]


# People and speakers


def test_a_person_is_recorded_with_organisation_and_state(support_unit):
    person = services.person_save(
        actor=support_unit,
        name_en="Aigul Bekova",
        name_ru="Айгуль Бекова",
        position_en="Head of Mission",
        position_ru="Глава миссии",
        organisation="IOM",
        state="KAZ",
    )
    person = Person.objects.get(pk=person.pk)
    assert (person.name_ru, person.organisation.code, person.state.iso3) == (
        "Айгуль Бекова",
        "IOM",
        "KAZ",
    )
    entry = last_entry()
    assert (entry.message_key, entry.action, entry.params) == (
        "person.saved",
        "create",
        {"name": "Aigul Bekova"},
    )


def test_a_person_is_changed_in_place(support_unit):
    person = PersonFactory(name_en="A. Bekova", name_ru="А. Бекова")
    services.person_save(
        actor=support_unit, name_en="Aigul Bekova", name_ru="Айгуль Бекова", person=person
    )
    person.refresh_from_db()
    assert (person.name_en, person.organisation) == ("Aigul Bekova", None)
    assert last_entry().action == "update"


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"name_ru": " "}, "name in English and in Russian"),
        ({"organisation": "NOPE"}, "Unknown organisation code 'NOPE'"),
        ({"state": "XYZ"}, "Unknown State code 'XYZ'"),
    ],
)
def test_a_bad_person_is_refused(support_unit, fields, message):
    before = row_counts()
    with pytest.raises(InvalidInput, match=message):
        services.person_save(actor=support_unit, **{"name_en": "A", "name_ru": "А", **fields})
    assert row_counts() == before


@pytest.mark.parametrize("role", NOT_SUPPORT_UNIT)
def test_only_the_support_unit_records_people(user_with_role, role):
    actor = actor_for(role, user_with_role)
    before = row_counts()
    with pytest.raises(PermissionDenied):
        services.person_save(actor=actor, name_en="A", name_ru="А")
    assert row_counts() == before


def test_a_speaker_is_added_last_and_audited(support_unit, meeting):
    item = AgendaItemFactory(meeting=meeting, title_en="Panel")
    SpeakerFactory(item=item, position=4)
    person = PersonFactory(name_en="Timur Alimov")
    speaker = services.speaker_add(
        actor=support_unit,
        item=item,
        person=person,
        role="moderator",
        note_en="online",
        note_ru="онлайн",
    )
    assert (speaker.position, speaker.note_ru) == (5, "онлайн")
    assert last_entry().params == {
        "meeting": "12th SOM",
        "item": "Panel",
        "name": "Timur Alimov",
        "role": "moderator",
    }


def test_the_same_person_may_have_two_roles_at_an_item(support_unit, meeting):
    item = AgendaItemFactory(meeting=meeting)
    person = PersonFactory()
    services.speaker_add(actor=support_unit, item=item, person=person, role="moderator")
    services.speaker_add(actor=support_unit, item=item, person=person, role="presenter")
    assert item.speakers.count() == 2


def test_a_person_is_not_named_twice_in_the_same_role(support_unit, meeting):
    speaker = SpeakerFactory(item=AgendaItemFactory(meeting=meeting), role="presenter")
    speaker.person.name_en = "Timur Alimov"
    speaker.person.save()
    before = row_counts()
    with pytest.raises(InvalidInput, match="Timur Alimov is already Presenter at this item"):
        services.speaker_add(
            actor=support_unit, item=speaker.item, person=speaker.person, role="presenter"
        )
    assert row_counts() == before


def test_an_unknown_speaker_role_is_refused(support_unit, meeting):
    item, person = AgendaItemFactory(meeting=meeting), PersonFactory()
    before = row_counts()
    with pytest.raises(InvalidInput, match="Unknown speaker role 'chair'"):
        services.speaker_add(actor=support_unit, item=item, person=person, role="chair")
    assert row_counts() == before


def test_a_speaker_is_removed_and_the_person_stays(support_unit, meeting):
    speaker = SpeakerFactory(item=AgendaItemFactory(meeting=meeting, title_en="Panel"))
    speaker.person.name_en = "Timur Alimov"
    speaker.person.save()
    services.speaker_remove(actor=support_unit, speaker=speaker)
    assert not Speaker.objects.filter(pk=speaker.pk).exists()
    assert Person.objects.filter(pk=speaker.person_id).exists()
    assert last_entry().params == {"meeting": "12th SOM", "item": "Panel", "name": "Timur Alimov"}


@pytest.mark.parametrize("role", NOT_SUPPORT_UNIT)
def test_only_the_support_unit_names_speakers(user_with_role, meeting, role):
    item = AgendaItemFactory(meeting=meeting)
    person = PersonFactory()
    actor = actor_for(role, user_with_role)
    before = row_counts()
    with pytest.raises(PermissionDenied):
        services.speaker_add(actor=actor, item=item, person=person, role="speaker")
    assert row_counts() == before


@pytest.mark.parametrize("role", NOT_SUPPORT_UNIT)
def test_only_the_support_unit_removes_speakers(user_with_role, meeting, role):
    speaker = SpeakerFactory(item=AgendaItemFactory(meeting=meeting))
    actor = actor_for(role, user_with_role)
    before = row_counts()
    with pytest.raises(PermissionDenied):
        services.speaker_remove(actor=actor, speaker=speaker)
    assert row_counts() == before
