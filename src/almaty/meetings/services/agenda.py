"""The agenda: items, speakers, publishing."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from almaty.core.audit import audit_record
from almaty.core.errors import InvalidInput
from almaty.core.models import AuditAction
from almaty.meetings import access
from almaty.meetings.choices import (
    ItemKind,
    SpeakerRole,
)
from almaty.meetings.models import (
    AgendaItem,
    Meeting,
    Person,
    Speaker,
)
from almaty.process.models import Organisation, State

if TYPE_CHECKING:
    pass

from almaty.meetings.services.common import (
    ITEM_FIELDS,
    _is_date,
    _organisation,
    _require_both,
    _same,
    _state,
    _text,
    _unknown_fields,
)


def _item_values(meeting: Meeting, values: dict[str, Any], item: AgendaItem | None) -> None:
    """Check an agenda item's values as they will be stored."""
    if values.get("kind") not in ItemKind.values:
        raise InvalidInput(_("Unknown kind of agenda item '%(kind)s'."), kind=values.get("kind"))
    _require_both(
        values.get("title_en"),
        values.get("title_ru"),
        _("An agenda item needs its title in English and in Russian."),
    )
    day = values.get("day")
    if not _is_date(day) or day not in meeting.days:
        raise InvalidInput(
            _("The day %(day)s is not a day of the meeting (%(starts_on)s to %(ends_on)s)."),
            day=day.isoformat() if _is_date(day) else str(day),
            starts_on=meeting.starts_on.isoformat(),
            ends_on=meeting.ends_on.isoformat(),
        )
    starts_at, ends_at = values.get("starts_at"), values.get("ends_at")
    for moment in (starts_at, ends_at):
        if moment is not None and not isinstance(moment, dt.time):
            raise InvalidInput(_("Give the times of an agenda item as hours and minutes."))
    if ends_at is not None and starts_at is None:
        raise InvalidInput(_("An agenda item with an end time needs its start time too."))
    if starts_at is not None and ends_at is not None and ends_at <= starts_at:
        raise InvalidInput(
            _("The item ends at %(ends_at)s, not after it starts (%(starts_at)s)."),
            ends_at=ends_at.strftime("%H:%M"),
            starts_at=starts_at.strftime("%H:%M"),
        )
    position = values.get("position")
    if position is not None and (not isinstance(position, int) or position < 0):
        raise InvalidInput(_("The position of an item is a whole number from 0."))
    parent: AgendaItem | None = values.get("parent")
    if parent is None:
        return
    if parent.meeting_id != meeting.pk:
        raise InvalidInput(
            _("%(parent)s belongs to another meeting's agenda."),
            parent=parent.title_en,  # type: ignore[attr-defined]
        )
    if item is not None and parent.pk == item.pk:
        raise InvalidInput(_("An agenda item cannot be a part of itself."))
    if parent.parent_id is not None:
        raise InvalidInput(
            _("%(parent)s is itself part of a session: an agenda has two levels only."),
            parent=parent.title_en,  # type: ignore[attr-defined]
        )
    if item is not None and item.children.exists():
        raise InvalidInput(_("This item holds other items, so it cannot be part of another."))
    if parent.day != day:
        raise InvalidInput(
            _("A part of %(parent)s is on its day, %(day)s."),
            parent=parent.title_en,  # type: ignore[attr-defined]
            day=parent.day.isoformat(),
        )


def _next_position(meeting: Meeting, parent: AgendaItem | None, day: dt.date) -> int:
    last = AgendaItem.objects.filter(meeting=meeting, parent=parent, day=day).aggregate(
        last=Max("position")
    )["last"]
    return 0 if last is None else last + 1


def _item_params(item: AgendaItem, **more: Any) -> dict[str, Any]:
    return {"meeting": item.meeting.title_en, "item": item.title_en, **more}  # type: ignore[attr-defined]


@transaction.atomic
def agenda_item_add(
    *,
    actor: Any,
    meeting: Meeting,
    day: dt.date,
    kind: str,
    title_en: str,
    title_ru: str,
    starts_at: dt.time | None = None,
    ends_at: dt.time | None = None,
    description_en: str = "",
    description_ru: str = "",
    parent: AgendaItem | None = None,
    position: int | None = None,
) -> AgendaItem:
    """Add a slot to a day of the agenda (times in the venue's zone); a talk may go inside a
    session (`parent`). Without a position it goes last among its day's items."""
    access.require_meeting_editor(actor)
    values = {
        "day": day,
        "kind": kind,
        "title_en": title_en,
        "title_ru": title_ru,
        "starts_at": starts_at,
        "ends_at": ends_at,
        "parent": parent,
        "position": position,
    }
    _item_values(meeting, values, None)
    item = AgendaItem.objects.create(
        meeting=meeting,
        parent=parent,
        day=day,
        starts_at=starts_at,
        ends_at=ends_at,
        kind=kind,
        title_en=_text(title_en),
        title_ru=_text(title_ru),
        description_en=_text(description_en),
        description_ru=_text(description_ru),
        position=_next_position(meeting, parent, day) if position is None else position,
    )
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=item,
        message_key="agenda.item_added",
        params=_item_params(item, day=day.isoformat()),
    )
    return item


@transaction.atomic
def agenda_item_update(*, actor: Any, item: AgendaItem, **fields: Any) -> AgendaItem:
    """Change an agenda item; parts of a session move with it to another day."""
    access.require_meeting_editor(actor)
    _unknown_fields(fields, ITEM_FIELDS)
    item = AgendaItem.objects.select_related("meeting", "parent").get(pk=item.pk)
    current = {key: getattr(item, key) for key in ITEM_FIELDS}
    values = {**current, **fields}
    for key in ("title_en", "title_ru", "description_en", "description_ru"):
        values[key] = _text(values[key])
    _item_values(item.meeting, values, item)
    changed = sorted(key for key in fields if not _same(values[key], current[key]))
    if not changed:
        return item
    for key in changed:
        setattr(item, key, values[key])
    item.save()
    if "day" in changed:
        item.children.update(day=item.day)
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=item,
        message_key="agenda.item_changed",
        params=_item_params(item, fields=", ".join(changed)),
    )
    return item


@transaction.atomic
def agenda_item_remove(*, actor: Any, item: AgendaItem) -> None:
    """Remove an item with its parts and speakers (the people stay on record)."""
    access.require_meeting_editor(actor)
    audit_record(
        actor=actor,
        action=AuditAction.DELETE,
        obj=item,
        message_key="agenda.item_removed",
        params=_item_params(item),
    )
    item.delete()


def _order_key(item: AgendaItem) -> tuple[Any, ...]:
    # As selectors.ITEM_ORDER: untimed items after the timed ones.
    return (item.starts_at is None, item.starts_at or dt.time(), item.position, item.pk)


@transaction.atomic
def agenda_item_move(*, actor: Any, item: AgendaItem, direction: str) -> None:
    """Move an item one place up or down among the items of its day (or of its session). Timed
    items are ordered by their time, so only items starting at the same time trade places."""
    access.require_meeting_editor(actor)
    if direction not in ("up", "down"):
        raise InvalidInput(
            _("Move an item 'up' or 'down', not '%(direction)s'."), direction=direction
        )
    siblings = sorted(
        AgendaItem.objects.select_for_update().filter(
            meeting_id=item.meeting_id, parent_id=item.parent_id, day=item.day
        ),
        key=_order_key,
    )
    index = next(i for i, sibling in enumerate(siblings) if sibling.pk == item.pk)
    other = index - 1 if direction == "up" else index + 1
    if not 0 <= other < len(siblings):
        raise InvalidInput(
            _("This item is already the first of its day.")
            if direction == "up"
            else _("This item is already the last of its day.")
        )
    if siblings[other].starts_at != siblings[index].starts_at:
        raise InvalidInput(
            _(
                "Items with a time are in the order of their times: change the time to move this item."
            )
        )
    siblings[index], siblings[other] = siblings[other], siblings[index]
    for position, sibling in enumerate(siblings):
        sibling.position = position
    AgendaItem.objects.bulk_update(siblings, ["position"])
    moved = siblings[other]
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=moved,
        message_key="agenda.item_changed",
        params={
            "meeting": Meeting.objects.get(pk=moved.meeting_id).title_en,  # type: ignore[attr-defined]
            "item": moved.title_en,  # type: ignore[attr-defined]
            "fields": "position",
        },
    )


@transaction.atomic
def person_save(
    *,
    actor: Any,
    name_en: str,
    name_ru: str,
    position_en: str = "",
    position_ru: str = "",
    organisation: Organisation | str | None = None,
    state: State | str | None = None,
    person: Person | None = None,
) -> Person:
    """Record a person who appears on agendas (new, or `person` changed)."""
    access.require_meeting_editor(actor)
    _require_both(name_en, name_ru, _("A speaker needs a name in English and in Russian."))
    values = {
        "name_en": _text(name_en),
        "name_ru": _text(name_ru),
        "position_en": _text(position_en),
        "position_ru": _text(position_ru),
        "organisation": _organisation(organisation) if organisation else None,
        "state": _state(state),
    }
    if person is None:
        person = Person.objects.create(**values)
        action = AuditAction.CREATE
    else:
        for key, value in values.items():
            setattr(person, key, value)
        person.save()
        action = AuditAction.UPDATE
    audit_record(
        actor=actor,
        action=action,
        obj=person,
        message_key="person.saved",
        params={"name": person.name_en},  # type: ignore[attr-defined]
    )
    return person


@transaction.atomic
def speaker_add(
    *,
    actor: Any,
    item: AgendaItem,
    person: Person,
    role: str,
    note_en: str = "",
    note_ru: str = "",
) -> Speaker:
    """Name a person as presenter, moderator or speaker of an item; last in its list."""
    access.require_meeting_editor(actor)
    if role not in SpeakerRole.values:
        raise InvalidInput(_("Unknown speaker role '%(role)s'."), role=role)
    if Speaker.objects.filter(item=item, person=person, role=role).exists():
        raise InvalidInput(
            _("%(name)s is already %(role)s at this item."),
            name=person.name,
            role=SpeakerRole(role).label,
        )
    last = Speaker.objects.filter(item=item).aggregate(last=Max("position"))["last"]
    speaker = Speaker.objects.create(
        item=item,
        person=person,
        role=role,
        note_en=_text(note_en),
        note_ru=_text(note_ru),
        position=0 if last is None else last + 1,
    )
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=speaker,
        message_key="agenda.speaker_added",
        params=_item_params(item, name=person.name_en, role=role),  # type: ignore[attr-defined]
    )
    return speaker


@transaction.atomic
def speaker_remove(*, actor: Any, speaker: Speaker) -> None:
    access.require_meeting_editor(actor)
    audit_record(
        actor=actor,
        action=AuditAction.DELETE,
        obj=speaker,
        message_key="agenda.speaker_removed",
        params=_item_params(speaker.item, name=speaker.person.name_en),  # type: ignore[attr-defined]
    )
    speaker.delete()


@transaction.atomic
def agenda_publish(*, actor: Any, meeting: Meeting) -> Meeting:
    """Make the agenda public (it can be taken back to draft)."""
    access.require_meeting_editor(actor)
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if meeting.is_agenda_published:
        raise InvalidInput(_("This agenda is already published."))
    if not meeting.agenda_items.exists():
        raise InvalidInput(_("An agenda without items cannot be published."))
    meeting.agenda_published_at = timezone.now()
    meeting.save(update_fields=["agenda_published_at", "updated_at"])
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=meeting,
        message_key="agenda.published",
        params={"meeting": meeting.title_en},  # type: ignore[attr-defined]
    )
    return meeting


@transaction.atomic
def agenda_withdraw(*, actor: Any, meeting: Meeting) -> Meeting:
    """Take a published agenda back to draft."""
    access.require_meeting_editor(actor)
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if not meeting.is_agenda_published:
        raise InvalidInput(_("This agenda is not published."))
    meeting.agenda_published_at = None
    meeting.save(update_fields=["agenda_published_at", "updated_at"])
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=meeting,
        message_key="agenda.withdrawn",
        params={"meeting": meeting.title_en},  # type: ignore[attr-defined]
    )
    return meeting


# Delegates (personal data: audit entries name them by id only)
