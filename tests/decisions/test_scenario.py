"""The scenario of the issue, end to end through the services.

1. The admission of a new observer by silence procedure, with one break and its withdrawal,
   adopted at the deadline (whether or not the closing job ran on time).
2. An amendment adding two deputy chairs: refused by silence (a break is kept), then adopted at
   a Ministerial meeting, after which the modalities in force allow deputy chairs.
"""

from __future__ import annotations

import datetime as dt

import pytest

from almaty.accounts import services as accounts
from almaty.decisions import services
from almaty.decisions.choices import ProposalStatus
from almaty.decisions.tasks import close_due_silences
from almaty.process import selectors as process_selectors
from tests.factories.accounts import RoleAssignmentFactory, UserFactory
from tests.factories.meetings import MeetingFactory

UTC = dt.UTC


def at(*args: int) -> dt.datetime:
    return dt.datetime(*args, tzinfo=UTC)


@pytest.fixture
def coordinators(reference):
    from almaty.accounts.models import Role
    from almaty.process.models import State

    role = Role.objects.get(code="national_coordinator")
    made = {}
    for iso3 in ("AFG", "AZE", "KAZ", "KGZ", "TJK", "TUR", "TKM"):
        user = UserFactory(email=f"nc.{iso3.lower()}@example.org")
        RoleAssignmentFactory(
            user=user, role=role, state=State.objects.get(iso3=iso3), valid_from=dt.date(2026, 1, 1)
        )
        made[iso3] = user
    return made


@pytest.fixture
def support_unit(reference):
    return UserFactory(email="su@example.org")


def test_an_observer_is_admitted_by_silence_after_a_break_is_withdrawn(coordinators, support_unit):
    proposal = services.proposal_draft(
        kind="observer_admission",
        title={
            "en": "Admission of Uzbekistan as an observer",
            "ru": "Принятие Узбекистана в качестве наблюдателя",
        },
        text={
            "en": "Uzbekistan is admitted as an observer.",
            "ru": "Узбекистан принимается в качестве наблюдателя.",
        },
        payload={"state": "UZB"},
        actor=support_unit,
    )
    proposal = services.silence_start(
        proposal=proposal,
        deadline_at=at(2026, 3, 31, 12),
        actor=support_unit,
        now=at(2026, 3, 1, 9),
    )

    made = services.silence_break(
        proposal=proposal, state_iso3="TKM", kind="objection", text="We need time to consult.",
        actor=coordinators["TKM"], now=at(2026, 3, 10, 9),
    )  # fmt: skip
    services.silence_break_withdraw(
        silence_break=made, actor=coordinators["TKM"], now=at(2026, 3, 20, 9)
    )

    assert services.silence_outcome(proposal=proposal, at=at(2026, 3, 31, 11, 59)) == "pending"
    assert services.silence_outcome(proposal=proposal, at=at(2026, 3, 31, 12)) == "holds"

    services.silence_close(
        proposal=proposal, now=at(2026, 4, 2, 8)
    )  # the job ran late: same outcome
    proposal.refresh_from_db()
    uzbekistan = process_selectors.state_by_iso3("UZB")
    assert proposal.status == ProposalStatus.ADOPTED
    assert proposal.register_number == "AP/2026/01"
    assert proposal.decided_on == dt.date(2026, 3, 31)
    assert proposal.modalities_version.number == 1
    assert process_selectors.status_on(state=uzbekistan, day=dt.date(2026, 3, 31)) == "observer"
    assert process_selectors.status_on(state=uzbekistan, day=dt.date(2026, 3, 30)) is None


def test_an_amendment_refused_by_silence_is_adopted_at_a_ministerial(coordinators, support_unit):
    proposal = services.proposal_draft(
        kind="amendment",
        title={"en": "Two deputy chairs", "ru": "Два заместителя Председателя"},
        text={"en": "The Chair has two deputies.", "ru": "У Председателя два заместителя."},
        payload={"effective_on": "2027-05-01", "changes": {"deputy_chairs": 2}},
        actor=support_unit,
    )
    services.silence_start(
        proposal=proposal,
        deadline_at=at(2026, 10, 1, 12),
        actor=support_unit,
        now=at(2026, 9, 1, 9),
    )
    services.silence_break(
        proposal=proposal, state_iso3="AFG", kind="objection", text="Only a Ministerial can decide this.",
        actor=coordinators["AFG"], now=at(2026, 9, 5, 9),
    )  # fmt: skip
    close_due_silences_at = at(2026, 10, 1, 12)
    services.silence_close(proposal=proposal, now=close_due_silences_at)
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.BROKEN
    assert proposal.breaks.count() == 1  # the break stays on record

    ministerial = MeetingFactory(
        kind="ministerial", starts_on=dt.date(2027, 4, 20), ends_on=dt.date(2027, 4, 21)
    )
    services.proposal_put_to_meeting(proposal=proposal, meeting=ministerial, actor=support_unit)
    for iso3 in ("AFG", "AZE", "KAZ", "KGZ", "TJK", "TUR"):
        services.position_record(
            proposal=proposal, state_iso3=iso3, stance="joins", actor=support_unit
        )
    services.position_record(
        proposal=proposal,
        state_iso3="TKM",
        stance="reservation",
        statement="Subject to national procedures.",
        actor=support_unit,
    )
    services.position_record(
        proposal=proposal,
        state_iso3="IRN",
        stance="statement",
        statement="We welcome this.",
        actor=support_unit,
    )
    services.proposal_decide_at_meeting(proposal=proposal, actor=support_unit)

    proposal.refresh_from_db()
    assert (proposal.status, proposal.register_number, proposal.decided_on) == (
        ProposalStatus.ADOPTED,
        "AP/2027/01",
        dt.date(2027, 4, 21),
    )
    assert process_selectors.modalities_in_force(on=dt.date(2027, 5, 1)).deputy_chairs == 2
    deputy = accounts.role_assign(
        user=UserFactory(),
        role_code="deputy_chair",
        state_iso3="KGZ",
        valid_from=dt.date(2027, 5, 1),
        actor=None,
    )
    assert deputy.role.code == "deputy_chair"


def test_the_closing_job_closes_only_procedures_past_their_deadline(
    coordinators, support_unit, time_machine
):
    time_machine.move_to(at(2026, 3, 1, 9), tick=False)
    due = services.proposal_draft(
        kind="general",
        title={"en": "A", "ru": "А"},
        text={"en": "a", "ru": "а"},
        actor=support_unit,
    )
    running = services.proposal_draft(
        kind="general",
        title={"en": "B", "ru": "Б"},
        text={"en": "b", "ru": "б"},
        actor=support_unit,
    )
    services.silence_start(proposal=due, deadline_at=at(2026, 3, 5, 12), actor=support_unit)
    services.silence_start(proposal=running, deadline_at=at(2026, 3, 20, 12), actor=support_unit)

    time_machine.move_to(at(2026, 3, 6, 0), tick=False)
    assert close_due_silences() == 1
    assert close_due_silences() == 0  # idempotent
    due.refresh_from_db()
    running.refresh_from_db()
    assert (due.status, running.status) == (ProposalStatus.ADOPTED, ProposalStatus.UNDER_SILENCE)


def test_records_made_by_a_decision_cite_its_register_number(coordinators, support_unit):
    from almaty.process.models import ChairPass, Participation

    meeting = MeetingFactory(
        kind="som", starts_on=dt.date(2026, 9, 10), ends_on=dt.date(2026, 9, 11)
    )
    admission = services.proposal_draft(
        kind="observer_admission", title={"en": "Uzbekistan", "ru": "Узбекистан"}, text={"en": "Admit.", "ru": "Принять."},
        payload={"state": "UZB"}, actor=support_unit,
    )  # fmt: skip
    chair_pass = services.proposal_draft(
        kind="chair_pass", title={"en": "Pass", "ru": "Отказ"}, text={"en": "KGZ passes.", "ru": "KGZ отказывается."},
        payload={"state": "KGZ", "turn_starts_on": "2027-04-24"}, actor=support_unit,
    )  # fmt: skip
    for proposal in (admission, chair_pass):
        services.proposal_put_to_meeting(proposal=proposal, meeting=meeting, actor=support_unit)
        services.position_record(
            proposal=proposal, state_iso3="KAZ", stance="joins", actor=support_unit
        )
        services.proposal_decide_at_meeting(proposal=proposal, actor=support_unit)

    assert (
        Participation.objects.get(state__iso3="UZB").note_en == "Admitted by decision AP/2026/01."
    )
    assert ChairPass.objects.get(state__iso3="KGZ").decision_ref == "AP/2026/02"


def test_an_observers_statement_is_recorded_as_one_that_does_not_count(coordinators, support_unit):
    meeting = MeetingFactory(
        kind="som", starts_on=dt.date(2026, 9, 10), ends_on=dt.date(2026, 9, 11)
    )
    proposal = services.proposal_draft(
        kind="general",
        title={"en": "T", "ru": "Т"},
        text={"en": "x", "ru": "х"},
        actor=support_unit,
    )
    services.proposal_put_to_meeting(proposal=proposal, meeting=meeting, actor=support_unit)

    made = services.position_record(
        proposal=proposal,
        state_iso3="IRN",
        stance="statement",
        statement="We welcome this.",
        actor=support_unit,
    )

    assert made.stance == "observer_statement"
    assert made.get_stance_display() == "makes a statement (an observer or guest: does not count)"


def test_a_member_cannot_be_recorded_as_an_observer(coordinators, support_unit):
    from almaty.core.errors import InvalidInput

    meeting = MeetingFactory(
        kind="som", starts_on=dt.date(2026, 9, 10), ends_on=dt.date(2026, 9, 11)
    )
    proposal = services.proposal_draft(
        kind="general",
        title={"en": "T", "ru": "Т"},
        text={"en": "x", "ru": "х"},
        actor=support_unit,
    )
    services.proposal_put_to_meeting(proposal=proposal, meeting=meeting, actor=support_unit)

    with pytest.raises(InvalidInput, match="KAZ is a Member State"):
        services.position_record(
            proposal=proposal,
            state_iso3="KAZ",
            stance="observer_statement",
            statement="x",
            actor=support_unit,
        )
