"""Writes of the decision workflow. Each is atomic and audited; the proposal row is locked
(SELECT ... FOR UPDATE) by every write that depends on its status or deadline, so concurrent
breaks, withdrawals, extensions and the closing of a procedure are serialised."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from almaty.accounts import access as accounts_access
from almaty.accounts.choices import RoleCode
from almaty.core.audit import audit_record
from almaty.core.errors import InvalidInput, PermissionDenied
from almaty.core.models import AuditAction
from almaty.decisions.choices import BreakKind, ProposalKind, ProposalStatus, Stance
from almaty.decisions.models import (
    DeadlineExtension,
    Position,
    Proposal,
    RegisterYear,
    SilenceBreak,
)
from almaty.decisions.workflow import ACTION_LABELS, next_status
from almaty.meetings.models import Meeting
from almaty.process import selectors as process_selectors
from almaty.process import services as process_services
from almaty.process.models import State

MEMBER = "member"
STATEMENT_STANCES = {Stance.STATEMENT, Stance.RESERVATION, Stance.OBSERVER_STATEMENT}


def _english_title(proposal: Proposal) -> str:
    """Audit parameters keep the English title; the entry is translated when shown."""
    return str(getattr(proposal, "title_en", proposal.title))


def _notify(proposal: Proposal, event: str) -> None:
    """E-mail the National Coordinators once the transaction commits (a task)."""
    from almaty.decisions.tasks import send_silence_notice

    proposal_id = proposal.pk
    transaction.on_commit(lambda: send_silence_notice(proposal_id, event))


def _locked(proposal: Proposal) -> Proposal:
    return Proposal.objects.select_for_update().get(pk=proposal.pk)


def _move(proposal: Proposal, action: str, actor: Any | None) -> None:
    proposal.status = next_status(proposal.status, action)
    proposal.save(update_fields=["status", "updated_at"])
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=proposal,
        message_key="proposal.transition",
        params={
            "title": _english_title(proposal),
            "action": str(ACTION_LABELS[action]),
            "status": proposal.status,
        },
    )


def _check_payload(kind: str, payload: dict[str, Any]) -> dict[str, Any]:
    def day(key: str) -> str:
        try:
            return dt.date.fromisoformat(str(payload.get(key))).isoformat()
        except ValueError:
            raise InvalidInput(_("'%(key)s' must be a date (YYYY-MM-DD)."), key=key) from None

    if kind == ProposalKind.OBSERVER_ADMISSION:
        return {
            "state": process_selectors.require_state(payload.get("state", "")).iso3,
            **({"valid_from": day("valid_from")} if payload.get("valid_from") else {}),
        }
    if kind == ProposalKind.CHAIR_TERM:
        return {
            "state": process_selectors.require_state(payload.get("state", "")).iso3,
            "start": day("start"),
            "kind": payload.get("kind", "regular"),
        }
    if kind == ProposalKind.CHAIR_PASS:
        return {
            "state": process_selectors.require_state(payload.get("state", "")).iso3,
            "turn_starts_on": day("turn_starts_on"),
        }
    if kind == ProposalKind.AMENDMENT:
        if not isinstance(payload.get("changes"), dict) or not payload["changes"]:
            raise InvalidInput(_("An amendment lists the rules it changes."))
        known = {
            *process_services.AMENDABLE_RULES,
            "has_voluntary_fee",
            "order_key",
            "eligible_statuses",
            "amended_by",
        }
        for key in payload["changes"]:
            if key not in known:
                raise InvalidInput(
                    _("'%(key)s' is not a rule of the Operating Modalities."), key=key
                )
        return {"effective_on": day("effective_on"), "changes": payload["changes"]}
    return {}


def proposal_draft(
    *,
    kind: str,
    title: dict[str, str],
    text: dict[str, str],
    actor: Any | None,
    payload: dict[str, Any] | None = None,
    is_public: bool = True,
) -> Proposal:
    """Draft a proposal in English and Russian; `payload` says what its adoption records."""
    if kind not in ProposalKind.values:
        raise InvalidInput(_("Unknown kind of proposal '%(kind)s'."), kind=kind)
    for lang in ("en", "ru"):
        if not (title.get(lang) or "").strip() or not (text.get(lang) or "").strip():
            raise InvalidInput(_("A proposal needs its title and text in English and in Russian."))
    checked = _check_payload(kind, payload or {})
    with transaction.atomic():
        proposal = Proposal.objects.create(
            kind=kind,
            title_en=title["en"].strip(),
            title_ru=title["ru"].strip(),
            text_en=text["en"].strip(),
            text_ru=text["ru"].strip(),
            payload=checked,
            is_public=is_public,
            drafted_by=actor if getattr(actor, "is_authenticated", False) else None,
        )
        audit_record(
            actor=actor,
            action=AuditAction.CREATE,
            obj=proposal,
            message_key="proposal.drafted",
            params={"title": _english_title(proposal)},
        )
    return proposal


def proposal_put_to_meeting(*, proposal: Proposal, meeting: Meeting, actor: Any | None) -> Proposal:
    with transaction.atomic():
        proposal = _locked(proposal)
        proposal.meeting = meeting
        proposal.save(update_fields=["meeting", "updated_at"])
        _move(proposal, "put_to_meeting", actor)
    return proposal


def position_record(
    *, proposal: Proposal, state_iso3: str, stance: str, actor: Any | None, statement: str = ""
) -> Position:
    """Record a delegation's position at the meeting. Observers and guests make statements only."""
    state = process_selectors.require_state(state_iso3)
    if stance not in Stance.values:
        raise InvalidInput(_("Unknown position '%(stance)s'."), stance=stance)
    if stance in STATEMENT_STANCES and not statement.strip():
        raise InvalidInput(_("Give the text of the statement or reservation."))
    with transaction.atomic():
        proposal = _locked(proposal)
        if proposal.status != ProposalStatus.AT_MEETING or proposal.meeting is None:
            raise InvalidInput(
                _("Positions are recorded only while the proposal is before a meeting.")
            )
        status = process_selectors.status_on(state=state, day=proposal.meeting.starts_on)
        if status is None:
            raise InvalidInput(
                _("%(state)s does not take part in the process on that day."), state=state.iso3
            )
        if status == MEMBER and stance == Stance.OBSERVER_STATEMENT:
            raise InvalidInput(
                _("%(state)s is a Member State: record whether it joins, stands aside or objects."),
                state=state.iso3,
            )
        if status != MEMBER and stance == Stance.STATEMENT:
            stance = Stance.OBSERVER_STATEMENT  # an observer's or guest's statement never joins
        if status != MEMBER and stance != Stance.OBSERVER_STATEMENT:
            raise InvalidInput(
                _(
                    "%(state)s is not a Member State: it may make a statement, and never joins or blocks a consensus."
                ),
                state=state.iso3,
            )
        position, _created = Position.objects.update_or_create(
            proposal=proposal,
            state=state,
            defaults={
                "stance": stance,
                "statement": statement.strip(),
                "recorded_by": actor if getattr(actor, "is_authenticated", False) else None,
            },
        )
        audit_record(
            actor=actor,
            action=AuditAction.CREATE,
            obj=position,
            message_key="proposal.position",
            params={"title": _english_title(proposal), "state": state.iso3, "stance": stance},
        )
    return position


def proposal_decide_at_meeting(*, proposal: Proposal, actor: Any | None) -> Proposal:
    """Adopted by consensus when at least one Member State is present and none objects."""
    with transaction.atomic():
        proposal = _locked(proposal)
        next_status(proposal.status, "adopt_at_meeting")  # a clear error if not before a meeting
        meeting = proposal.meeting
        assert meeting is not None
        members = [
            p for p in proposal.positions.select_related("state")
            if process_selectors.status_on(state=p.state, day=meeting.starts_on) == MEMBER
        ]  # fmt: skip
        if not members:
            raise InvalidInput(
                _(
                    "No Member State's position is recorded: a consensus needs the Member States present."
                )
            )
        if any(p.stance == Stance.OBJECTS for p in members):
            _move(proposal, "not_adopt_at_meeting", actor)
            return proposal
        _adopt(
            proposal,
            decided_on=meeting.ends_on,
            meeting=meeting,
            action="adopt_at_meeting",
            actor=actor,
        )
    return proposal


def silence_start(
    *,
    proposal: Proposal,
    deadline_at: dt.datetime,
    actor: Any | None,
    now: dt.datetime | None = None,
) -> Proposal:
    """Circulate the text to all National Coordinators under silence until `deadline_at` (aware)."""
    now = now or timezone.now()
    if timezone.is_naive(deadline_at):
        raise InvalidInput(_("Give the deadline with its time zone."))
    if deadline_at <= now:
        raise InvalidInput(_("The deadline must be in the future."))
    with transaction.atomic():
        proposal = _locked(proposal)
        proposal.silence_started_at = now
        proposal.silence_deadline_at = deadline_at
        proposal.save(update_fields=["silence_started_at", "silence_deadline_at", "updated_at"])
        _move(proposal, "start_silence", actor)
        _notify(proposal, "started")
    return proposal


def _require_coordinator_of(actor: Any, state: State, day: dt.date) -> None:
    if not accounts_access.user_has_role(
        user=actor, role=RoleCode.NATIONAL_COORDINATOR, state_iso3=state.iso3, day=day
    ):
        raise PermissionDenied(
            _("Only the National Coordinator of %(state)s can break or restore its silence."),
            state=state.iso3,
        )


def _require_open_procedure(proposal: Proposal, now: dt.datetime) -> None:
    if proposal.status != ProposalStatus.UNDER_SILENCE or proposal.silence_deadline_at is None:
        raise InvalidInput(_("This proposal is not under a silence procedure."))
    if now >= proposal.silence_deadline_at:
        raise InvalidInput(
            _("The silence procedure ended at %(deadline)s (UTC)."),
            deadline=proposal.silence_deadline_at.strftime("%Y-%m-%d %H:%M"),
        )


def silence_break(
    *,
    proposal: Proposal,
    state_iso3: str,
    kind: str,
    text: str,
    actor: Any,
    now: dt.datetime | None = None,
) -> SilenceBreak:
    """A Member State's National Coordinator breaks silence before the deadline."""
    now = now or timezone.now()
    state = process_selectors.require_state(state_iso3)
    if kind not in BreakKind.values:
        raise InvalidInput(_("Unknown kind of break '%(kind)s'."), kind=kind)
    if not text.strip():
        raise InvalidInput(_("Give the text of the objection or the proposed amendment."))
    with transaction.atomic():
        proposal = _locked(proposal)
        _require_open_procedure(proposal, now)
        if process_selectors.status_on(state=state, day=timezone.localdate(now)) != MEMBER:
            raise InvalidInput(
                _("Only a Member State can break silence; %(state)s is not one."), state=state.iso3
            )
        _require_coordinator_of(actor, state, timezone.localdate(now))
        made = SilenceBreak.objects.create(
            proposal=proposal,
            state=state,
            kind=kind,
            text=text.strip(),
            broken_at=now,
            broken_by=actor,
        )
        audit_record(
            actor=actor,
            action=AuditAction.CREATE,
            obj=made,
            message_key="silence.broken",
            params={"title": _english_title(proposal), "state": state.iso3, "kind": kind},
        )
        _notify(proposal, "broken")
    return made


def silence_break_withdraw(
    *, silence_break: SilenceBreak, actor: Any, now: dt.datetime | None = None
) -> SilenceBreak:
    now = now or timezone.now()
    with transaction.atomic():
        proposal = _locked(silence_break.proposal)
        _require_open_procedure(proposal, now)
        made = SilenceBreak.objects.select_for_update().get(pk=silence_break.pk)
        if made.withdrawn_at is not None:
            raise InvalidInput(_("This break of silence was already withdrawn."))
        _require_coordinator_of(actor, made.state, timezone.localdate(now))
        made.withdrawn_at = now
        made.save(update_fields=["withdrawn_at", "updated_at"])
        audit_record(
            actor=actor,
            action=AuditAction.UPDATE,
            obj=made,
            message_key="silence.withdrawn",
            params={"title": _english_title(proposal), "state": made.state.iso3},
        )
    return made


def silence_extend(
    *, proposal: Proposal, new_deadline_at: dt.datetime, actor: Any, now: dt.datetime | None = None
) -> Proposal:
    """The Chair (or the Support Unit on its behalf) extends the deadline before it passes."""
    now = now or timezone.now()
    day = timezone.localdate(now)
    if not (
        accounts_access.user_has_role(user=actor, role=RoleCode.CHAIR, day=day)
        or accounts_access.user_has_role(user=actor, role=RoleCode.SUPPORT_UNIT, day=day)
    ):
        raise PermissionDenied(
            _("Only the Chair or the Support Unit can extend a silence deadline.")
        )
    with transaction.atomic():
        proposal = _locked(proposal)
        _require_open_procedure(proposal, now)
        assert proposal.silence_deadline_at is not None
        if new_deadline_at <= proposal.silence_deadline_at:
            raise InvalidInput(_("An extension moves the deadline later."))
        DeadlineExtension.objects.create(
            proposal=proposal,
            previous_deadline_at=proposal.silence_deadline_at,
            new_deadline_at=new_deadline_at,
            extended_at=now,
            extended_by=actor,
        )
        proposal.silence_deadline_at = new_deadline_at
        proposal.save(update_fields=["silence_deadline_at", "updated_at"])
        audit_record(
            actor=actor,
            action=AuditAction.UPDATE,
            obj=proposal,
            message_key="silence.extended",
            params={"title": _english_title(proposal), "deadline": new_deadline_at.isoformat()},
        )
        _notify(proposal, "extended")
    return proposal


def silence_outcome(*, proposal: Proposal, at: dt.datetime | None = None) -> str:
    """'pending', 'holds' or 'broken', computed from the record alone (no job needs to have run)."""
    at = at or timezone.now()
    if proposal.silence_deadline_at is None or at < proposal.silence_deadline_at:
        return "pending"
    # Breaks of an earlier circulation of the same text stay on record but do not count.
    active = proposal.breaks.filter(
        broken_at__gte=proposal.silence_started_at,
        broken_at__lt=proposal.silence_deadline_at,
        withdrawn_at__isnull=True,
    )
    return "broken" if active.exists() else "holds"


def silence_close(
    *, proposal: Proposal, actor: Any | None = None, now: dt.datetime | None = None
) -> Proposal:
    """Apply the outcome once the deadline has passed. Idempotent: a closed procedure stays closed."""
    now = now or timezone.now()
    with transaction.atomic():
        proposal = _locked(proposal)
        if proposal.status != ProposalStatus.UNDER_SILENCE:
            return proposal
        outcome = silence_outcome(proposal=proposal, at=now)
        if outcome == "pending":
            raise InvalidInput(_("The silence procedure is still running."))
        if outcome == "broken":
            _move(proposal, "silence_broken", actor)
        elif proposal.kind == ProposalKind.AMENDMENT:
            # The modalities are amended only by the body they name: silence can only agree.
            _move(proposal, "silence_endorses", actor)
        else:
            assert proposal.silence_deadline_at is not None
            _adopt(
                proposal,
                decided_on=timezone.localdate(proposal.silence_deadline_at),
                meeting=None,
                action="silence_holds",
                actor=actor,
            )
        _notify(proposal, "outcome")
    return proposal


def _register_number(decided_on: dt.date) -> str:
    counter, _created = RegisterYear.objects.select_for_update().get_or_create(year=decided_on.year)
    counter.last += 1
    counter.save(update_fields=["last"])
    profile = process_selectors.process_profile()
    name = profile.short_name_en if profile else "RCP"  # type: ignore[attr-defined]
    prefix = "".join(word[0] for word in name.split() if word[:1].isalpha()).upper() or "RCP"
    return f"{prefix}/{decided_on.year}/{counter.last:02d}"


def _adopt(
    proposal: Proposal,
    *,
    decided_on: dt.date,
    meeting: Meeting | None,
    action: str,
    actor: Any | None,
) -> None:
    version = process_selectors.modalities_in_force(on=decided_on)
    payload = proposal.payload
    # Numbered first, so the records it makes cite it; a refused effect rolls the number back.
    number = _register_number(decided_on)
    if proposal.kind == ProposalKind.AMENDMENT:
        if meeting is None or meeting.kind != version.amended_by:
            raise InvalidInput(
                _("The Operating Modalities can be amended only at a Ministerial meeting.")
            )
        process_services.modalities_amend(
            adopted_at=meeting,
            effective_on=dt.date.fromisoformat(payload["effective_on"]),
            title={"en": proposal.title_en, "ru": proposal.title_ru},  # type: ignore[attr-defined]
            text={"en": proposal.text_en, "ru": proposal.text_ru},  # type: ignore[attr-defined]
            changes=payload["changes"],
            actor=actor,
        )
    elif proposal.kind == ProposalKind.OBSERVER_ADMISSION:
        valid_from = (
            dt.date.fromisoformat(payload["valid_from"])
            if payload.get("valid_from")
            else decided_on
        )
        process_services.participation_admit(
            state_iso3=payload["state"],
            status="observer",
            valid_from=valid_from,
            decision_ref=number,
            actor=actor,
        )
    elif proposal.kind == ProposalKind.CHAIR_TERM:
        process_services.chair_term_add(
            state_iso3=payload["state"], starts_on=dt.date.fromisoformat(payload["start"]), kind=payload.get("kind", "regular"),
            decision_ref=number, actor=actor,
        )  # fmt: skip
    elif proposal.kind == ProposalKind.CHAIR_PASS:
        process_services.chair_pass_record(
            state_iso3=payload["state"], turn_starts_on=dt.date.fromisoformat(payload["turn_starts_on"]),
            decision_ref=number, actor=actor,
        )  # fmt: skip
    proposal.register_number = number
    proposal.decided_on = decided_on
    proposal.modalities_version = version
    proposal.save(
        update_fields=["register_number", "decided_on", "modalities_version", "updated_at"]
    )
    _move(proposal, action, actor)
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=proposal,
        message_key="proposal.adopted",
        params={"title": _english_title(proposal), "number": proposal.register_number},
    )


def proposal_withdraw(*, proposal: Proposal, actor: Any | None) -> Proposal:
    with transaction.atomic():
        proposal = _locked(proposal)
        _move(proposal, "withdraw", actor)
    return proposal
