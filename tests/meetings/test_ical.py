"""Meetings as iCalendar, read back with the icalendar parser as a calendar program would."""

from __future__ import annotations

import datetime as dt

import pytest
from icalendar import Calendar

from almaty.meetings.ical import meeting_ics, meetings_feed_ics
from tests.factories.meetings import MeetingFactory

BASE = "https://almaty-process.example.org/"


@pytest.fixture
def meeting(db):
    return MeetingFactory(
        kind="ministerial",
        title_en="5th Ministerial Conference",
        title_ru="5-я Министерская конференция",
        theme_en="Mixed movements",
        theme_ru="Смешанные миграционные потоки",
        starts_on=dt.date(2027, 10, 14),
        ends_on=dt.date(2027, 10, 15),
        venue_en="Rixos Hotel",
        venue_ru="Отель «Риксос»",
        city_en="Almaty",
        city_ru="Алматы",
    )


def only_event(data: bytes):
    calendar = Calendar.from_ical(data)
    (event,) = calendar.walk("VEVENT")
    return event


def test_a_meeting_is_an_all_day_event_with_an_exclusive_end(meeting):
    event = only_event(meeting_ics(meeting, BASE))
    assert event.decoded("dtstart") == dt.date(2027, 10, 14)
    assert event.decoded("dtend") == dt.date(2027, 10, 16)
    assert event["dtstart"].params["VALUE"] == "DATE"


def test_a_one_day_meeting_ends_the_next_day(db):
    event = only_event(meeting_ics(MeetingFactory(starts_on=dt.date(2027, 3, 1)), BASE))
    assert (event.decoded("dtstart"), event.decoded("dtend")) == (
        dt.date(2027, 3, 1),
        dt.date(2027, 3, 2),
    )


def test_the_uid_is_stable(meeting):
    first = only_event(meeting_ics(meeting, BASE))
    meeting.title_en = "5th Ministerial Conference (moved)"
    meeting.save()
    again = only_event(meeting_ics(meeting, BASE))
    assert str(first["uid"]) == str(again["uid"]) == f"meeting-{meeting.pk}@almaty-process"


def test_the_summary_is_english_and_the_description_carries_the_russian_title(meeting):
    event = only_event(meeting_ics(meeting, BASE))
    assert str(event["summary"]) == "5th Ministerial Conference"
    description = str(event["description"])
    assert "5-я Министерская конференция" in description
    assert "Смешанные миграционные потоки" in description
    assert "Mixed movements" in description


def test_the_location_is_venue_and_city(meeting):
    assert str(only_event(meeting_ics(meeting, BASE))["location"]) == "Rixos Hotel, Almaty"


def test_a_meeting_without_venue_or_city_has_no_location(db):
    event = only_event(meeting_ics(MeetingFactory(), BASE))
    assert "location" not in event


def test_the_url_is_the_meeting_page(meeting):
    event = only_event(meeting_ics(meeting, BASE))
    assert str(event["url"]) == f"https://almaty-process.example.org/en/meetings/{meeting.pk}/"


def test_last_modified_is_when_the_record_changed(meeting):
    event = only_event(meeting_ics(meeting, BASE))
    assert event.decoded("last-modified") == meeting.updated_at.replace(microsecond=0)


def test_the_same_meeting_gives_the_same_bytes(meeting):
    assert meeting_ics(meeting, BASE) == meeting_ics(meeting, BASE)


def test_the_feed_has_a_name_and_one_event_per_meeting(meeting):
    other = MeetingFactory(title_en="13th SOM", starts_on=dt.date(2027, 6, 1))
    calendar = Calendar.from_ical(meetings_feed_ics([meeting, other], BASE))
    assert str(calendar["x-wr-calname"]) == "Almaty Process meetings"
    assert [str(e["uid"]) for e in calendar.walk("VEVENT")] == [
        f"meeting-{meeting.pk}@almaty-process",
        f"meeting-{other.pk}@almaty-process",
    ]
    assert [str(e["summary"]) for e in calendar.walk("VEVENT")] == [
        "5th Ministerial Conference",
        "13th SOM",
    ]


def test_an_empty_feed_is_a_valid_calendar(db):
    calendar = Calendar.from_ical(meetings_feed_ics([], BASE, name="Upcoming meetings"))
    assert (str(calendar["x-wr-calname"]), calendar.walk("VEVENT")) == ("Upcoming meetings", [])
    assert str(calendar["version"]) == "2.0"
