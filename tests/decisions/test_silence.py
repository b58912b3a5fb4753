"""The silence procedure: who may break it, until when, extensions, and the outcome."""

from __future__ import annotations

import datetime as dt

import pytest

from almaty.core.errors import InvalidInput, PermissionDenied
from almaty.core.models import AuditEntry
from almaty.decisions import services
from almaty.decisions.choices import ProposalStatus
from almaty.decisions.models import DeadlineExtension, Proposal, RegisterYear, SilenceBreak
from tests.factories.accounts import RoleAssignmentFactory, UserFactory
from tests.factories.meetings import MeetingFactory

UTC = dt.UTC
START = dt.datetime(2026, 3, 1, 9, tzinfo=UTC)
DEADLINE = dt.datetime(2026, 3, 31, 12, tzinfo=UTC)
BEFORE = DEADLINE - dt.timedelta(seconds=1)
LATER = dt.datetime(2026, 4, 15, 12, tzinfo=UTC)
MEMBERS = ("AFG", "AZE", "KAZ", "KGZ", "TJK", "TUR", "TKM")


def at(*args: int) -> dt.datetime:
    return dt.datetime(*args, tzinfo=UTC)


def assign(role: str, state: str | None = None):
    from almaty.accounts.models import Role
    from almaty.process.models import State

    user = UserFactory()
    RoleAssignmentFactory(
        user=user,
        role=Role.objects.get(code=role),
        state=State.objects.get(iso3=state) if state else None,
        valid_from=dt.date(2026, 1, 1),
    )
    return user


@pytest.fixture
def coordinators(reference):
    return {iso3: assign("national_coordinator", iso3) for iso3 in (*MEMBERS, "IRN")}


def draft(kind: str = "general", payload: dict | None = None) -> Proposal:
    return services.proposal_draft(
        kind=kind,
        title={"en": "A proposal", "ru": "Предложение"},
        text={"en": "The text.", "ru": "Текст."},
        payload=payload,
        actor=None,
    )


def circulate(kind: str = "general", payload: dict | None = None) -> Proposal:
    return services.silence_start(
        proposal=draft(kind, payload), deadline_at=DEADLINE, actor=None, now=START
    )


@pytest.fixture
def proposal(coordinators) -> Proposal:
    return circulate()


def breaks(proposal, coordinators, iso3="TKM", now=None, actor=None) -> SilenceBreak:
    return services.silence_break(
        proposal=proposal, state_iso3=iso3, kind="objection", text="We object.",
        actor=actor or coordinators[iso3], now=now or at(2026, 3, 10, 9),
    )  # fmt: skip


def snapshot(proposal: Proposal) -> tuple:
    proposal.refresh_from_db()
    return (
        proposal.status,
        proposal.silence_deadline_at,
        proposal.register_number,
        sorted(proposal.breaks.values_list("state__iso3", "withdrawn_at")),
        proposal.extensions.count(),
        AuditEntry.objects.count(),
    )


# Starting -------------------------------------------------------------------------------------


def test_starting_records_the_procedure(reference):
    proposal = circulate()
    proposal.refresh_from_db()
    assert (proposal.status, proposal.silence_started_at, proposal.silence_deadline_at) == (
        ProposalStatus.UNDER_SILENCE,
        START,
        DEADLINE,
    )


@pytest.mark.parametrize(
    ("deadline", "message"),
    [
        (dt.datetime(2026, 3, 31, 12), "with its time zone"),  # naive
        (START, "must be in the future"),
        (START - dt.timedelta(days=1), "must be in the future"),
    ],
    ids=["naive", "now", "past"],
)
def test_a_deadline_must_be_aware_and_in_the_future(reference, deadline, message):
    proposal = draft()
    before = snapshot(proposal)
    with pytest.raises(InvalidInput, match=message):
        services.silence_start(proposal=proposal, deadline_at=deadline, actor=None, now=START)
    assert snapshot(proposal) == before


def test_a_proposal_already_under_silence_cannot_be_circulated_again(proposal):
    before = snapshot(proposal)
    with pytest.raises(InvalidInput, match="cannot be circulated under silence procedure"):
        services.silence_start(proposal=proposal, deadline_at=LATER, actor=None, now=START)
    assert snapshot(proposal) == before


# Breaking -------------------------------------------------------------------------------------


def test_a_member_coordinator_breaks_silence_and_it_is_audited(proposal, coordinators):
    before = AuditEntry.objects.count()
    made = breaks(proposal, coordinators)
    assert (made.state.iso3, made.kind, made.broken_by) == ("TKM", "objection", coordinators["TKM"])
    assert AuditEntry.objects.count() == before + 1


@pytest.mark.parametrize("when", [DEADLINE, DEADLINE + dt.timedelta(seconds=1), LATER])
def test_a_break_at_or_after_the_deadline_is_refused(proposal, coordinators, when):
    before = snapshot(proposal)
    with pytest.raises(InvalidInput, match="ended at 2026-03-31 12:00"):
        breaks(proposal, coordinators, now=when)
    assert snapshot(proposal) == before


def test_a_break_just_before_the_deadline_counts(proposal, coordinators):
    breaks(proposal, coordinators, now=BEFORE)
    assert services.silence_outcome(proposal=proposal, at=DEADLINE) == "broken"


def test_a_break_by_an_observer_state_is_refused(proposal, coordinators):
    before = snapshot(proposal)
    with pytest.raises(InvalidInput, match="IRN is not one"):
        breaks(proposal, coordinators, iso3="IRN")
    assert snapshot(proposal) == before


@pytest.mark.parametrize("iso3", ["CHN", "UZB"])
def test_a_break_by_a_guest_or_non_participant_is_refused(proposal, coordinators, iso3):
    before = snapshot(proposal)
    with pytest.raises(InvalidInput, match=f"{iso3} is not one"):
        breaks(proposal, coordinators, iso3=iso3, actor=coordinators["KAZ"])
    assert snapshot(proposal) == before


@pytest.mark.parametrize(
    "who", ["other_coordinator", "no_role", "support_unit", "chair", "anonymous"]
)
def test_a_break_by_someone_not_that_state_s_coordinator_is_refused(proposal, coordinators, who):
    from django.contrib.auth.models import AnonymousUser

    actor = {
        "other_coordinator": lambda: coordinators["KAZ"],
        "no_role": UserFactory,
        "support_unit": lambda: assign("support_unit"),
        "chair": lambda: assign("chair", "TKM"),
        "anonymous": AnonymousUser,
    }[who]()
    before = snapshot(proposal)
    with pytest.raises(PermissionDenied, match="National Coordinator of TKM"):
        breaks(proposal, coordinators, iso3="TKM", actor=actor)
    assert snapshot(proposal) == before


def test_a_coordinator_whose_role_has_not_begun_is_refused(proposal, coordinators):
    from almaty.accounts.models import Role
    from almaty.process.models import State

    late = UserFactory()
    RoleAssignmentFactory(
        user=late,
        role=Role.objects.get(code="national_coordinator"),
        state=State.objects.get(iso3="KAZ"),
        valid_from=dt.date(2026, 3, 20),
    )
    before = snapshot(proposal)
    with pytest.raises(PermissionDenied):
        breaks(proposal, coordinators, iso3="KAZ", actor=late, now=at(2026, 3, 10, 9))
    assert snapshot(proposal) == before


@pytest.mark.parametrize(("kind", "text"), [("veto", "No."), ("objection", "  ")])
def test_a_break_needs_a_known_kind_and_a_text(proposal, coordinators, kind, text):
    before = snapshot(proposal)
    with pytest.raises(InvalidInput):
        services.silence_break(
            proposal=proposal, state_iso3="TKM", kind=kind, text=text,
            actor=coordinators["TKM"], now=at(2026, 3, 10, 9),
        )  # fmt: skip
    assert snapshot(proposal) == before


def test_a_break_of_a_proposal_not_under_silence_is_refused(coordinators):
    proposal = draft()
    before = snapshot(proposal)
    with pytest.raises(InvalidInput, match="not under a silence procedure"):
        breaks(proposal, coordinators)
    assert snapshot(proposal) == before


# Withdrawing ----------------------------------------------------------------------------------


def test_a_withdrawn_break_no_longer_counts(proposal, coordinators):
    made = breaks(proposal, coordinators)
    assert services.silence_outcome(proposal=proposal, at=DEADLINE) == "broken"
    services.silence_break_withdraw(
        silence_break=made, actor=coordinators["TKM"], now=at(2026, 3, 20, 9)
    )
    assert services.silence_outcome(proposal=proposal, at=DEADLINE) == "holds"
    assert proposal.breaks.count() == 1  # kept on record


def test_withdrawing_twice_is_refused(proposal, coordinators):
    made = breaks(proposal, coordinators)
    services.silence_break_withdraw(
        silence_break=made, actor=coordinators["TKM"], now=at(2026, 3, 20, 9)
    )
    before = snapshot(proposal)
    with pytest.raises(InvalidInput, match="already withdrawn"):
        services.silence_break_withdraw(
            silence_break=made, actor=coordinators["TKM"], now=at(2026, 3, 21, 9)
        )
    assert snapshot(proposal) == before


def test_withdrawing_after_the_deadline_is_refused(proposal, coordinators):
    made = breaks(proposal, coordinators)
    before = snapshot(proposal)
    with pytest.raises(InvalidInput, match="ended at"):
        services.silence_break_withdraw(silence_break=made, actor=coordinators["TKM"], now=DEADLINE)
    assert snapshot(proposal) == before
    assert services.silence_outcome(proposal=proposal, at=DEADLINE) == "broken"


def test_only_that_state_s_coordinator_withdraws_its_break(proposal, coordinators):
    made = breaks(proposal, coordinators)
    before = snapshot(proposal)
    with pytest.raises(PermissionDenied, match="National Coordinator of TKM"):
        services.silence_break_withdraw(
            silence_break=made, actor=coordinators["KAZ"], now=at(2026, 3, 20, 9)
        )
    assert snapshot(proposal) == before


def test_one_withdrawal_leaves_another_state_s_break_counting(proposal, coordinators):
    first = breaks(proposal, coordinators, iso3="TKM")
    breaks(proposal, coordinators, iso3="AFG")
    services.silence_break_withdraw(
        silence_break=first, actor=coordinators["TKM"], now=at(2026, 3, 20, 9)
    )
    assert services.silence_outcome(proposal=proposal, at=DEADLINE) == "broken"


# Extending ------------------------------------------------------------------------------------


@pytest.mark.parametrize(("role", "state"), [("chair", "KAZ"), ("support_unit", None)])
def test_the_chair_or_the_support_unit_extends_the_deadline(proposal, role, state):
    services.silence_extend(
        proposal=proposal, new_deadline_at=LATER, actor=assign(role, state), now=BEFORE
    )
    proposal.refresh_from_db()
    assert proposal.silence_deadline_at == LATER
    extension = DeadlineExtension.objects.get(proposal=proposal)
    assert (extension.previous_deadline_at, extension.new_deadline_at) == (DEADLINE, LATER)


@pytest.mark.parametrize("who", ["national_coordinator", "deputy_chair", "none"])
def test_anyone_else_cannot_extend(proposal, who):
    actor = UserFactory() if who == "none" else assign(who, "KAZ")
    before = snapshot(proposal)
    with pytest.raises(PermissionDenied, match="Only the Chair or the Support Unit"):
        services.silence_extend(proposal=proposal, new_deadline_at=LATER, actor=actor, now=BEFORE)
    assert snapshot(proposal) == before


@pytest.mark.parametrize("when", [DEADLINE, LATER - dt.timedelta(days=1)])
def test_an_extension_at_or_after_the_deadline_is_refused(proposal, when):
    before = snapshot(proposal)
    with pytest.raises(InvalidInput, match="ended at"):
        services.silence_extend(
            proposal=proposal, new_deadline_at=LATER, actor=assign("support_unit"), now=when
        )
    assert snapshot(proposal) == before


@pytest.mark.parametrize("new", [DEADLINE, DEADLINE - dt.timedelta(days=1)])
def test_an_extension_must_move_the_deadline_later(proposal, new):
    before = snapshot(proposal)
    with pytest.raises(InvalidInput, match="moves the deadline later"):
        services.silence_extend(
            proposal=proposal, new_deadline_at=new, actor=assign("support_unit"), now=BEFORE
        )
    assert snapshot(proposal) == before


def test_after_an_extension_a_break_between_the_deadlines_counts(proposal, coordinators):
    services.silence_extend(
        proposal=proposal, new_deadline_at=LATER, actor=assign("support_unit"), now=BEFORE
    )
    breaks(proposal, coordinators, now=at(2026, 4, 10, 9))
    proposal.refresh_from_db()
    assert services.silence_outcome(proposal=proposal, at=DEADLINE) == "pending"
    assert services.silence_outcome(proposal=proposal, at=LATER) == "broken"
    services.silence_close(proposal=proposal, now=LATER)
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.BROKEN


# Closing --------------------------------------------------------------------------------------


@pytest.mark.parametrize("closed_at", [DEADLINE, DEADLINE + dt.timedelta(days=30)])
@pytest.mark.parametrize("broken", [False, True])
def test_the_outcome_is_the_same_on_time_or_late(proposal, coordinators, closed_at, broken):
    if broken:
        breaks(proposal, coordinators)
    services.silence_close(proposal=proposal, now=closed_at)
    proposal.refresh_from_db()
    if broken:
        assert (proposal.status, proposal.decided_on) == (ProposalStatus.BROKEN, None)
    else:
        assert (proposal.status, proposal.decided_on) == (
            ProposalStatus.ADOPTED,
            dt.date(2026, 3, 31),  # the deadline, not the day the job ran
        )


def test_closing_before_the_deadline_is_refused(proposal):
    before = snapshot(proposal)
    with pytest.raises(InvalidInput, match="still running"):
        services.silence_close(proposal=proposal, now=BEFORE)
    assert snapshot(proposal) == before


def test_closing_twice_gives_one_outcome_and_one_number(proposal):
    services.silence_close(proposal=proposal, now=DEADLINE)
    first = snapshot(proposal)
    services.silence_close(proposal=proposal, now=LATER)
    assert snapshot(proposal) == first
    assert first[2] == "AP/2026/01"
    assert RegisterYear.objects.get(year=2026).last == 1


def test_an_amendment_whose_silence_holds_is_endorsed_then_adopted_at_a_ministerial(
    coordinators,
):
    proposal = circulate(
        "amendment", {"effective_on": "2027-05-01", "changes": {"deputy_chairs": 2}}
    )
    services.silence_close(proposal=proposal, now=DEADLINE)
    proposal.refresh_from_db()
    assert (proposal.status, proposal.register_number) == (ProposalStatus.ENDORSED, None)

    ministerial = MeetingFactory(
        kind="ministerial", starts_on=dt.date(2027, 4, 20), ends_on=dt.date(2027, 4, 21)
    )
    services.proposal_put_to_meeting(proposal=proposal, meeting=ministerial, actor=None)
    services.position_record(proposal=proposal, state_iso3="KAZ", stance="joins", actor=None)
    services.proposal_decide_at_meeting(proposal=proposal, actor=None)
    proposal.refresh_from_db()
    assert (proposal.status, proposal.register_number) == (ProposalStatus.ADOPTED, "AP/2027/01")


def test_an_endorsed_amendment_cannot_be_circulated_again(coordinators):
    proposal = circulate(
        "amendment", {"effective_on": "2027-05-01", "changes": {"deputy_chairs": 2}}
    )
    services.silence_close(proposal=proposal, now=DEADLINE)
    before = snapshot(proposal)
    with pytest.raises(InvalidInput, match="cannot be circulated"):
        services.silence_start(proposal=proposal, deadline_at=at(2026, 6, 1), actor=None, now=LATER)
    assert snapshot(proposal) == before


def test_recirculating_a_broken_proposal_starts_a_new_silence(proposal, coordinators):
    breaks(proposal, coordinators)
    services.silence_close(proposal=proposal, now=DEADLINE)
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.BROKEN

    services.silence_start(
        proposal=proposal, deadline_at=at(2026, 5, 31, 12), actor=None, now=at(2026, 5, 1)
    )
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.UNDER_SILENCE
    assert proposal.breaks.count() == 1  # the old break stays on record ...
    assert services.silence_outcome(proposal=proposal, at=at(2026, 5, 31, 12)) == "holds"
    services.silence_close(proposal=proposal, now=at(2026, 5, 31, 12))  # ... and does not count
    proposal.refresh_from_db()
    assert (proposal.status, proposal.decided_on) == (ProposalStatus.ADOPTED, dt.date(2026, 5, 31))


def test_an_adoption_refused_by_its_effects_leaves_the_procedure_open(coordinators):
    proposal = circulate("observer_admission", {"state": "IRN"})  # IRN is already an observer
    before = snapshot(proposal)
    with pytest.raises(InvalidInput, match="IRN already takes part"):
        services.silence_close(proposal=proposal, now=DEADLINE)
    assert snapshot(proposal) == before
    assert not RegisterYear.objects.filter(year=2026, last__gt=0).exists()
