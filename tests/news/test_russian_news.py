"""The news pages, feeds and desk speak Russian at /ru/ (texts from the Russian catalogue)."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest
from django.utils import translation

from almaty.core.audit_messages import render
from almaty.core.errors import InvalidInput
from almaty.news import services
from tests.factories.news import NewsItemFactory

pytestmark = pytest.mark.django_db


def test_the_list_marks_an_english_only_item_in_russian(client):
    NewsItemFactory(english_only=True)

    html = client.get("/ru/news/").content.decode()

    assert "<h1>Новости</h1>" in html
    assert "(только на английском языке)" in html


def test_an_english_only_item_says_so_in_russian_and_links_to_it(client):
    NewsItemFactory(slug="only-en", english_only=True)

    html = client.get("/ru/news/only-en/").content.decode()

    assert "Доступно только на английском языке." in html
    assert '<a href="/en/news/only-en/" hreflang="en">Читать на английском</a>' in html


def test_a_russian_only_item_says_so_in_english(client):
    NewsItemFactory(slug="only-ru", russian_only=True)

    html = client.get("/en/news/only-ru/").content.decode()

    assert "Available in Russian only." in html
    assert '<a href="/ru/news/only-ru/" hreflang="ru">Read it in Russian</a>' in html


def test_the_russian_feed_has_a_russian_title(client):
    feed = client.get("/ru/news/feed.rss").content
    channel = ET.fromstring(feed).find("channel")  # noqa: S314 - our own response

    assert channel.findtext("title") == "Алматинский процесс: новости"
    assert channel.findtext("language") == "ru"


def test_the_desk_shows_errors_in_russian(client, user_with_role):
    client.force_login(user_with_role("support_unit"))

    response = client.post("/ru/news/desk/new/", {"title_en": "", "body_en": ""})

    assert response.status_code == 400
    assert "Напишите заголовок и текст хотя бы на одном языке" in response.content.decode()


def test_the_desk_tells_a_wrong_moment_in_russian(client, user_with_role):
    client.force_login(user_with_role("support_unit"))
    item = NewsItemFactory(draft=True)

    response = client.post(
        f"/ru/news/desk/{item.pk}/publish/", {"publish_at": "завтра"}, follow=True
    )

    assert "Укажите дату и время" in response.content.decode()


def test_the_desk_lists_statuses_in_russian(client, user_with_role):
    client.force_login(user_with_role("support_unit"))
    NewsItemFactory(scheduled=True)
    NewsItemFactory(draft=True)

    html = client.get("/ru/news/desk/").content.decode()

    assert "<h1>Редакция новостей</h1>" in html
    assert "Запланирована" in html
    assert "Черновик" in html


def test_a_refusal_reads_in_russian(editor):
    with pytest.raises(InvalidInput) as refused:
        services.news_item_create(actor=editor, title_en="Only a title")

    with translation.override("ru"):
        assert refused.value.text.startswith("Напишите заголовок и текст")


def test_the_audit_history_of_news_reads_in_russian():
    with translation.override("ru"):
        text = render(
            "news.published", {"title": "Встреча", "publish_at": "2026-05-01T10:00+05:00"}
        )

    assert text == "Новость «Встреча» опубликована с 2026-05-01T10:00+05:00."
