"""Writes of the process: reference data, chair terms and passes, National Coordinators.

Every service is atomic, checks the Operating Modalities in force on the date concerned, and
writes its audit entry in the same transaction.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from almaty.accounts import services as accounts_services
from almaty.accounts.choices import RoleCode
from almaty.accounts.models import RoleAssignment, User
from almaty.core.audit import audit_record
from almaty.core.errors import InvalidInput
from almaty.core.models import AuditAction
from almaty.meetings.models import Meeting
from almaty.process import selectors
from almaty.process.choices import AmendingBody, OrderKey, ParticipationStatus, TermKind
from almaty.process.models import (
    ChairPass,
    ChairTerm,
    ModalitiesVersion,
    NationalCoordinator,
    Participation,
    State,
)
from almaty.process.reference_loader import DEFAULT_FILE, LoadResult, reference_load

__all__ = [
    "DEFAULT_FILE",
    "LoadResult",
    "chair_pass_record",
    "chair_term_add",
    "chair_term_end",
    "coordinator_designate",
    "coordinator_end",
    "modalities_amend",
    "reference_load",
]


def _require_eligible_to_chair(state: State, day: dt.date) -> None:
    rules = selectors.modalities_in_force(on=day)
    status = selectors.status_on(state=state, day=day)
    if status not in rules.eligible_statuses:
        # The statuses by their labels, so that a Russian reader does not see "observer".
        raise InvalidInput(
            _("%(state)s cannot chair on %(date)s: only %(statuses)s may, and it is %(status)s."),
            state=state.iso3,
            date=day.isoformat(),
            statuses=", ".join(str(_status_label(code)) for code in rules.eligible_statuses),
            status=_status_label(status) if status else _("not a participant"),
        )


def _status_label(code: str) -> Any:
    return ParticipationStatus(code).label if code in ParticipationStatus.values else code


def _require_member(state: State, day: dt.date, message: Any) -> None:
    if selectors.status_on(state=state, day=day) != "member":
        raise InvalidInput(message, state=state.iso3, date=day.isoformat())


def chair_term_add(
    *,
    state_iso3: str,
    starts_on: dt.date,
    actor: Any | None,
    ends_on: dt.date | None = None,
    kind: str = TermKind.REGULAR,
    representative: str = "",
    decision_ref: str = "",
    note: str = "",
) -> ChairTerm:
    """Record a chair term. A current (open) term that began earlier ends on this hand-over day."""
    state = selectors.require_state(state_iso3)
    if kind not in TermKind.values:
        raise InvalidInput(_("Unknown kind of term '%(kind)s'."), kind=kind)
    if ends_on is not None and ends_on <= starts_on:
        raise InvalidInput(_("A term must end after it starts."))
    _require_eligible_to_chair(state, starts_on)
    with transaction.atomic():
        current = ChairTerm.objects.filter(ends_on__isnull=True, starts_on__lt=starts_on).first()
        if current is not None:
            chair_term_end(term=current, ends_on=starts_on, actor=actor)
        # [a, b) and [c, d) overlap when a < d and c < b (an open end is infinite).
        overlapping = ChairTerm.objects.filter(Q(ends_on__isnull=True) | Q(ends_on__gt=starts_on))
        if ends_on is not None:
            overlapping = overlapping.filter(starts_on__lt=ends_on)
        clash = overlapping.select_related("state").first()
        if clash is not None:
            raise InvalidInput(
                _("This term overlaps the term of %(state)s from %(start)s."),
                state=clash.state.iso3,
                start=clash.starts_on.isoformat(),
            )
        term = ChairTerm.objects.create(
            state=state,
            starts_on=starts_on,
            ends_on=ends_on,
            kind=kind,
            representative=representative,
            decision_ref=decision_ref,
            note=note,
        )
        audit_record(
            actor=actor,
            action=AuditAction.CREATE,
            obj=term,
            message_key="chair.term_added",
            params={"state": state.iso3, "starts_on": starts_on.isoformat(), "kind": kind},
        )
    return term


def chair_term_end(*, term: ChairTerm, ends_on: dt.date, actor: Any | None) -> ChairTerm:
    """Set the hand-over day that ends a term."""
    if ends_on <= term.starts_on:
        raise InvalidInput(_("A term must end after it starts."))
    with transaction.atomic():
        later = (
            ChairTerm.objects.filter(starts_on__gt=term.starts_on, starts_on__lt=ends_on)
            .select_related("state")
            .first()
        )
        if later is not None:
            raise InvalidInput(
                _("This term overlaps the term of %(state)s from %(start)s."),
                state=later.state.iso3,
                start=later.starts_on.isoformat(),
            )
        term.ends_on = ends_on
        term.save(update_fields=["ends_on", "updated_at"])
        audit_record(
            actor=actor,
            action=AuditAction.UPDATE,
            obj=term,
            message_key="chair.term_ended",
            params={"state": term.state.iso3, "ends_on": ends_on.isoformat()},
        )
    return term


def chair_pass_record(
    *,
    state_iso3: str,
    turn_starts_on: dt.date,
    actor: Any | None,
    declared_on: dt.date | None = None,
    decision_ref: str = "",
    note: str = "",
) -> ChairPass:
    """Record that a Member State does not take the chair for the turn beginning on a day."""
    state = selectors.require_state(state_iso3)
    _require_member(
        state,
        turn_starts_on,
        _("Only a Member State can pass its turn; %(state)s is not a member on %(date)s."),
    )
    with transaction.atomic():
        if ChairPass.objects.filter(state=state, turn_starts_on=turn_starts_on).exists():
            raise InvalidInput(
                _("%(state)s already passed the turn beginning on %(date)s."),
                state=state.iso3,
                date=turn_starts_on.isoformat(),
            )
        chair_pass = ChairPass.objects.create(
            state=state,
            turn_starts_on=turn_starts_on,
            declared_on=declared_on,
            decision_ref=decision_ref,
            note=note,
        )
        audit_record(
            actor=actor,
            action=AuditAction.CREATE,
            obj=chair_pass,
            message_key="chair.pass_recorded",
            params={"state": state.iso3, "turn_starts_on": turn_starts_on.isoformat()},
        )
    return chair_pass


def coordinator_designate(
    *,
    state_iso3: str,
    full_name: str,
    designated_on: dt.date,
    actor: Any | None,
    user: User | None = None,
    position: str = "",
    office: str = "",
) -> NationalCoordinator:
    """Designate a State's National Coordinator; the previous one's designation ends the day before.

    With an account, the person also holds the national_coordinator role for the State from
    that day, and the previous holder's role ends.
    """
    state = selectors.require_state(state_iso3)
    full_name = (full_name or "").strip()
    if not full_name:
        raise InvalidInput(_("Give the National Coordinator's full name."))
    _require_member(
        state,
        designated_on,
        _(
            "Only a Member State designates a National Coordinator; %(state)s is not a member on %(date)s."
        ),
    )
    with transaction.atomic():
        previous = NationalCoordinator.objects.filter(state=state, ended_on__isnull=True).first()
        if previous is not None:
            if previous.designated_on >= designated_on:
                raise InvalidInput(
                    _(
                        "%(name)s is the National Coordinator of %(state)s since %(date)s; choose a later day."
                    ),
                    name=previous.full_name,
                    state=state.iso3,
                    date=previous.designated_on.isoformat(),
                )
            coordinator_end(
                designation=previous, ended_on=designated_on - dt.timedelta(days=1), actor=actor
            )
        clash = NationalCoordinator.objects.filter(state=state, ended_on__gte=designated_on).first()
        if clash is not None:
            raise InvalidInput(
                _("This designation overlaps that of %(name)s (%(start)s to %(end)s)."),
                name=clash.full_name,
                start=clash.designated_on.isoformat(),
                end=clash.ended_on.isoformat() if clash.ended_on else "",
            )
        designation = NationalCoordinator.objects.create(
            state=state,
            full_name=full_name,
            designated_on=designated_on,
            user=user,
            position=position,
            office=office,
        )
        if user is not None:
            accounts_services.role_assign(
                user=user,
                role_code=RoleCode.NATIONAL_COORDINATOR,
                state_iso3=state.iso3,
                valid_from=designated_on,
                actor=actor,
            )
        audit_record(
            actor=actor,
            action=AuditAction.CREATE,
            obj=designation,
            message_key="coordinator.designated",
            params={
                "state": state.iso3,
                "name": full_name,
                "designated_on": designated_on.isoformat(),
            },
        )
    return designation


def coordinator_end(
    *, designation: NationalCoordinator, ended_on: dt.date, actor: Any | None
) -> NationalCoordinator:
    """End a designation (its last day); the holder's national_coordinator role ends with it."""
    if ended_on < designation.designated_on:
        raise InvalidInput(_("A designation cannot end before it starts."))
    with transaction.atomic():
        # Moving the last day later must not stretch it over the State's next designation.
        later = (
            NationalCoordinator.objects.filter(
                state=designation.state,
                designated_on__gt=designation.designated_on,
                designated_on__lte=ended_on,
            )
            .exclude(pk=designation.pk)
            .order_by("designated_on")
            .first()
        )
        if later is not None:
            raise InvalidInput(
                _("This designation overlaps that of %(name)s (%(start)s to %(end)s)."),
                name=later.full_name,
                start=later.designated_on.isoformat(),
                end=later.ended_on.isoformat() if later.ended_on else "…",
            )
        designation.ended_on = ended_on
        designation.save(update_fields=["ended_on", "updated_at"])
        if designation.user is not None:
            for assignment in RoleAssignment.objects.filter(
                user=designation.user,
                role__code=RoleCode.NATIONAL_COORDINATOR,
                state=designation.state,
                valid_to__isnull=True,
            ):
                accounts_services.role_end(
                    assignment=assignment,
                    valid_to=max(ended_on, assignment.valid_from),
                    actor=actor,
                )
        audit_record(
            actor=actor,
            action=AuditAction.UPDATE,
            obj=designation,
            message_key="coordinator.ended",
            params={
                "state": designation.state.iso3,
                "name": designation.full_name,
                "ended_on": ended_on.isoformat(),
            },
        )
    return designation


AMENDABLE_RULES = {
    "term_years": 1,
    "ministerial_every_years": 1,
    "som_every_years": 1,
    "national_consultation_every_years": 1,
    "support_unit_review_years": 1,
    "deputy_chairs": 0,
    "technical_group_size": 0,
}


def modalities_amend(
    *,
    adopted_at: Meeting,
    effective_on: dt.date,
    title: dict[str, str],
    text: dict[str, str],
    changes: dict[str, Any],
    actor: Any | None,
) -> ModalitiesVersion:
    """Adopt an amendment: a new version of the Operating Modalities from `effective_on`.

    Only the body named by the version in force when the meeting opens may amend (a
    Ministerial meeting under the 2013 version). Rules not in `changes` carry over.
    """
    in_force = selectors.modalities_in_force(on=adopted_at.starts_on)
    if adopted_at.kind != in_force.amended_by:
        raise InvalidInput(
            _("The Operating Modalities can be amended only by %(body)s; %(meeting)s is not one."),
            body=AmendingBody(in_force.amended_by).label,
            meeting=adopted_at.title,
        )
    latest = selectors.modalities_versions().last()
    assert latest is not None  # modalities_in_force found one
    if effective_on < adopted_at.starts_on or effective_on <= latest.effective_on:
        raise InvalidInput(
            _(
                "An amendment takes effect on or after the meeting that adopts it and after %(date)s, when the latest version took effect."
            ),
            date=latest.effective_on.isoformat(),
        )
    for lang in ("en", "ru"):
        if not (title.get(lang) or "").strip() or not (text.get(lang) or "").strip():
            raise InvalidInput(
                _("An amendment needs its title and text in English and in Russian.")
            )
    rules: dict[str, Any] = {}
    for key, value in changes.items():
        if key in AMENDABLE_RULES:
            if (
                isinstance(value, bool)
                or not isinstance(value, int)
                or value < AMENDABLE_RULES[key]
            ):
                raise InvalidInput(
                    _("'%(key)s' must be a whole number of at least %(minimum)s."),
                    key=key,
                    minimum=AMENDABLE_RULES[key],
                )
        elif key == "has_voluntary_fee":
            if not isinstance(value, bool):
                raise InvalidInput(_("'%(key)s' must be true or false."), key=key)
        elif key == "order_key":
            if value not in OrderKey.values:
                raise InvalidInput(_("Unknown rotation order '%(value)s'."), value=value)
        elif key == "eligible_statuses":
            if (
                not isinstance(value, list)
                or not value
                or any(s not in ParticipationStatus.values for s in value)
            ):
                raise InvalidInput(_("'eligible_statuses' must list participation statuses."))
        elif key == "amended_by":
            if value not in AmendingBody.values:
                raise InvalidInput(_("Unknown amending body '%(value)s'."), value=value)
        else:
            raise InvalidInput(_("'%(key)s' is not a rule of the Operating Modalities."), key=key)
        rules[key] = value
    carried = {
        field: getattr(latest, field)
        for field in (
            *AMENDABLE_RULES,
            "has_voluntary_fee",
            "order_key",
            "listed_order",
            "eligible_statuses",
            "amended_by",
        )
    }
    with transaction.atomic():
        version = ModalitiesVersion.objects.create(
            number=latest.number + 1,
            effective_on=effective_on,
            reference=latest.reference,
            title_en=title["en"].strip(),
            title_ru=title["ru"].strip(),
            text_en=text["en"].strip(),
            text_ru=text["ru"].strip(),
            adopted_by_ref_en=adopted_at.title_en,  # type: ignore[attr-defined]
            adopted_by_ref_ru=adopted_at.title_ru,  # type: ignore[attr-defined]
            **{**carried, **rules},
        )
        audit_record(
            actor=actor,
            action=AuditAction.CREATE,
            obj=version,
            message_key="modalities.amended",
            params={
                "number": version.number,
                "effective_on": effective_on.isoformat(),
                "changes": ", ".join(sorted(rules)) or "-",
            },
        )
    return version


def participation_admit(
    *, state_iso3: str, status: str, valid_from: dt.date, actor: Any | None, decision_ref: str = ""
) -> Participation:
    """Admit a State with a status from a day (e.g. an observer admitted by consensus)."""
    state = selectors.require_state(state_iso3)
    if status not in ParticipationStatus.values:
        raise InvalidInput(
            _("%(where)s: unknown participation status '%(status)s'."),
            where=state.iso3,
            status=status,
        )
    with transaction.atomic():
        current = selectors.status_on(state=state, day=valid_from)
        if current is not None:
            raise InvalidInput(
                _("%(state)s already takes part on %(date)s (%(status)s)."),
                state=state.iso3,
                date=valid_from.isoformat(),
                status=ParticipationStatus(current).label,
            )
        note = {"note_en": "", "note_ru": ""}
        if decision_ref:
            note = {
                "note_en": f"Admitted by decision {decision_ref}.",
                "note_ru": f"Принят по решению {decision_ref}.",
            }
        participation = Participation.objects.create(
            state=state, status=status, valid_from=valid_from, **note
        )
        audit_record(
            actor=actor,
            action=AuditAction.CREATE,
            obj=participation,
            message_key="participation.admitted",
            params={"state": state.iso3, "status": status, "valid_from": valid_from.isoformat()},
        )
    return participation
