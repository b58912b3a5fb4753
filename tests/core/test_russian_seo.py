"""The Russian pages' head: description, site name and locale in Russian."""

from __future__ import annotations

import pytest

from tests.portal.page import parse

pytestmark = pytest.mark.django_db


def test_a_russian_page_describes_the_process_in_russian(client):
    head = parse(client.get("/ru/meetings/").content).find("head")

    description = head.find("meta", name="description").attrs["content"]
    assert description.startswith("Алматинский процесс по защите беженцев")
    assert head.find("meta", property="og:description").attrs["content"] == description
    assert head.find("meta", property="og:site_name").attrs["content"] == "Алматинский процесс"
    assert head.find("meta", property="og:locale").attrs["content"] == "ru_RU"
