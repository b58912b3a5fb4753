"""Reads about the process's participants."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from almaty.accounts.choices import RoleCode
from almaty.accounts.models import RoleAssignment
from almaty.core import countries
from almaty.process.choices import ParticipationStatus
from almaty.process.models import Participation, ProcessProfile, State

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
    coordinator: RoleAssignment | None  # None: the slot is vacant (or not applicable)
    has_coordinator_slot: bool


def process_profile() -> ProcessProfile | None:
    return ProcessProfile.objects.order_by("pk").first()


def participations_on(*, day: dt.date | None = None) -> QuerySet[Participation]:
    day = day or timezone.localdate()
    return Participation.objects.active_on(day).select_related("state", "organisation")


def participating_states(*, day: dt.date | None = None) -> list[StateRow]:
    """States taking part on a day, by status, each with its National Coordinator slot.

    Every Member State has a slot; it shows the user who holds the National Coordinator role
    for that State on the day, or stays vacant. Three queries whatever the number of States.
    """
    day = day or timezone.localdate()
    coordinators = (
        RoleAssignment.objects.active_on(day)
        .filter(role__code=RoleCode.NATIONAL_COORDINATOR)
        .select_related("user", "role")
        .order_by("valid_from")
    )
    participations = (
        Participation.objects.active_on(day)
        .filter(state__isnull=False, status__in=STATUS_ORDER)
        .select_related("state")
        .prefetch_related(
            Prefetch("state__role_assignments", queryset=coordinators, to_attr="coordinators")
        )
    )
    rows = []
    for participation in participations:
        state = participation.state
        assert state is not None
        holders = getattr(state, "coordinators", [])
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
