"""The chairmanship page and the obligations dashboard, as Chromium shows them."""

import re

import pytest
from playwright.sync_api import Page, expect

from almaty.accounts.models import Role
from almaty.process.models import State
from tests.factories.accounts import PASSWORD, RoleAssignmentFactory, UserFactory

pytestmark = pytest.mark.browser


def test_chair_page_shows_the_chair_today_and_the_timeline(page: Page) -> None:
    # Kazakhstan's term is open since 24 April 2025: it is the chair on any later day.
    page.goto("/en/chair/")

    expect(page.locator("section.current-chair .figure")).to_have_text("Kazakhstan")
    current = page.locator(".timeline .bar.current")
    expect(current).to_have_count(1)
    expect(current).to_have_text("KAZ")
    expect(current).to_be_visible()
    expect(page.locator(".timeline .bar.recorded")).to_have_count(6)
    expect(page.locator(".timeline .bar.projected").first).to_have_text("KGZ")
    expect(page.locator("ul.passes li")).to_have_count(2)


def test_a_national_coordinator_signs_in_and_looks_up_the_obligations_of_a_day(
    page: Page,
) -> None:
    person = UserFactory()
    RoleAssignmentFactory(
        user=person,
        role=Role.objects.get(code="national_coordinator"),
        state=State.objects.get(iso3="KGZ"),
    )
    page.goto("/en/obligations/")
    expect(page).to_have_url(re.compile(r"/en/account/sign-in/\?next="))

    page.locator('input[name="email"]').fill(person.email)
    page.locator('input[name="password"]').fill(PASSWORD)
    page.locator("main").get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Obligations of the Operating Modalities"
    )
    page.locator("input#on").fill("2017-12-31")
    page.get_by_role("button", name="Show").click()

    expect(page).to_have_url(re.compile(r"\?on=2017-12-31$"))
    ministerial = page.locator('tr[data-code="ministerial"]')
    expect(ministerial).to_contain_text("overdue")
    expect(ministerial).to_contain_text("5 June 2015")
