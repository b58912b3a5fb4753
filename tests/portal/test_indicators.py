"""The portal's indicators: real series from the shipped external sources, regional and per
State, drawn on the statistics page and a State's page."""

from __future__ import annotations

import datetime as dt

import polars as pl
import pytest

from almaty.portal import indicators
from almaty.stats.engine import external
from tests.portal.page import parse

SHOWN = ["REFUGEES", "ASYLUM_APPLICATIONS", "MIGRANT_STOCK", "REMITTANCES_IN"]


@pytest.fixture(autouse=True)
def _today(time_machine):
    time_machine.move_to(dt.datetime(2026, 1, 15, 9, 0, tzinfo=dt.UTC), tick=False)


def by_code(series: list[indicators.IndicatorSeries]) -> dict[str, indicators.IndicatorSeries]:
    return {s.code: s for s in series}


def value(series: indicators.IndicatorSeries, period: str) -> float | None:
    return next(p.value for p in series.points if p.period == period)


def shipped(source: str, indicator: str, iso3: str, period: str) -> float:
    frame = external.load(source).filter(
        pl.col("INDICATOR") == indicator,
        pl.col("REF_AREA") == iso3,
        pl.col("TIME_PERIOD") == period,
        pl.col("COUNTERPART_AREA").is_in(["_T", "_Z"]),
        pl.col("SEX").is_in(["_T", "_Z"]),
    )
    return float(frame["OBS_VALUE"].item())


def test_the_region_gets_its_totals_for_each_shown_indicator():
    series = indicators.public_indicators()

    assert [s.code for s in series] == SHOWN
    assert all(p.iso3 is None for s in series for p in s.points)
    assert [s.states for s in series] == [[""]] * 4


def test_each_indicator_says_its_name_unit_and_source():
    series = by_code(indicators.public_indicators())

    assert [(s.name, s.unit, s.source) for s in series.values()] == [
        ("Refugees hosted", "persons", "UNHCR"),
        ("Asylum applications", "persons", "UNHCR"),
        ("International migrants", "persons", "UN DESA"),
        ("Remittances received", "million US$", "World Bank"),
    ]


def test_the_regional_total_is_the_sum_of_the_states():
    states = ["AFG", "AZE", "IRN", "KAZ", "KGZ", "PAK", "TJK", "TKM", "TUR"]
    region = value(by_code(indicators.public_indicators())["REFUGEES"], "2023")

    total = sum(shipped("UNHCR", "REFUGEES", iso3, "2023") for iso3 in states)

    assert region == total
    assert region > 5_000_000  # Afghans in Iran and Pakistan, Syrians in Türkiye


def test_a_state_gets_its_own_values_only():
    series = by_code(indicators.public_indicators("kgz"))

    assert list(series) == SHOWN
    assert {p.iso3 for s in series.values() for p in s.points} == {"KGZ"}
    assert value(series["MIGRANT_STOCK"], "2024") == shipped(
        "UNDESA", "MIGRANT_STOCK", "KGZ", "2024"
    )


def test_remittances_are_shown_in_millions_of_dollars():
    kyrgyzstan = by_code(indicators.public_indicators("KGZ"))["REMITTANCES_IN"]

    assert value(kyrgyzstan, "2023") == 2850.0


def test_a_missing_figure_stays_missing_and_does_not_count_in_the_region():
    iran = by_code(indicators.public_indicators("IRN"))["REMITTANCES_IN"]
    region = by_code(indicators.public_indicators())["REMITTANCES_IN"]
    others = ["AFG", "AZE", "KAZ", "KGZ", "PAK", "TJK", "TUR"]

    assert value(iran, "2020") is None
    assert value(region, "2020") == pytest.approx(
        sum(shipped("WDI", "REMITTANCES_IN", iso3, "2020") for iso3 in others) / 1e6, abs=0.5
    )


def test_series_start_in_2000():
    series = indicators.public_indicators()

    assert {s.code: s.periods[0] for s in series} == {
        "REFUGEES": "2000",
        "ASYLUM_APPLICATIONS": "2000",
        "MIGRANT_STOCK": "2000",
        "REMITTANCES_IN": "2000",
    }


@pytest.mark.parametrize("iso3", ["XYZ", "RUS"])
def test_a_state_outside_the_process_gets_nothing(iso3):
    assert indicators.public_indicators(iso3) == []


def test_the_files_are_read_once(monkeypatch):
    first = indicators.public_indicators("KAZ")

    def refuse(code: str) -> pl.DataFrame:
        raise AssertionError(f"read {code} again")

    monkeypatch.setattr(external, "load", refuse)

    assert indicators.public_indicators("KAZ") == first


def test_the_statistics_page_draws_the_regional_series(client, reference):
    page = parse(client.get("/en/statistics/").content)
    sections = page.find_all("section", class_="indicator")

    assert [s.attrs["data-code"] for s in sections] == SHOWN
    assert [s.find("h3").text for s in sections] == [
        "Refugees hosted",
        "Asylum applications",
        "International migrants",
        "Remittances received",
    ]
    assert "Source: UN DESA." in sections[2].text
    headings = sections[0].find("table").find("thead").find_all("th")
    assert [th.text for th in headings] == ["Period", "Region"]
    assert page.find_all("p", class_="empty") == []


def test_the_statistics_page_draws_a_chosen_states_series(client, reference):
    page = parse(client.get("/en/statistics/?state=TJK").content)
    first = page.find_all("section", class_="indicator")[0].find("table")

    assert [th.text for th in first.find("thead").find_all("th")] == ["Period", "Tajikistan"]


def test_a_state_page_shows_its_statistics(client, reference):
    section = parse(client.get("/en/states/KAZ/").content).find("section", id="statistics")

    assert [h.text for h in section.find_all("h3")] == [
        "Refugees hosted",
        "Asylum applications",
        "International migrants",
        "Remittances received",
    ]
    assert len(section.find_all("figure", class_="chart")) == 4


def test_the_home_page_still_shows_its_figures(client, reference):
    page = parse(client.get("/en/").content)

    assert page.find("section", class_="home-figures") is not None


@pytest.mark.parametrize(
    ("language", "heading"), [("en", "The region in figures"), ("ru", "Регион в цифрах")]
)
def test_the_home_page_shows_the_region_in_figures_with_a_chart(
    reference, client, language, heading
):
    html = client.get(f"/{language}/").content.decode()

    assert heading in html
    assert 'data-indicator="REFUGEES"' in html
    assert html.count("<svg") >= 2  # the meetings chart and the region's
