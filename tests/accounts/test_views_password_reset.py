"""Forgotten passwords: asking for a link, the e-mail, and setting a password from the link."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.core import mail

from almaty.core.models import AuditEntry
from tests.factories.accounts import UserFactory

RESET = "/en/account/password/reset/"
ON_ITS_WAY = "If an account uses this address, a link to set a new password is on its way."
NEW_PASSWORD = "tien-shan-spruce-77"


def link_in(message: mail.EmailMessage) -> str:
    found = re.search(r"https?://\S+/account/password/set/\S+/", message.body)
    assert found, message.body
    return found.group(0)


def path_of(link: str) -> str:
    assert link.startswith(settings.SITE_URL)
    return link.removeprefix(settings.SITE_URL)


@pytest.fixture
def ask_for_link(client, django_capture_on_commit_callbacks):
    """Submit the form as a visitor does; the e-mail task runs once the request commits."""

    def ask(email: str):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(RESET, {"email": email}, follow=True)

    return ask


@pytest.fixture
def emailed_path(ask_for_link, user):
    ask_for_link(user.email)
    return path_of(link_in(mail.outbox[0]))


def test_password_reset_page_shows_the_form(client, db):
    response = client.get(RESET)

    assert response.status_code == 200
    assert 'name="email"' in response.content.decode()


def test_password_reset_for_a_known_address_sends_one_email_to_it(ask_for_link, user):
    response = ask_for_link(user.email)

    assert response.redirect_chain == [("/en/account/sign-in/", 302)]
    assert ON_ITS_WAY in response.content.decode()
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [user.email]
    assert mail.outbox[0].subject == "Set a new password on the Almaty Process platform"
    assert "/en/account/password/set/" in link_in(mail.outbox[0])


def test_password_reset_finds_the_address_in_any_case(ask_for_link, user):
    ask_for_link(user.email.upper())

    assert [m.to for m in mail.outbox] == [[user.email]]


@pytest.mark.parametrize("email", ["nobody@example.org", "former@example.org"])
def test_password_reset_for_an_unknown_or_deactivated_address_sends_nothing_but_says_the_same(
    ask_for_link, db, email
):
    UserFactory(email="former@example.org", is_active=False)

    response = ask_for_link(email)

    assert response.redirect_chain == [("/en/account/sign-in/", 302)]
    assert ON_ITS_WAY in response.content.decode()
    assert mail.outbox == []


def test_password_reset_with_an_invalid_address_asks_again(ask_for_link, db):
    response = ask_for_link("not an address")

    assert response.status_code == 400
    assert "Enter a valid email address." in response.content.decode()
    assert mail.outbox == []


def test_password_reset_email_for_a_russian_speaker_links_to_the_russian_pages(ask_for_link, db):
    person = UserFactory(preferred_language="ru")

    ask_for_link(person.email)  # asked from the English page

    link = link_in(mail.outbox[0])
    assert link.startswith(settings.SITE_URL + "/ru/account/password/set/")


def test_password_reset_email_for_a_russian_speaker_leaves_english_active(ask_for_link, db):
    """Rendering the e-mail in Russian must not switch the visitor's page to Russian."""
    person = UserFactory(preferred_language="ru")

    response = ask_for_link(person.email)

    assert response["Content-Language"] == "en"
    assert ON_ITS_WAY in response.content.decode()


def test_the_emailed_link_sets_a_new_password(client, user, emailed_path):
    form = client.get(emailed_path, follow=True)
    assert 'name="new_password1"' in form.content.decode()

    response = client.post(
        form.redirect_chain[-1][0],
        {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
        follow=True,
    )

    assert response.redirect_chain == [("/en/account/sign-in/", 302)]
    assert "Your password is set. You can sign in now." in response.content.decode()
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)
    assert SESSION_KEY not in client.session  # it does not sign the visitor in by itself
    assert AuditEntry.objects.filter(message_key="user.password_set").count() == 1


def test_the_emailed_link_works_only_once(client, user, emailed_path):
    form_url = client.get(emailed_path).url
    client.post(form_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})

    again = client.get(emailed_path, follow=True)

    assert "This link has expired or was already used." in again.content.decode()
    assert 'name="new_password1"' not in again.content.decode()


def test_the_emailed_link_cannot_be_replayed_on_the_form_address(client, user, emailed_path):
    form_url = client.get(emailed_path).url
    client.post(form_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})

    client.post(
        form_url, {"new_password1": "another-pass-12345", "new_password2": "another-pass-12345"}
    )

    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)


def test_a_tampered_link_is_refused(client, emailed_path):
    response = client.get(emailed_path[:-3] + "xx/", follow=True)

    assert "This link has expired or was already used." in response.content.decode()


def test_the_emailed_link_clears_a_one_time_password(client, db, ask_for_link):
    person = UserFactory(must_change_password=True)
    ask_for_link(person.email)
    form_url = client.get(path_of(link_in(mail.outbox[0]))).url

    client.post(form_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})

    person.refresh_from_db()
    assert not person.must_change_password


def test_the_emailed_link_refuses_a_weak_password(client, user, emailed_path):
    form_url = client.get(emailed_path).url

    response = client.post(form_url, {"new_password1": "12345", "new_password2": "12345"})

    assert response.status_code == 200
    assert "This password is too short." in response.content.decode()
    user.refresh_from_db()
    assert user.check_password("correct-horse-battery")


@pytest.mark.parametrize(
    ("later", "works"),
    [
        (dt.timedelta(days=2, hours=23, minutes=59), True),
        (dt.timedelta(days=3, seconds=1), False),
    ],
    ids=["within three days", "after three days"],
)
def test_the_emailed_link_works_for_three_days(
    client, user, ask_for_link, time_machine, later, works
):
    time_machine.move_to(dt.datetime(2025, 3, 10, 9, 0, tzinfo=dt.UTC), tick=False)
    ask_for_link(user.email)
    time_machine.shift(later)

    page = client.get(path_of(link_in(mail.outbox[0])), follow=True).content.decode()

    assert ('name="new_password1"' in page) is works
