"""The Support Unit's news desk: who may open it, writing, publishing, withdrawing, deleting,
and that no wrong input gives a server error."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from almaty.core.models import AuditEntry
from almaty.news.choices import NewsStatus
from almaty.news.models import NewsItem
from tests.factories.accounts import UserFactory
from tests.factories.news import NewsItemFactory

pytestmark = pytest.mark.django_db

FORM = {
    "title_en": "Senior Officials meet",
    "summary_en": "",
    "body_en": "The **officials** met in Almaty.",
    "title_ru": "",
    "summary_ru": "",
    "body_ru": "",
    "slug": "",
    "meeting": "",
}
PAGES = ["/en/news/desk/", "/en/news/desk/new/", "/en/news/desk/ITEM/"]
ACTIONS = ["publish", "withdraw", "delete"]


def _messages(response):
    return [str(m) for m in response.context["messages"]]


@pytest.mark.parametrize("url", PAGES)
def test_anonymous_readers_are_sent_to_sign_in(client, url):
    response = client.get(url.replace("ITEM", str(NewsItemFactory().pk)))

    assert response.status_code == 302
    assert "sign-in" in response["Location"]


@pytest.mark.parametrize("url", PAGES)
@pytest.mark.parametrize("role", [None, ("national_coordinator", "KAZ")])
def test_the_desk_is_the_support_units(client, user_with_role, url, role):
    client.force_login(user_with_role(*role) if role else UserFactory())

    response = client.get(url.replace("ITEM", str(NewsItemFactory().pk)))

    assert response.status_code == 403
    assert "Only the Support Unit" in response.content.decode()


@pytest.mark.parametrize("action", ACTIONS)
def test_others_cannot_act_on_an_item(client, user_with_role, action):
    client.force_login(user_with_role("national_coordinator", "KAZ"))
    item = NewsItemFactory(draft=action == "delete")

    response = client.post(f"/en/news/desk/{item.pk}/{action}/")

    assert response.status_code == 403
    assert not AuditEntry.objects.filter(message_key__startswith="news.").exists()


def test_the_desk_lists_items_with_status_and_languages(staff):
    NewsItemFactory(title_en="Live", slug="live")
    NewsItemFactory(title_en="Soon", slug="soon", scheduled=True)
    NewsItemFactory(
        title_en="Half", slug="half", draft=True, title_ru="Только заголовок", body_ru=""
    )

    html = staff.get("/en/news/desk/").content.decode()

    assert "Live" in html
    assert "Soon" in html
    assert "Half" in html
    assert "Scheduled" in html
    assert "Draft" in html
    assert "Published" in html
    assert 'data-language="ru" data-state="partial"' in html


def test_the_desk_takes_few_queries(staff, django_assert_max_num_queries):
    for _ in range(10):
        NewsItemFactory()

    with django_assert_max_num_queries(8):
        assert staff.get("/en/news/desk/").status_code == 200


def test_writing_an_item_saves_a_draft_and_goes_to_its_page(staff):
    response = staff.post("/en/news/desk/new/", FORM, follow=True)

    item = NewsItem.objects.get()
    assert item.status == NewsStatus.DRAFT
    assert item.slug == "senior-officials-meet"
    assert response.redirect_chain[-1][0] == f"/en/news/desk/{item.pk}/"
    assert "The news item is saved as a draft." in _messages(response)


def test_the_form_has_a_label_for_every_field(staff):
    html = staff.get("/en/news/desk/new/").content.decode()

    for name in FORM:
        assert f'<label for="id_{name}"' in html


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"title_en": "", "body_en": ""}, "at least one language"),
        ({"title_en": "x" * 301}, "at most 300 characters"),
        ({"meeting": "999999"}, "Select a valid choice"),
        ({"meeting": "abc"}, "Select a valid choice"),
        ({"slug": "!!!"}, "no letters or digits"),
    ],
)
def test_wrong_input_is_shown_on_the_form(staff, changes, message):
    response = staff.post("/en/news/desk/new/", FORM | changes)

    assert response.status_code == 400
    assert message in response.content.decode()
    assert not NewsItem.objects.exists()


def test_a_taken_address_is_shown_on_the_form(staff):
    NewsItemFactory(slug="taken")

    response = staff.post("/en/news/desk/new/", FORM | {"slug": "taken"})

    assert response.status_code == 400
    assert "Another news item has the address" in response.content.decode()


def test_editing_changes_the_item(staff):
    item = NewsItemFactory(draft=True, slug="draft")

    response = staff.post(
        f"/en/news/desk/{item.pk}/",
        FORM | {"title_ru": "Встреча", "body_ru": "Текст", "slug": "draft"},
    )

    assert response.status_code == 302
    item.refresh_from_db()
    assert item.languages() == ["en", "ru"]
    assert item.title_en == FORM["title_en"]


def test_the_edit_page_shows_the_item(staff):
    item = NewsItemFactory(title_en="Old title")

    html = staff.get(f"/en/news/desk/{item.pk}/").content.decode()

    assert 'value="Old title"' in html
    assert "Withdraw" in html


def test_publishing_now(staff):
    item = NewsItemFactory(draft=True)

    response = staff.post(f"/en/news/desk/{item.pk}/publish/", {"publish_at": ""}, follow=True)

    item.refresh_from_db()
    assert item.is_public()
    assert "The news item is published." in _messages(response)


def test_scheduling(staff):
    item = NewsItemFactory(draft=True)
    later = timezone.localtime() + dt.timedelta(days=2)

    response = staff.post(
        f"/en/news/desk/{item.pk}/publish/",
        {"publish_at": later.strftime("%Y-%m-%dT%H:%M")},
        follow=True,
    )

    item.refresh_from_db()
    assert item.is_scheduled
    assert any("will be published on" in m for m in _messages(response))


@pytest.mark.parametrize("value", ["tomorrow", "2030-13-45T99:99", "0000-00-00T00:00", "x" * 5000])
def test_a_wrong_moment_is_told_and_changes_nothing(staff, value):
    item = NewsItemFactory(draft=True)

    response = staff.post(f"/en/news/desk/{item.pk}/publish/", {"publish_at": value}, follow=True)

    assert response.status_code == 200
    assert any("YYYY-MM-DD HH:MM" in m for m in _messages(response))
    item.refresh_from_db()
    assert item.status == NewsStatus.DRAFT


def test_withdrawing(staff):
    item = NewsItemFactory()

    response = staff.post(f"/en/news/desk/{item.pk}/withdraw/", follow=True)

    item.refresh_from_db()
    assert item.status == NewsStatus.DRAFT
    assert "The news item is withdrawn; it is a draft again." in _messages(response)


def test_withdrawing_a_draft_is_told_not_failed(staff):
    item = NewsItemFactory(draft=True)

    response = staff.post(f"/en/news/desk/{item.pk}/withdraw/", follow=True)

    assert response.status_code == 200
    assert "This news item is not published." in _messages(response)


def test_deleting_a_draft(staff):
    item = NewsItemFactory(draft=True)

    response = staff.post(f"/en/news/desk/{item.pk}/delete/", follow=True)

    assert not NewsItem.objects.exists()
    assert response.redirect_chain[-1][0] == "/en/news/desk/"


def test_deleting_a_published_item_is_refused(staff):
    item = NewsItemFactory()

    response = staff.post(f"/en/news/desk/{item.pk}/delete/", follow=True)

    assert NewsItem.objects.filter(pk=item.pk).exists()
    assert any("withdraw" in m for m in _messages(response))


@pytest.mark.parametrize(
    "url",
    ["/en/news/desk/999999/", *[f"/en/news/desk/999999/{a}/" for a in ACTIONS]],
)
def test_an_unknown_item_is_not_found(staff, url):
    response = staff.post(url, FORM)

    assert response.status_code == 404


@pytest.mark.parametrize("action", ACTIONS)
def test_actions_answer_only_posts(staff, action):
    item = NewsItemFactory()

    assert staff.get(f"/en/news/desk/{item.pk}/{action}/").status_code == 405
