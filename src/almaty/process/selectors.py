"""Reads about the process's participants."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from almaty.core import countries
from almaty.core.errors import InvalidInput, NotFoundOrForbidden
from almaty.process.choices import ParticipationStatus
from almaty.process.models import (
    ChairPass,
    ChairTerm,
    ModalitiesVersion,
    NationalCoordinator,
    Participation,
    ProcessProfile,
    State,
)

# The order in which statuses are listed on pages and in the API.
STATUS_ORDER = [
    ParticipationStatus.MEMBER,
    ParticipationStatus.OBSERVER,
    ParticipationStatus.GUEST,
]


@dataclass(frozen=True)
class StateRow:
    state: State
    status: str
    participation: Participation
    coordinator: NationalCoordinator | None  # None: the slot is vacant (or not applicable)
    has_coordinator_slot: bool


def process_profile() -> ProcessProfile | None:
    return ProcessProfile.objects.order_by("pk").first()


def participations_on(*, day: dt.date | None = None) -> QuerySet[Participation]:
    day = day or timezone.localdate()
    return Participation.objects.active_on(day).select_related("state", "organisation")


def participating_states(*, day: dt.date | None = None) -> list[StateRow]:
    """States taking part on a day, by status, each with its National Coordinator slot.

    Every Member State has a slot: the person designated National Coordinator on the day, or
    vacant. Two queries whatever the number of States.
    """
    day = day or timezone.localdate()
    coordinators = NationalCoordinator.objects.active_on(day).order_by("designated_on")
    participations = (
        Participation.objects.active_on(day)
        .filter(state__isnull=False, status__in=STATUS_ORDER)
        .select_related("state")
        .prefetch_related(
            Prefetch("state__coordinators", queryset=coordinators, to_attr="active_coordinators")
        )
    )
    rows = []
    for participation in participations:
        state = participation.state
        assert state is not None
        holders = getattr(state, "active_coordinators", [])
        is_member = participation.status == ParticipationStatus.MEMBER
        rows.append(
            StateRow(
                state=state,
                status=participation.status,
                participation=participation,
                coordinator=holders[-1] if holders and is_member else None,
                has_coordinator_slot=is_member,
            )
        )
    rows.sort(
        key=lambda row: (
            STATUS_ORDER.index(ParticipationStatus(row.status)),
            countries.collation_key(row.state.short_name),
        )
    )
    return rows


def state_by_iso3(iso3: str) -> State | None:
    return State.objects.filter(iso3=iso3.strip().upper()).first()


def status_on(*, state: State, day: dt.date) -> str | None:
    """The State's participation status on a day (member, observer, guest), or None."""
    participation = (
        Participation.objects.active_on(day).filter(state=state).order_by("-valid_from").first()
    )
    return participation.status if participation else None


def modalities_versions() -> QuerySet[ModalitiesVersion]:
    return ModalitiesVersion.objects.order_by("effective_on")


def modalities_in_force(*, on: dt.date) -> ModalitiesVersion:
    """The version of the Operating Modalities in force on a day."""
    version = (
        ModalitiesVersion.objects.filter(effective_on__lte=on).order_by("-effective_on").first()
    )
    if version is None:
        raise InvalidInput(
            _("No Operating Modalities were in force on %(date)s."), date=on.isoformat()
        )
    return version


def chair_terms() -> QuerySet[ChairTerm]:
    return ChairTerm.objects.select_related("state").order_by("starts_on")


def chair_passes() -> QuerySet[ChairPass]:
    return ChairPass.objects.select_related("state").order_by("turn_starts_on", "state__iso3")


def current_chair(*, on: dt.date | None = None) -> ChairTerm | None:
    day = on or timezone.localdate()
    return (
        chair_terms()
        .filter(starts_on__lte=day)
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gt=day))
        .first()
    )


def coordinators_on(*, day: dt.date | None = None) -> QuerySet[NationalCoordinator]:
    return NationalCoordinator.objects.active_on(day or timezone.localdate()).select_related(
        "state", "user"
    )


def coordinators_all() -> QuerySet[NationalCoordinator]:
    return NationalCoordinator.objects.select_related("state").order_by(
        "state__iso3", "designated_on"
    )


def chair_term_by_id(term_id: int) -> ChairTerm:
    term = chair_terms().filter(pk=term_id).first()
    if term is None:
        raise NotFoundOrForbidden(_("No chair term %(id)s."), id=term_id)
    return term


def user_for_designation(email: str) -> Any:
    """The account a National Coordinator designation links to, by e-mail address."""
    from almaty.accounts.models import User

    user = User.objects.filter(email__iexact=email.strip(), is_active=True).first()
    if user is None:
        raise InvalidInput(_("There is no user %(email)s."), email=email)
    return user


def require_state(iso3: str) -> State:
    """The State with an ISO 3166 alpha-3 code, or a clear error naming the unknown code."""
    state = state_by_iso3(iso3 or "")
    if state is None:
        raise InvalidInput(_("Unknown State code '%(code)s'."), code=iso3)
    return state
