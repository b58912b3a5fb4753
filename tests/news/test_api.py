"""GET /api/v1/news and /api/v1/news/{slug}: the published news in both languages."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from tests.factories.news import NewsItemFactory

pytestmark = pytest.mark.django_db


def test_the_list_holds_published_items_newest_first_with_both_languages(api_get):
    now = timezone.now()
    NewsItemFactory(slug="old", publish_at=now - dt.timedelta(days=3))
    NewsItemFactory(slug="new", publish_at=now - dt.timedelta(days=1), english_only=True)
    NewsItemFactory(slug="draft", draft=True)
    NewsItemFactory(slug="later", scheduled=True)

    response = api_get("/news")

    assert response.status_code == 200
    body = response.json()
    assert body["total"] == 2
    assert [item["slug"] for item in body["items"]] == ["new", "old"]
    new, old = body["items"]
    assert new["languages"] == ["en"]
    assert new["title_ru"] == ""
    assert new["url_ru"] is None
    assert old["languages"] == ["en", "ru"]
    assert old["body_ru"].startswith("Группа поддержки")
    assert old["url_ru"].endswith("/ru/news/old/")


def test_the_list_pages_with_limit_and_offset(api_get):
    for _ in range(5):
        NewsItemFactory()

    body = api_get("/news?limit=2&offset=4").json()

    assert (body["total"], body["limit"], body["offset"], len(body["items"])) == (5, 2, 4, 1)


@pytest.mark.parametrize("query", ["limit=0", "limit=101", "offset=-1"])
def test_a_wrong_page_is_refused(api_get, query):
    response = api_get(f"/news?{query}")

    assert response.status_code == 400
    assert response.json()["detail"]


def test_one_item(api_get):
    NewsItemFactory(slug="baku", title_en="Meeting in Baku", summary_en="In **short**")

    body = api_get("/news/baku").json()

    assert body["title_en"] == "Meeting in Baku"
    assert body["summary_en"] == "In short"


@pytest.mark.parametrize("traits", [{"draft": True}, {"scheduled": True}])
def test_drafts_and_scheduled_items_are_not_found(api_get, traits):
    NewsItemFactory(slug="hidden", **traits)

    response = api_get("/news/hidden")

    assert response.status_code == 404
    assert "hidden" in response.json()["detail"]


def test_the_list_takes_few_queries(api_get, django_assert_max_num_queries):
    for _ in range(10):
        NewsItemFactory()

    with django_assert_max_num_queries(3):
        assert api_get("/news").status_code == 200
