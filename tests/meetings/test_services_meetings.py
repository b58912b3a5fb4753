"""Scheduling, changing, cloning meetings and publishing their agendas: the Support Unit only;
bad input is refused with a clear message and nothing is stored."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from almaty.core.errors import InvalidInput, PermissionDenied
from almaty.core.models import AuditEntry
from almaty.meetings import services
from almaty.meetings.models import AgendaItem, Meeting, Speaker
from almaty.process.models import Organisation, State
from tests.factories.meetings import (
    NOT_SUPPORT_UNIT,
    AgendaItemFactory,
    DelegateFactory,
    MaterialFactory,
    MeetingFactory,
    OutcomeFactory,
    SpeakerFactory,
    actor_for,
    row_counts,
)

START = dt.date(2027, 5, 11)
END = dt.date(2027, 5, 12)


@pytest.fixture
def support_unit(user_with_role):
    return user_with_role("support_unit")


def last_entry() -> AuditEntry:
    entry = AuditEntry.objects.order_by("-sequence").first()
    assert entry is not None
    return entry


def schedule(actor, **fields):
    values = {
        "kind": "som",
        "title_en": "11th Senior Officials' Meeting",
        "title_ru": "11-е совещание старших должностных лиц",
        "starts_on": START,
        "ends_on": END,
        **fields,
    }
    return services.meeting_schedule(actor=actor, **values)


# Scheduling


def test_the_support_unit_schedules_a_meeting_with_its_facts(support_unit):
    meeting = schedule(
        support_unit,
        number=11,
        theme_en="Climate and mobility",
        theme_ru="Климат и мобильность",
        city_en="Bishkek",
        city_ru="Бишкек",
        host_state="KGZ",
        chair_state=State.objects.get(iso3="KGZ"),
        organisers=["IOM", "unhcr"],
        funders=[Organisation.objects.get(code="EU")],
        time_zone="Asia/Bishkek",
        circulation_days=21,
    )
    meeting = Meeting.objects.get(pk=meeting.pk)
    assert (meeting.number, meeting.title_ru, meeting.city_en, meeting.time_zone) == (
        11,
        "11-е совещание старших должностных лиц",
        "Bishkek",
        "Asia/Bishkek",
    )
    assert (meeting.host_state.iso3, meeting.chair_state.iso3) == ("KGZ", "KGZ")
    assert sorted(meeting.organisers.values_list("code", flat=True)) == ["IOM", "UNHCR"]
    assert list(meeting.funders.values_list("code", flat=True)) == ["EU"]
    assert meeting.materials_due_on == dt.date(2027, 4, 20)
    assert not meeting.is_agenda_published


def test_scheduling_is_audited_with_the_english_title(support_unit):
    meeting = schedule(support_unit)
    entry = last_entry()
    assert (entry.message_key, entry.object_id, entry.actor_id) == (
        "meeting.scheduled",
        str(meeting.pk),
        support_unit.pk,
    )
    assert entry.params == {"title": "11th Senior Officials' Meeting", "starts_on": "2027-05-11"}


def test_the_default_time_zone_is_almaty(support_unit):
    assert schedule(support_unit).time_zone == "Asia/Almaty"


@pytest.mark.parametrize("role", NOT_SUPPORT_UNIT)
def test_only_the_support_unit_schedules_meetings(user_with_role, role):
    actor = actor_for(role, user_with_role)
    before = row_counts()
    with pytest.raises(PermissionDenied, match="needs the role Support Unit staff"):
        schedule(actor)
    assert row_counts() == before


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"kind": "summit"}, "Unknown kind of meeting 'summit'"),
        ({"title_ru": "  "}, "title in English and in Russian"),
        ({"title_en": ""}, "title in English and in Russian"),
        ({"ends_on": dt.date(2027, 5, 10)}, r"last day \(2027-05-10\) is before the first day"),
        ({"starts_on": "2027-05-11"}, "first and the last day of the meeting as dates"),
        ({"time_zone": "Asia/Almaty2"}, "Unknown time zone 'Asia/Almaty2'"),
        ({"time_zone": "localtime"}, "Unknown time zone 'localtime'"),
        ({"time_zone": ""}, "Unknown time zone ''"),
        ({"number": 0}, "number of a meeting is a whole number"),
        ({"circulation_days": -1}, "from 0 to 365 days"),
        ({"host_state": "XXX"}, "Unknown State code 'XXX'"),
        ({"organisers": ["NOPE"]}, "Unknown organisation code 'NOPE'"),
        ({"reference_key": "som-11"}, "'reference_key' cannot be set here"),
        ({"agenda_published_at": dt.datetime(2027, 1, 1, tzinfo=dt.UTC)}, "cannot be set here"),
    ],
)
def test_a_bad_meeting_is_refused_and_nothing_is_stored(support_unit, fields, message):
    before = row_counts()
    with pytest.raises(InvalidInput, match=message):
        schedule(support_unit, **fields)
    assert row_counts() == before


# Changing


def test_a_change_is_stored_and_audited_with_the_fields_changed(support_unit):
    meeting = schedule(support_unit)
    services.meeting_update(
        actor=support_unit,
        meeting=meeting,
        venue_en="Hyatt",
        venue_ru="Хаятт",
        time_zone="Asia/Tashkent",
        funders=["USAID"],
    )
    meeting.refresh_from_db()
    assert (meeting.venue_ru, meeting.time_zone) == ("Хаятт", "Asia/Tashkent")
    assert list(meeting.funders.values_list("code", flat=True)) == ["USAID"]
    entry = last_entry()
    assert entry.message_key == "meeting.changed"
    assert entry.params == {
        "title": "11th Senior Officials' Meeting",
        "fields": "funders, time_zone, venue_en, venue_ru",
    }


def test_a_change_to_the_same_values_writes_no_entry(support_unit):
    meeting = schedule(support_unit, city_en="Almaty", city_ru="Алматы")
    before = row_counts()
    services.meeting_update(actor=support_unit, meeting=meeting, city_en="Almaty")
    assert row_counts() == before


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"time_zone": "Europe/Atlantis"}, "Unknown time zone 'Europe/Atlantis'"),
        ({"ends_on": dt.date(2027, 5, 1)}, "is before the first day"),
        ({"title_ru": ""}, "title in English and in Russian"),
        ({"cloned_from": None}, "'cloned_from' cannot be set here"),
    ],
)
def test_a_bad_change_is_refused_and_nothing_changes(support_unit, fields, message):
    meeting = schedule(support_unit)
    before = row_counts()
    with pytest.raises(InvalidInput, match=message):
        services.meeting_update(actor=support_unit, meeting=meeting, **fields)
    assert row_counts() == before
    meeting.refresh_from_db()
    assert (meeting.time_zone, meeting.ends_on, meeting.title_ru) == (
        "Asia/Almaty",
        END,
        "11-е совещание старших должностных лиц",
    )


def test_new_dates_must_keep_every_agenda_day(support_unit):
    meeting = schedule(support_unit)
    AgendaItemFactory(meeting=meeting, day=END)
    before = row_counts()
    with pytest.raises(InvalidInput, match="agenda has items on 2027-05-12, outside the new"):
        services.meeting_update(actor=support_unit, meeting=meeting, ends_on=START)
    assert row_counts() == before
    meeting.refresh_from_db()
    assert meeting.ends_on == END


def test_new_dates_that_keep_the_agenda_days_are_accepted(support_unit):
    meeting = schedule(support_unit)
    AgendaItemFactory(meeting=meeting, day=START)
    services.meeting_update(actor=support_unit, meeting=meeting, ends_on=START)
    meeting.refresh_from_db()
    assert meeting.ends_on == START


@pytest.mark.parametrize("role", NOT_SUPPORT_UNIT)
def test_only_the_support_unit_changes_meetings(user_with_role, role, support_unit):
    meeting = schedule(support_unit)
    actor = actor_for(role, user_with_role)
    before = row_counts()
    with pytest.raises(PermissionDenied):
        services.meeting_update(actor=actor, meeting=meeting, city_en="Baku")
    assert row_counts() == before
    meeting.refresh_from_db()
    assert not meeting.city_en


# Cloning


@pytest.fixture
def source(support_unit):
    """A numbered, published two-day meeting with a session, a talk in it, speakers, organisers,
    funders, a delegate, a material and an outcome."""
    meeting = schedule(
        support_unit,
        number=5,
        city_en="Almaty",
        city_ru="Алматы",
        time_zone="Asia/Almaty",
        circulation_days=10,
        organisers=["IOM", "UNHCR"],
        funders=["EU"],
    )
    session = AgendaItemFactory(
        meeting=meeting,
        day=END,
        starts_at=dt.time(10),
        ends_at=dt.time(12),
        title_en="Session 1",
        title_ru="Сессия 1",
        description_en="On data",
        description_ru="О данных",
        position=3,
    )
    talk = AgendaItemFactory(parent=session, kind="talk", title_en="Talk", title_ru="Доклад")
    SpeakerFactory(item=session, role="moderator", note_en="tbc", note_ru="уточняется")
    SpeakerFactory(item=talk, role="presenter")
    AgendaItemFactory(meeting=meeting, day=START, kind="opening", starts_at=dt.time(9))
    DelegateFactory(meeting=meeting)
    MaterialFactory(meeting=meeting)
    OutcomeFactory(meeting=meeting)
    Meeting.objects.filter(pk=meeting.pk).update(
        agenda_published_at=dt.datetime(2027, 4, 1, tzinfo=dt.UTC)
    )
    meeting.refresh_from_db()
    return meeting


def test_a_clone_takes_the_facts_and_the_next_number(support_unit, source):
    clone = services.meeting_clone(
        actor=support_unit, meeting=source, starts_on=dt.date(2028, 5, 9)
    )
    clone = Meeting.objects.get(pk=clone.pk)
    assert (clone.kind, clone.number, clone.title_ru, clone.city_ru) == (
        "som",
        6,
        "11-е совещание старших должностных лиц",
        "Алматы",
    )
    assert (clone.starts_on, clone.ends_on) == (dt.date(2028, 5, 9), dt.date(2028, 5, 10))
    assert (clone.time_zone, clone.circulation_days, clone.cloned_from) == (
        "Asia/Almaty",
        10,
        source,
    )
    assert sorted(clone.organisers.values_list("code", flat=True)) == ["IOM", "UNHCR"]
    assert list(clone.funders.values_list("code", flat=True)) == ["EU"]


def test_a_clone_s_agenda_is_unpublished(support_unit, source):
    clone = services.meeting_clone(
        actor=support_unit, meeting=source, starts_on=dt.date(2028, 5, 9)
    )
    assert source.is_agenda_published
    assert not Meeting.objects.get(pk=clone.pk).is_agenda_published


def test_a_clone_copies_the_agenda_shifted_with_its_sessions_and_speakers(support_unit, source):
    clone = services.meeting_clone(
        actor=support_unit, meeting=source, starts_on=dt.date(2028, 5, 9)
    )
    session = AgendaItem.objects.get(meeting=clone, title_en="Session 1")
    assert (session.day, session.starts_at, session.ends_at, session.position) == (
        dt.date(2028, 5, 10),
        dt.time(10),
        dt.time(12),
        3,
    )
    assert session.description_ru == "О данных"
    talk = AgendaItem.objects.get(meeting=clone, title_en="Talk")
    assert (talk.parent, talk.day) == (session, dt.date(2028, 5, 10))
    assert AgendaItem.objects.filter(meeting=clone).count() == 3
    moderator = Speaker.objects.get(item=session)
    assert (moderator.role, moderator.note_ru) == ("moderator", "уточняется")
    assert (
        Speaker.objects.get(item=talk).person
        == Speaker.objects.get(item__parent__meeting=source).person
    )


def test_a_clone_leaves_delegates_materials_and_outcomes_behind(support_unit, source):
    clone = services.meeting_clone(
        actor=support_unit, meeting=source, starts_on=dt.date(2028, 5, 9)
    )
    assert (clone.delegates.count(), clone.materials.count(), clone.outcomes.count()) == (0, 0, 0)
    assert (source.delegates.count(), source.materials.count(), source.outcomes.count()) == (
        1,
        1,
        1,
    )


def test_the_source_is_unchanged_by_cloning(support_unit, source):
    items = list(AgendaItem.objects.filter(meeting=source).values_list("pk", "day", "parent_id"))
    services.meeting_clone(actor=support_unit, meeting=source, starts_on=dt.date(2028, 5, 9))
    assert (
        list(AgendaItem.objects.filter(meeting=source).values_list("pk", "day", "parent_id"))
        == items
    )
    source.refresh_from_db()
    assert (source.number, source.starts_on) == (5, START)


def test_an_unnumbered_meeting_s_clone_has_no_number(support_unit):
    meeting = schedule(support_unit, kind="training")
    clone = services.meeting_clone(
        actor=support_unit, meeting=meeting, starts_on=dt.date(2027, 9, 1)
    )
    assert clone.number is None


def test_cloning_is_audited_once_with_both_titles(support_unit, source):
    before = AuditEntry.objects.count()
    clone = services.meeting_clone(
        actor=support_unit, meeting=source, starts_on=dt.date(2028, 5, 9)
    )
    entry = last_entry()
    assert AuditEntry.objects.count() == before + 1
    assert (entry.message_key, entry.object_id) == ("meeting.cloned", str(clone.pk))
    assert entry.params == {
        "title": "11th Senior Officials' Meeting",
        "source": "11th Senior Officials' Meeting",
    }


@pytest.mark.parametrize(
    ("starts_on", "message"),
    [
        (START, "must start on another day than 2027-05-11"),
        ("2028-05-09", "first day of the new meeting as a date"),
        (dt.datetime(2028, 5, 9, 9, tzinfo=dt.UTC), "first day of the new meeting as a date"),
    ],
)
def test_a_clone_onto_the_same_or_no_date_is_refused(support_unit, source, starts_on, message):
    before = row_counts()
    with pytest.raises(InvalidInput, match=message):
        services.meeting_clone(actor=support_unit, meeting=source, starts_on=starts_on)
    assert row_counts() == before


@pytest.mark.parametrize("role", NOT_SUPPORT_UNIT)
def test_only_the_support_unit_clones(user_with_role, role, source):
    actor = actor_for(role, user_with_role)
    before = row_counts()
    with pytest.raises(PermissionDenied):
        services.meeting_clone(actor=actor, meeting=source, starts_on=dt.date(2028, 5, 9))
    assert row_counts() == before


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    starts_on=st.dates(dt.date(2014, 1, 1), dt.date(2040, 12, 31)),
    length=st.integers(0, 4),
    offsets=st.lists(st.integers(0, 4), min_size=1, max_size=4),
)
def test_a_clone_shifts_every_item_by_the_same_number_of_days(
    support_unit, starts_on, length, offsets
):
    original = MeetingFactory(
        starts_on=dt.date(2026, 2, 26), ends_on=dt.date(2026, 2, 26) + dt.timedelta(days=length)
    )
    for offset in offsets:
        AgendaItemFactory(meeting=original, day=original.days[min(offset, length)])
    if starts_on == original.starts_on:
        starts_on += dt.timedelta(days=1)

    clone = services.meeting_clone(actor=support_unit, meeting=original, starts_on=starts_on)

    shift = starts_on - original.starts_on
    assert clone.ends_on - clone.starts_on == original.ends_on - original.starts_on
    assert sorted(AgendaItem.objects.filter(meeting=clone).values_list("day", flat=True)) == sorted(
        day + shift
        for day in AgendaItem.objects.filter(meeting=original).values_list("day", flat=True)
    )
    assert all(day in clone.days for day in clone.agenda_items.values_list("day", flat=True))


# Publishing the agenda


def test_publishing_makes_the_agenda_public_and_is_audited(support_unit):
    meeting = schedule(support_unit)
    AgendaItemFactory(meeting=meeting)
    services.agenda_publish(actor=support_unit, meeting=meeting)
    meeting.refresh_from_db()
    assert meeting.is_agenda_published
    entry = last_entry()
    assert (entry.message_key, entry.params) == (
        "agenda.published",
        {"meeting": "11th Senior Officials' Meeting"},
    )


def test_taking_the_agenda_back_to_draft(support_unit):
    meeting = schedule(support_unit)
    AgendaItemFactory(meeting=meeting)
    services.agenda_publish(actor=support_unit, meeting=meeting)
    services.agenda_withdraw(actor=support_unit, meeting=meeting)
    meeting.refresh_from_db()
    assert not meeting.is_agenda_published
    assert last_entry().message_key == "agenda.withdrawn"


def test_an_empty_agenda_is_not_published(support_unit):
    meeting = schedule(support_unit)
    before = row_counts()
    with pytest.raises(InvalidInput, match="without items cannot be published"):
        services.agenda_publish(actor=support_unit, meeting=meeting)
    assert row_counts() == before
    meeting.refresh_from_db()
    assert not meeting.is_agenda_published


def test_publishing_twice_is_refused(support_unit):
    meeting = schedule(support_unit)
    AgendaItemFactory(meeting=meeting)
    services.agenda_publish(actor=support_unit, meeting=meeting)
    before = row_counts()
    with pytest.raises(InvalidInput, match="already published"):
        services.agenda_publish(actor=support_unit, meeting=meeting)
    assert row_counts() == before


def test_withdrawing_a_draft_agenda_is_refused(support_unit):
    meeting = schedule(support_unit)
    before = row_counts()
    with pytest.raises(InvalidInput, match="not published"):
        services.agenda_withdraw(actor=support_unit, meeting=meeting)
    assert row_counts() == before


@pytest.mark.parametrize("role", NOT_SUPPORT_UNIT)
@pytest.mark.parametrize("service", ["agenda_publish", "agenda_withdraw"])
def test_only_the_support_unit_publishes_or_withdraws(user_with_role, support_unit, role, service):
    meeting = schedule(support_unit)
    AgendaItemFactory(meeting=meeting)
    if service == "agenda_withdraw":
        services.agenda_publish(actor=support_unit, meeting=meeting)
    published = Meeting.objects.get(pk=meeting.pk).agenda_published_at
    actor = actor_for(role, user_with_role)
    before = row_counts()
    with pytest.raises(PermissionDenied):
        getattr(services, service)(actor=actor, meeting=meeting)
    assert row_counts() == before
    assert Meeting.objects.get(pk=meeting.pk).agenda_published_at == published
