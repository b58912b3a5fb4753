"""The public pages people open first, in both languages, as Chromium shows them."""

import re

import pytest
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.browser

NAME_EN = "Almaty Process on Refugee Protection and International Migration"
NAME_RU = "Алматинский процесс по защите беженцев и международной миграции"


def test_home_page_shows_the_process_and_its_members(page: Page) -> None:
    page.goto("/en/")

    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("heading", level=1)).to_have_text(NAME_EN)
    expect(page.get_by_role("link", name="7 Member States", exact=True)).to_be_visible()


def test_language_switch_opens_the_russian_home_page(page: Page) -> None:
    page.goto("/en/")

    page.locator('nav.lang a[data-lang="ru"]').click()

    expect(page).to_have_url(re.compile(r"/ru/$"))
    expect(page.locator("html")).to_have_attribute("lang", "ru")
    expect(page.get_by_role("heading", level=1)).to_have_text(NAME_RU)


def test_states_page_lists_kyrgyzstan(page: Page) -> None:
    page.goto("/en/states/")

    expect(page.locator('tr[data-iso3="KGZ"]')).to_contain_text("Kyrgyz Republic")
