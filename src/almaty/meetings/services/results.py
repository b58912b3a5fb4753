"""Materials (with the language parity gate) and outcomes."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from almaty.archive.choices import Access
from almaty.core.audit import audit_record
from almaty.core.errors import InvalidInput
from almaty.core.models import AuditAction
from almaty.meetings import access
from almaty.meetings.choices import (
    OutcomeKind,
)
from almaty.meetings.models import (
    Material,
    Meeting,
    Outcome,
)
from almaty.meetings.selectors import parity_problems

if TYPE_CHECKING:
    from almaty.archive.models import Document
    from almaty.decisions.models import Proposal

from almaty.meetings.services.common import (
    OUTCOME_FIELDS,
    _document_title,
    _is_date,
    _same,
    _text,
    _unknown_fields,
)


def _material_params(material: Material, **more: Any) -> dict[str, Any]:
    return {
        "document": _document_title(material.document),
        "meeting": material.meeting.title_en,  # type: ignore[attr-defined]
        **more,
    }


@transaction.atomic
def material_add(
    *, actor: Any, meeting: Meeting, document: Document, due_on: dt.date | None = None
) -> Material:
    """Add an archive document to a meeting's materials, to circulate by `due_on` (by default
    the meeting's circulation days before its first day)."""
    access.require_meeting_editor(actor)
    due_on = meeting.materials_due_on if due_on is None else due_on
    if not _is_date(due_on):
        raise InvalidInput(_("Give the date by which the material is circulated."))
    if due_on > meeting.ends_on:
        raise InvalidInput(
            _("A material is circulated by the meeting's last day, %(date)s, at the latest."),
            date=meeting.ends_on.isoformat(),
        )
    if Material.objects.filter(meeting=meeting, document=document).exists():
        raise InvalidInput(
            _("%(document)s is already a material of this meeting."),
            document=_document_title(document),
        )
    last = Material.objects.filter(meeting=meeting).aggregate(last=Max("position"))["last"]
    material = Material.objects.create(
        meeting=meeting,
        document=document,
        due_on=due_on,
        position=0 if last is None else last + 1,
    )
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=material,
        message_key="material.added",
        params=_material_params(material, due_on=due_on.isoformat()),
    )
    return material


@transaction.atomic
def material_circulate(*, actor: Any, material: Material) -> Material:
    """Circulate a material. The language parity gate: refused unless the document's English
    and Russian versions are both final (or the original); the error says what is missing."""
    access.require_meeting_editor(actor)
    material = (
        Material.objects.select_for_update(of=("self",))
        .select_related("meeting", "document")
        .get(pk=material.pk)
    )
    if material.circulated_at is not None:
        raise InvalidInput(
            _("This material was already circulated on %(date)s."),
            date=timezone.localdate(material.circulated_at).isoformat(),
        )
    if material.document.access == Access.DRAFT:
        # Those it is circulated to could not open it.
        raise InvalidInput(
            _(
                "%(document)s is still a draft that only the Support Unit can read: make it public or for members first."
            ),
            document=_document_title(material.document),
        )
    problems = parity_problems(material.document)
    if problems:
        raise InvalidInput(
            _("%(document)s cannot be circulated yet. %(problems)s"),
            document=_document_title(material.document),
            problems=format_lazy(" ".join("{}" for _p in problems), *problems),
        )
    material.circulated_at = timezone.now()
    material.circulated_by = actor
    material.save(update_fields=["circulated_at", "circulated_by", "updated_at"])
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=material,
        message_key="material.circulated",
        params=_material_params(material),
    )
    return material


@transaction.atomic
def material_remove(*, actor: Any, material: Material) -> None:
    """Remove a material not yet circulated (a circulated one stays on record)."""
    access.require_meeting_editor(actor)
    material = Material.objects.select_for_update().get(pk=material.pk)
    if material.circulated_at is not None:
        raise InvalidInput(_("A circulated material stays on record and cannot be removed."))
    audit_record(
        actor=actor,
        action=AuditAction.DELETE,
        obj=material,
        message_key="material.removed",
        params=_material_params(material),
    )
    material.delete()


def _check_outcome(values: dict[str, Any]) -> None:
    if values.get("kind") not in OutcomeKind.values:
        raise InvalidInput(_("Unknown kind of outcome '%(kind)s'."), kind=values.get("kind"))
    en, ru = _text(values.get("summary_en")), _text(values.get("summary_ru"))
    if bool(en) != bool(ru):
        raise InvalidInput(_("Give the summary in English and in Russian."))
    if not en and values.get("document") is None:
        raise InvalidInput(_("An outcome needs a summary or a document."))
    position = values.get("position", 0)
    if not isinstance(position, int) or position < 0:
        raise InvalidInput(_("The position of an outcome is a whole number from 0."))
    from almaty.decisions.choices import ProposalStatus

    for proposal in values.get("decisions") or ():
        if proposal.status != ProposalStatus.ADOPTED:
            raise InvalidInput(
                _("%(title)s is not an adopted decision."),
                title=proposal.title_en,
            )


def _outcome_params(outcome: Outcome) -> dict[str, Any]:
    return {"meeting": outcome.meeting.title_en, "kind": outcome.kind}  # type: ignore[attr-defined]


@transaction.atomic
def outcome_record(
    *,
    actor: Any,
    meeting: Meeting,
    kind: str,
    summary_en: str = "",
    summary_ru: str = "",
    document: Document | None = None,
    decisions: Iterable[Proposal] = (),
) -> Outcome:
    """Record what a meeting produced (remarks, communiqué, work plans), with the document that
    holds its text and the adopted decisions it records."""
    access.require_meeting_editor(actor)
    decisions = list(decisions)
    _check_outcome(
        {
            "kind": kind,
            "summary_en": summary_en,
            "summary_ru": summary_ru,
            "document": document,
            "decisions": decisions,
        }
    )
    last = Outcome.objects.filter(meeting=meeting).aggregate(last=Max("position"))["last"]
    outcome = Outcome.objects.create(
        meeting=meeting,
        kind=kind,
        summary_en=_text(summary_en),
        summary_ru=_text(summary_ru),
        document=document,
        position=0 if last is None else last + 1,
    )
    outcome.decisions.set(decisions)
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=outcome,
        message_key="outcome.recorded",
        params=_outcome_params(outcome),
    )
    return outcome


@transaction.atomic
def outcome_update(*, actor: Any, outcome: Outcome, **fields: Any) -> Outcome:
    access.require_meeting_editor(actor)
    _unknown_fields(fields, OUTCOME_FIELDS)
    outcome = (
        Outcome.objects.select_for_update(of=("self",)).select_related("meeting").get(pk=outcome.pk)
    )
    current: dict[str, Any] = {key: getattr(outcome, key) for key in OUTCOME_FIELDS - {"decisions"}}
    current["decisions"] = list(outcome.decisions.order_by("pk"))
    values = {**current, **fields}
    if "decisions" in fields:
        values["decisions"] = list(fields["decisions"])
    _check_outcome(values)
    changed = sorted(
        key
        for key in fields
        if (
            sorted(p.pk for p in values[key]) != sorted(p.pk for p in current[key])
            if key == "decisions"
            else not _same(values[key], current[key])
        )
    )
    if not changed:
        return outcome
    for key in changed:
        if key == "decisions":
            outcome.decisions.set(values[key])
        elif key.startswith("summary_"):
            setattr(outcome, key, _text(values[key]))
        else:
            setattr(outcome, key, values[key])
    outcome.save()
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=outcome,
        message_key="outcome.changed",
        params=_outcome_params(outcome),
    )
    return outcome
