"""Consensus at a meeting: who may take which position, and what adoption records."""

from __future__ import annotations

import datetime as dt

import pytest

from almaty.core.errors import InvalidInput
from almaty.core.models import AuditEntry
from almaty.decisions import services
from almaty.decisions.choices import ProposalStatus
from almaty.decisions.models import Position, Proposal
from almaty.process import selectors as process_selectors
from almaty.process.models import ChairPass, ChairTerm
from tests.factories.meetings import MeetingFactory

MEMBERS = ("AFG", "AZE", "KAZ", "KGZ", "TJK", "TUR", "TKM")


def draft(kind: str = "general", payload: dict | None = None) -> Proposal:
    return services.proposal_draft(
        kind=kind,
        title={"en": "A proposal", "ru": "Предложение"},
        text={"en": "The text.", "ru": "Текст."},
        payload=payload,
        actor=None,
    )


def at_meeting(kind: str = "general", payload: dict | None = None, meeting_kind: str = "som"):
    meeting = MeetingFactory(
        kind=meeting_kind, starts_on=dt.date(2027, 4, 20), ends_on=dt.date(2027, 4, 21)
    )
    proposal = services.proposal_put_to_meeting(
        proposal=draft(kind, payload), meeting=meeting, actor=None
    )
    return proposal


def record(proposal: Proposal, iso3: str, stance: str, statement: str = "") -> Position:
    return services.position_record(
        proposal=proposal, state_iso3=iso3, stance=stance, statement=statement, actor=None
    )


def snapshot(proposal: Proposal) -> tuple:
    proposal.refresh_from_db()
    positions = sorted(proposal.positions.values_list("state__iso3", "stance", "statement"))
    return proposal.status, proposal.register_number, positions, AuditEntry.objects.count()


@pytest.fixture
def proposal(reference) -> Proposal:
    return at_meeting()


def test_adopted_when_members_are_present_and_none_objects(proposal):
    for iso3 in MEMBERS[:3]:
        record(proposal, iso3, "joins")
    record(proposal, "TKM", "stands_aside")
    services.proposal_decide_at_meeting(proposal=proposal, actor=None)
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.ADOPTED
    assert proposal.decided_on == dt.date(2027, 4, 21)  # the last day of the meeting
    assert proposal.register_number == "AP/2027/01"


def test_not_adopted_when_one_member_state_objects(proposal):
    for iso3 in MEMBERS[:-1]:
        record(proposal, iso3, "joins")
    record(proposal, "TKM", "objects")
    services.proposal_decide_at_meeting(proposal=proposal, actor=None)
    proposal.refresh_from_db()
    assert (proposal.status, proposal.register_number) == (ProposalStatus.NOT_ADOPTED, None)


@pytest.mark.parametrize("iso3", ["IRN", "PAK", "CHN", "RUS", "USA"])
@pytest.mark.parametrize("stance", ["joins", "objects", "stands_aside", "reservation"])
def test_an_observer_or_guest_may_only_make_a_statement(proposal, iso3, stance):
    before = snapshot(proposal)
    with pytest.raises(InvalidInput, match=f"{iso3} is not a Member State"):
        record(proposal, iso3, stance, statement="Some text.")
    assert snapshot(proposal) == before


@pytest.mark.parametrize("iso3", ["IRN", "CHN"])
def test_a_statement_by_an_observer_or_guest_never_blocks(proposal, iso3):
    record(proposal, "KAZ", "joins")
    record(proposal, iso3, "statement", statement="We have concerns.")
    services.proposal_decide_at_meeting(proposal=proposal, actor=None)
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.ADOPTED


@pytest.mark.parametrize("iso3", ["IRN", "CHN"])
def test_a_statement_by_an_observer_or_guest_alone_is_no_consensus(proposal, iso3):
    record(proposal, iso3, "statement", statement="We welcome this.")
    before = snapshot(proposal)
    with pytest.raises(InvalidInput, match="No Member State's position is recorded"):
        services.proposal_decide_at_meeting(proposal=proposal, actor=None)
    assert snapshot(proposal) == before


def test_a_non_participant_is_refused(proposal):
    before = snapshot(proposal)
    with pytest.raises(InvalidInput, match="UZB does not take part"):
        record(proposal, "UZB", "statement", statement="Hello.")
    assert snapshot(proposal) == before


def test_an_unknown_state_is_refused(proposal):
    before = snapshot(proposal)
    with pytest.raises(InvalidInput, match="Unknown State code 'XYZ'"):
        record(proposal, "XYZ", "joins")
    assert snapshot(proposal) == before


def test_an_unknown_stance_is_refused(proposal):
    before = snapshot(proposal)
    with pytest.raises(InvalidInput, match="Unknown position 'vetoes'"):
        record(proposal, "KAZ", "vetoes")
    assert snapshot(proposal) == before


@pytest.mark.parametrize(("iso3", "stance"), [("KAZ", "statement"), ("KAZ", "reservation")])
@pytest.mark.parametrize("text", ["", "   "])
def test_a_statement_or_reservation_needs_its_text(proposal, iso3, stance, text):
    before = snapshot(proposal)
    with pytest.raises(InvalidInput, match="Give the text of the statement or reservation"):
        record(proposal, iso3, stance, statement=text)
    assert snapshot(proposal) == before


def test_no_member_position_is_refused(proposal):
    before = snapshot(proposal)
    with pytest.raises(InvalidInput, match="No Member State's position is recorded"):
        services.proposal_decide_at_meeting(proposal=proposal, actor=None)
    assert snapshot(proposal) == before


def test_positions_are_recorded_only_while_at_a_meeting(reference):
    proposal = draft()
    before = snapshot(proposal)
    with pytest.raises(InvalidInput, match="only while the proposal is before a meeting"):
        record(proposal, "KAZ", "joins")
    assert snapshot(proposal) == before


def test_no_position_after_the_decision(proposal):
    record(proposal, "KAZ", "joins")
    services.proposal_decide_at_meeting(proposal=proposal, actor=None)
    before = snapshot(proposal)
    with pytest.raises(InvalidInput, match="only while the proposal is before a meeting"):
        record(proposal, "TKM", "objects")
    assert snapshot(proposal) == before


def test_deciding_twice_is_refused(proposal):
    record(proposal, "KAZ", "joins")
    services.proposal_decide_at_meeting(proposal=proposal, actor=None)
    before = snapshot(proposal)
    with pytest.raises(InvalidInput, match="cannot be adopted at the meeting"):
        services.proposal_decide_at_meeting(proposal=proposal, actor=None)
    assert snapshot(proposal) == before


def test_deciding_a_draft_is_refused(reference):
    proposal = draft()
    before = snapshot(proposal)
    with pytest.raises(InvalidInput, match="A proposal that is draft cannot be"):
        services.proposal_decide_at_meeting(proposal=proposal, actor=None)
    assert snapshot(proposal) == before


def test_re_recording_a_position_replaces_it(proposal):
    record(proposal, "TKM", "objects")
    record(proposal, "TKM", "joins")
    assert list(proposal.positions.values_list("state__iso3", "stance")) == [("TKM", "joins")]
    services.proposal_decide_at_meeting(proposal=proposal, actor=None)
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.ADOPTED


def test_every_position_is_audited(proposal):
    before = AuditEntry.objects.count()
    record(proposal, "TKM", "objects")
    record(proposal, "TKM", "joins")
    assert AuditEntry.objects.count() == before + 2


def test_an_amendment_decided_at_a_som_is_refused_and_nothing_is_stored(reference):
    proposal = at_meeting(
        "amendment", {"effective_on": "2027-05-01", "changes": {"deputy_chairs": 2}}
    )
    for iso3 in MEMBERS:
        record(proposal, iso3, "joins")
    versions = process_selectors.modalities_in_force(on=dt.date(2027, 5, 1)).number
    before = snapshot(proposal)
    with pytest.raises(InvalidInput, match="only at a Ministerial meeting"):
        services.proposal_decide_at_meeting(proposal=proposal, actor=None)
    assert snapshot(proposal) == before
    assert process_selectors.modalities_in_force(on=dt.date(2027, 5, 1)).number == versions
    assert process_selectors.modalities_in_force(on=dt.date(2027, 5, 1)).deputy_chairs == 0


def test_an_amendment_adopted_at_a_ministerial_changes_the_modalities(reference):
    proposal = at_meeting(
        "amendment",
        {"effective_on": "2027-05-01", "changes": {"deputy_chairs": 2}},
        meeting_kind="ministerial",
    )
    record(proposal, "KAZ", "joins")
    services.proposal_decide_at_meeting(proposal=proposal, actor=None)
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.ADOPTED
    assert proposal.modalities_version.number == 1  # the version in force when decided
    assert process_selectors.modalities_in_force(on=dt.date(2027, 5, 1)).deputy_chairs == 2


def test_adopting_an_observer_admission_creates_the_participation(reference):
    proposal = at_meeting("observer_admission", {"state": "UZB"})
    record(proposal, "KAZ", "joins")
    services.proposal_decide_at_meeting(proposal=proposal, actor=None)
    uzbekistan = process_selectors.state_by_iso3("UZB")
    assert process_selectors.status_on(state=uzbekistan, day=dt.date(2027, 4, 21)) == "observer"
    assert process_selectors.status_on(state=uzbekistan, day=dt.date(2027, 4, 20)) is None


def test_an_admission_of_a_state_already_taking_part_is_refused(reference):
    proposal = at_meeting("observer_admission", {"state": "IRN"})
    record(proposal, "KAZ", "joins")
    before = snapshot(proposal)
    with pytest.raises(InvalidInput, match="IRN already takes part"):
        services.proposal_decide_at_meeting(proposal=proposal, actor=None)
    assert snapshot(proposal) == before


def test_adopting_a_chair_term_records_it(reference):
    proposal = at_meeting("chair_term", {"state": "KGZ", "start": "2027-04-24"})
    record(proposal, "KAZ", "joins")
    services.proposal_decide_at_meeting(proposal=proposal, actor=None)
    term = ChairTerm.objects.get(state__iso3="KGZ", starts_on=dt.date(2027, 4, 24))
    assert (term.ends_on, term.kind, term.decision_ref) == (None, "regular", proposal_number())
    previous = ChairTerm.objects.get(state__iso3="KAZ", starts_on=dt.date(2025, 4, 24))
    assert previous.ends_on == dt.date(2027, 4, 24)


def test_adopting_a_chair_pass_records_it(reference):
    proposal = at_meeting("chair_pass", {"state": "TKM", "turn_starts_on": "2027-04-24"})
    record(proposal, "KAZ", "joins")
    services.proposal_decide_at_meeting(proposal=proposal, actor=None)
    made = ChairPass.objects.get(state__iso3="TKM", turn_starts_on=dt.date(2027, 4, 24))
    assert made.decision_ref == proposal_number()


def proposal_number() -> str:
    """The register number of the one adopted proposal: the record made by it cites it."""
    from almaty.decisions.models import Proposal

    return Proposal.objects.get(status="adopted").register_number
