"""The pages' own texts (headings, labels, errors) in Russian, from the Russian catalogue."""

from __future__ import annotations

import re

import pytest

from tests.portal.page import parse

CYRILLIC = re.compile("[\u0430-\u044f\u0451]", re.IGNORECASE)  # Cyrillic letters


def russian(text: str) -> bool:
    return bool(CYRILLIC.search(text)) and not re.search("[a-z]{3,}", text, re.IGNORECASE)


def test_the_states_page_heading_is_in_russian(client, reference):
    page = parse(client.get("/ru/states/").content)

    assert russian(page.find("h1").text)
    assert russian(page.find("head").find("title").text)


def test_a_vacant_slot_says_so_in_russian(client, reference):
    row = parse(client.get("/ru/states/").content).find("tr", data_iso3="KGZ")

    assert russian(row.find("span", class_="vacant").text)


@pytest.mark.parametrize("status", ["member", "observer", "guest"])
def test_each_group_of_states_is_headed_in_russian(client, reference, status):
    heading = parse(client.get("/ru/states/").content).find("section", id=status).find("h2")

    assert russian(heading.text.split("(")[0])


def test_the_home_figures_are_labelled_in_russian(client, reference):
    cards = parse(client.get("/ru/").content).find_all("a", class_="card")

    assert all(russian(card.text) for card in cards)


def test_the_home_launch_sentence_is_in_russian(client, reference):
    text = parse(client.get("/ru/").content).find("p", class_="muted").text

    assert russian(text)
    assert "2013" in text
    assert "Алматы" in text


@pytest.mark.parametrize("label", ["Main", "Language", "Account"])
def test_the_navigation_is_labelled_in_russian(client, reference, label):
    english = parse(client.get("/en/").content)
    position = [n.attrs["aria-label"] for n in english.find_all("nav")].index(label)

    navs = parse(client.get("/ru/").content).find_all("nav")

    assert russian(navs[position].attrs["aria-label"])


def test_the_not_found_page_says_so_in_russian(client, db):
    response = client.get("/ru/no-such-page/")

    page = parse(response.content)
    assert response.status_code == 404
    assert russian(page.find("h1").text)
    assert all(russian(p.text) for p in page.find("main").find_all("p"))
