"""The public pages: home and participating States, in English and Russian."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.conf import settings

from almaty.process.models import State
from tests.factories.process import NationalCoordinatorFactory
from tests.portal.page import Element, parse

NAME_EN = "Almaty Process on Refugee Protection and International Migration"
NAME_RU = "Алматинский процесс по защите беженцев и международной миграции"
MEMBERS = ["AFG", "AZE", "KAZ", "KGZ", "TJK", "TKM", "TUR"]


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(dt.datetime(2025, 3, 10, 12, 0, tzinfo=dt.UTC), tick=False):
        yield


def get(client, path: str, **headers: str) -> Element:
    response = client.get(path, headers=headers)
    assert response.status_code == 200, (path, response.status_code)
    return parse(response.content)


def figures(page: Element) -> dict[str, int]:
    """The home page's cards: which States list each links to, and the figure it shows."""
    return {
        card.attrs["href"].split("#")[1]: int(card.find("span", class_="figure").text)
        for card in page.find_all("a", class_="card")
    }


def state_rows(page: Element) -> dict[str, dict[str, list[str]]]:
    """Per section of the States page: ISO3 code → the texts of its cells."""
    return {
        section.attrs["id"]: {
            row.attrs["data-iso3"]: [cell.text for cell in row.find_all("td")]
            for row in section.find_all("tr")
            if "data-iso3" in row.attrs
        }
        for section in page.find_all("section")
    }


# Home


@pytest.mark.parametrize(("path", "name"), [("/en/", NAME_EN), ("/ru/", NAME_RU)])
def test_home_shows_the_process_name_in_the_page_language(client, reference, path, name):
    assert get(client, path).find("h1").text == name


@pytest.mark.parametrize("path", ["/en/", "/ru/"])
def test_home_counts_members_observers_and_guests(client, reference, path):
    assert figures(get(client, path)) == {"member": 7, "observer": 2, "guest": 3}


def test_home_labels_each_figure_in_english(client, reference):
    cards = [card.text for card in get(client, "/en/").find_all("a", class_="card")]

    assert cards == ["7 Member States", "2 Observer States", "3 Guest States"]


def test_home_links_each_figure_to_its_part_of_the_states_page(client, reference):
    links = [card.attrs["href"] for card in get(client, "/ru/").find_all("a", class_="card")]

    assert links == ["/ru/states/#member", "/ru/states/#observer", "/ru/states/#guest"]


@pytest.mark.parametrize(
    ("path", "text"),
    [
        (
            "/en/",
            "A regional consultative process since 5 June 2013; its Support Unit sits in Almaty.",
        ),
        ("/ru/", "Алматы"),
    ],
)
def test_home_names_the_launch_date_and_the_seat_of_the_support_unit(client, reference, path, text):
    assert text in get(client, path).find("p", class_="muted").text


def test_home_counts_the_states_of_a_historic_period_as_of_today(client, reference):
    with time_machine.travel(dt.datetime(2013, 7, 1, 12, 0, tzinfo=dt.UTC), tick=False):
        page = get(client, "/en/")

    assert figures(page) == {"member": 7, "observer": 0, "guest": 3}


def test_home_before_reference_data_is_loaded_says_how_to_load_it(client, db):
    page = get(client, "/en/")

    assert "No reference data is loaded yet. Run: almaty load-reference" in page.find("main").text
    assert figures(page) == {"member": 0, "observer": 0, "guest": 0}


@pytest.mark.parametrize(
    ("path", "language"), [("/en/", "en"), ("/ru/", "ru"), ("/ru/states/", "ru")]
)
def test_the_page_declares_its_language(client, reference, path, language):
    assert get(client, path).find("html").attrs["lang"] == language


# Participating States


@pytest.mark.parametrize("path", ["/en/states/", "/ru/states/"])
def test_states_are_grouped_members_observers_guests(client, reference, path):
    rows = state_rows(get(client, path))

    assert [(status, sorted(states)) for status, states in rows.items()] == [
        ("member", MEMBERS),
        ("observer", ["IRN", "PAK"]),
        ("guest", ["CHN", "RUS", "USA"]),
    ]


@pytest.mark.parametrize(
    ("path", "iso3", "short_name", "official_name"),
    [
        ("/en/states/", "KGZ", "Kyrgyzstan KGZ", "Kyrgyz Republic"),
        ("/ru/states/", "KGZ", "Кыргызстан KGZ", "Кыргызская Республика"),
        ("/en/states/", "TUR", "Türkiye TUR", "Republic of Türkiye"),
        ("/ru/states/", "TUR", "Турция TUR", "Турецкая Республика"),
        ("/ru/states/", "IRN", "Иран IRN", "Исламская Республика Иран"),
        ("/ru/states/", "USA", "Соединенные Штаты USA", "Соединённые Штаты Америки"),
    ],
)
def test_states_show_short_and_official_names_in_the_page_language(
    client, reference, path, iso3, short_name, official_name
):
    (cells,) = [states[iso3] for states in state_rows(get(client, path)).values() if iso3 in states]

    assert cells[:2] == [short_name, official_name]


@pytest.mark.parametrize(
    ("path", "since"), [("/en/states/", "5 June 2013"), ("/ru/states/", "5 июня 2013")]
)
def test_states_show_since_when_they_take_part(client, reference, path, since):
    assert state_rows(get(client, path))["member"]["KGZ"][2] == since


def test_a_member_without_coordinator_shows_vacant(client, reference):
    rows = state_rows(get(client, "/en/states/"))

    assert {cells[3] for cells in rows["member"].values()} == {"Vacant"}


def designate(iso3: str, **values: object) -> None:
    NationalCoordinatorFactory(state=State.objects.get(iso3=iso3), **values)


@pytest.mark.parametrize("path", ["/en/states/", "/ru/states/"])
def test_a_member_with_a_coordinator_shows_their_name(client, reference, path):
    designate("KGZ", full_name="Айгуль Асанова")

    assert state_rows(get(client, path))["member"]["KGZ"][3] == "Айгуль Асанова"


def test_an_ended_designation_leaves_the_slot_vacant(client, reference):
    designate("KGZ", designated_on=dt.date(2020, 1, 1), ended_on=dt.date(2025, 3, 9))

    assert state_rows(get(client, "/en/states/"))["member"]["KGZ"][3] == "Vacant"


def test_a_coordinator_role_without_a_designation_leaves_the_slot_vacant(client, user_with_role):
    user_with_role("national_coordinator", "KGZ")

    assert state_rows(get(client, "/en/states/"))["member"]["KGZ"][3] == "Vacant"


@pytest.mark.parametrize("status", ["observer", "guest"])
def test_observers_and_guests_have_no_coordinator_column_entry(client, reference, status):
    rows = state_rows(get(client, "/en/states/"))

    assert {cells[3] for cells in rows[status].values()} == {"—"}


def test_states_before_reference_data_is_loaded_says_how_to_load_it(client, db):
    page = get(client, "/en/states/")

    assert (page.find_all("section"), "Run: almaty load-reference" in page.find("main").text) == (
        [],
        True,
    )


@pytest.mark.parametrize("coordinators", [0, 1, 7])
def test_the_states_page_needs_the_same_queries_whatever_the_number_of_coordinators(
    client, reference, django_assert_max_num_queries, coordinators
):
    for iso3 in MEMBERS[:coordinators]:
        designate(iso3)

    with django_assert_max_num_queries(3):
        page = get(client, "/en/states/")

    assert (
        sum(cells[3] != "Vacant" for cells in state_rows(page)["member"].values()) == coordinators
    )


@pytest.mark.parametrize("coordinators", [0, 7])
def test_the_home_page_needs_the_same_queries_whatever_the_number_of_coordinators(
    client, user_with_role, django_assert_max_num_queries, coordinators
):
    for iso3 in MEMBERS[:coordinators]:
        user_with_role("national_coordinator", iso3)

    with django_assert_max_num_queries(9):
        get(client, "/en/")


# Languages


@pytest.mark.parametrize("path", ["/en/", "/ru/", "/en/states/", "/ru/states/"])
def test_every_page_links_its_version_in_each_language(client, reference, path):
    alternates = {
        link.attrs["hreflang"]: link.attrs["href"]
        for link in get(client, path).find_all("link", rel="alternate")
    }

    tail = path.split("/", 2)[2]
    assert alternates == {
        "en": f"{settings.SITE_URL}/en/{tail}",
        "ru": f"{settings.SITE_URL}/ru/{tail}",
        "x-default": f"{settings.SITE_URL}/{tail}",
    }


@pytest.mark.parametrize(
    ("path", "current", "other", "link"),
    [
        ("/en/states/", "EN", "ru", "/ru/states/"),
        ("/ru/states/", "RU", "en", "/en/states/"),
        ("/ru/", "RU", "en", "/en/"),
    ],
)
def test_the_language_switch_marks_the_current_language_and_links_the_other(
    client, reference, path, current, other, link
):
    switch = get(client, path).find("nav", class_="lang")

    assert switch.find("strong", aria_current="true").text == current
    assert [(a.attrs["hreflang"], a.attrs["href"]) for a in switch.find_all("a")] == [(other, link)]


@pytest.mark.parametrize(
    ("path", "accept_language", "location"),
    [
        ("/", None, "/en/"),
        ("/", "ru", "/ru/"),
        ("/", "ru-RU,ru;q=0.9,en;q=0.8", "/ru/"),
        ("/", "de-DE,de;q=0.9", "/en/"),
        ("/states/", None, "/en/states/"),
        ("/states/", "ru", "/ru/states/"),
    ],
)
def test_an_address_without_language_redirects_to_one(client, db, path, accept_language, location):
    headers = {"accept-language": accept_language} if accept_language else {}

    response = client.get(path, headers=headers)

    assert (response.status_code, response["Location"]) == (302, location)


@pytest.mark.parametrize(
    "path", ["/en/no-such-page/", "/ru/no-such-page/", "/no-such-page/", "/en/states/KGZ/"]
)
def test_an_unknown_page_gives_the_not_found_page(client, db, path):
    response = client.get(path)

    assert response.status_code == 404
    assert parse(response.content).find("a", class_="brand") is not None


def test_the_not_found_page_says_so_in_english(client, db):
    page = parse(client.get("/en/no-such-page/").content)

    assert (page.find("h1").text, page.find("title").text) == ("Page not found", "Page not found")
