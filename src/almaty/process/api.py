"""API: States and participations (public reads)."""

from __future__ import annotations

import datetime as dt

from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from ninja import Router, Schema

from almaty.api.schemas import PUBLIC_ERRORS, ErrorOut
from almaty.core.errors import NotFoundOrForbidden
from almaty.process import selectors
from almaty.process.models import Participation, State

router = Router(tags=["process"])


class StateOut(Schema):
    iso3: str
    iso2: str
    numeric: int
    name: str
    name_en: str
    name_ru: str
    short_name: str
    is_central_asian: bool
    status: str | None = None


class ParticipationOut(Schema):
    participant_type: str
    participant_code: str
    participant_name: str
    status: str
    status_label: str
    valid_from: dt.date
    valid_to: dt.date | None
    note: str


def _state_out(state: State, status: str | None) -> StateOut:
    return StateOut(
        iso3=state.iso3,
        iso2=state.iso2,
        numeric=state.numeric,
        name=state.name,
        name_en=state.name_en,  # type: ignore[attr-defined]
        name_ru=state.name_ru,  # type: ignore[attr-defined]
        short_name=state.short_name,
        is_central_asian=state.is_central_asian,
        status=status,
    )


def _participation_out(p: Participation) -> ParticipationOut:
    if p.state is not None:
        kind, code, name = "state", p.state.iso3, p.state.short_name
    else:
        assert p.organisation is not None
        kind, code, name = "organisation", p.organisation.code, p.organisation.acronym
    return ParticipationOut(
        participant_type=kind,
        participant_code=code,
        participant_name=name,
        status=p.status,
        status_label=str(p.get_status_display()),
        valid_from=p.valid_from,
        valid_to=p.valid_to,
        note=p.note,
    )


@router.get(
    "/states",
    response={200: list[StateOut], **PUBLIC_ERRORS},
    auth=None,
    summary="States taking part on a day",
)
def list_states(request: HttpRequest, on: dt.date | None = None) -> list[StateOut]:
    """Participating States (member, observer, guest) on `on` (default today), names in the
    request's language."""
    return [_state_out(row.state, row.status) for row in selectors.participating_states(day=on)]


@router.get(
    "/states/{iso3}",
    response={200: StateOut, 404: ErrorOut, **PUBLIC_ERRORS},
    auth=None,
    summary="One State",
)
def get_state(request: HttpRequest, iso3: str) -> StateOut:
    state = selectors.state_by_iso3(iso3)
    if state is None:
        raise NotFoundOrForbidden(_("No State with the code '%(code)s'."), code=iso3)
    current = selectors.participations_on().filter(state=state).first()
    return _state_out(state, current.status if current else None)


@router.get(
    "/participations",
    response={200: list[ParticipationOut], **PUBLIC_ERRORS},
    auth=None,
    summary="Participation on a day",
)
def list_participations(request: HttpRequest, on: dt.date | None = None) -> list[ParticipationOut]:
    """States and organisations taking part on `on` (default today), with their status."""
    return [_participation_out(p) for p in selectors.participations_on(day=on)]
