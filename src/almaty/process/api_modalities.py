"""API: the Operating Modalities, the chair (history, passes, rotation), National Coordinators and
obligations. Reads are public; writes need the Support Unit role and are audited."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from ninja import Router, Schema, Status

from almaty.accounts import access
from almaty.accounts.choices import RoleCode
from almaty.api.schemas import PUBLIC_ERRORS, SIGNED_IN_ERRORS, ErrorOut
from almaty.meetings.selectors import meeting_by_id
from almaty.process import computations, selectors, services
from almaty.process.choices import TermKind
from almaty.process.presenters import obligation_rows, term_rows

router = Router(tags=["modalities"])
WRITE_ERRORS: dict[int, Any] = {**SIGNED_IN_ERRORS, 400: ErrorOut, 403: ErrorOut}


class ModalitiesOut(Schema):
    number: int
    effective_on: dt.date
    reference: str
    title: str
    text: str
    adopted_by: str
    term_years: int
    order_key: str
    eligible_statuses: list[str]
    ministerial_every_years: int
    som_every_years: int
    national_consultation_every_years: int
    support_unit_review_years: int
    has_voluntary_fee: bool
    deputy_chairs: int
    technical_group_size: int
    amended_by: str


class TermOut(Schema):
    state: str
    state_name: str
    start: dt.date
    end: dt.date | None
    basis: str
    kind: str
    kind_label: str


class RecordedTermOut(Schema):
    id: int
    state: str
    start: dt.date
    end: dt.date | None
    kind: str
    representative: str
    decision_ref: str
    note: str
    dates_approximate: bool


class PassOut(Schema):
    id: int
    state: str
    turn_starts_on: dt.date
    declared_on: dt.date | None
    decision_ref: str
    note: str


class CoordinatorOut(Schema):
    id: int
    state: str
    full_name: str
    position: str
    office: str
    designated_on: dt.date
    ended_on: dt.date | None


class ObligationOut(Schema):
    code: str
    label: str
    state: str | None
    status: str
    status_label: str
    due_on: dt.date | None
    last_on: dt.date | None
    evidence: list[dict[str, Any]]


class TermIn(Schema):
    state: str
    start: dt.date
    end: dt.date | None = None
    kind: str = TermKind.REGULAR
    representative: str = ""
    decision_ref: str = ""
    note: str = ""


class AmendmentIn(Schema):
    meeting_id: int
    effective_on: dt.date
    title_en: str
    title_ru: str
    text_en: str
    text_ru: str
    changes: dict[str, Any]


class TermEndIn(Schema):
    end: dt.date


class PassIn(Schema):
    state: str
    turn_starts_on: dt.date
    declared_on: dt.date | None = None
    decision_ref: str = ""
    note: str = ""


class CoordinatorIn(Schema):
    state: str
    full_name: str
    designated_on: dt.date
    position: str = ""
    office: str = ""
    user_email: str | None = None


def _modalities_out(v: Any) -> ModalitiesOut:
    return ModalitiesOut(
        number=v.number, effective_on=v.effective_on, reference=v.reference, title=v.title, text=v.text,
        adopted_by=v.adopted_by_ref, term_years=v.term_years, order_key=v.order_key,
        eligible_statuses=v.eligible_statuses, ministerial_every_years=v.ministerial_every_years,
        som_every_years=v.som_every_years, national_consultation_every_years=v.national_consultation_every_years,
        support_unit_review_years=v.support_unit_review_years, has_voluntary_fee=v.has_voluntary_fee,
        deputy_chairs=v.deputy_chairs, technical_group_size=v.technical_group_size, amended_by=v.amended_by,
    )  # fmt: skip


def _recorded_out(t: Any) -> RecordedTermOut:
    return RecordedTermOut(
        id=t.pk, state=t.state.iso3, start=t.starts_on, end=t.ends_on, kind=t.kind, representative=t.representative,
        decision_ref=t.decision_ref, note=t.note, dates_approximate=t.dates_approximate,
    )  # fmt: skip


def _pass_out(p: Any) -> PassOut:
    return PassOut(
        id=p.pk,
        state=p.state.iso3,
        turn_starts_on=p.turn_starts_on,
        declared_on=p.declared_on,
        decision_ref=p.decision_ref,
        note=p.note,
    )


def _coordinator_out(c: Any) -> CoordinatorOut:
    return CoordinatorOut(
        id=c.pk, state=c.state.iso3, full_name=c.full_name, position=c.position, office=c.office,
        designated_on=c.designated_on, ended_on=c.ended_on,
    )  # fmt: skip


@router.get(
    "/modalities",
    response={200: list[ModalitiesOut], **PUBLIC_ERRORS},
    auth=None,
    summary="Every version of the Operating Modalities",
)
def list_modalities(request: HttpRequest) -> list[ModalitiesOut]:
    return [_modalities_out(v) for v in selectors.modalities_versions()]


@router.get(
    "/modalities/in-force",
    response={200: ModalitiesOut, 400: ErrorOut, **PUBLIC_ERRORS},
    auth=None,
    summary="The version in force on a day",
)
def modalities_in_force(request: HttpRequest, on: dt.date | None = None) -> ModalitiesOut:
    return _modalities_out(selectors.modalities_in_force(on=on or timezone.localdate()))


@router.get(
    "/chair/rotation",
    response={200: list[TermOut], 400: ErrorOut, **PUBLIC_ERRORS},
    auth=None,
    summary="Recorded and projected chair terms",
)
def chair_rotation(
    request: HttpRequest, start: dt.date = dt.date(2013, 1, 1), end: dt.date = dt.date(2036, 1, 1)
) -> list[TermOut]:
    """Terms overlapping [start, end): recorded history, then the rotation projected under the
    Operating Modalities in force on each turn's first day."""
    rows = term_rows(computations.rotation(start=start, end=end))
    return [
        TermOut(
            state=r.state,
            state_name=r.state_name,
            start=r.start,
            end=r.end,
            basis=r.basis,
            kind=r.kind,
            kind_label=r.kind_label,
        )
        for r in rows
    ]


@router.get(
    "/chair/terms",
    response={200: list[RecordedTermOut], **PUBLIC_ERRORS},
    auth=None,
    summary="Recorded chair terms",
)
def chair_terms(request: HttpRequest) -> list[RecordedTermOut]:
    return [_recorded_out(t) for t in selectors.chair_terms()]


@router.get(
    "/chair/passes",
    response={200: list[PassOut], **PUBLIC_ERRORS},
    auth=None,
    summary="Turns to chair that a Member State passed",
)
def chair_passes(request: HttpRequest) -> list[PassOut]:
    return [_pass_out(p) for p in selectors.chair_passes()]


@router.get(
    "/coordinators",
    response={200: list[CoordinatorOut], **PUBLIC_ERRORS},
    auth=None,
    summary="National Coordinators designated on a day",
)
def coordinators(request: HttpRequest, on: dt.date | None = None) -> list[CoordinatorOut]:
    return [_coordinator_out(c) for c in selectors.coordinators_on(day=on)]


@router.get(
    "/obligations",
    response={200: list[ObligationOut], 400: ErrorOut, **PUBLIC_ERRORS},
    auth=None,
    summary="Obligations of the Operating Modalities on a day",
)
def obligations(request: HttpRequest, on: dt.date | None = None) -> list[ObligationOut]:
    rows = obligation_rows(computations.obligations(on=on or timezone.localdate()))
    return [
        ObligationOut(
            code=r.code,
            label=r.label,
            state=r.state,
            status=r.status,
            status_label=r.status_label,
            due_on=r.due_on,
            last_on=r.last_on,
            evidence=r.evidence,
        )
        for r in rows
    ]


@router.post(
    "/chair/terms",
    response={201: RecordedTermOut, **WRITE_ERRORS},
    summary="Record a chair term (Support Unit)",
)
def add_chair_term(request: HttpRequest, payload: TermIn) -> Status[RecordedTermOut]:
    access.require_role(user=request.user, role=RoleCode.SUPPORT_UNIT)
    term = services.chair_term_add(
        state_iso3=payload.state, starts_on=payload.start, ends_on=payload.end, kind=payload.kind,
        representative=payload.representative, decision_ref=payload.decision_ref, note=payload.note, actor=request.user,
    )  # fmt: skip
    return Status(201, _recorded_out(term))


@router.post(
    "/chair/terms/{term_id}/end",
    response={200: RecordedTermOut, 404: ErrorOut, **WRITE_ERRORS},
    summary="End a chair term (Support Unit)",
)
def end_chair_term(request: HttpRequest, term_id: int, payload: TermEndIn) -> RecordedTermOut:
    access.require_role(user=request.user, role=RoleCode.SUPPORT_UNIT)
    term = selectors.chair_term_by_id(term_id)
    return _recorded_out(
        services.chair_term_end(term=term, ends_on=payload.end, actor=request.user)
    )


@router.post(
    "/chair/passes", response={201: PassOut, **WRITE_ERRORS}, summary="Record a pass (Support Unit)"
)
def add_chair_pass(request: HttpRequest, payload: PassIn) -> Status[PassOut]:
    access.require_role(user=request.user, role=RoleCode.SUPPORT_UNIT)
    made = services.chair_pass_record(
        state_iso3=payload.state, turn_starts_on=payload.turn_starts_on, declared_on=payload.declared_on,
        decision_ref=payload.decision_ref, note=payload.note, actor=request.user,
    )  # fmt: skip
    return Status(201, _pass_out(made))


@router.post(
    "/coordinators",
    response={201: CoordinatorOut, **WRITE_ERRORS},
    summary="Designate a National Coordinator (Support Unit)",
)
def designate_coordinator(request: HttpRequest, payload: CoordinatorIn) -> Status[CoordinatorOut]:
    access.require_role(user=request.user, role=RoleCode.SUPPORT_UNIT)
    user = selectors.user_for_designation(payload.user_email) if payload.user_email else None
    made = services.coordinator_designate(
        state_iso3=payload.state, full_name=payload.full_name, designated_on=payload.designated_on,
        position=payload.position, office=payload.office, user=user, actor=request.user,
    )  # fmt: skip
    return Status(201, _coordinator_out(made))


@router.post(
    "/modalities",
    response={201: ModalitiesOut, 404: ErrorOut, **WRITE_ERRORS},
    summary="Record an amendment adopted at a meeting (Support Unit)",
)
def amend_modalities(request: HttpRequest, payload: AmendmentIn) -> Status:
    """A new version of the Operating Modalities, in force from `effective_on`. Only a meeting
    of the kind the version in force names (a Ministerial meeting) can adopt it."""
    access.require_role(user=request.user, role=RoleCode.SUPPORT_UNIT)
    meeting = meeting_by_id(payload.meeting_id)
    version = services.modalities_amend(
        adopted_at=meeting,
        effective_on=payload.effective_on,
        title={"en": payload.title_en, "ru": payload.title_ru},
        text={"en": payload.text_en, "ru": payload.text_ru},
        changes=payload.changes,
        actor=request.user,
    )
    return Status(201, _modalities_out(version))
