"""The meetings part of the reference data file: the people named on agendas, and what a meeting
record may add to its dates and titles (venue time zone, chair, organisers, funders, agenda).

Everything is checked while the loader plans; the writes run later, in its transaction. A
meeting's agenda is written as a whole: left alone when the database already holds the same
agenda, otherwise replaced, so that loading the same file twice changes nothing.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from typing import Any
from zoneinfo import available_timezones

from django.utils.translation import gettext_lazy as _

from almaty.core.errors import InvalidInput
from almaty.meetings.choices import ItemKind, SpeakerRole
from almaty.meetings.models import AgendaItem, Meeting, Person, Speaker
from almaty.process.models import Organisation, State
from almaty.process.reference_history import (
    Step,
    _fields,
    _key,
    _mappings,
    _state,
    _texts,
    _unique,
)
from almaty.process.reference_loader import _date, _upsert

PERSON_FIELDS = frozenset({"key", "name", "position", "organisation", "state"})
ITEM_FIELDS = frozenset(
    {"day", "starts_at", "ends_at", "kind", "title", "description", "speakers", "items"}
)
# A part of an item (a talk in a session) takes its day from the item and has no parts itself.
PART_FIELDS = ITEM_FIELDS - {"day", "items"}
SPEAKER_FIELDS = frozenset({"person", "role", "note"})
TIME = re.compile(r"(?:[01]\d|2[0-3]):[0-5]\d")


@cache
def _time_zones() -> frozenset[str]:
    # As the meetings services accept them: IANA names, without the host's own aliases.
    return frozenset(available_timezones() - {"localtime", "Factory"})


def _organisation(code: Any, org_codes: set[str], where: str) -> str:
    if not isinstance(code, str) or code not in org_codes:
        raise InvalidInput(
            _("%(where)s: organisation '%(code)s' is not in the file's organisations."),
            where=where,
            code=code,
        )
    return code


# People


def plan_people(
    records: list[dict[str, Any]], state_codes: set[str], org_codes: set[str]
) -> tuple[list[Step], set[str]]:
    """The writes of the file's people, and their keys (for the agendas that name them)."""
    steps: list[Step] = []
    keys: dict[Any, str] = {}
    for i, person in enumerate(records, start=1):
        where = f"people[{i}]"
        _fields(person, PERSON_FIELDS, where)
        key = _key(person.get("key"), f"{where}.key")
        _unique(keys, "key", key, where)
        organisation = person.get("organisation")
        state = person.get("state")
        values = {
            **_texts(person, "name", where, Person),
            **_texts(person, "position", where, Person, required=False),
        }
        steps.append(
            _person_step(
                key,
                values,
                _organisation(organisation, org_codes, f"{where}.organisation")
                if organisation is not None
                else None,
                _state(state, state_codes, f"{where}.state") if state is not None else None,
            )
        )
    return steps, set(keys)


def _person_step(
    key: str, values: dict[str, Any], organisation: str | None, state: str | None
) -> Step:
    def run() -> str:
        links = {
            "organisation": Organisation.objects.get(code=organisation) if organisation else None,
            "state": State.objects.get(iso3=state) if state else None,
        }
        return _upsert(Person, {"reference_key": key}, {**values, **links})

    return run


# The agenda, as planned from the file and as read back from the database (the same shape, so
# that the two compare).


ITEM_TEXTS = ("title_en", "title_ru", "description_en", "description_ru")
NOTE_TEXTS = ("note_en", "note_ru")
Texts = tuple[tuple[str, str], ...]  # (column, text) pairs, in the order of *_TEXTS


def _texts_of(row: Any, columns: tuple[str, ...]) -> Texts:
    return tuple((column, getattr(row, column) or "") for column in columns)


@dataclass(frozen=True)
class PlannedSpeaker:
    person: str  # the person's reference key
    role: str
    note: Texts


@dataclass(frozen=True)
class PlannedItem:
    day: dt.date
    kind: str
    starts_at: dt.time | None
    ends_at: dt.time | None
    texts: Texts
    speakers: tuple[PlannedSpeaker, ...]
    parts: tuple[PlannedItem, ...]


@dataclass(frozen=True)
class MeetingExtras:
    """What a meeting record adds; a field the file leaves out is left as it is on the instance
    (`None` here), so that a reload keeps what the Support Unit recorded there."""

    values: dict[str, Any] = field(default_factory=dict)
    states: dict[str, str] = field(default_factory=dict)
    organisers: tuple[str, ...] | None = None
    funders: tuple[str, ...] | None = None
    agenda: tuple[PlannedItem, ...] | None = None


def plan_meeting_extras(
    meeting: dict[str, Any],
    where: str,
    *,
    days: tuple[dt.date, dt.date],
    state_codes: set[str],
    org_codes: set[str],
    person_keys: set[str],
) -> MeetingExtras:
    values: dict[str, Any] = {}
    states: dict[str, str] = {}
    time_zone = meeting.get("time_zone")
    if time_zone is not None:
        if not isinstance(time_zone, str) or time_zone not in _time_zones():
            raise InvalidInput(
                _("%(where)s: '%(value)s' is not a time zone (an IANA name such as Asia/Bishkek)."),
                where=f"{where}.time_zone",
                value=time_zone,
            )
        values["time_zone"] = time_zone
    if meeting.get("chair") is not None:
        states["chair_state"] = _state(meeting["chair"], state_codes, f"{where}.chair")
    related: dict[str, tuple[str, ...] | None] = {}
    for name in ("organisers", "funders"):
        codes = meeting.get(name)
        if codes is None:
            related[name] = None
            continue
        if not isinstance(codes, list):
            raise InvalidInput(_("%(where)s: not a list."), where=f"{where}.{name}")
        related[name] = tuple(
            dict.fromkeys(
                _organisation(code, org_codes, f"{where}.{name}[{i}]")
                for i, code in enumerate(codes, start=1)
            )
        )
    agenda = None
    if meeting.get("agenda") is not None:
        agenda = _plan_agenda(meeting["agenda"], f"{where}.agenda", days, person_keys)
        # A reference meeting's agenda is public; the moment is fixed (the day before the
        # meeting, midnight UTC) so that a reload finds it unchanged.
        values["agenda_published_at"] = dt.datetime.combine(
            days[0] - dt.timedelta(days=1), dt.time(0), tzinfo=dt.UTC
        )
    return MeetingExtras(
        values=values,
        states=states,
        organisers=related["organisers"],
        funders=related["funders"],
        agenda=agenda,
    )


def _plan_agenda(
    value: Any, where: str, days: tuple[dt.date, dt.date], person_keys: set[str]
) -> tuple[PlannedItem, ...]:
    items = []
    for at, record in _mappings(value, where):
        _fields(record, ITEM_FIELDS, at)
        day = _date(record.get("day"), f"{at}.day")
        if not days[0] <= day <= days[1]:
            raise InvalidInput(
                _("%(where)s: %(day)s is not a day of the meeting (%(first)s to %(last)s)."),
                where=f"{at}.day",
                day=day.isoformat(),
                first=days[0].isoformat(),
                last=days[1].isoformat(),
            )
        parts = []
        for part_at, part in _mappings(record.get("items"), f"{at}.items"):
            if "items" in part:
                raise InvalidInput(
                    _("%(where)s: a part of an item cannot have parts of its own."),
                    where=part_at,
                )
            _fields(part, PART_FIELDS, part_at)
            parts.append(_plan_item(part, part_at, day, person_keys, ()))
        items.append(_plan_item(record, at, day, person_keys, tuple(parts)))
    # Stored and read back day by day; within a day, in the file's order.
    return tuple(sorted(items, key=lambda item: item.day))


def _time(value: Any, where: str) -> dt.time | None:
    if value is None:
        return None
    if isinstance(value, int) and not isinstance(value, bool):
        # YAML 1.1 reads an unquoted 12:30 as a number in base 60 (750).
        raise InvalidInput(
            _('%(where)s: write the time in quotes, as "HH:MM"; without them YAML reads a number.'),
            where=where,
        )
    if not isinstance(value, str) or not TIME.fullmatch(value):
        raise InvalidInput(
            _("%(where)s: '%(value)s' is not a time (HH:MM)."), where=where, value=value
        )
    return dt.time.fromisoformat(value)


def _plan_item(
    record: dict[str, Any],
    where: str,
    day: dt.date,
    person_keys: set[str],
    parts: tuple[PlannedItem, ...],
) -> PlannedItem:
    starts_at = _time(record.get("starts_at"), f"{where}.starts_at")
    ends_at = _time(record.get("ends_at"), f"{where}.ends_at")
    if starts_at is not None and ends_at is not None and ends_at <= starts_at:
        raise InvalidInput(
            _("%(where)s: the item must end after it starts."), where=f"{where}.ends_at"
        )
    kind = record.get("kind")
    if kind not in ItemKind.values:
        raise InvalidInput(
            _("%(where)s: unknown kind of agenda item '%(value)s'."),
            where=f"{where}.kind",
            value=kind,
        )
    texts = {
        **_texts(record, "title", where, AgendaItem),
        **_texts(record, "description", where, AgendaItem, required=False),
    }
    return PlannedItem(
        day=day,
        kind=kind,
        starts_at=starts_at,
        ends_at=ends_at,
        texts=tuple((column, texts[column]) for column in ITEM_TEXTS),
        speakers=_plan_speakers(record.get("speakers"), f"{where}.speakers", person_keys),
        parts=parts,
    )


def _plan_speakers(value: Any, where: str, person_keys: set[str]) -> tuple[PlannedSpeaker, ...]:
    speakers = []
    seen: dict[Any, str] = {}
    for at, record in _mappings(value, where):
        _fields(record, SPEAKER_FIELDS, at)
        person = record.get("person")
        if not isinstance(person, str) or person not in person_keys:
            raise InvalidInput(
                _("%(where)s: person '%(key)s' is not in the file's people."),
                where=f"{at}.person",
                key=person,
            )
        role = record.get("role")
        if role not in SpeakerRole.values:
            raise InvalidInput(
                _("%(where)s: unknown speaker role '%(value)s'."), where=f"{at}.role", value=role
            )
        _unique(seen, "person, role", f"{person}, {role}", at)
        note = _texts(record, "note", at, Speaker, required=False)
        texts = tuple((column, note[column]) for column in NOTE_TEXTS)
        speakers.append(PlannedSpeaker(person=person, role=role, note=texts))
    return tuple(speakers)


# Writing


def meeting_step(upsert: Step, key: str, extras: MeetingExtras) -> Step:
    """The meeting's own upsert, then what the file adds to it: one record of the file, counted
    as changed when any part of it changed."""

    def run() -> str:
        outcome = upsert()
        meeting = Meeting.objects.get(reference_key=key)
        changed = False
        if extras.organisers is not None:
            changed |= _set_organisations(meeting, "organisers", extras.organisers)
        if extras.funders is not None:
            changed |= _set_organisations(meeting, "funders", extras.funders)
        if extras.agenda is not None:
            changed |= _write_agenda(meeting, extras.agenda)
        return "updated" if changed and outcome == "same" else outcome

    return run


def _set_organisations(meeting: Meeting, name: str, codes: tuple[str, ...]) -> bool:
    manager = getattr(meeting, name)
    if set(manager.values_list("code", flat=True)) == set(codes):
        return False
    manager.set(Organisation.objects.filter(code__in=codes))
    return True


def _write_agenda(meeting: Meeting, planned: tuple[PlannedItem, ...]) -> bool:
    if _stored_agenda(meeting) == planned:
        return False
    meeting.agenda_items.all().delete()
    people = Person.objects.in_bulk(
        {s.person for item in _walk(planned) for s in item.speakers}, field_name="reference_key"
    )
    # Positions count from 0 within a day (and within an item), as the meetings services do.
    by_day: Counter[dt.date] = Counter()
    for item in planned:
        _create(meeting, item, None, by_day[item.day], people)
        by_day[item.day] += 1
    return True


def _walk(items: Iterable[PlannedItem]) -> Iterable[PlannedItem]:
    for item in items:
        yield item
        yield from _walk(item.parts)


def _create(
    meeting: Meeting,
    item: PlannedItem,
    parent: AgendaItem | None,
    position: int,
    people: dict[Any, Person],
) -> None:
    row = AgendaItem.objects.create(
        meeting=meeting,
        parent=parent,
        day=item.day,
        starts_at=item.starts_at,
        ends_at=item.ends_at,
        kind=item.kind,
        position=position,
        **dict(item.texts),
    )
    Speaker.objects.bulk_create(
        Speaker(
            item=row,
            person=people[speaker.person],
            role=speaker.role,
            position=index,
            **dict(speaker.note),
        )
        for index, speaker in enumerate(item.speakers)
    )
    for index, part in enumerate(item.parts):
        _create(meeting, part, row, index, people)


def _stored_agenda(meeting: Meeting) -> tuple[PlannedItem, ...]:
    """The meeting's agenda as the database holds it, in the shape of a planned one."""
    items = list(meeting.agenda_items.order_by("day", "position", "pk"))
    speakers: defaultdict[int | None, list[PlannedSpeaker]] = defaultdict(list)
    stored = Speaker.objects.filter(item__meeting=meeting).select_related("person")
    for speaker in stored.order_by("position", "pk"):
        speakers[speaker.item_id].append(
            PlannedSpeaker(
                # A speaker added by hand names a person the file does not know: never equal.
                person=speaker.person.reference_key or f"#{speaker.person_id}",
                role=speaker.role,
                note=_texts_of(speaker, NOTE_TEXTS),
            )
        )
    parts: defaultdict[int | None, list[AgendaItem]] = defaultdict(list)
    for item in items:
        parts[item.parent_id].append(item)

    def shape(item: AgendaItem) -> PlannedItem:
        return PlannedItem(
            day=item.day,
            kind=item.kind,
            starts_at=item.starts_at,
            ends_at=item.ends_at,
            texts=_texts_of(item, ITEM_TEXTS),
            speakers=tuple(speakers[item.pk]),
            parts=tuple(shape(part) for part in parts[item.pk]),
        )

    return tuple(shape(item) for item in parts[None])
