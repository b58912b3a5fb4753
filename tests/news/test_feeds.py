"""The RSS and Atom feeds: valid XML, one language each, only what readers may see."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from tests.factories.news import NewsItemFactory

pytestmark = pytest.mark.django_db
ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture
def news():
    NewsItemFactory(
        slug="both", title_en="Both EN", title_ru="Оба RU", summary_ru="Кратко по-русски"
    )
    NewsItemFactory(slug="en-only", title_en="English only", english_only=True)
    NewsItemFactory(slug="ru-only", title_ru="Только по-русски", russian_only=True)
    NewsItemFactory(slug="draft", title_en="Draft EN", title_ru="Черновик", draft=True)
    NewsItemFactory(slug="later", title_en="Later EN", title_ru="Позже", scheduled=True)


def _rss(client, language):
    response = client.get(f"/{language}/news/feed.rss")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/rss+xml")
    return ET.fromstring(response.content).find("channel")  # noqa: S314 - our own response


def _atom(client, language):
    response = client.get(f"/{language}/news/feed.atom")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    return ET.fromstring(response.content)  # noqa: S314 - our own response


@pytest.mark.parametrize(
    ("language", "titles"),
    [("en", {"Both EN", "English only"}), ("ru", {"Оба RU", "Только по-русски"})],
)
def test_the_rss_feed_holds_the_items_written_in_its_language(client, news, language, titles):
    channel = _rss(client, language)

    assert channel.findtext("language") == language
    assert {item.findtext("title") for item in channel.iter("item")} == titles
    links = {item.findtext("link") for item in channel.iter("item")}
    assert all(f"/{language}/news/" in link for link in links)


@pytest.mark.parametrize(
    ("language", "titles"),
    [("en", {"Both EN", "English only"}), ("ru", {"Оба RU", "Только по-русски"})],
)
def test_the_atom_feed_holds_the_items_written_in_its_language(client, news, language, titles):
    feed = _atom(client, language)

    assert feed.get("{http://www.w3.org/XML/1998/namespace}lang") == language
    assert {entry.findtext(f"{ATOM}title") for entry in feed.iter(f"{ATOM}entry")} == titles


def test_descriptions_are_in_the_feeds_language(client, news):
    channel = _rss(client, "ru")

    descriptions = {
        item.findtext("title"): item.findtext("description") for item in channel.iter("item")
    }
    assert descriptions["Оба RU"] == "Кратко по-русски"


def test_an_empty_feed_is_still_valid(client):
    assert list(_rss(client, "en").iter("item")) == []
