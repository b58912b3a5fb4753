"""Materials circulated before a meeting (the language parity gate) and outcomes recorded after
it: the Support Unit only; refusals say what is wrong and store nothing."""

from __future__ import annotations

import datetime as dt

import pytest

from almaty.core.errors import InvalidInput, PermissionDenied
from almaty.core.models import AuditEntry
from almaty.decisions.choices import ProposalStatus
from almaty.decisions.models import Proposal
from almaty.meetings import services
from almaty.meetings.models import Material, Outcome
from tests.factories.meetings import (
    NOT_SUPPORT_UNIT,
    MaterialFactory,
    MeetingFactory,
    OutcomeFactory,
    actor_for,
    document_with,
    row_counts,
)

PARITY = {"en": "original", "ru": "final"}


@pytest.fixture
def support_unit(user_with_role):
    return user_with_role("support_unit")


@pytest.fixture
def meeting(db):
    return MeetingFactory(
        title_en="12th SOM",
        title_ru="12-е СДЛ",
        starts_on=dt.date(2027, 5, 11),
        ends_on=dt.date(2027, 5, 12),
        circulation_days=14,
    )


def last_entry() -> AuditEntry:
    entry = AuditEntry.objects.order_by("-sequence").first()
    assert entry is not None
    return entry


def proposal(title: str, status: str) -> Proposal:
    return Proposal.objects.create(
        kind="general",
        title_en=title,
        title_ru=title,
        text_en="Text.",
        text_ru="Текст.",
        status=status,
        register_number=f"AP/2027/{title[:3]}" if status == ProposalStatus.ADOPTED else None,
        decided_on=dt.date(2027, 5, 12) if status == ProposalStatus.ADOPTED else None,
    )


# Adding materials


def test_a_material_is_due_by_the_meeting_s_circulation_date(support_unit, meeting):
    material = services.material_add(
        actor=support_unit, meeting=meeting, document=document_with(**PARITY)
    )
    assert (material.due_on, material.circulated_at, material.position) == (
        dt.date(2027, 4, 27),
        None,
        0,
    )
    entry = last_entry()
    assert (entry.message_key, entry.params) == (
        "material.added",
        {"document": "Annual report", "meeting": "12th SOM", "due_on": "2027-04-27"},
    )


def test_a_material_may_have_its_own_due_date_and_goes_last(support_unit, meeting):
    MaterialFactory(meeting=meeting, position=3)
    material = services.material_add(
        actor=support_unit, meeting=meeting, document=document_with(), due_on=dt.date(2027, 5, 11)
    )
    assert (material.due_on, material.position) == (dt.date(2027, 5, 11), 4)


def test_a_document_without_an_english_version_is_named_by_its_number(support_unit, meeting):
    document = document_with(ru="final")
    services.material_add(actor=support_unit, meeting=meeting, document=document)
    assert last_entry().params["document"] == f"#{document.pk}"


@pytest.mark.parametrize(
    ("due_on", "message"),
    [
        (dt.date(2027, 5, 13), "by the meeting's last day, 2027-05-12, at the latest"),
        ("2027-05-01", "Give the date by which the material is circulated"),
    ],
)
def test_a_bad_due_date_is_refused(support_unit, meeting, due_on, message):
    document = document_with()
    before = row_counts()
    with pytest.raises(InvalidInput, match=message):
        services.material_add(actor=support_unit, meeting=meeting, document=document, due_on=due_on)
    assert row_counts() == before


def test_a_document_is_a_material_of_a_meeting_once(support_unit, meeting):
    document = document_with(**PARITY)
    services.material_add(actor=support_unit, meeting=meeting, document=document)
    before = row_counts()
    with pytest.raises(InvalidInput, match="Annual report is already a material of this meeting"):
        services.material_add(actor=support_unit, meeting=meeting, document=document)
    assert row_counts() == before


@pytest.mark.parametrize("role", NOT_SUPPORT_UNIT)
def test_only_the_support_unit_adds_materials(user_with_role, meeting, role):
    document = document_with()
    actor = actor_for(role, user_with_role)
    before = row_counts()
    with pytest.raises(PermissionDenied):
        services.material_add(actor=actor, meeting=meeting, document=document)
    assert row_counts() == before


# Circulating: the language parity gate


@pytest.mark.parametrize(
    "versions",
    [
        {"en": "original", "ru": "final"},
        {"en": "final", "ru": "original"},
        {"en": "final", "ru": "final", "kk": "draft"},
    ],
)
def test_a_material_with_final_english_and_russian_is_circulated(support_unit, meeting, versions):
    material = MaterialFactory(meeting=meeting, document=document_with(**versions))
    services.material_circulate(actor=support_unit, material=material)
    material.refresh_from_db()
    assert material.circulated_at is not None
    assert material.circulated_by == support_unit
    assert (last_entry().message_key, last_entry().params) == (
        "material.circulated",
        {"document": "Annual report", "meeting": "12th SOM"},
    )


@pytest.mark.parametrize(
    ("versions", "message"),
    [
        (
            {"en": "original", "ru": "draft"},
            r"^Annual report cannot be circulated yet\. The Russian version is a draft\.$",
        ),
        ({"en": "original", "ru": "machine_draft"}, "The Russian version is a machine draft."),
        ({"en": "original", "ru": "reviewed"}, "The Russian version is reviewed but not final."),
        ({"en": "original"}, "The Russian version is missing."),
        ({"en": "draft", "ru": "final"}, "The English version is a draft."),
        ({"ru": "original"}, "The English version is missing."),
        (
            {"en": "reviewed", "ru": "draft"},
            "The English version is reviewed but not final. The Russian version is a draft.$",
        ),
        ({}, "The English version is missing. The Russian version is missing.$"),
    ],
)
def test_a_material_without_language_parity_is_not_circulated(
    support_unit, meeting, versions, message
):
    material = MaterialFactory(meeting=meeting, document=document_with(**versions))
    before = row_counts()
    with pytest.raises(InvalidInput, match=message):
        services.material_circulate(actor=support_unit, material=material)
    assert row_counts() == before
    material.refresh_from_db()
    assert (material.circulated_at, material.circulated_by) == (None, None)


def test_a_material_whose_document_is_still_a_support_unit_draft_is_not_circulated(
    support_unit, meeting
):
    document = document_with(**PARITY)
    document.access = "draft"
    document.save()
    material = MaterialFactory(meeting=meeting, document=document)
    before = row_counts()
    with pytest.raises(InvalidInput, match="still a draft that only the Support Unit can read"):
        services.material_circulate(actor=support_unit, material=material)
    assert row_counts() == before
    material.refresh_from_db()
    assert material.circulated_at is None


def test_a_material_is_circulated_once(support_unit, meeting):
    material = MaterialFactory(meeting=meeting, document=document_with(**PARITY))
    services.material_circulate(actor=support_unit, material=material)
    before = row_counts()
    with pytest.raises(InvalidInput, match="already circulated on"):
        services.material_circulate(actor=support_unit, material=material)
    assert row_counts() == before


@pytest.mark.parametrize("role", NOT_SUPPORT_UNIT)
def test_only_the_support_unit_circulates(user_with_role, meeting, role):
    material = MaterialFactory(meeting=meeting, document=document_with(**PARITY))
    actor = actor_for(role, user_with_role)
    before = row_counts()
    with pytest.raises(PermissionDenied):
        services.material_circulate(actor=actor, material=material)
    assert row_counts() == before
    material.refresh_from_db()
    assert material.circulated_at is None


# Removing materials


def test_a_material_not_yet_circulated_is_removed(support_unit, meeting):
    material = MaterialFactory(meeting=meeting, document=document_with(**PARITY))
    services.material_remove(actor=support_unit, material=material)
    assert not Material.objects.filter(pk=material.pk).exists()
    assert (last_entry().message_key, last_entry().action) == ("material.removed", "delete")


def test_a_circulated_material_stays_on_record(support_unit, meeting):
    material = MaterialFactory(meeting=meeting, document=document_with(**PARITY))
    services.material_circulate(actor=support_unit, material=material)
    before = row_counts()
    with pytest.raises(InvalidInput, match="circulated material stays on record"):
        services.material_remove(actor=support_unit, material=material)
    assert row_counts() == before


@pytest.mark.parametrize("role", NOT_SUPPORT_UNIT)
def test_only_the_support_unit_removes_materials(user_with_role, meeting, role):
    material = MaterialFactory(meeting=meeting)
    actor = actor_for(role, user_with_role)
    before = row_counts()
    with pytest.raises(PermissionDenied):
        services.material_remove(actor=actor, material=material)
    assert row_counts() == before


# Outcomes


def test_an_outcome_is_recorded_with_its_document_and_decisions(support_unit, meeting):
    adopted = proposal("Work plan 2028", ProposalStatus.ADOPTED)
    document = document_with(**PARITY)
    outcome = services.outcome_record(
        actor=support_unit,
        meeting=meeting,
        kind="workplan_next",
        summary_en="The plan for 2028 was agreed.",
        summary_ru="План на 2028 год согласован.",
        document=document,
        decisions=[adopted],
    )
    outcome = Outcome.objects.get(pk=outcome.pk)
    assert (outcome.kind, outcome.summary_ru, outcome.document, outcome.position) == (
        "workplan_next",
        "План на 2028 год согласован.",
        document,
        0,
    )
    assert list(outcome.decisions.all()) == [adopted]
    assert (last_entry().message_key, last_entry().params) == (
        "outcome.recorded",
        {"meeting": "12th SOM", "kind": "workplan_next"},
    )


def test_an_outcome_may_be_a_document_alone(support_unit, meeting):
    OutcomeFactory(meeting=meeting, position=2)
    outcome = services.outcome_record(
        actor=support_unit, meeting=meeting, kind="communique", document=document_with(**PARITY)
    )
    assert (outcome.summary_en, outcome.position) == ("", 3)


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"kind": "minutes"}, "Unknown kind of outcome 'minutes'"),
        ({"summary_ru": ""}, "summary in English and in Russian"),
        ({"summary_en": " "}, "summary in English and in Russian"),
        ({"summary_en": "", "summary_ru": ""}, "needs a summary or a document"),
    ],
)
def test_a_bad_outcome_is_refused_and_nothing_is_stored(support_unit, meeting, fields, message):
    before = row_counts()
    values = {"kind": "communique", "summary_en": "Agreed.", "summary_ru": "Согласовано.", **fields}
    with pytest.raises(InvalidInput, match=message):
        services.outcome_record(actor=support_unit, meeting=meeting, **values)
    assert row_counts() == before


@pytest.mark.parametrize("status", [ProposalStatus.DRAFT, ProposalStatus.NOT_ADOPTED])
def test_an_outcome_records_adopted_decisions_only(support_unit, meeting, status):
    pending = proposal("Pending text", status)
    before = row_counts()
    with pytest.raises(InvalidInput, match="Pending text is not an adopted decision"):
        services.outcome_record(
            actor=support_unit,
            meeting=meeting,
            kind="communique",
            summary_en="Agreed.",
            summary_ru="Согласовано.",
            decisions=[pending],
        )
    assert row_counts() == before


@pytest.mark.parametrize("role", NOT_SUPPORT_UNIT)
def test_only_the_support_unit_records_outcomes(user_with_role, meeting, role):
    actor = actor_for(role, user_with_role)
    before = row_counts()
    with pytest.raises(PermissionDenied):
        services.outcome_record(
            actor=actor, meeting=meeting, kind="communique", summary_en="A", summary_ru="А"
        )
    assert row_counts() == before


def test_an_outcome_is_changed_and_audited(support_unit, meeting):
    outcome = OutcomeFactory(meeting=meeting)
    adopted = proposal("Declaration", ProposalStatus.ADOPTED)
    services.outcome_update(
        actor=support_unit, outcome=outcome, kind="declaration", decisions=[adopted]
    )
    outcome.refresh_from_db()
    assert (outcome.kind, list(outcome.decisions.all())) == ("declaration", [adopted])
    assert (last_entry().message_key, last_entry().params) == (
        "outcome.changed",
        {"meeting": "12th SOM", "kind": "declaration"},
    )


def test_an_outcome_change_to_the_same_values_writes_no_entry(support_unit, meeting):
    outcome = OutcomeFactory(meeting=meeting, kind="communique")
    before = row_counts()
    services.outcome_update(actor=support_unit, outcome=outcome, kind="communique", decisions=[])
    assert row_counts() == before


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"summary_ru": ""}, "summary in English and in Russian"),
        ({"kind": "x"}, "Unknown kind of outcome 'x'"),
        ({"meeting": None}, "'meeting' cannot be set here"),
        ({"position": -2}, "position of an outcome is a whole number"),
    ],
)
def test_a_bad_outcome_change_is_refused_and_nothing_changes(
    support_unit, meeting, fields, message
):
    outcome = OutcomeFactory(meeting=meeting, kind="communique")
    before = row_counts()
    with pytest.raises(InvalidInput, match=message):
        services.outcome_update(actor=support_unit, outcome=outcome, **fields)
    assert row_counts() == before
    outcome.refresh_from_db()
    assert (outcome.kind, outcome.summary_ru) == (
        "communique",
        "Участники согласовали план работы.",
    )


@pytest.mark.parametrize("role", NOT_SUPPORT_UNIT)
def test_only_the_support_unit_changes_outcomes(user_with_role, meeting, role):
    outcome = OutcomeFactory(meeting=meeting, kind="communique")
    actor = actor_for(role, user_with_role)
    before = row_counts()
    with pytest.raises(PermissionDenied):
        services.outcome_update(actor=actor, outcome=outcome, kind="declaration")
    assert row_counts() == before
    outcome.refresh_from_db()
    assert outcome.kind == "communique"
