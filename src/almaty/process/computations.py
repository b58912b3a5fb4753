"""The Operating Modalities at work: the chair rotation and the obligations calendar.

Reads the records from the database, turns them into the engine's plain data and calls the
Django-free engine (`process.engine`), so the CLI, the API, the pages and a benchmark compute
the same thing.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from almaty.core.errors import InvalidInput
from almaty.meetings.choices import MeetingKind
from almaty.meetings.selectors import meetings
from almaty.process import selectors
from almaty.process.engine import obligations as obligations_engine
from almaty.process.engine import rotation as rotation_engine
from almaty.process.models import ModalitiesVersion, Participation, State


@dataclass(frozen=True)
class History:
    """Everything the rotation depends on, read once."""

    names: dict[str, str]
    versions: list[ModalitiesVersion]
    participations: list[Participation]

    def rules_on(self, day: dt.date) -> rotation_engine.RotationRules:
        version = self.version_on(day)
        return rotation_engine.RotationRules(
            effective_on=version.effective_on,
            term_years=version.term_years,
            order_key=version.order_key,
            listed_order=tuple(version.listed_order),
            eligible_statuses=tuple(version.eligible_statuses),
        )

    def version_on(self, day: dt.date) -> ModalitiesVersion:
        in_force = [v for v in self.versions if v.effective_on <= day]
        # Before the first version, read the first one: history before 2013 has no chair.
        return in_force[-1] if in_force else self.versions[0]

    def status_on(self, iso3: str, day: dt.date) -> str | None:
        for p in self.participations:
            if (
                p.state is not None
                and p.state.iso3 == iso3
                and p.valid_from <= day
                and (p.valid_to is None or p.valid_to >= day)
            ):
                return p.status
        return None

    def eligible_on(self, day: dt.date) -> set[str]:
        statuses = set(self.rules_on(day).eligible_statuses)
        return {iso3 for iso3 in self.names if self.status_on(iso3, day) in statuses}

    def members_on(self, day: dt.date) -> list[str]:
        return sorted(iso3 for iso3 in self.names if self.status_on(iso3, day) == "member")


def load_history() -> History:
    versions = list(selectors.modalities_versions())
    if not versions:
        raise InvalidInput(_("No Operating Modalities are loaded. Run: almaty load-reference"))
    return History(
        names={s.iso3: s.rotation_name or s.iso3 for s in State.objects.all()},
        versions=versions,
        participations=list(
            Participation.objects.filter(state__isnull=False).select_related("state")
        ),
    )


def _recorded_terms() -> list[rotation_engine.Term]:
    return [
        rotation_engine.Term(
            state=t.state.iso3, start=t.starts_on, end=t.ends_on, basis="recorded", kind=t.kind
        )
        for t in selectors.chair_terms()
    ]


def _passes() -> list[rotation_engine.Pass]:
    return [
        rotation_engine.Pass(state=p.state.iso3, turn_starts_on=p.turn_starts_on)
        for p in selectors.chair_passes()
    ]


def rotation(*, start: dt.date, end: dt.date) -> list[rotation_engine.Term]:
    """Recorded and projected chair terms that overlap [start, end).

    An open (current) term counts as running until the next term begins, or for the term
    length in force on its first day when nothing follows.
    """
    if end <= start:
        raise InvalidInput(_("The window ends before it starts."))
    history = load_history()
    terms = rotation_engine.project(
        recorded=_recorded_terms(),
        names=history.names,
        eligible_on=history.eligible_on,
        rules_on=history.rules_on,
        passes=_passes(),
        until=end,
    )
    kept = []
    for index, term in enumerate(terms):
        if term.end is not None:
            runs_until = term.end
        elif index + 1 < len(terms):
            runs_until = terms[index + 1].start
        else:
            runs_until = rotation_engine.add_years(
                term.start, history.rules_on(term.start).term_years
            )
        if term.start < end and runs_until > start:
            kept.append(term)
    return kept


def hand_overs() -> list[rotation_engine.HandOver]:
    """For each recorded hand-over, whether it followed the order, and the passes that explain it."""
    history = load_history()
    return rotation_engine.explain_recorded(
        _recorded_terms(), history.names, history.eligible_on, history.rules_on, _passes()
    )


EVENT_KINDS = {
    MeetingKind.MINISTERIAL: "ministerial",
    MeetingKind.SOM: "som",
    MeetingKind.NATIONAL_CONSULTATION: "national_consultation",
}


def obligations(*, on: dt.date) -> list[obligations_engine.Obligation]:
    """Each obligation of the Operating Modalities in force on a day: met, due or overdue."""
    history = load_history()
    version = selectors.modalities_in_force(on=on)  # refuses a day before any version
    rules = obligations_engine.ObligationRules(
        effective_on=version.effective_on,
        ministerial_every_years=version.ministerial_every_years,
        som_every_years=version.som_every_years,
        national_consultation_every_years=version.national_consultation_every_years,
        support_unit_review_years=version.support_unit_review_years,
        has_voluntary_fee=version.has_voluntary_fee,
    )
    events: list[obligations_engine.Event] = []
    for meeting in meetings(until=on):
        label = meeting.title + (f", {meeting.city}" if meeting.city else "")
        kind = EVENT_KINDS.get(MeetingKind(meeting.kind))
        host = meeting.host_state.iso3 if meeting.host_state else None
        if kind is not None:
            events.append(
                obligations_engine.Event(
                    kind=kind,
                    on=meeting.starts_on,
                    state=host,
                    ref=f"meeting:{meeting.pk}",
                    label=label,
                )
            )
        if meeting.reviewed_support_unit_mandate:
            events.append(
                obligations_engine.Event(
                    kind="support_unit_review",
                    on=meeting.starts_on,
                    ref=f"meeting:{meeting.pk}",
                    label=label,
                )
            )
    designations = [
        obligations_engine.Designation(
            state=d.state.iso3, start=d.designated_on, end=d.ended_on, ref=f"coordinator:{d.pk}"
        )
        for d in selectors.coordinators_all()
    ]
    profile = selectors.process_profile()
    started = (
        profile.launched_on if profile and profile.launched_on else None
    ) or history.versions[0].effective_on
    return obligations_engine.obligations_on(
        on=on,
        rules=rules,
        process_started_on=started,
        members=history.members_on(on),
        events=events,
        designations=designations,
    )
