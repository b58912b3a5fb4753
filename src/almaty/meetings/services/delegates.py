"""Delegates: registration by their State or organisation, the Support Unit's decision."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from almaty.core.audit import audit_record
from almaty.core.errors import InvalidInput
from almaty.core.models import AuditAction
from almaty.meetings import access
from almaty.meetings.choices import (
    Gender,
)
from almaty.meetings.models import (
    Delegate,
    Meeting,
)
from almaty.process import selectors as process_selectors

if TYPE_CHECKING:
    pass

from almaty.meetings.services.common import (
    DECISIONS,
    DELEGATE_FIELDS,
    DELEGATE_TRANSITIONS,
    EDITABLE_DELEGATE_STATUSES,
    S,
    _organisation,
    _text,
    _unknown_fields,
)


def _party_code(delegate: Delegate) -> str:
    if delegate.state is not None:
        return delegate.state.iso3
    assert delegate.organisation is not None
    return delegate.organisation.code


def _delegate_params(delegate: Delegate, **more: Any) -> dict[str, Any]:
    return {
        "id": delegate.pk,
        "party": _party_code(delegate),
        "meeting": delegate.meeting.title_en,  # type: ignore[attr-defined]
        **more,
    }


def _same_name(a: str, b: str) -> bool:
    # Compared in Python: SQLite folds the case of ASCII letters only, and names are Cyrillic too.
    return " ".join(a.split()).casefold() == " ".join(b.split()).casefold()


def _check_delegate(delegate: Delegate) -> None:
    """Name, gender, e-mail; no second delegate of the same name, or head, for the party."""
    if not delegate.full_name:
        raise InvalidInput(_("Give the delegate's full name."))
    if delegate.gender not in Gender.values:
        raise InvalidInput(_("Unknown gender '%(gender)s'."), gender=delegate.gender)
    if delegate.email:
        try:
            validate_email(delegate.email)
        except ValidationError:
            raise InvalidInput(
                _("'%(email)s' is not a valid e-mail address."), email=delegate.email
            ) from None
    # A withdrawn delegate may be registered again; a declined one stays on the list.
    others = (
        Delegate.objects.filter(
            meeting_id=delegate.meeting_id,
            state=delegate.state,
            organisation=delegate.organisation,
        )
        .exclude(pk=delegate.pk)
        .exclude(status=S.WITHDRAWN)
    )
    party = _party_code(delegate)
    names = others.values_list("full_name", flat=True)
    if any(_same_name(name, delegate.full_name) for name in names):
        raise InvalidInput(
            _("%(name)s is already on the list of the delegation of %(party)s."),
            name=delegate.full_name,
            party=party,
        )
    heads = others.filter(is_head=True, status__in=EDITABLE_DELEGATE_STATUSES)
    if delegate.is_head and heads.exists():
        raise InvalidInput(_("The delegation of %(party)s already has a head."), party=party)


@transaction.atomic
def delegate_register(
    *,
    actor: Any,
    meeting: Meeting,
    full_name: str,
    gender: str,
    state_iso3: str | None = None,
    organisation_code: str | None = None,
    position: str = "",
    email: str = "",
    is_head: bool = False,
) -> Delegate:
    """Register a delegate of a State (its National Coordinator or the Support Unit) or of an
    organisation (the Support Unit) for a meeting that has not ended. The Support Unit then
    approves or declines the registration."""
    if bool(state_iso3) == bool(organisation_code):
        raise InvalidInput(_("A delegate represents either a State or an organisation."))
    state = process_selectors.require_state(state_iso3) if state_iso3 else None
    organisation = _organisation(organisation_code) if organisation_code else None
    access.require_delegate_registrar(
        actor,
        state_iso3=state.iso3 if state else None,
        organisation_code=organisation.code if organisation else None,
    )
    # Locking the meeting serialises registrations for it, so that the duplicate check holds.
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if meeting.ends_on < timezone.localdate():
        raise InvalidInput(
            _("Registration is closed: the meeting ended on %(date)s."),
            date=meeting.ends_on.isoformat(),
        )
    if (
        state is not None
        and process_selectors.status_on(state=state, day=meeting.starts_on) is None
    ):
        raise InvalidInput(
            _("%(state)s does not take part in the process on %(date)s."),
            state=state.iso3,
            date=meeting.starts_on.isoformat(),
        )
    delegate = Delegate(
        meeting=meeting,
        state=state,
        organisation=organisation,
        full_name=" ".join(_text(full_name).split()),
        gender=gender,
        position=_text(position),
        email=_text(email),
        is_head=bool(is_head),
        status=S.REGISTERED,
        registered_by=actor,
    )
    _check_delegate(delegate)
    delegate.save()
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=delegate,
        message_key="delegate.registered",
        params=_delegate_params(delegate),
    )
    return delegate


def _locked_delegate(delegate: Delegate) -> Delegate:
    return (
        Delegate.objects.select_for_update(of=("self",))
        .select_related("meeting", "state", "organisation")
        .get(pk=delegate.pk)
    )


def _registrar_of(actor: Any, delegate: Delegate) -> None:
    access.require_delegate_registrar(
        actor,
        state_iso3=delegate.state.iso3 if delegate.state else None,
        organisation_code=delegate.organisation.code if delegate.organisation else None,
    )


@transaction.atomic
def delegate_update(*, actor: Any, delegate: Delegate, **fields: Any) -> Delegate:
    """Correct a registered or approved delegate's details (name, gender, position, e-mail,
    head of delegation)."""
    _unknown_fields(fields, DELEGATE_FIELDS)
    _registrar_of(actor, delegate)
    # The meeting first, as delegate_register locks it: the duplicate check then holds.
    Meeting.objects.select_for_update().get(pk=delegate.meeting_id)
    delegate = _locked_delegate(delegate)
    if delegate.status not in EDITABLE_DELEGATE_STATUSES:
        raise InvalidInput(
            _("Only a registered or approved delegate can be changed (this one: %(status)s)."),
            status=S(delegate.status).label,
        )
    before = {key: getattr(delegate, key) for key in DELEGATE_FIELDS}
    for key, value in fields.items():
        if key == "is_head":
            value = bool(value)
        elif key == "full_name":
            value = " ".join(_text(value).split())
        else:
            value = _text(value)
        setattr(delegate, key, value)
    _check_delegate(delegate)
    if all(getattr(delegate, key) == before[key] for key in DELEGATE_FIELDS):
        return delegate
    delegate.save()
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=delegate,
        message_key="delegate.changed",
        params=_delegate_params(delegate),
    )
    return delegate


def _move_delegate(delegate: Delegate, action: str, actor: Any) -> Delegate:
    sources, target = DELEGATE_TRANSITIONS[action]
    if delegate.status not in sources:
        messages = {
            "approve": _("Only a registered delegate can be approved (this one: %(status)s)."),
            "decline": _("Only a registered delegate can be declined (this one: %(status)s)."),
            "withdraw": _(
                "Only a registered or approved delegate can be withdrawn (this one: %(status)s)."
            ),
        }
        raise InvalidInput(messages[action], status=S(delegate.status).label)
    delegate.status = target
    fields = ["status", "updated_at"]
    if action in ("approve", "decline"):
        delegate.decided_by = actor
        delegate.decided_at = timezone.now()
        fields += ["decided_by", "decided_at"]
    delegate.save(update_fields=fields)
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=delegate,
        message_key="delegate.decided",
        params=_delegate_params(delegate, status=target),
    )
    return delegate


@transaction.atomic
def delegate_decide(*, actor: Any, delegate: Delegate, status: str) -> Delegate:
    """The Support Unit approves or declines a registered delegate. The row is locked, so two
    people deciding at once cannot both succeed."""
    access.require_delegate_manager(actor)
    if status not in DECISIONS:
        raise InvalidInput(
            _("A delegate is approved or declined, not '%(status)s'."), status=status
        )
    return _move_delegate(_locked_delegate(delegate), DECISIONS[status], actor)


@transaction.atomic
def delegate_withdraw(*, actor: Any, delegate: Delegate) -> Delegate:
    """The delegation (or the Support Unit) withdraws a registered or approved delegate."""
    delegate = _locked_delegate(delegate)
    _registrar_of(actor, delegate)
    return _move_delegate(delegate, "withdraw", actor)


# Materials and outcomes
