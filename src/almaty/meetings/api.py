"""API: meetings, their agendas and calendars, and the delegations registered for them."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from ninja import Router, Schema, Status

from almaty.api.auth import PUBLIC_OR_SIGNED_IN
from almaty.api.schemas import PUBLIC_ERRORS, SIGNED_IN_ERRORS, ErrorOut
from almaty.core.errors import InvalidInput, NotFoundOrForbidden, PermissionDenied
from almaty.meetings import access, ical, selectors, services
from almaty.meetings.choices import DelegateStatus, Gender, ItemKind, MeetingKind, OutcomeKind
from almaty.meetings.choices import SpeakerRole as Role
from almaty.meetings.models import AgendaItem, Delegate, Meeting, Speaker

router = Router(tags=["meetings"])
READ_ERRORS: dict[int, Any] = {**SIGNED_IN_ERRORS, 403: ErrorOut, 404: ErrorOut}
WRITE_ERRORS: dict[int, Any] = {**SIGNED_IN_ERRORS, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut}
CALENDAR = "text/calendar; charset=utf-8"


def _calendar_answer(description: str) -> dict[str, Any]:
    return {
        "responses": {
            200: {
                "description": description,
                "content": {"text/calendar": {"schema": {"type": "string"}}},
            }
        }
    }


class MeetingOut(Schema):
    id: int
    kind: str
    kind_label: str
    number: int | None
    title: str
    title_en: str
    title_ru: str
    theme: str
    starts_on: dt.date
    ends_on: dt.date
    city: str
    venue: str
    host_state: str | None
    chair_state: str | None
    time_zone: str
    is_agenda_published: bool


class SpeakerOut(Schema):
    name: str
    position: str
    role: str
    role_label: str
    note: str


class TalkOut(Schema):
    id: int
    kind: str
    kind_label: str
    starts_at: dt.time | None
    ends_at: dt.time | None
    title: str
    description: str
    speakers: list[SpeakerOut]


class AgendaItemOut(TalkOut):
    talks: list[TalkOut]


class AgendaDayOut(Schema):
    day: dt.date
    items: list[AgendaItemOut]


class AgendaOut(Schema):
    meeting_id: int
    time_zone: str
    is_published: bool
    days: list[AgendaDayOut]


class MaterialOut(Schema):
    document_id: int
    title: str
    due_on: dt.date
    circulated_at: dt.datetime | None


class OutcomeOut(Schema):
    id: int
    kind: str
    kind_label: str
    summary: str
    document_id: int | None
    decision_ids: list[int]


class MeetingDetailOut(MeetingOut):
    agenda: AgendaOut | None
    materials: list[MaterialOut]
    outcomes: list[OutcomeOut]


class CountRowOut(Schema):
    party: str
    label: str
    female: int
    male: int
    undisclosed: int
    total: int


class DelegationCountsOut(Schema):
    meeting_id: int
    rows: list[CountRowOut]
    totals: CountRowOut


class DelegateIn(Schema):
    full_name: str
    gender: str
    state: str | None = None
    organisation: str | None = None
    position: str = ""
    email: str = ""
    is_head: bool = False


class DelegateOut(Schema):
    id: int
    meeting_id: int
    state: str | None
    organisation: str | None
    full_name: str
    gender: str
    gender_label: str
    position: str
    email: str
    is_head: bool
    status: str
    status_label: str
    decided_at: dt.datetime | None


class DecisionIn(Schema):
    status: str


def _meeting_fields(m: Meeting) -> dict[str, Any]:
    return {
        "id": m.pk, "kind": m.kind, "kind_label": str(MeetingKind(m.kind).label), "number": m.number,
        "title": m.title, "title_en": m.title_en, "title_ru": m.title_ru,  # type: ignore[attr-defined]
        "theme": m.theme, "starts_on": m.starts_on, "ends_on": m.ends_on, "city": m.city, "venue": m.venue,
        "host_state": m.host_state.iso3 if m.host_state else None,
        "chair_state": m.chair_state.iso3 if m.chair_state else None,
        "time_zone": m.time_zone, "is_agenda_published": m.is_agenda_published,
    }  # fmt: skip


def _speaker(s: Speaker) -> SpeakerOut:
    return SpeakerOut(
        name=s.person.name, position=s.person.position, role=s.role,
        role_label=str(Role(s.role).label), note=s.note,
    )  # fmt: skip


def _talk_fields(item: AgendaItem) -> dict[str, Any]:
    return {
        "id": item.pk, "kind": item.kind, "kind_label": str(ItemKind(item.kind).label),
        "starts_at": item.starts_at, "ends_at": item.ends_at, "title": item.title,
        "description": item.description, "speakers": [_speaker(s) for s in item.speakers.all()],
    }  # fmt: skip


def _agenda(meeting: Meeting) -> AgendaOut:
    days = [
        AgendaDayOut(
            day=day.day,
            items=[
                AgendaItemOut(
                    **_talk_fields(item),
                    talks=[TalkOut(**_talk_fields(talk)) for talk in item.children.all()],
                )
                for item in day.items
            ],
        )
        for day in selectors.agenda(meeting)
    ]
    return AgendaOut(
        meeting_id=meeting.pk,
        time_zone=meeting.time_zone,
        is_published=meeting.is_agenda_published,
        days=days,
    )


def _delegate(d: Delegate) -> DelegateOut:
    return DelegateOut(
        id=d.pk, meeting_id=d.meeting_id, state=d.state.iso3 if d.state else None,
        organisation=d.organisation.code if d.organisation else None, full_name=d.full_name,
        gender=d.gender, gender_label=str(Gender(d.gender).label), position=d.position,
        email=d.email, is_head=d.is_head, status=d.status,
        status_label=str(DelegateStatus(d.status).label), decided_at=d.decided_at,
    )  # fmt: skip


def _count(row: selectors.DelegationRow) -> CountRowOut:
    return CountRowOut(
        party=row.code, label=str(row.label), female=row.female, male=row.male,
        undisclosed=row.undisclosed, total=row.total,
    )  # fmt: skip


def _base_url() -> str:
    return str(settings.SITE_URL)


@router.get(
    "/meetings",
    response={200: list[MeetingOut], 400: ErrorOut, **PUBLIC_ERRORS},
    auth=None,
    summary="Meetings in date order (past ones latest first), by kind, year, upcoming or past",
)
def list_meetings(
    request: HttpRequest,
    kind: str | None = None,
    year: int | None = None,
    upcoming: bool | None = None,
) -> list[MeetingOut]:
    if kind is not None and kind not in MeetingKind.values:
        raise InvalidInput(_("Unknown kind of meeting '%(kind)s'."), kind=kind)
    today = timezone.localdate()
    if upcoming is None:
        rows = selectors.meetings()
    elif upcoming:
        rows = selectors.upcoming(today)
    else:
        rows = selectors.past(today)
    if kind is not None:
        rows = rows.filter(kind=kind)
    if year is not None:
        rows = rows.filter(starts_on__year=year)
    rows = rows.select_related("host_state", "chair_state")
    return [MeetingOut(**_meeting_fields(m)) for m in rows]


@router.get(
    "/meetings/calendar.ics",
    response={**PUBLIC_ERRORS},
    auth=None,
    summary="Every meeting as an iCalendar feed (text/calendar)",
    openapi_extra=_calendar_answer("An iCalendar feed of every meeting."),
)
def meetings_calendar(request: HttpRequest) -> HttpResponse:
    body = ical.meetings_feed_ics(selectors.meetings(), _base_url())
    response = HttpResponse(body, content_type=CALENDAR)
    response["Content-Disposition"] = 'inline; filename="almaty-meetings.ics"'
    return response


@router.get(
    "/meetings/{meeting_id}",
    response={200: MeetingDetailOut, 404: ErrorOut, **PUBLIC_ERRORS},
    auth=PUBLIC_OR_SIGNED_IN,
    summary="One meeting: its agenda where the caller may read it, its materials and outcomes",
)
def get_meeting(request: HttpRequest, meeting_id: int) -> MeetingDetailOut:
    from almaty.archive.access import documents_visible_to
    from almaty.decisions.access import access_proposal_by_id

    meeting = selectors.meeting_by_id(meeting_id)
    user = request.user
    visible = set(
        documents_visible_to(user)
        .filter(
            pk__in=[
                *meeting.materials.values_list("document_id", flat=True),
                *meeting.outcomes.values_list("document_id", flat=True),
            ]
        )
        .values_list("pk", flat=True)
    )
    materials = [
        MaterialOut(
            document_id=m.document_id,
            title=str(m.document),
            due_on=m.due_on,
            circulated_at=m.circulated_at,
        )
        for m in meeting.materials.select_related("document").prefetch_related("document__versions")
        if m.document_id in visible
    ]
    outcomes = []
    for o in meeting.outcomes.prefetch_related("decisions"):
        decision_ids = []
        for proposal in o.decisions.all():
            try:
                access_proposal_by_id(user=user, proposal_id=proposal.pk)
            except NotFoundOrForbidden:
                continue
            decision_ids.append(proposal.pk)
        outcomes.append(
            OutcomeOut(
                id=o.pk,
                kind=o.kind,
                kind_label=str(OutcomeKind(o.kind).label),
                summary=o.summary,
                document_id=o.document_id if o.document_id in visible else None,
                decision_ids=decision_ids,
            )
        )
    agenda = _agenda(meeting) if access.can_read_agenda(user=user, meeting=meeting) else None
    return MeetingDetailOut(
        **_meeting_fields(meeting), agenda=agenda, materials=materials, outcomes=outcomes
    )


@router.get(
    "/meetings/{meeting_id}/agenda",
    response={200: AgendaOut, 404: ErrorOut, **PUBLIC_ERRORS},
    auth=PUBLIC_OR_SIGNED_IN,
    summary="The agenda by day (venue time); unpublished agendas for the Support Unit and the Chair",
)
def get_agenda(request: HttpRequest, meeting_id: int) -> AgendaOut:
    meeting = selectors.meeting_by_id(meeting_id)
    if not access.can_read_agenda(user=request.user, meeting=meeting):
        raise NotFoundOrForbidden(
            _("The agenda of meeting %(id)s is not published yet."), id=meeting_id
        )
    return _agenda(meeting)


@router.get(
    "/meetings/{meeting_id}/calendar.ics",
    response={404: ErrorOut, **PUBLIC_ERRORS},
    auth=None,
    summary="One meeting as an iCalendar file (text/calendar)",
    openapi_extra=_calendar_answer("An iCalendar file of the meeting."),
)
def meeting_calendar(request: HttpRequest, meeting_id: int) -> HttpResponse:
    meeting = selectors.meeting_by_id(meeting_id)
    response = HttpResponse(ical.meeting_ics(meeting, _base_url()), content_type=CALENDAR)
    response["Content-Disposition"] = f'inline; filename="meeting-{meeting.pk}.ics"'
    return response


@router.get(
    "/meetings/{meeting_id}/delegation-counts",
    response={200: DelegationCountsOut, **READ_ERRORS},
    summary="Delegates by State or organisation and gender, without names (people holding a role)",
)
def delegation_counts(request: HttpRequest, meeting_id: int) -> DelegationCountsOut:
    if not access.can_read_delegation_counts(request.user):
        raise PermissionDenied(_("You hold no role yet. The Support Unit assigns roles."))
    meeting = selectors.meeting_by_id(meeting_id)
    counts = selectors.delegation_counts(meeting)
    return DelegationCountsOut(
        meeting_id=meeting.pk,
        rows=[_count(row) for row in counts.rows],
        totals=_count(counts.totals),
    )


@router.get(
    "/meetings/{meeting_id}/delegates",
    response={200: list[DelegateOut], **SIGNED_IN_ERRORS, 404: ErrorOut},
    summary="The delegates the caller may see (their State's; all for the Support Unit)",
)
def list_delegates(request: HttpRequest, meeting_id: int) -> list[DelegateOut]:
    meeting = selectors.meeting_by_id(meeting_id)
    return [_delegate(d) for d in access.delegates_visible_to(user=request.user, meeting=meeting)]


@router.post(
    "/meetings/{meeting_id}/delegates",
    response={201: DelegateOut, **WRITE_ERRORS},
    summary="Register a delegate (the State's National Coordinator, or the Support Unit)",
)
def register_delegate(request: HttpRequest, meeting_id: int, payload: DelegateIn) -> Status:
    meeting = selectors.meeting_by_id(meeting_id)
    made = services.delegate_register(
        actor=request.user, meeting=meeting, full_name=payload.full_name, gender=payload.gender,
        state_iso3=payload.state, organisation_code=payload.organisation,
        position=payload.position, email=payload.email, is_head=payload.is_head,
    )  # fmt: skip
    return Status(201, _delegate(made))


@router.post(
    "/meetings/{meeting_id}/delegates/{delegate_id}/decision",
    response={200: DelegateOut, **WRITE_ERRORS},
    summary="Approve or decline a delegate (Support Unit)",
)
def decide_delegate(
    request: HttpRequest, meeting_id: int, delegate_id: int, payload: DecisionIn
) -> DelegateOut:
    delegate = access.access_delegate_by_id(user=request.user, delegate_id=delegate_id)
    if delegate.meeting_id != meeting_id:
        raise NotFoundOrForbidden(_("No delegate %(id)s."), id=delegate_id)
    return _delegate(
        services.delegate_decide(actor=request.user, delegate=delegate, status=payload.status)
    )
