"""API: proposals and decisions, positions at meetings, the silence procedure, the register."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from ninja import Router, Schema, Status

from almaty.api.auth import PUBLIC_OR_SIGNED_IN
from almaty.api.schemas import PUBLIC_ERRORS, SIGNED_IN_ERRORS, ErrorOut
from almaty.core.errors import NotFoundOrForbidden
from almaty.decisions import access, services
from almaty.decisions.choices import ProposalStatus
from almaty.decisions.models import Proposal, SilenceBreak
from almaty.meetings.selectors import meeting_by_id

router = Router(tags=["decisions"])
WRITE_ERRORS: dict[int, Any] = {**SIGNED_IN_ERRORS, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut}


class PositionOut(Schema):
    state: str
    stance: str
    statement: str


class BreakOut(Schema):
    id: int
    state: str
    kind: str
    text: str
    broken_at: dt.datetime
    withdrawn_at: dt.datetime | None


class ProposalOut(Schema):
    id: int
    kind: str
    title: str
    text: str
    title_en: str
    title_ru: str
    status: str
    status_label: str
    register_number: str | None
    decided_on: dt.date | None
    modalities_version: int | None
    meeting_id: int | None
    silence_deadline_at: dt.datetime | None
    silence_outcome: str | None
    positions: list[PositionOut]
    breaks: list[BreakOut]


class DraftIn(Schema):
    kind: str
    title_en: str
    title_ru: str
    text_en: str
    text_ru: str
    payload: dict[str, Any] = {}
    is_public: bool = True


class MeetingIn(Schema):
    meeting_id: int


class PositionIn(Schema):
    state: str
    stance: str
    statement: str = ""


class SilenceIn(Schema):
    deadline_at: dt.datetime


class BreakIn(Schema):
    state: str
    kind: str
    text: str


def _out(p: Proposal) -> ProposalOut:
    return ProposalOut(
        id=p.pk, kind=p.kind, title=p.title, text=p.text, title_en=p.title_en, title_ru=p.title_ru,  # type: ignore[attr-defined]
        status=p.status, status_label=str(ProposalStatus(p.status).label), register_number=p.register_number,
        decided_on=p.decided_on, modalities_version=p.modalities_version.number if p.modalities_version else None,
        meeting_id=p.meeting_id, silence_deadline_at=p.silence_deadline_at,
        silence_outcome=services.silence_outcome(proposal=p) if p.status == ProposalStatus.UNDER_SILENCE else None,
        positions=[PositionOut(state=x.state.iso3, stance=x.stance, statement=x.statement) for x in p.positions.select_related("state")],
        breaks=[
            BreakOut(id=b.pk, state=b.state.iso3, kind=b.kind, text=b.text, broken_at=b.broken_at, withdrawn_at=b.withdrawn_at)
            for b in p.breaks.select_related("state")
        ],
    )  # fmt: skip


@router.get(
    "/decisions",
    response={200: list[ProposalOut], **PUBLIC_ERRORS},
    auth=PUBLIC_OR_SIGNED_IN,
    summary="The register, and proposals for people holding a role",
)
def list_decisions(request: HttpRequest) -> list[ProposalOut]:
    queryset = Proposal.objects.select_related("meeting", "modalities_version").order_by(
        "-created_at"
    )
    if not access.has_any_role(request.user):
        queryset = queryset.filter(status=ProposalStatus.ADOPTED, is_public=True)
    return [_out(p) for p in queryset]


@router.get(
    "/decisions/{proposal_id}",
    response={200: ProposalOut, 404: ErrorOut, **PUBLIC_ERRORS},
    auth=PUBLIC_OR_SIGNED_IN,
    summary="One decision or proposal",
)
def get_decision(request: HttpRequest, proposal_id: int) -> ProposalOut:
    return _out(access.access_proposal_by_id(user=request.user, proposal_id=proposal_id))


@router.post(
    "/decisions",
    response={201: ProposalOut, **WRITE_ERRORS},
    summary="Draft a proposal (Chair or Support Unit)",
)
def draft(request: HttpRequest, payload: DraftIn) -> Status:
    access.require_drafter(request.user)
    made = services.proposal_draft(
        kind=payload.kind, title={"en": payload.title_en, "ru": payload.title_ru},
        text={"en": payload.text_en, "ru": payload.text_ru}, payload=payload.payload, is_public=payload.is_public, actor=request.user,
    )  # fmt: skip
    return Status(201, _out(made))


@router.post(
    "/decisions/{proposal_id}/meeting",
    response={200: ProposalOut, **WRITE_ERRORS},
    summary="Put a proposal to a meeting",
)
def to_meeting(request: HttpRequest, proposal_id: int, payload: MeetingIn) -> ProposalOut:
    access.require_drafter(request.user)
    proposal = access.access_proposal_by_id(user=request.user, proposal_id=proposal_id)
    return _out(
        services.proposal_put_to_meeting(
            proposal=proposal, meeting=meeting_by_id(payload.meeting_id), actor=request.user
        )
    )


@router.post(
    "/decisions/{proposal_id}/positions",
    response={200: ProposalOut, **WRITE_ERRORS},
    summary="Record a delegation's position (Support Unit)",
)
def record_position(request: HttpRequest, proposal_id: int, payload: PositionIn) -> ProposalOut:
    access.require_secretariat(request.user)
    proposal = access.access_proposal_by_id(user=request.user, proposal_id=proposal_id)
    services.position_record(
        proposal=proposal,
        state_iso3=payload.state,
        stance=payload.stance,
        statement=payload.statement,
        actor=request.user,
    )
    return _out(access.access_proposal_by_id(user=request.user, proposal_id=proposal_id))


@router.post(
    "/decisions/{proposal_id}/decide",
    response={200: ProposalOut, **WRITE_ERRORS},
    summary="Decide at the meeting: consensus unless a Member State objects",
)
def decide(request: HttpRequest, proposal_id: int) -> ProposalOut:
    access.require_secretariat(request.user)
    proposal = access.access_proposal_by_id(user=request.user, proposal_id=proposal_id)
    return _out(services.proposal_decide_at_meeting(proposal=proposal, actor=request.user))


@router.post(
    "/decisions/{proposal_id}/silence",
    response={200: ProposalOut, **WRITE_ERRORS},
    summary="Start a silence procedure",
)
def start_silence(request: HttpRequest, proposal_id: int, payload: SilenceIn) -> ProposalOut:
    access.require_drafter(request.user)
    proposal = access.access_proposal_by_id(user=request.user, proposal_id=proposal_id)
    return _out(
        services.silence_start(
            proposal=proposal, deadline_at=payload.deadline_at, actor=request.user
        )
    )


@router.post(
    "/decisions/{proposal_id}/breaks",
    response={201: ProposalOut, **WRITE_ERRORS},
    summary="Break silence (the State's National Coordinator)",
)
def break_silence(request: HttpRequest, proposal_id: int, payload: BreakIn) -> Status:
    proposal = access.access_proposal_by_id(user=request.user, proposal_id=proposal_id)
    services.silence_break(
        proposal=proposal,
        state_iso3=payload.state,
        kind=payload.kind,
        text=payload.text,
        actor=request.user,
    )
    return Status(
        201, _out(access.access_proposal_by_id(user=request.user, proposal_id=proposal_id))
    )


@router.post(
    "/decisions/{proposal_id}/breaks/{break_id}/withdraw",
    response={200: ProposalOut, **WRITE_ERRORS},
    summary="Withdraw a break of silence",
)
def withdraw_break(request: HttpRequest, proposal_id: int, break_id: int) -> ProposalOut:
    proposal = access.access_proposal_by_id(user=request.user, proposal_id=proposal_id)
    made = SilenceBreak.objects.filter(pk=break_id, proposal=proposal).first()
    if made is None:
        raise NotFoundOrForbidden(_("No break of silence %(id)s."), id=break_id)
    services.silence_break_withdraw(silence_break=made, actor=request.user)
    return _out(access.access_proposal_by_id(user=request.user, proposal_id=proposal_id))


@router.post(
    "/decisions/{proposal_id}/extensions",
    response={200: ProposalOut, **WRITE_ERRORS},
    summary="Extend the silence deadline (Chair or Support Unit)",
)
def extend(request: HttpRequest, proposal_id: int, payload: SilenceIn) -> ProposalOut:
    proposal = access.access_proposal_by_id(user=request.user, proposal_id=proposal_id)
    return _out(
        services.silence_extend(
            proposal=proposal, new_deadline_at=payload.deadline_at, actor=request.user
        )
    )


@router.post(
    "/decisions/{proposal_id}/outcome",
    response={200: ProposalOut, **WRITE_ERRORS},
    summary="Record the outcome of a silence procedure after its deadline",
)
def outcome(request: HttpRequest, proposal_id: int) -> ProposalOut:
    proposal = access.access_proposal_by_id(user=request.user, proposal_id=proposal_id)
    return _out(services.silence_close(proposal=proposal, actor=request.user))
