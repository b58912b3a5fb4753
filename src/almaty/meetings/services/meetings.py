"""Scheduling, changing and cloning meetings."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from almaty.core.audit import audit_record
from almaty.core.errors import InvalidInput
from almaty.core.models import AuditAction
from almaty.meetings import access
from almaty.meetings.choices import (
    MeetingKind,
)
from almaty.meetings.models import (
    AgendaItem,
    Meeting,
    Speaker,
)

if TYPE_CHECKING:
    pass

from almaty.meetings.services.common import (
    MEETING_FIELDS,
    MEETING_RELATIONS,
    MEETING_TEXTS,
    _check_time_zone,
    _is_date,
    _organisation,
    _require_both,
    _same,
    _state,
    _text,
    _unknown_fields,
)


def _meeting_values(values: dict[str, Any]) -> dict[str, Any]:
    """Check a meeting's values as they will be stored; return them normalised."""
    checked = dict(values)
    if checked.get("kind") not in MeetingKind.values:
        raise InvalidInput(_("Unknown kind of meeting '%(kind)s'."), kind=checked.get("kind"))
    _require_both(
        checked.get("title_en"),
        checked.get("title_ru"),
        _("A meeting needs its title in English and in Russian."),
    )
    starts_on, ends_on = checked.get("starts_on"), checked.get("ends_on")
    if not _is_date(starts_on) or not _is_date(ends_on):
        raise InvalidInput(_("Give the first and the last day of the meeting as dates."))
    if ends_on < starts_on:
        raise InvalidInput(
            _("The last day (%(ends_on)s) is before the first day (%(starts_on)s)."),
            ends_on=ends_on.isoformat(),
            starts_on=starts_on.isoformat(),
        )
    number = checked.get("number")
    if number is not None and (
        not isinstance(number, int) or isinstance(number, bool) or number < 1
    ):
        raise InvalidInput(_("The number of a meeting is a whole number from 1."))
    days = checked.get("circulation_days", 14)
    if not isinstance(days, int) or isinstance(days, bool) or not 0 <= days <= 365:
        raise InvalidInput(_("Materials are circulated from 0 to 365 days before a meeting."))
    checked["time_zone"] = _check_time_zone(checked.get("time_zone", "Asia/Almaty"))
    for key in MEETING_TEXTS:
        if key in checked:
            checked[key] = _text(checked[key])
    for key in ("host_state", "chair_state"):
        if key in checked:
            checked[key] = _state(checked[key])
    for key in MEETING_RELATIONS:
        if key in checked:
            checked[key] = [_organisation(value) for value in checked[key] or ()]
    return checked


@transaction.atomic
def meeting_schedule(
    *,
    actor: Any,
    kind: str,
    title_en: str,
    title_ru: str,
    starts_on: dt.date,
    ends_on: dt.date,
    **fields: Any,
) -> Meeting:
    """Put a meeting in the calendar. `fields` are further columns of Meeting (theme_en,
    city_ru, number, time_zone ...); States and organisations as rows or codes."""
    access.require_meeting_editor(actor)
    _unknown_fields(fields, MEETING_FIELDS)
    values = _meeting_values(
        {
            **fields,
            "kind": kind,
            "title_en": title_en,
            "title_ru": title_ru,
            "starts_on": starts_on,
            "ends_on": ends_on,
        }
    )
    relations = {key: values.pop(key) for key in MEETING_RELATIONS if key in values}
    meeting = Meeting.objects.create(**values)
    for key, organisations in relations.items():
        getattr(meeting, key).set(organisations)
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=meeting,
        message_key="meeting.scheduled",
        params={"title": meeting.title_en, "starts_on": meeting.starts_on.isoformat()},  # type: ignore[attr-defined]
    )
    return meeting


def _current(meeting: Meeting, key: str) -> Any:
    if key in MEETING_RELATIONS:
        return list(getattr(meeting, key).order_by("pk"))
    return getattr(meeting, key)


@transaction.atomic
def meeting_update(*, actor: Any, meeting: Meeting, **fields: Any) -> Meeting:
    """Change a meeting's facts. New dates must still hold every day of its agenda."""
    access.require_meeting_editor(actor)
    _unknown_fields(fields, MEETING_FIELDS)
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    current = {key: _current(meeting, key) for key in MEETING_FIELDS}
    values = _meeting_values({**current, **fields})
    changed = sorted(
        key
        for key in fields
        if not (
            sorted(o.pk for o in values[key]) == sorted(o.pk for o in current[key])
            if key in MEETING_RELATIONS
            else _same(values[key], current[key])
        )
    )
    if not changed:
        return meeting
    outside = sorted(
        set(
            meeting.agenda_items.exclude(
                day__range=(values["starts_on"], values["ends_on"])
            ).values_list("day", flat=True)
        )
    )
    if outside:
        raise InvalidInput(
            _(
                "The agenda has items on %(days)s, outside the new dates: move or remove them first."
            ),
            days=", ".join(day.isoformat() for day in outside),
        )
    for key in changed:
        if key in MEETING_RELATIONS:
            getattr(meeting, key).set(values[key])
        else:
            setattr(meeting, key, values[key])
    meeting.save()
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=meeting,
        message_key="meeting.changed",
        params={"title": meeting.title_en, "fields": ", ".join(changed)},  # type: ignore[attr-defined]
    )
    return meeting


@transaction.atomic
def meeting_clone(*, actor: Any, meeting: Meeting, starts_on: dt.date) -> Meeting:
    """Prepare the next meeting from this one, starting on `starts_on`: the same facts, the
    agenda shifted by the same number of days with its speakers, the next number if the meeting
    is numbered. The agenda starts unpublished; delegates, materials and outcomes belong to the
    meeting they were for and are never copied."""
    access.require_meeting_editor(actor)
    if not _is_date(starts_on):
        raise InvalidInput(_("Give the first day of the new meeting as a date."))
    if starts_on == meeting.starts_on:
        raise InvalidInput(
            _(
                "The new meeting must start on another day than %(date)s, the first day of this one."
            ),
            date=meeting.starts_on.isoformat(),
        )
    shift = starts_on - meeting.starts_on
    clone = Meeting.objects.create(
        kind=meeting.kind,
        number=meeting.number + 1 if meeting.number is not None else None,
        title_en=meeting.title_en,  # type: ignore[attr-defined]
        title_ru=meeting.title_ru,  # type: ignore[attr-defined]
        theme_en=meeting.theme_en,  # type: ignore[attr-defined]
        theme_ru=meeting.theme_ru,  # type: ignore[attr-defined]
        starts_on=starts_on,
        ends_on=meeting.ends_on + shift,
        city_en=meeting.city_en,  # type: ignore[attr-defined]
        city_ru=meeting.city_ru,  # type: ignore[attr-defined]
        venue_en=meeting.venue_en,  # type: ignore[attr-defined]
        venue_ru=meeting.venue_ru,  # type: ignore[attr-defined]
        host_state=meeting.host_state,
        chair_state=meeting.chair_state,
        time_zone=meeting.time_zone,
        circulation_days=meeting.circulation_days,
        cloned_from=meeting,
    )
    clone.organisers.set(meeting.organisers.all())
    clone.funders.set(meeting.funders.all())
    copies: dict[int, AgendaItem] = {}
    # Sessions before their parts, so that each part finds its session's copy.
    items = meeting.agenda_items.prefetch_related("speakers").order_by(
        "parent_id", "day", "position", "pk"
    )
    for item in sorted(items, key=lambda i: i.parent_id is not None):
        copy = AgendaItem.objects.create(
            meeting=clone,
            parent=copies[item.parent_id] if item.parent_id is not None else None,
            day=item.day + shift,
            starts_at=item.starts_at,
            ends_at=item.ends_at,
            kind=item.kind,
            title_en=item.title_en,  # type: ignore[attr-defined]
            title_ru=item.title_ru,  # type: ignore[attr-defined]
            description_en=item.description_en,  # type: ignore[attr-defined]
            description_ru=item.description_ru,  # type: ignore[attr-defined]
            position=item.position,
        )
        copies[item.pk] = copy
        Speaker.objects.bulk_create(
            Speaker(
                item=copy,
                person_id=speaker.person_id,
                role=speaker.role,
                note_en=speaker.note_en,  # type: ignore[attr-defined]
                note_ru=speaker.note_ru,  # type: ignore[attr-defined]
                position=speaker.position,
            )
            for speaker in item.speakers.all()
        )
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=clone,
        message_key="meeting.cloned",
        params={"title": clone.title_en, "source": meeting.title_en},  # type: ignore[attr-defined]
    )
    return clone


# The agenda
