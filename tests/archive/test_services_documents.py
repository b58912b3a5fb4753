"""Documents and topics: checked, stored, audited with what changed; a refusal stores nothing."""

from __future__ import annotations

import datetime as dt

import pytest

from almaty.archive import services
from almaty.archive.choices import Access, DocumentKind
from almaty.archive.models import Document, Topic
from almaty.core.errors import InvalidInput
from almaty.core.models import AuditAction, AuditEntry
from tests.factories.archive import (
    DocumentFactory,
    DocumentVersionFactory,
    TopicFactory,
    support_unit_user,
)
from tests.factories.meetings import MeetingFactory
from tests.factories.process import StateFactory

DAY = dt.date(2019, 10, 16)


@pytest.fixture
def clerk(db):
    return support_unit_user()


def last_entry() -> tuple[str, str, dict]:
    entry = AuditEntry.objects.order_by("-sequence").first()
    assert entry is not None
    return entry.action, entry.message_key, entry.params


def create(clerk, **fields):
    return services.document_create(actor=clerk, **({"kind": "report", "issued_on": DAY} | fields))


# --- document_create --------------------------------------------------------------------------------


def test_a_document_is_created_as_a_draft_and_audited(clerk):
    document = create(clerk)
    document.refresh_from_db()
    assert (document.kind, document.issued_on, document.access) == ("report", DAY, Access.DRAFT)
    assert document.created_by == clerk
    assert last_entry() == (
        AuditAction.CREATE,
        "document.created",
        {"title": f"#{document.pk}", "kind": "report"},
    )


def test_topics_and_states_are_taken_as_rows_or_codes(clerk):
    labour, asylum = TopicFactory(code="labour"), TopicFactory(code="asylum")
    kaz = StateFactory(iso3="KAZ", iso2="KZ", numeric=398, name_en="Kazakhstan")
    kgz = StateFactory(iso3="KGZ", iso2="KG", numeric=417, name_en="Kyrgyzstan")
    meeting = MeetingFactory()
    document = create(
        clerk, topics=[labour, "asylum"], states=["KAZ", kgz], meeting=meeting,
        access=Access.PUBLIC, reference_key="som-2019-report",
    )  # fmt: skip
    document.refresh_from_db()
    assert set(document.topics.all()) == {labour, asylum}
    assert set(document.states.all()) == {kaz, kgz}
    assert (document.meeting, document.access, document.reference_key) == (
        meeting,
        "public",
        "som-2019-report",
    )


def test_a_meeting_may_be_given_by_its_id(clerk):
    meeting = MeetingFactory()
    assert create(clerk, meeting=meeting.pk).meeting == meeting


def test_a_date_may_be_given_as_iso_text(clerk):
    assert create(clerk, issued_on="2019-10-16").issued_on == DAY


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"kind": "memo"}, "Unknown kind of document 'memo'."),
        ({"access": "secret"}, "Unknown access level 'secret': use one of public, members, draft."),
        ({"issued_on": "16.10.2019"}, "'issued_on' must be a date (YYYY-MM-DD)."),
        ({"topics": ["no-such-topic"]}, "Unknown topic 'no-such-topic'."),
        ({"states": ["XXX"]}, "Unknown State code 'XXX'."),
        ({"meeting": 999999}, "No meeting 999999."),
        ({"reference_key": "k" * 61}, "The reference key is too long: at most 60 characters."),
    ],
    ids=["kind", "access", "date", "topic", "state", "meeting", "long-reference"],
)
def test_bad_fields_are_refused_and_nothing_is_stored(clerk, fields, message):
    before = AuditEntry.objects.count()
    with pytest.raises(InvalidInput) as error:
        create(clerk, **fields)
    assert error.value.text == message
    assert not Document.objects.exists()
    assert AuditEntry.objects.count() == before


def test_a_reference_key_is_used_once(clerk):
    DocumentFactory(reference_key="communique-2013")
    with pytest.raises(InvalidInput, match="Another document has the reference communique-2013"):
        create(clerk, reference_key="communique-2013")
    assert Document.objects.count() == 1


# --- document_update ----------------------------------------------------------------------------------


def test_an_update_is_audited_with_the_fields_that_changed(clerk):
    document = DocumentFactory(access=Access.DRAFT, kind=DocumentKind.REPORT)
    DocumentVersionFactory(document=document, language="en", title="Report of the SOM")
    topic = TopicFactory()
    services.document_update(
        actor=clerk, document=document, access="members", kind="report", topics=[topic]
    )
    document.refresh_from_db()
    assert (document.access, list(document.topics.all())) == ("members", [topic])
    assert last_entry() == (
        AuditAction.UPDATE,
        "document.changed",
        {"title": "Report of the SOM", "fields": "access, topics"},
    )


def test_an_update_that_changes_nothing_writes_no_entry(clerk):
    topic = TopicFactory()
    document = DocumentFactory(access=Access.PUBLIC, topics=[topic])
    before = AuditEntry.objects.count()
    services.document_update(actor=clerk, document=document, access="public", topics=[topic.code])
    services.document_update(actor=clerk, document=document, topics=[topic])
    assert AuditEntry.objects.count() == before


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"access": "everyone"}, "Unknown access level 'everyone'"),
        ({"title": "New"}, "'title' is not a field of a document."),
        ({"issued_on": "yesterday"}, "'issued_on' must be a date"),
    ],
)
def test_a_bad_update_is_refused_and_changes_nothing(clerk, fields, message):
    document = DocumentFactory(access=Access.DRAFT)
    before = AuditEntry.objects.count()
    with pytest.raises(InvalidInput, match=message):
        services.document_update(actor=clerk, document=document, **fields)
    document.refresh_from_db()
    assert document.access == Access.DRAFT
    assert AuditEntry.objects.count() == before


def test_an_update_may_not_take_another_document_s_reference(clerk):
    DocumentFactory(reference_key="taken")
    document = DocumentFactory(reference_key="mine")
    with pytest.raises(InvalidInput, match="Another document has the reference taken"):
        services.document_update(actor=clerk, document=document, reference_key="taken")
    services.document_update(actor=clerk, document=document, reference_key="mine")  # its own


# --- topic_save -------------------------------------------------------------------------------------


def test_a_topic_is_created_then_renamed_each_audited(clerk):
    topic = services.topic_save(
        actor=clerk, code="labour-migration", name_en="Labour", name_ru="Труд"
    )
    assert last_entry() == (AuditAction.CREATE, "topic.saved", {"name": "Labour"})
    again = services.topic_save(
        actor=clerk, code="labour-migration", name_en="Labour migration",
        name_ru="Трудовая миграция", position=2,
    )  # fmt: skip
    assert again.pk == topic.pk
    assert (again.name_ru, again.position) == ("Трудовая миграция", 2)
    assert last_entry() == (AuditAction.UPDATE, "topic.saved", {"name": "Labour migration"})


def test_saving_a_topic_unchanged_writes_no_entry(clerk):
    services.topic_save(actor=clerk, code="asylum", name_en="Asylum", name_ru="Убежище")
    before = AuditEntry.objects.count()
    services.topic_save(actor=clerk, code="asylum", name_en="Asylum", name_ru="Убежище")
    assert AuditEntry.objects.count() == before


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        (
            {"code": "labour migration"},
            "The topic code labour migration may hold only letters, digits, hyphens and underscores.",
        ),
        ({"code": ""}, "Give the code of the topic."),
        ({"name_ru": " "}, "Give the name of the topic in English and Russian."),
        ({"position": -1}, "The position must be a whole number from 0 to 32767."),
    ],
    ids=["space-in-code", "no-code", "no-ru", "negative-position"],
)
def test_a_bad_topic_is_refused(clerk, fields, message):
    values = {"code": "asylum", "name_en": "Asylum", "name_ru": "Убежище"} | fields
    with pytest.raises(InvalidInput) as error:
        services.topic_save(actor=clerk, **values)
    assert error.value.text == message
    assert not Topic.objects.exists()
