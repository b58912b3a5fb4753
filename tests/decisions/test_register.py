"""The register of decisions: numbers in order of adoption, per year; the modalities cited."""

from __future__ import annotations

import datetime as dt

import pytest

from almaty.core.models import AuditEntry
from almaty.decisions import services
from almaty.decisions.choices import ProposalStatus
from almaty.decisions.models import Proposal, RegisterYear

UTC = dt.UTC


def at(*args: int) -> dt.datetime:
    return dt.datetime(*args, tzinfo=UTC)


def adopt_by_silence(start: dt.datetime, deadline: dt.datetime, title: str = "A") -> Proposal:
    proposal = services.proposal_draft(
        kind="general",
        title={"en": title, "ru": title},
        text={"en": "text", "ru": "текст"},
        actor=None,
    )
    services.silence_start(proposal=proposal, deadline_at=deadline, actor=None, now=start)
    services.silence_close(proposal=proposal, now=deadline)
    proposal.refresh_from_db()
    return proposal


def test_numbers_follow_the_order_of_adoption_within_a_year(reference):
    first = adopt_by_silence(at(2026, 1, 5), at(2026, 2, 1, 12), "first")
    second = adopt_by_silence(at(2026, 1, 6), at(2026, 3, 1, 12), "second")
    assert (first.register_number, second.register_number) == ("AP/2026/01", "AP/2026/02")


def test_numbers_restart_each_year(reference):
    numbers = [
        adopt_by_silence(at(2026, 11, 1), at(2026, 12, 1, 12)).register_number,
        adopt_by_silence(at(2026, 12, 1), at(2027, 1, 10, 12)).register_number,
        adopt_by_silence(at(2026, 12, 2), at(2027, 1, 11, 12)).register_number,
    ]
    assert numbers == ["AP/2026/01", "AP/2027/01", "AP/2027/02"]
    assert dict(RegisterYear.objects.values_list("year", "last")) == {2026: 1, 2027: 2}


def test_the_year_of_the_number_is_the_year_of_the_decision_not_of_the_closing(reference):
    proposal = services.proposal_draft(
        kind="general", title={"en": "A", "ru": "А"}, text={"en": "a", "ru": "а"}, actor=None
    )
    services.silence_start(
        proposal=proposal, deadline_at=at(2026, 12, 31, 12), actor=None, now=at(2026, 12, 1)
    )
    services.silence_close(proposal=proposal, now=at(2027, 1, 2))  # the job ran in the new year
    proposal.refresh_from_db()
    assert (proposal.register_number, proposal.decided_on) == ("AP/2026/01", dt.date(2026, 12, 31))


def test_a_proposal_not_adopted_gets_no_number(reference):
    from tests.factories.meetings import MeetingFactory

    proposal = services.proposal_draft(
        kind="general", title={"en": "A", "ru": "А"}, text={"en": "a", "ru": "а"}, actor=None
    )
    meeting = MeetingFactory(starts_on=dt.date(2026, 6, 1))
    services.proposal_put_to_meeting(proposal=proposal, meeting=meeting, actor=None)
    services.position_record(proposal=proposal, state_iso3="KAZ", stance="objects", actor=None)
    services.proposal_decide_at_meeting(proposal=proposal, actor=None)
    proposal.refresh_from_db()
    assert (proposal.status, proposal.register_number) == (ProposalStatus.NOT_ADOPTED, None)
    assert adopt_by_silence(at(2026, 7, 1), at(2026, 8, 1)).register_number == "AP/2026/01"


def test_the_decision_cites_modalities_version_1(reference):
    proposal = adopt_by_silence(at(2026, 1, 5), at(2026, 2, 1, 12))
    assert proposal.modalities_version is not None
    assert proposal.modalities_version.number == 1


def test_an_adoption_is_audited_with_its_number(reference):
    before = AuditEntry.objects.count()
    proposal = adopt_by_silence(at(2026, 1, 5), at(2026, 2, 1, 12))
    entries = list(AuditEntry.objects.order_by("sequence")[before:])
    keys = [entry.message_key for entry in entries]
    assert keys == ["proposal.drafted", "proposal.transition", "proposal.transition",
                    "proposal.adopted"]  # fmt: skip
    assert entries[-1].params["number"] == proposal.register_number


def test_an_adopted_proposal_without_a_number_cannot_be_stored(reference):
    from django.db import IntegrityError, transaction

    proposal = services.proposal_draft(
        kind="general", title={"en": "A", "ru": "А"}, text={"en": "a", "ru": "а"}, actor=None
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        Proposal.objects.filter(pk=proposal.pk).update(status=ProposalStatus.ADOPTED)
