"""The transition table and the drafting of proposals (bad input is refused, nothing stored)."""

from __future__ import annotations

import itertools

import pytest

from almaty.core.errors import InvalidInput
from almaty.core.models import AuditEntry
from almaty.decisions import services
from almaty.decisions.choices import ProposalStatus as S
from almaty.decisions.models import Proposal
from almaty.decisions.workflow import TRANSITIONS, next_status

ALLOWED = [
    (current, action, target)
    for action, (sources, target) in TRANSITIONS.items()
    for current in sorted(sources)
]
REFUSED = [
    (current, action)
    for current, action in itertools.product(S.values, TRANSITIONS)
    if current not in TRANSITIONS[action][0]
]

TITLE = {"en": "A proposal", "ru": "Предложение"}
TEXT = {"en": "The text.", "ru": "Текст."}


@pytest.mark.parametrize(("current", "action", "target"), ALLOWED)
def test_every_allowed_transition_leads_to_its_target(current, action, target):
    assert next_status(current, action) == target


def test_the_table_covers_the_issue_s_paths():
    status = next_status(next_status(S.DRAFT, "start_silence"), "silence_holds")
    assert status == S.ADOPTED
    status = next_status(next_status(S.DRAFT, "put_to_meeting"), "not_adopt_at_meeting")
    assert status == S.NOT_ADOPTED


@pytest.mark.parametrize(("current", "action"), REFUSED)
def test_a_transition_not_in_the_table_is_a_clear_error(current, action):
    with pytest.raises(InvalidInput) as error:
        next_status(current, action)
    assert error.value.text.startswith(f"A proposal that is {S(current).label} cannot be ")


def test_no_action_leaves_a_final_status():
    for final in (S.ADOPTED, S.NOT_ADOPTED, S.WITHDRAWN):
        assert all((final, action) in REFUSED for action in TRANSITIONS)


def test_an_unknown_action_is_a_clear_error():
    with pytest.raises(InvalidInput, match="Unknown action 'approve'"):
        next_status(S.DRAFT, "approve")


def test_a_draft_is_stored_with_both_languages_and_audited(reference):
    before = AuditEntry.objects.count()
    proposal = services.proposal_draft(kind="general", title=TITLE, text=TEXT, actor=None)
    proposal.refresh_from_db()
    assert (proposal.status, proposal.title_en, proposal.title_ru) == (
        S.DRAFT,
        "A proposal",
        "Предложение",
    )
    assert AuditEntry.objects.count() == before + 1


@pytest.mark.parametrize(
    ("title", "text"),
    [
        ({"en": "A proposal"}, TEXT),
        ({"en": "A proposal", "ru": "   "}, TEXT),
        (TITLE, {"en": "The text."}),
        (TITLE, {"en": "The text.", "ru": ""}),
        ({"ru": "Предложение"}, TEXT),
    ],
    ids=["no-ru-title", "blank-ru-title", "no-ru-text", "empty-ru-text", "no-en-title"],
)
def test_a_draft_without_both_languages_is_refused(reference, title, text):
    before = AuditEntry.objects.count()
    with pytest.raises(InvalidInput, match="title and text in English and in Russian"):
        services.proposal_draft(kind="general", title=title, text=text, actor=None)
    assert Proposal.objects.count() == 0
    assert AuditEntry.objects.count() == before


def test_an_unknown_kind_is_refused(reference):
    with pytest.raises(InvalidInput, match="Unknown kind of proposal 'resolution'"):
        services.proposal_draft(kind="resolution", title=TITLE, text=TEXT, actor=None)
    assert Proposal.objects.count() == 0


@pytest.mark.parametrize(
    ("kind", "payload", "message"),
    [
        ("observer_admission", {"state": "XXX"}, "Unknown State code 'XXX'"),
        ("observer_admission", {}, "Unknown State code ''"),
        ("observer_admission", {"state": "UZB", "valid_from": "soon"}, "'valid_from' must be"),
        ("chair_term", {"state": "KGZ", "start": "2027-13-01"}, "'start' must be a date"),
        ("chair_term", {"state": "KGZ"}, "'start' must be a date"),
        ("chair_term", {"state": "ZZZ", "start": "2027-04-24"}, "Unknown State code 'ZZZ'"),
        ("chair_pass", {"state": "TKM", "turn_starts_on": "tomorrow"}, "'turn_starts_on' must"),
        ("amendment", {"effective_on": "2027-05-01"}, "lists the rules it changes"),
        ("amendment", {"effective_on": "2027-05-01", "changes": {}}, "lists the rules it"),
        ("amendment", {"effective_on": "2027-05-01", "changes": [1]}, "lists the rules it"),
        ("amendment", {"changes": {"deputy_chairs": 2}}, "'effective_on' must be a date"),
    ],
)
def test_a_bad_payload_is_refused_and_nothing_is_stored(reference, kind, payload, message):
    before = AuditEntry.objects.count()
    with pytest.raises(InvalidInput, match=message):
        services.proposal_draft(kind=kind, title=TITLE, text=TEXT, payload=payload, actor=None)
    assert Proposal.objects.count() == 0
    assert AuditEntry.objects.count() == before


@pytest.mark.parametrize(
    ("kind", "payload", "stored"),
    [
        ("observer_admission", {"state": "UZB"}, {"state": "UZB"}),
        (
            "chair_term",
            {"state": "KGZ", "start": "2027-04-24", "extra": 1},
            {"state": "KGZ", "start": "2027-04-24", "kind": "regular"},
        ),
        (
            "amendment",
            {"effective_on": "2027-05-01", "changes": {"deputy_chairs": 2}},
            {"effective_on": "2027-05-01", "changes": {"deputy_chairs": 2}},
        ),
        ("general", {"anything": "ignored"}, {}),
    ],
)
def test_a_good_payload_is_stored_checked(reference, kind, payload, stored):
    proposal = services.proposal_draft(
        kind=kind, title=TITLE, text=TEXT, payload=payload, actor=None
    )
    proposal.refresh_from_db()
    assert proposal.payload == stored


@pytest.mark.parametrize("status", [S.ADOPTED, S.NOT_ADOPTED, S.WITHDRAWN])
def test_withdrawing_a_closed_proposal_is_refused_and_changes_nothing(reference, status):
    proposal = services.proposal_draft(kind="general", title=TITLE, text=TEXT, actor=None)
    Proposal.objects.filter(pk=proposal.pk).update(status=status, register_number="X/1")
    before = AuditEntry.objects.count()
    with pytest.raises(InvalidInput, match="cannot be withdrawn"):
        services.proposal_withdraw(proposal=proposal, actor=None)
    proposal.refresh_from_db()
    assert proposal.status == status
    assert AuditEntry.objects.count() == before


def test_withdrawing_a_draft_is_recorded_and_audited(reference):
    proposal = services.proposal_draft(kind="general", title=TITLE, text=TEXT, actor=None)
    before = AuditEntry.objects.count()
    services.proposal_withdraw(proposal=proposal, actor=None)
    proposal.refresh_from_db()
    assert proposal.status == S.WITHDRAWN
    assert AuditEntry.objects.count() == before + 1
