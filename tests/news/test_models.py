"""A news item's languages, titles and summaries; addresses from titles."""

from __future__ import annotations

import re

import pytest
from django.db import IntegrityError
from hypothesis import given
from hypothesis import strategies as st

from almaty.news.models import NewsItem
from almaty.news.slugs import MAX_LENGTH, slug_from, transliterate
from tests.factories.news import NewsItemFactory

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


@given(st.text())
def test_a_slug_is_always_lowercase_ascii_and_short(text):
    slug = slug_from(text)

    assert slug == "" or SLUG.match(slug)
    assert len(slug) <= MAX_LENGTH


@pytest.mark.parametrize(
    ("title", "slug"),
    [
        ("Ministerial Conference, 2013", "ministerial-conference-2013"),
        ("Совещание старших должностных лиц", "soveshchanie-starshikh-dolzhnostnykh-lits"),
        ("Қазақстан және Түркия", "kazakstan-zhane-turkiya"),
        ("Türkiye hosts the 2025 meeting", "turkiye-hosts-the-2025-meeting"),
        ("«»—!?", ""),
    ],
)
def test_slugs_from_english_russian_and_kazakh_titles(title, slug):
    assert slug_from(title) == slug


def test_transliteration_keeps_capitals():
    assert transliterate("Щит Ёлки") == "Shchit Elki"


def test_a_long_title_is_cut_at_a_word():
    slug = slug_from("word " * 40)

    assert len(slug) <= MAX_LENGTH
    assert slug.endswith("word")


@pytest.mark.django_db
def test_a_language_is_available_when_its_title_and_text_are_written():
    item = NewsItemFactory(title_ru="Заголовок", body_ru="")

    assert item.languages() == ["en"]
    assert item.title_in("en") == item.title_en
    assert item.title_in("ru") == ""
    assert item.summary_in("ru") == ""


@pytest.mark.django_db
def test_the_summary_is_plain_text_and_falls_back_to_the_beginning_of_the_text():
    item = NewsItemFactory(
        summary_en="", body_en="## Heading\n\nThe **coordinators** met " + "x " * 400
    )

    summary = item.summary_in("en")

    assert summary.startswith("Heading The coordinators met")
    assert "*" not in summary
    assert "#" not in summary
    assert len(summary) <= 300


@pytest.mark.django_db
def test_a_written_summary_is_preferred():
    item = NewsItemFactory(summary_ru="Кратко: *встреча* в Алматы")

    assert item.summary_in("ru") == "Кратко: встреча в Алматы"


@pytest.mark.django_db
def test_the_database_refuses_an_item_without_any_language():
    with pytest.raises(IntegrityError):
        NewsItem.objects.create(slug="empty", title_en="Title only")


@pytest.mark.django_db
def test_the_database_refuses_a_published_item_without_a_date():
    with pytest.raises(IntegrityError):
        NewsItemFactory(publish_at=None)


@pytest.mark.django_db
def test_the_address_is_in_the_language_asked():
    item = NewsItemFactory(slug="meeting")

    assert item.url_in("en") == "/en/news/meeting/"
    assert item.url_in("ru") == "/ru/news/meeting/"
    assert item.get_absolute_url() == "/en/news/meeting/"
