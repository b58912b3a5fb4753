"""Editing and publishing pages: Support Unit only, audited, scheduled by date."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from almaty.core.audit_messages import render
from almaty.core.errors import InvalidInput, PermissionDenied
from almaty.core.models import AuditEntry
from almaty.pages import selectors, services
from almaty.pages.choices import PageKey, PageStatus
from almaty.pages.models import Page
from tests.factories.accounts import UserFactory
from tests.factories.pages import PageFactory

pytestmark = pytest.mark.django_db

TEXTS = {
    "title_en": "Contact",
    "title_ru": "Контакты",
    "body_en": "Write to us.",
    "body_ru": "Напишите нам.",
}


def last_entry() -> AuditEntry:
    return AuditEntry.objects.order_by("-sequence").first()


def test_the_reference_data_creates_the_three_pages_published_in_both_languages(reference):
    pages = {p.key: p for p in Page.objects.all()}

    assert sorted(pages) == sorted(PageKey.values)
    assert all(p.languages == ["en", "ru"] and p.is_live() for p in pages.values())


def test_a_second_load_keeps_what_the_support_unit_wrote(reference, clerk):
    from almaty.process.services import reference_load

    page = Page.objects.get(key=PageKey.ABOUT)
    services.page_save(actor=clerk, page=page, **{**TEXTS, "title_en": "Our own title"})
    reference_load(force=True)

    assert Page.objects.get(key=PageKey.ABOUT).title_en == "Our own title"


def test_saving_changes_both_languages_and_writes_the_audit_entry(reference, clerk):
    page = PageFactory(title_ru="", body_ru="")

    saved = services.page_save(actor=clerk, page=page, **TEXTS)

    saved.refresh_from_db()
    assert (saved.title_ru, saved.body_ru, saved.updated_by) == ("Контакты", "Напишите нам.", clerk)
    entry = last_entry()
    assert (entry.message_key, entry.actor) == ("page.saved", clerk)
    assert render(entry.message_key, entry.params) == (
        "The page contact was saved; languages ready: en, ru."
    )


def test_a_language_needs_both_its_title_and_its_text(reference, clerk):
    page = PageFactory()

    with pytest.raises(InvalidInput, match="Give both the Russian title and the Russian text"):
        services.page_save(actor=clerk, page=page, **{**TEXTS, "body_ru": "  "})
    page.refresh_from_db()
    assert page.body_ru == "Пишите в **Группу поддержки**."


def test_a_published_page_cannot_lose_every_language(reference, clerk):
    page = PageFactory()
    empty = dict.fromkeys(TEXTS, "")

    with pytest.raises(InvalidInput, match="at least one language"):
        services.page_save(actor=clerk, page=page, **empty)


@pytest.mark.parametrize("who", ["anonymous", "coordinator", "no_role"])
def test_only_the_support_unit_edits_and_publishes(reference, who, coordinator):
    from django.contrib.auth.models import AnonymousUser

    actor = {"anonymous": AnonymousUser(), "coordinator": coordinator, "no_role": UserFactory()}[
        who
    ]
    page = PageFactory(status=PageStatus.DRAFT, publish_at=None)
    before = AuditEntry.objects.count()

    with pytest.raises(PermissionDenied):
        services.page_save(actor=actor, page=page, **TEXTS)
    with pytest.raises(PermissionDenied):
        services.page_publish(actor=actor, page=page)
    with pytest.raises(PermissionDenied):
        services.page_unpublish(actor=actor, page=page)
    assert AuditEntry.objects.count() == before
    page.refresh_from_db()
    assert page.status == PageStatus.DRAFT


def test_publishing_now_shows_the_page_at_once(reference, clerk):
    page = PageFactory(status=PageStatus.DRAFT, publish_at=None)

    services.page_publish(actor=clerk, page=page)

    assert selectors.live_page(PageKey.CONTACT) == page
    assert last_entry().message_key == "page.published"


def test_a_scheduled_page_shows_only_once_its_time_has_come(reference, clerk):
    page = PageFactory(status=PageStatus.DRAFT, publish_at=None)
    when = timezone.now() + dt.timedelta(days=2)

    services.page_publish(actor=clerk, page=page, publish_at=when)

    assert selectors.live_page(PageKey.CONTACT) is None
    assert selectors.live_page(PageKey.CONTACT, now=when - dt.timedelta(seconds=1)) is None
    assert selectors.live_page(PageKey.CONTACT, now=when) == page
    assert last_entry().params == {"page": "contact", "publish_at": when.isoformat()}


def test_a_naive_publication_time_is_refused(reference, clerk):
    page = PageFactory(status=PageStatus.DRAFT, publish_at=None)

    with pytest.raises(InvalidInput, match="time zone"):
        services.page_publish(actor=clerk, page=page, publish_at=dt.datetime(2030, 1, 1, 9, 0))


def test_a_page_without_any_language_cannot_be_published(reference, clerk):
    page = PageFactory(status=PageStatus.DRAFT, publish_at=None, title_en="", body_en="")
    page.title_ru = page.body_ru = ""
    page.save()

    with pytest.raises(InvalidInput, match="at least one language"):
        services.page_publish(actor=clerk, page=page)


def test_unpublishing_takes_the_page_off_the_portal(reference, clerk):
    page = PageFactory()

    services.page_unpublish(actor=clerk, page=page)

    page.refresh_from_db()
    assert (page.status, page.publish_at) == (PageStatus.DRAFT, None)
    assert selectors.live_page(PageKey.CONTACT) is None
    assert last_entry().message_key == "page.unpublished"


def test_a_draft_cannot_be_unpublished(reference, clerk):
    page = PageFactory(status=PageStatus.DRAFT, publish_at=None)

    with pytest.raises(InvalidInput, match="is not published, so it cannot be taken back to draft"):
        services.page_unpublish(actor=clerk, page=page)
