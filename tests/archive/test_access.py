"""Who reads which documents, and who writes to the archive: each role's allow and deny."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from almaty.archive import access, search, services
from almaty.archive.choices import Access
from almaty.archive.models import Document, DocumentVersion, GlossaryTerm, MediaItem, Topic
from almaty.core.errors import NotFoundOrForbidden, PermissionDenied
from almaty.core.models import AuditEntry
from tests.factories.accounts import RoleAssignmentFactory, RoleFactory, UserFactory
from tests.factories.archive import (
    DocumentFactory,
    DocumentVersionFactory,
    GlossaryTermFactory,
    MediaItemFactory,
    SearchSpy,
    TopicFactory,
)
from tests.factories.process import StateFactory

LEVELS = [Access.PUBLIC, Access.MEMBERS, Access.DRAFT]
READS = {
    "anonymous": {Access.PUBLIC},
    "coordinator": {Access.PUBLIC, Access.MEMBERS},
    "statistician": {Access.PUBLIC, Access.MEMBERS},
    "former_support_unit": {Access.PUBLIC},
    "support_unit": {Access.PUBLIC, Access.MEMBERS, Access.DRAFT},
}
CASES = [(who, level, level in levels) for who, levels in READS.items() for level in LEVELS]


def _holder(role: str, state: str | None = None, **dates: dt.date):
    user = UserFactory()
    RoleAssignmentFactory(
        user=user,
        role=RoleFactory(code=role),
        state=StateFactory(iso3=state, iso2=state[:2], numeric=417) if state else None,
        **dates,
    )
    return user


@pytest.fixture
def person(db):
    """A user of each kind (role rows made directly: the reference data is not needed here)."""

    def make(who: str):
        today = timezone.localdate()
        return {
            "anonymous": lambda: AnonymousUser(),
            "coordinator": lambda: _holder("national_coordinator", "KGZ"),
            "statistician": lambda: _holder("statistician"),
            "support_unit": lambda: _holder("support_unit"),
            "former_support_unit": lambda: _holder(
                "support_unit",
                valid_from=today - dt.timedelta(days=400),
                valid_to=today - dt.timedelta(days=1),
            ),
        }[who]()

    return make


@pytest.fixture(autouse=True)
def _no_index(monkeypatch: pytest.MonkeyPatch) -> None:
    spy = SearchSpy()
    monkeypatch.setattr(search, "index_version", spy.index_version)
    monkeypatch.setattr(search, "unindex_version", spy.unindex_version)


# --- reading ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("who", list(READS))
def test_each_role_sees_the_documents_of_its_levels(person, who):
    documents = {level: DocumentFactory(access=level) for level in LEVELS}
    visible = set(access.documents_visible_to(person(who)))
    assert visible == {documents[level] for level in READS[who]}


@pytest.mark.parametrize(("who", "level", "allowed"), CASES)
def test_a_document_by_id_is_given_or_refused(person, who, level, allowed):
    document = DocumentFactory(access=level)
    DocumentVersionFactory(document=document)
    user = person(who)
    if allowed:
        found = access.access_document_by_id(user=user, document_id=document.pk)
        assert found == document
        assert access.can_read_document(user, document)
    else:
        with pytest.raises(NotFoundOrForbidden) as error:
            access.access_document_by_id(user=user, document_id=document.pk)
        assert error.value.text == f"No document {document.pk}."
        assert not access.can_read_document(user, document)


@pytest.mark.parametrize(("who", "level", "allowed"), CASES)
def test_a_version_by_id_follows_its_document(person, who, level, allowed):
    version = DocumentVersionFactory(document=DocumentFactory(access=level))
    if allowed:
        assert access.access_version_by_id(user=person(who), version_id=version.pk) == version
    else:
        with pytest.raises(NotFoundOrForbidden, match=f"No document version {version.pk}."):
            access.access_version_by_id(user=person(who), version_id=version.pk)


@pytest.mark.parametrize("missing", [999999, "999999", "abc", "-1", ""])
def test_a_missing_document_looks_like_a_forbidden_one(person, missing):
    with pytest.raises(NotFoundOrForbidden) as error:
        access.access_document_by_id(user=person("support_unit"), document_id=missing)
    assert error.value.text == f"No document {missing}."
    assert error.value.status == 404


def test_a_document_comes_with_its_versions_in_one_go(person, django_assert_num_queries):
    document = DocumentFactory(access=Access.PUBLIC)
    DocumentVersionFactory(document=document, language="en")
    DocumentVersionFactory(document=document, language="ru")
    found = access.access_document_by_id(user=AnonymousUser(), document_id=document.pk)
    with django_assert_num_queries(0):
        assert [v.language for v in found.versions.all()] == ["en", "ru"]
        assert found.version_in("ru") is not None


@pytest.mark.parametrize(
    ("who", "allowed"),
    [(who, who == "support_unit") for who in READS],
)
def test_only_the_support_unit_may_edit_the_archive(person, who, allowed):
    assert access.can_edit_archive(person(who)) is allowed


# --- writing ------------------------------------------------------------------------------------------

WRITES = {
    "document_create": lambda actor, rows: services.document_create(
        actor=actor, kind="report", issued_on=dt.date(2020, 1, 1)
    ),
    "document_update": lambda actor, rows: services.document_update(
        actor=actor, document=rows["document"], access=Access.PUBLIC
    ),
    "version_save": lambda actor, rows: services.version_save(
        actor=actor, document=rows["document"], language="ru", title="Доклад", text="Текст."
    ),
    "version_set_status": lambda actor, rows: services.version_set_status(
        actor=actor, version=rows["version"], status="final"
    ),
    "version_remove": lambda actor, rows: services.version_remove(
        actor=actor, version=rows["version"]
    ),
    "media_item_save": lambda actor, rows: services.media_item_save(
        actor=actor,
        outlet="AKIpress",
        published_on=dt.date(2024, 1, 1),
        language="ru",
        headline="News",
    ),
    "media_item_remove": lambda actor, rows: services.media_item_remove(
        actor=actor, item=rows["item"]
    ),
    "glossary_term_save": lambda actor, rows: services.glossary_term_save(
        actor=actor, term_en="visa", term_ru="виза"
    ),
    "glossary_term_remove": lambda actor, rows: services.glossary_term_remove(
        actor=actor, term=rows["term"]
    ),
    "topic_save": lambda actor, rows: services.topic_save(
        actor=actor, code="new", name_en="New", name_ru="Новая"
    ),
}


def _rows() -> dict:
    document = DocumentFactory(access=Access.DRAFT)
    return {
        "document": document,
        "version": DocumentVersionFactory(document=document, status="draft"),
        "item": MediaItemFactory(),
        "term": GlossaryTermFactory(),
        "topic": TopicFactory(),
    }


def _everything() -> list:
    return [
        list(model.objects.order_by("pk").values())
        for model in (Document, DocumentVersion, MediaItem, GlossaryTerm, Topic)
    ] + [AuditEntry.objects.count()]


@pytest.mark.parametrize("write", list(WRITES))
@pytest.mark.parametrize("who", ["anonymous", "coordinator", "statistician", "former_support_unit"])
def test_a_write_by_anyone_but_the_support_unit_is_refused_and_changes_nothing(person, who, write):
    rows = _rows()
    actor = person(who)
    before = _everything()
    with pytest.raises(PermissionDenied) as error:
        WRITES[write](actor, rows)
    assert "Support Unit" in error.value.text
    assert _everything() == before


@pytest.mark.parametrize("write", list(WRITES))
def test_a_write_by_the_support_unit_is_done_and_audited(person, write):
    rows = _rows()
    actor = person("support_unit")
    before = AuditEntry.objects.count()
    WRITES[write](actor, rows)
    assert AuditEntry.objects.count() == before + 1
    assert AuditEntry.objects.order_by("-sequence").first().actor == actor


def test_a_former_support_unit_member_is_told_when_the_role_ended(person):
    with pytest.raises(PermissionDenied, match="ended on"):
        WRITES["topic_save"](person("former_support_unit"), {})


def test_the_roles_of_the_reference_data_give_the_same_answers(user_with_role):
    drafts = DocumentFactory(access=Access.DRAFT)
    members = DocumentFactory(access=Access.MEMBERS)
    coordinator = user_with_role("national_coordinator", "KAZ")
    support_unit = user_with_role("support_unit")
    assert set(access.documents_visible_to(coordinator)) == {members}
    assert set(access.documents_visible_to(support_unit)) == {drafts, members}
    assert access.can_edit_archive(support_unit)
    assert not access.can_edit_archive(coordinator)
