from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import factory

from almaty.archive.choices import Access, DocumentKind
from almaty.archive.models import Document, DocumentVersion
from almaty.meetings.choices import (
    DelegateStatus,
    Gender,
    ItemKind,
    MeetingKind,
    OutcomeKind,
    SpeakerRole,
)
from almaty.meetings.models import (
    AgendaItem,
    Delegate,
    Material,
    Meeting,
    Outcome,
    Person,
    Speaker,
)
from tests.factories.process import StateFactory


class MeetingFactory(factory.django.DjangoModelFactory):
    """A one-day Senior Officials' Meeting unless told otherwise; `ends_on` follows `starts_on`."""

    class Meta:
        model = Meeting

    kind = MeetingKind.SOM
    title_en = factory.Sequence(lambda n: f"Meeting {n}")
    title_ru = factory.Sequence(lambda n: f"Встреча {n}")
    starts_on = dt.date(2017, 6, 1)
    ends_on = factory.LazyAttribute(lambda o: o.starts_on)
    host_state = None


class PersonFactory(factory.django.DjangoModelFactory):
    """A speaker with no organisation or State unless told otherwise."""

    class Meta:
        model = Person

    name_en = factory.Sequence(lambda n: f"Speaker {n}")
    name_ru = factory.Sequence(lambda n: f"Докладчик {n}")
    position_en = "Head of unit"
    position_ru = "Руководитель отдела"


class AgendaItemFactory(factory.django.DjangoModelFactory):
    """A session on the first day of its meeting; a part of `parent` takes its meeting and day."""

    class Meta:
        model = AgendaItem

    meeting = factory.LazyAttribute(
        lambda o: o.parent.meeting if o.parent is not None else MeetingFactory()
    )
    parent = None
    day = factory.LazyAttribute(
        lambda o: o.parent.day if o.parent is not None else o.meeting.starts_on
    )
    starts_at = None
    ends_at = None
    kind = ItemKind.SESSION
    title_en = factory.Sequence(lambda n: f"Item {n}")
    title_ru = factory.Sequence(lambda n: f"Пункт {n}")
    position = factory.Sequence(lambda n: n)


class SpeakerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Speaker

    item = factory.SubFactory(AgendaItemFactory)
    person = factory.SubFactory(PersonFactory)
    role = SpeakerRole.SPEAKER
    position = 0


class DelegateFactory(factory.django.DjangoModelFactory):
    """A registered delegate of Uzbekistan (personal data: made-up names only)."""

    class Meta:
        model = Delegate

    meeting = factory.SubFactory(MeetingFactory)
    state = factory.SubFactory(StateFactory)
    organisation = None
    full_name = factory.Sequence(lambda n: f"Delegate Number{n}")
    gender = Gender.FEMALE
    position = "Deputy Head"
    email = factory.Sequence(lambda n: f"delegate{n}@example.org")
    is_head = False
    status = DelegateStatus.REGISTERED


def document_with(**versions: str | None) -> Document:
    """A public report with a version per language given (`en="original", ru="draft"`); made
    with the ORM, as the archive's factories belong to the archive tests."""
    document = Document.objects.create(
        kind=DocumentKind.REPORT, issued_on=dt.date(2026, 1, 15), access=Access.PUBLIC
    )
    for language, status in versions.items():
        if status is not None:
            DocumentVersion.objects.create(
                document=document,
                language=language,
                title=f"Report ({language})" if language != "en" else "Annual report",
                status=status,
            )
    return document


def row_counts() -> dict[str, int]:
    """Rows of every meetings table and of the audit log: equal before and after a refused
    write means that nothing changed."""
    from almaty.core.models import AuditEntry

    models = (Meeting, AgendaItem, Speaker, Person, Delegate, Material, Outcome, AuditEntry)
    return {model.__name__: model.objects.count() for model in models}


class MaterialFactory(factory.django.DjangoModelFactory):
    """A material due by its meeting's default circulation date, with a document that has no
    language versions yet (so it cannot be circulated)."""

    class Meta:
        model = Material

    meeting = factory.SubFactory(MeetingFactory)
    document = factory.LazyFunction(document_with)
    due_on = factory.LazyAttribute(lambda o: o.meeting.materials_due_on)
    position = factory.Sequence(lambda n: n)


class OutcomeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Outcome

    meeting = factory.SubFactory(MeetingFactory)
    kind = OutcomeKind.CONCLUDING_REMARKS
    summary_en = "The participants agreed the work plan."
    summary_ru = "Участники согласовали план работы."
    document = None
    position = factory.Sequence(lambda n: n)


# The roles every permission test walks through: who acts, and for which State.
ROLES: dict[str, tuple[str, str | None] | None] = {
    "support_unit": ("support_unit", None),
    "coordinator": ("national_coordinator", "KAZ"),
    "other_coordinator": ("national_coordinator", "UZB"),
    "chair": ("chair", "KGZ"),
    "anonymous": None,
}
NOT_SUPPORT_UNIT = [name for name in ROLES if name != "support_unit"]


def actor_for(name: str, user_with_role: Callable[..., Any]) -> Any:
    """A user holding the role named in ROLES (made with the `user_with_role` fixture)."""
    from django.contrib.auth.models import AnonymousUser

    role = ROLES[name]
    return AnonymousUser() if role is None else user_with_role(*role)
