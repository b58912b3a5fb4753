"""Signing in through the form, as a person does."""

import re

import pytest
from playwright.sync_api import Page, expect

from tests.factories.accounts import UserFactory

pytestmark = pytest.mark.browser

PASSWORD = "correct-horse-battery"  # UserFactory's password


def sign_in(page: Page, *, email: str, password: str) -> None:
    page.goto("/en/account/sign-in/")
    page.locator('input[name="email"]').fill(email)
    page.locator('input[name="password"]').fill(password)
    page.locator("main").get_by_role("button", name="Sign in").click()


def test_signed_in_user_sees_their_address_in_the_header(page: Page) -> None:
    user = UserFactory()  # written before the live server is asked for the page

    sign_in(page, email=user.email, password=PASSWORD)

    expect(page).to_have_url(re.compile(r"/en/$"))
    expect(page.locator("nav.user")).to_contain_text(user.email)


def test_wrong_password_shows_an_error_and_stays_on_the_form(page: Page) -> None:
    user = UserFactory()

    sign_in(page, email=user.email, password="not-the-password")

    expect(page.locator("main")).to_contain_text(
        "The e-mail address or the password is not correct."
    )
    expect(page).to_have_url(re.compile(r"/en/account/sign-in/$"))
    expect(page.locator("nav.user")).not_to_contain_text(user.email)
