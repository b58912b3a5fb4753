"""The public news pages in both languages: the list, an item, what is not shown."""

from __future__ import annotations

import datetime as dt
import re

import pytest
import time_machine
from django.utils import timezone

from tests.factories.news import NewsItemFactory

pytestmark = pytest.mark.django_db


def _titles(html: str) -> list[str]:
    return re.findall(r"<h2[^>]*><a [^>]*>([^<]+)</a>", html)


def test_the_list_shows_published_news_newest_first(client):
    now = timezone.now()
    NewsItemFactory(title_en="Older", publish_at=now - dt.timedelta(days=5))
    NewsItemFactory(title_en="Newer", publish_at=now - dt.timedelta(days=1))

    response = client.get("/en/news/")

    assert response.status_code == 200
    assert _titles(response.content.decode()) == ["Newer", "Older"]


def test_the_list_leaves_out_drafts_and_scheduled_items(client):
    NewsItemFactory(title_en="Shown")
    NewsItemFactory(title_en="A draft", draft=True)
    NewsItemFactory(title_en="Not yet", scheduled=True)

    html = client.get("/en/news/").content.decode()

    assert _titles(html) == ["Shown"]


def test_an_item_missing_in_the_readers_language_is_marked_not_mixed_in(client):
    NewsItemFactory(title_en="English news", english_only=True)

    html = client.get("/ru/news/").content.decode()

    assert re.search(
        r'<h2 lang="en"><a href="/en/news/[^"]+/" hreflang="en">English news</a>', html
    )
    assert 'data-other-language="en"' in html


def test_the_list_is_paginated(client):
    for _ in range(12):
        NewsItemFactory()

    first = client.get("/en/news/").content.decode()
    second = client.get("/en/news/?page=2").content.decode()

    assert len(_titles(first)) == 10
    assert len(_titles(second)) == 2
    assert 'rel="next"' in first


@pytest.mark.parametrize("page", ["0", "abc", "999", "-1", "1.5"])
def test_a_bad_page_number_still_shows_a_page(client, page):
    NewsItemFactory()

    assert client.get(f"/en/news/?page={page}").status_code == 200


def test_the_list_announces_its_feeds(client):
    html = client.get("/en/news/").content.decode()

    assert '<link rel="alternate" type="application/rss+xml"' in html
    assert 'href="/en/news/feed.rss"' in html
    assert 'href="/en/news/feed.atom"' in html


def test_the_list_takes_few_queries(client, django_assert_max_num_queries):
    for n in range(10):
        NewsItemFactory(english_only=n % 2 == 0)

    with django_assert_max_num_queries(3):
        assert client.get("/ru/news/").status_code == 200


@pytest.mark.parametrize(
    ("language", "title"), [("en", "Meeting in Baku"), ("ru", "Встреча в Баку")]
)
def test_an_item_reads_in_the_language_of_the_address(client, language, title):
    NewsItemFactory(
        slug="baku", title_en="Meeting in Baku", title_ru="Встреча в Баку",
        body_en="The **delegates** met.", body_ru="**Делегаты** встретились.",
    )  # fmt: skip

    html = client.get(f"/{language}/news/baku/").content.decode()

    assert html.count("<h1") == 1
    assert f"<h1>{title}</h1>" in html
    assert "<article" in html
    assert "<time datetime=" in html
    assert ("<strong>delegates</strong>" in html) == (language == "en")
    assert ("<strong>Делегаты</strong>" in html) == (language == "ru")
    assert re.search(rf'<link rel="canonical" href="[^"]*/{language}/news/baku/">', html)


def test_an_item_missing_in_the_readers_language_says_so_and_links_the_other(client):
    NewsItemFactory(slug="only-en", english_only=True, body_en="Secret English body")

    html = client.get("/ru/news/only-en/").content.decode()

    assert 'data-missing="ru"' in html
    assert '<a href="/en/news/only-en/" hreflang="en">' in html
    assert "Secret English body" not in html
    assert re.search(r'<link rel="canonical" href="[^"]*/en/news/only-en/">', html)


def test_the_canonical_address_is_the_readers_language_when_written(client, settings):
    settings.SITE_URL = "https://almaty.example.org"
    NewsItemFactory(slug="both")

    html = client.get("/ru/news/both/").content.decode()

    assert '<link rel="canonical" href="https://almaty.example.org/ru/news/both/">' in html


def test_an_item_names_its_meeting(client):
    from tests.factories.meetings import MeetingFactory

    meeting = MeetingFactory(title_en="Fifth SOM")
    NewsItemFactory(slug="som", meeting=meeting)

    html = client.get("/en/news/som/").content.decode()

    assert f'href="/en/meetings/{meeting.pk}/">Fifth SOM</a>' in html


@pytest.mark.parametrize("traits", [{"draft": True}, {"scheduled": True}])
def test_drafts_and_scheduled_items_are_not_found_by_readers(client, traits):
    NewsItemFactory(slug="hidden", **traits)

    assert client.get("/en/news/hidden/").status_code == 404


def test_an_unknown_address_is_not_found(client):
    assert client.get("/en/news/no-such-item/").status_code == 404


def test_the_support_unit_previews_a_draft(staff):
    NewsItemFactory(slug="hidden", draft=True, title_en="Preview me")

    response = staff.get("/en/news/hidden/")

    assert response.status_code == 200
    assert 'data-preview="draft"' in response.content.decode()


@pytest.mark.parametrize("role", [None, ("national_coordinator", "KAZ")])
def test_other_signed_in_users_do_not_see_drafts(client, user_with_role, role):
    from tests.factories.accounts import UserFactory

    client.force_login(user_with_role(*role) if role else UserFactory())
    NewsItemFactory(slug="hidden", draft=True)

    assert client.get("/en/news/hidden/").status_code == 404


def test_a_scheduled_item_appears_by_itself_at_its_moment(client):
    moment = timezone.now() + dt.timedelta(hours=2)
    NewsItemFactory(slug="later", title_en="Later news", publish_at=moment)

    assert client.get("/en/news/later/").status_code == 404
    assert "Later news" not in client.get("/en/news/").content.decode()

    with time_machine.travel(moment + dt.timedelta(minutes=11), tick=False):
        assert client.get("/en/news/later/").status_code == 200
        assert "Later news" in client.get("/en/news/").content.decode()


def test_an_item_takes_few_queries(client, django_assert_max_num_queries):
    NewsItemFactory(slug="cheap")

    with django_assert_max_num_queries(2):
        assert client.get("/en/news/cheap/").status_code == 200
