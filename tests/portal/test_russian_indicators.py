"""The portal's indicators in Russian: names, units and sources from the Russian catalogue."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import translation

from almaty.portal import indicators
from tests.portal.page import parse


@pytest.fixture(autouse=True)
def _today(time_machine):
    time_machine.move_to(dt.datetime(2026, 1, 15, 9, 0, tzinfo=dt.UTC), tick=False)


def test_the_indicators_are_named_in_russian():
    with translation.override("ru"):
        series = indicators.public_indicators("KAZ")

    assert [(s.name, s.unit, s.source) for s in series] == [
        ("Принятые беженцы", "человек", "УВКБ ООН"),
        ("Ходатайства о предоставлении убежища", "человек", "УВКБ ООН"),
        ("Международные мигранты", "человек", "ДЭСВ ООН"),
        ("Полученные денежные переводы", "млн долларов США", "Всемирный банк"),
    ]


def test_each_language_keeps_its_own_names():
    with translation.override("ru"):
        russian = indicators.public_indicators()[0].name
    english = indicators.public_indicators()[0].name

    assert (english, russian) == ("Refugees hosted", "Принятые беженцы")


def test_the_statistics_page_is_in_russian(client, reference):
    page = parse(client.get("/ru/statistics/").content)
    section = page.find_all("section", class_="indicator")[0]

    assert section.find("h3").text == "Принятые беженцы"
    assert "Источник: УВКБ ООН." in section.text
    assert "Единица измерения: человек." in section.text
    assert [th.text for th in section.find("thead").find_all("th")] == ["Период", "Регион"]
