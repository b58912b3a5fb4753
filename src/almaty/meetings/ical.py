"""Meetings as iCalendar (RFC 5545): one meeting to add to a calendar, or a feed of them.

Meetings are all-day events (their agenda times are venue-local and live on the agenda page).
The summary is the English title; the description carries the Russian title and the themes
too, so one feed serves readers of both languages. UIDs are stable, so a calendar that
subscribes to the feed updates an event rather than adding it twice.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.utils import translation
from icalendar import Calendar, Event

from almaty.meetings.choices import MeetingKind
from almaty.meetings.models import Meeting

PRODID = "-//Almaty Process//Meetings//EN"
FEED_NAME = "Almaty Process meetings"


def meeting_uid(meeting: Meeting) -> str:
    return f"meeting-{meeting.pk}@almaty-process"


def meeting_url(meeting: Meeting, base_url: str) -> str:
    return f"{base_url.rstrip('/')}/en/meetings/{meeting.pk}/"


def _calendar() -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    return calendar


def _event(meeting: Meeting, base_url: str) -> Event:
    event = Event()
    url = meeting_url(meeting, base_url)
    event.add("uid", meeting_uid(meeting))
    # DTSTAMP from the record, not the clock: the same meeting always gives the same bytes.
    event.add("dtstamp", meeting.updated_at)
    event.add("last-modified", meeting.updated_at)
    event.add("dtstart", meeting.starts_on)
    event.add("dtend", meeting.ends_on + dt.timedelta(days=1))  # exclusive for all-day events
    event.add("summary", meeting.title_en)  # type: ignore[attr-defined]
    description = [
        meeting.title_ru,  # type: ignore[attr-defined]
        meeting.theme_en,  # type: ignore[attr-defined]
        meeting.theme_ru,  # type: ignore[attr-defined]
        url,
    ]
    event.add("description", "\n\n".join(part for part in description if part))
    location = ", ".join(
        part
        for part in (meeting.venue_en, meeting.city_en)  # type: ignore[attr-defined]
        if part
    )
    if location:
        event.add("location", location)
    event.add("url", url)
    with translation.override("en"):
        event.add("categories", [str(MeetingKind(meeting.kind).label)])
    event.add("transp", "TRANSPARENT")
    return event


def meeting_ics(meeting: Meeting, base_url: str) -> bytes:
    """One meeting as an .ics file."""
    calendar = _calendar()
    calendar.add_component(_event(meeting, base_url))
    return calendar.to_ical()


def meetings_feed_ics(
    meetings: Iterable[Meeting], base_url: str, *, name: str = FEED_NAME
) -> bytes:
    """A subscribable feed of meetings (X-WR-CALNAME and the RFC 7986 NAME say what it is)."""
    calendar = _calendar()
    calendar.add("x-wr-calname", name)
    calendar.add("name", name)
    for meeting in meetings:
        calendar.add_component(_event(meeting, base_url))
    return calendar.to_ical()
