"""Documents: their type, date, meeting, topics, States and access."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from typing import Any

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from almaty.archive.choices import Access, DocumentKind
from almaty.archive.models import Document, Topic
from almaty.archive.services.common import (
    DOCUMENT_FIELDS,
    _choice,
    _date,
    _document_title,
    _require_archivist,
    _state,
    _text,
    _topic,
    _user,
)
from almaty.core.audit import audit_record
from almaty.core.errors import InvalidInput
from almaty.core.models import AuditAction
from almaty.meetings.models import Meeting
from almaty.process.models import State

# --- documents ---------------------------------------------------------------------------------


def _document_values(fields: dict[str, Any]) -> dict[str, Any]:
    unknown = sorted(set(fields) - set(DOCUMENT_FIELDS))
    if unknown:
        raise InvalidInput(_("'%(field)s' is not a field of a document."), field=unknown[0])
    checks: dict[str, Callable[[Any], Any]] = {
        "kind": lambda v: _choice(v, DocumentKind, _("Unknown kind of document '%(value)s'.")),
        "issued_on": lambda v: _date(v, "issued_on"),
        "access": lambda v: _choice(
            v, Access, _("Unknown access level '%(value)s': use one of %(allowed)s.")
        ),
        "meeting": lambda v: v if v is None or isinstance(v, Meeting) else _meeting_by_id(v),
        "topics": lambda v: {_topic(t) for t in v},
        "states": lambda v: {_state(s) for s in v},
        "reference_key": lambda v: _text(Document, "reference_key", v or "", None) or None,
    }
    return {name: checks[name](value) for name, value in fields.items()}


def _meeting_by_id(value: Any) -> Meeting:
    meeting = Meeting.objects.filter(pk=value).first() if str(value).isdigit() else None
    if meeting is None:
        raise InvalidInput(_("No meeting %(id)s."), id=value)
    return meeting


def _check_reference_key(key: str | None, document: Document | None) -> None:
    if key is None:
        return
    taken = Document.objects.filter(reference_key=key)
    if document is not None:
        taken = taken.exclude(pk=document.pk)
    if taken.exists():
        raise InvalidInput(_("Another document has the reference %(key)s."), key=key)


@transaction.atomic
def document_create(
    *,
    actor: Any | None,
    kind: str,
    issued_on: dt.date,
    access: str = Access.DRAFT,
    meeting: Meeting | int | None = None,
    topics: Iterable[Topic | str] = (),
    states: Iterable[State | str] = (),
    reference_key: str | None = None,
) -> Document:
    """A document without versions yet (add them with `version_save`); a draft unless told.
    `meeting` is a Meeting or its id; `topics` Topics or codes; `states` States or ISO3 codes."""
    _require_archivist(actor)
    values = _document_values(
        {"kind": kind, "issued_on": issued_on, "access": access, "meeting": meeting}
        | {"topics": topics, "states": states, "reference_key": reference_key}
    )
    _check_reference_key(values["reference_key"], None)
    chosen_topics, chosen_states = values.pop("topics"), values.pop("states")
    document = Document.objects.create(**values, created_by=_user(actor))
    document.topics.set(chosen_topics)
    document.states.set(chosen_states)
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=document,
        message_key="document.created",
        params={"title": _document_title(document), "kind": document.kind},
    )
    return document


@transaction.atomic
def document_update(*, actor: Any | None, document: Document, **fields: Any) -> Document:
    """Change any of kind, issued_on, access, meeting, topics, states, reference_key; the audit
    entry names the fields that changed (none changed: no entry)."""
    _require_archivist(actor)
    values = _document_values(fields)
    document = Document.objects.select_for_update().get(pk=document.pk)
    if "reference_key" in values:
        _check_reference_key(values["reference_key"], document)
    changed = []
    for name, value in values.items():
        if name in {"topics", "states"}:
            relation = getattr(document, name)
            if {item.pk for item in relation.all()} != {item.pk for item in value}:
                relation.set(value)
                changed.append(name)
        elif getattr(document, name) != value:
            setattr(document, name, value)
            changed.append(name)
    if not changed:
        return document
    document.save()
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=document,
        message_key="document.changed",
        params={"title": _document_title(document), "fields": ", ".join(changed)},
    )
    return document
