"""The chairmanship page and the obligations dashboard in Russian.

These texts come from the Russian message catalogue (gettext)."""

from __future__ import annotations

import datetime as dt

import pytest

from almaty.accounts.models import Role
from tests.factories.accounts import RoleAssignmentFactory, UserFactory
from tests.portal.page import parse


@pytest.fixture(autouse=True)
def _today(time_machine):
    time_machine.move_to(dt.datetime(2026, 1, 15, 9, 0, tzinfo=dt.UTC), tick=False)


def test_chair_page_heading_and_card_are_in_russian(client, reference):
    page = parse(client.get("/ru/chair/").content)

    assert page.find("h1").text == "Председательство"
    card = page.find("section", class_="card current-chair")
    assert card.find("p", class_="muted").text == "Председатель сегодня"


def test_chair_page_says_in_russian_who_passed_their_turn(client, reference):
    page = parse(client.get("/ru/chair/").content)

    first = page.find("ul", class_="passes").find_all("li")[0]
    assert first.text.startswith("Афганистан отказался от очереди, начинавшейся 1 января 2023.")


def test_chair_page_table_headings_are_in_russian(client, reference):
    page = parse(client.get("/ru/chair/").content)

    headings = [cell.text for cell in page.find("thead").find_all("th")]
    assert not any(english in headings for english in ("State", "From", "Until", "Kind", "Basis"))


def test_obligations_dashboard_heading_is_in_russian(client, reference):
    user = UserFactory()
    RoleAssignmentFactory(user=user, role=Role.objects.get(code="support_unit"))
    client.force_login(user)

    page = parse(client.get("/ru/obligations/?on=2017-12-31").content)

    assert page.find("h1").text == "Обязательства по Порядку работы"
