"""Writing news: drafts, changes, publication now or later, withdrawal, deletion; who may."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from almaty.core.errors import InvalidInput, NotFoundOrForbidden, PermissionDenied
from almaty.core.models import AuditEntry
from almaty.news import services
from almaty.news.choices import NewsStatus
from almaty.news.models import NewsItem
from tests.factories.accounts import UserFactory
from tests.factories.meetings import MeetingFactory
from tests.factories.news import NewsItemFactory

pytestmark = pytest.mark.django_db


def _entries(key: str) -> list[AuditEntry]:
    return list(AuditEntry.objects.filter(message_key=key))


def test_a_new_item_is_an_audited_draft_with_an_address_from_its_english_title(editor):
    item = services.news_item_create(
        actor=editor,
        title_en="Senior Officials meet in Almaty",
        body_en="Text.",
        title_ru="Встреча",
    )

    assert item.status == NewsStatus.DRAFT
    assert item.slug == "senior-officials-meet-in-almaty"
    assert item.created_by == editor
    [entry] = _entries("news.created")
    assert entry.params == {"title": "Senior Officials meet in Almaty"}
    assert entry.actor_id == editor.pk
    assert entry.object_id == str(item.pk)


def test_a_russian_only_item_gets_a_transliterated_address(editor):
    item = services.news_item_create(
        actor=editor, title_ru="Заседание в Душанбе: щедрые итоги", body_ru="Текст."
    )

    assert item.slug == "zasedanie-v-dushanbe-shchedrye-itogi"
    assert item.languages() == ["ru"]


def test_a_generated_address_that_is_taken_gets_a_number(editor):
    NewsItemFactory(slug="annual-meeting")

    item = services.news_item_create(actor=editor, title_en="Annual meeting", body_en="Text.")

    assert item.slug == "annual-meeting-2"


@pytest.mark.parametrize("title", ["Desk", "Feed"])
def test_a_title_never_takes_an_address_of_the_news_pages(editor, title):
    item = services.news_item_create(actor=editor, title_en=title, body_en="Text.")

    assert item.slug == f"{title.lower()}-2"


def test_an_address_the_editor_chose_is_refused_when_taken(editor):
    NewsItemFactory(slug="annual-meeting")

    with pytest.raises(InvalidInput, match="annual-meeting"):
        services.news_item_create(
            actor=editor, title_en="Other", body_en="Text.", slug="Annual Meeting"
        )
    assert not _entries("news.created")


@pytest.mark.parametrize(
    "texts",
    [
        {},
        {"title_en": "Only a title"},
        {"body_ru": "Только текст"},
        {"title_en": "   ", "body_en": "  "},
        {"title_en": "English title", "body_ru": "Русский текст"},
    ],
)
def test_an_item_needs_a_title_and_a_text_in_one_language(editor, texts):
    with pytest.raises(InvalidInput, match="at least one language"):
        services.news_item_create(actor=editor, **texts)
    assert not NewsItem.objects.exists()


def test_a_title_longer_than_its_column_is_refused(editor):
    with pytest.raises(InvalidInput, match="at most 300 characters"):
        services.news_item_create(actor=editor, title_en="x" * 301, body_en="Text.")


def test_an_unknown_meeting_is_refused(editor):
    with pytest.raises(InvalidInput, match="No meeting 999999"):
        services.news_item_create(actor=editor, title_en="T", body_en="B", meeting=999999)


def test_an_item_may_name_its_meeting(editor):
    meeting = MeetingFactory()

    item = services.news_item_create(actor=editor, title_en="T", body_en="B", meeting=meeting.pk)

    assert item.meeting == meeting


def test_a_change_is_audited_with_the_fields_that_changed(editor):
    item = NewsItemFactory(draft=True)

    services.news_item_update(
        actor=editor, item=item, title_ru="Новый заголовок", body_en=item.body_en
    )

    item.refresh_from_db()
    assert item.title_ru == "Новый заголовок"
    [entry] = _entries("news.changed")
    assert entry.params["fields"] == "title_ru"


def test_a_change_that_changes_nothing_writes_no_entry(editor):
    item = NewsItemFactory(draft=True)

    services.news_item_update(actor=editor, item=item, title_en=item.title_en)

    assert not _entries("news.changed")


def test_a_change_may_not_remove_the_last_language(editor):
    item = NewsItemFactory(draft=True, english_only=True)

    with pytest.raises(InvalidInput, match="at least one language"):
        services.news_item_update(actor=editor, item=item, body_en="")
    item.refresh_from_db()
    assert item.body_en


def test_an_unknown_field_is_refused(editor):
    with pytest.raises(InvalidInput, match="status"):
        services.news_item_update(actor=editor, item=NewsItemFactory(), status="published")


def test_a_drafts_address_may_change(editor):
    item = NewsItemFactory(draft=True, slug="first")

    services.news_item_update(actor=editor, item=item, slug="second")

    item.refresh_from_db()
    assert item.slug == "second"


def test_the_address_is_fixed_once_published_even_after_withdrawal(editor):
    item = NewsItemFactory(slug="cited")
    services.news_item_unpublish(actor=editor, item=item)

    with pytest.raises(InvalidInput, match="cannot change once it has been published"):
        services.news_item_update(actor=editor, item=item, slug="other")
    item.refresh_from_db()
    assert item.slug == "cited"


def test_publishing_now_shows_the_item_and_is_audited(editor):
    item = NewsItemFactory(draft=True)

    item = services.news_item_publish(actor=editor, item=item)

    assert item.status == NewsStatus.PUBLISHED
    assert item.is_public()
    assert item.first_published_at == item.publish_at
    [entry] = _entries("news.published")
    assert entry.params["title"] == item.title_en
    assert entry.params["publish_at"]


def test_publishing_at_a_later_moment_schedules_the_item(editor):
    later = timezone.now() + dt.timedelta(days=3)

    item = services.news_item_publish(
        actor=editor, item=NewsItemFactory(draft=True), publish_at=later
    )

    assert item.status == NewsStatus.PUBLISHED
    assert item.is_scheduled
    assert not item.is_public()


@pytest.mark.parametrize("text", ["2030-05-01T10:00", "2030-05-01 10:00", "2030-05-01T10:00+05:00"])
def test_the_moment_may_be_given_as_text(editor, text):
    item = services.news_item_publish(
        actor=editor, item=NewsItemFactory(draft=True), publish_at=text
    )

    assert item.publish_at.year == 2030
    assert timezone.is_aware(item.publish_at)


@pytest.mark.parametrize("text", ["tomorrow", "2030-13-01T10:00", "01/05/2030", "2030-02-30 10:00"])
def test_a_moment_that_cannot_be_read_is_refused(editor, text):
    item = NewsItemFactory(draft=True)

    with pytest.raises(InvalidInput, match="not a date and time"):
        services.news_item_publish(actor=editor, item=item, publish_at=text)
    item.refresh_from_db()
    assert item.status == NewsStatus.DRAFT
    assert not _entries("news.published")


def test_withdrawing_makes_a_draft_again(editor):
    item = NewsItemFactory()

    item = services.news_item_unpublish(actor=editor, item=item)

    assert item.status == NewsStatus.DRAFT
    assert not item.is_public()
    assert len(_entries("news.unpublished")) == 1


def test_a_draft_cannot_be_withdrawn(editor):
    with pytest.raises(InvalidInput, match="not published"):
        services.news_item_unpublish(actor=editor, item=NewsItemFactory(draft=True))


def test_a_draft_can_be_deleted_and_the_deletion_is_audited(editor):
    item = NewsItemFactory(draft=True)
    title = item.title_en

    services.news_item_delete(actor=editor, item=item)

    assert not NewsItem.objects.exists()
    [entry] = _entries("news.deleted")
    assert entry.params == {"title": title}


@pytest.mark.parametrize("traits", [{}, {"scheduled": True}])
def test_a_published_or_scheduled_item_cannot_be_deleted(editor, traits):
    item = NewsItemFactory(**traits)

    with pytest.raises(InvalidInput, match="withdraw"):
        services.news_item_delete(actor=editor, item=item)
    assert NewsItem.objects.filter(pk=item.pk).exists()


def test_an_item_deleted_meanwhile_is_not_found(editor):
    item = NewsItemFactory(draft=True)
    NewsItem.objects.filter(pk=item.pk).delete()

    with pytest.raises(NotFoundOrForbidden):
        services.news_item_publish(actor=editor, item=item)


# --- who may -------------------------------------------------------------------------------------


def _calls(item):
    return {
        "create": lambda actor: services.news_item_create(actor=actor, title_en="T", body_en="B"),
        "update": lambda actor: services.news_item_update(actor=actor, item=item, title_en="X"),
        "publish": lambda actor: services.news_item_publish(actor=actor, item=item),
        "unpublish": lambda actor: services.news_item_unpublish(actor=actor, item=item),
        "delete": lambda actor: services.news_item_delete(actor=actor, item=item),
    }


@pytest.mark.parametrize("call", ["create", "update", "publish", "unpublish", "delete"])
@pytest.mark.parametrize("who", ["nobody", "no role", "coordinator", "former support unit"])
def test_only_the_support_unit_writes_news(user_with_role, call, who):
    item = NewsItemFactory(draft=call == "delete")
    today = timezone.localdate()
    actor = {
        "nobody": lambda: None,
        "no role": UserFactory,
        "coordinator": lambda: user_with_role("national_coordinator", "KAZ"),
        "former support unit": lambda: user_with_role(
            "support_unit",
            valid_from=today - dt.timedelta(days=60),
            valid_to=today - dt.timedelta(days=1),
        ),
    }[who]()
    before = (NewsItem.objects.count(), AuditEntry.objects.count())

    with pytest.raises(PermissionDenied):
        _calls(item)[call](actor)

    item.refresh_from_db()
    assert (NewsItem.objects.count(), AuditEntry.objects.count()) == before
    assert item.title_en != "X"
