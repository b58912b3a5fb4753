"""Accounts' messages in Russian. These need the compiled Russian catalogue (`make catalogue`).

Each test checks that a message a Russian reader sees is no longer the English source text, is
written in Cyrillic, and still carries its parameters; the wording itself is the translators'.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.conf import settings
from django.core import mail
from django.utils import translation
from django_otp.plugins.otp_totp.models import TOTPDevice

from almaty.accounts import access, services
from almaty.core.errors import InvalidInput, PermissionDenied
from tests.factories.accounts import PASSWORD, SignInAttemptFactory, UserFactory

CYRILLIC = re.compile("[\u0400-\u04ff]")


def assert_russian(text: str, english: str, *keep: str) -> None:
    assert english not in text
    assert CYRILLIC.search(text), text
    for value in keep:
        assert value in text


def test_sign_in_refusal_is_in_russian(client, user):
    response = client.post("/ru/account/sign-in/", {"email": user.email, "password": "wrong"})

    assert response.status_code == 400
    assert_russian(response.content.decode(), "The e-mail address or the password is not correct.")


def test_sign_in_throttling_message_is_in_russian(client, user):
    SignInAttemptFactory.create_batch(settings.SIGN_IN_MAX_FAILURES, email=user.email)

    response = client.post("/ru/account/sign-in/", {"email": user.email, "password": PASSWORD})

    assert response.status_code == 429
    text = re.search(
        r'<ul class="errorlist nonfield">\s*<li>(.*?)</li>', response.content.decode()
    ).group(1)
    assert_russian(text, "Too many failed sign-in attempts.", "15")


def test_sign_in_page_is_in_russian(client, db):
    page = client.get("/ru/account/sign-in/").content.decode()

    assert_russian(re.search(r"<h1>(.*?)</h1>", page).group(1), "Sign in")


def test_password_reset_confirmation_is_in_russian(
    client, user, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/ru/account/password/reset/", {"email": user.email}, follow=True)

    assert response.redirect_chain == [("/ru/account/sign-in/", 302)]
    (text,) = re.findall(r'<li class="info">(.*?)</li>', response.content.decode())
    assert_russian(text, "If an account uses this address")


def test_password_link_email_for_a_russian_speaker_is_in_russian(db):
    from almaty.accounts.tasks import send_password_link

    person = UserFactory(preferred_language="ru")

    send_password_link.call_local(person.pk, "reset")

    (message,) = mail.outbox
    assert_russian(message.subject, "Set a new password on the Almaty Process platform")
    assert_russian(message.body, "Open this link to set your password", "/ru/account/password/set/")


def test_invitation_email_for_a_russian_speaker_is_in_russian(db):
    from almaty.accounts.tasks import send_password_link

    person = UserFactory(email="aida@example.org", preferred_language="ru")

    send_password_link.call_local(person.pk, "invite")

    (message,) = mail.outbox
    assert_russian(message.subject, "Your account on the Almaty Process platform")
    assert_russian(message.body, "An account was created for you", "aida@example.org")


def test_two_factor_wrong_code_message_is_in_russian(client, user):
    client.force_login(user)
    client.get("/ru/account/two-factor/")
    assert TOTPDevice.objects.filter(user=user).exists()

    response = client.post("/ru/account/two-factor/", {"code": "abcdef"})

    assert response.status_code == 400
    (text,) = re.findall(r'<ul class="errorlist"[^>]*>\s*<li>(.*?)</li>', response.content.decode())
    assert_russian(text, "Enter the six digits your app shows.")


def test_account_page_is_in_russian(client, user):
    client.force_login(user)

    page = client.get("/ru/account/").content.decode()

    assert_russian(re.search(r"<h1>(.*?)</h1>", page).group(1), "Your account")
    assert "You hold no role yet." not in page


def test_expired_role_error_is_in_russian(user_with_role):
    person = user_with_role(
        "chair", "KAZ", valid_from=dt.date(2020, 1, 1), valid_to=dt.date(2021, 1, 1)
    )

    with translation.override("ru"), pytest.raises(PermissionDenied) as caught:
        access.require_role(user=person, role="chair")

    with translation.override("ru"):
        assert_russian(caught.value.text, "Your role", "2021-01-01", "Председатель")


def test_missing_role_error_is_in_russian(user_with_role):
    person = user_with_role("support_unit")

    with translation.override("ru"), pytest.raises(PermissionDenied) as caught:
        access.require_role(user=person, role="chair")

    with translation.override("ru"):
        assert_russian(caught.value.text, "This needs the role")


def test_invalid_address_error_is_in_russian(db):
    with pytest.raises(InvalidInput) as caught:
        services.user_create(email="not-an-address", actor=None)

    with translation.override("ru"):
        assert_russian(caught.value.text, "is not a valid e-mail address", "not-an-address")
