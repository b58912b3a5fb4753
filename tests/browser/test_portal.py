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


NINE = {"AFG", "AZE", "KAZ", "KGZ", "TJK", "TUR", "TKM", "IRN", "PAK"}


@pytest.mark.parametrize("language", ["en", "ru"])
def test_the_members_map_draws_the_nine_states_and_links_each_to_its_page(
    page: Page, language: str
) -> None:
    page.goto(f"/{language}/states/")

    links = page.locator("svg.members-map a[data-iso3]")
    expect(links.first).to_be_visible()
    drawn = {links.nth(n).get_attribute("data-iso3") for n in range(links.count())}
    assert drawn >= NINE

    page.locator('svg.members-map a[data-iso3="KGZ"]').click()

    expect(page).to_have_url(re.compile(rf"/{language}/states/KGZ/$"))
    expect(page.get_by_role("heading", level=1)).to_be_visible()


def test_the_main_menu_reaches_news_and_about_in_russian(page: Page) -> None:
    page.goto("/ru/")

    page.get_by_role("navigation", name="Основное меню").get_by_role("link", name="Новости").click()
    expect(page).to_have_url(re.compile(r"/ru/news/$"))
    expect(page.locator("html")).to_have_attribute("lang", "ru")

    page.get_by_role("navigation", name="Основное меню").get_by_role(
        "link", name="О процессе"
    ).click()
    expect(page).to_have_url(re.compile(r"/ru/about/$"))
