"""The members map, a State's page, statistics and the home page's new parts in Russian (texts
from the Russian catalogue)."""

from __future__ import annotations

import datetime as dt
import re
import xml.etree.ElementTree as ET

import pytest

from almaty.portal import indicators
from tests.portal.page import parse
from tests.portal.page import svg as svg_element

SVG = "{http://www.w3.org/2000/svg}"
CYRILLIC = re.compile("[\u0430-\u044f\u0451]", re.IGNORECASE)


def russian(text: str) -> bool:
    return bool(CYRILLIC.search(text)) and not re.search("[a-z]{3,}", text, re.IGNORECASE)


@pytest.fixture(autouse=True)
def _today(time_machine):
    time_machine.move_to(dt.datetime(2026, 1, 15, 9, 0, tzinfo=dt.UTC), tick=False)


def map_svg(client) -> ET.Element:
    return svg_element(client.get("/ru/states/").content)


def test_the_map_is_titled_and_described_in_russian(client, reference):
    svg = map_svg(client)

    assert svg.find(f"{SVG}title").text == "Карта государств — участников Алматинского процесса"
    assert russian(svg.find(f"{SVG}desc").text)


def test_the_map_links_name_the_state_and_status_in_russian(client, reference):
    titles = {
        a.get("data-iso3"): a.find(f"{SVG}title").text for a in map_svg(client).iter(f"{SVG}a")
    }

    assert titles["KGZ"] == "Кыргызстан: государство-член"
    assert titles["PAK"] == "Пакистан: государство-наблюдатель"
    assert titles["CHN"] == "Китай: государство-гость"


def test_the_map_legend_is_in_russian(client, reference):
    legend = map_svg(client).find(f"{SVG}g[@class='legend']")

    assert [t.text for t in legend.iter(f"{SVG}text")] == [
        "Государство-член",
        "Государство-наблюдатель",
        "Государство-гость",
        "Другая страна",
    ]


def test_a_state_page_gives_its_status_in_russian(client, reference):
    page = parse(client.get("/ru/states/KGZ/").content)

    assert page.find("h1").text == "Кыргызстан"
    assert page.find("p", class_="status").text == (
        "Государство — член Алматинского процесса с 5 июня 2013."
    )


@pytest.mark.parametrize(
    "section", ["coordinator", "chair-terms", "meetings", "documents", "statistics"]
)
def test_a_state_page_heads_its_sections_in_russian(client, reference, section):
    page = parse(client.get("/ru/states/KGZ/").content)

    assert russian(page.find("section", id=section).find("h2").text)


def test_the_statistics_page_is_in_russian(client, reference, monkeypatch):
    monkeypatch.setattr(indicators, "public_indicators", lambda state=None: [])
    page = parse(client.get("/ru/statistics/").content)

    assert page.find("h1").text == "Статистика"
    assert page.find("p", class_="empty").text == "Статистика появится здесь после её публикации."
    assert page.find("option", value="").text == "Весь регион"


@pytest.mark.parametrize(
    "heading", ["home-chair", "home-meeting", "home-news", "home-decisions", "home-figures"]
)
def test_the_home_sections_are_headed_in_russian(client, reference, heading):
    page = parse(client.get("/ru/").content)

    assert russian(page.find("h2", id=heading).text)


def test_the_home_chart_is_in_russian(client, reference):
    page = parse(client.get("/ru/").content)
    figure = page.find("section", class_="home-figures").find("figure", class_="chart")

    assert figure.find("figcaption").text == "Проведённые встречи по годам"
    assert figure.find("summary").text == "Таблица данных"
