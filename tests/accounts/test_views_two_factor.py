"""Two-factor sign-in: turning it on with an authenticator app, then signing in with a code."""

from __future__ import annotations

import datetime as dt
from base64 import b32encode

import pytest
from django.contrib.auth import SESSION_KEY
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from almaty.core.models import AuditEntry
from tests.factories.accounts import PASSWORD

TWO_FACTOR = "/en/account/two-factor/"
SIGN_IN = "/en/account/sign-in/"
CODE = "/en/account/sign-in/code/"
NOT_VALID = "This code is not valid. Check your device&#x27;s clock and try again."


def code_for(device: TOTPDevice, steps_ahead: int = 0) -> str:
    """The six digits the user's app shows now (or `steps_ahead` 30-second steps later)."""
    code = totp(
        device.bin_key, step=device.step, t0=device.t0, digits=device.digits, drift=steps_ahead
    )
    return f"{code:06d}"


def wrong_code_for(device: TOTPDevice) -> str:
    """Six digits that no step the device tolerates would accept."""
    accepted = {
        code_for(device, steps) for steps in range(-device.tolerance - 1, device.tolerance + 2)
    }
    return next(c for c in (f"{d}" * 6 for d in range(10)) if c not in accepted)


@pytest.fixture
def clock(time_machine):
    time_machine.move_to(dt.datetime(2025, 3, 10, 9, 0, 5, tzinfo=dt.UTC), tick=False)
    return time_machine


@pytest.fixture
def device(signed_in_client, user, clock):
    """The unconfirmed device the two-factor page creates for the user to scan."""
    signed_in_client.get(TWO_FACTOR)
    return TOTPDevice.objects.get(user=user, confirmed=False)


@pytest.fixture
def two_factor_user(signed_in_client, user, device, clock):
    """A user who turned two-factor sign-in on through the page, then signed out."""
    response = signed_in_client.post(TWO_FACTOR, {"code": code_for(device)})
    assert response.status_code == 302
    signed_in_client.post("/en/account/sign-out/")
    clock.shift(dt.timedelta(seconds=30))  # the next code the app shows
    return user


@pytest.fixture
def code_pending_client(client, two_factor_user):
    """A browser that gave the right password and is asked for the code."""
    response = client.post(SIGN_IN, {"email": two_factor_user.email, "password": PASSWORD})
    assert response.url == CODE
    return client


# --- turning it on -------------------------------------------------------------------------


def test_two_factor_page_needs_sign_in(client, db):
    response = client.get(TWO_FACTOR)

    assert response.status_code == 302
    assert response.url.startswith(SIGN_IN)


def test_two_factor_page_shows_a_code_to_scan_and_the_key(signed_in_client, device):
    response = signed_in_client.get(TWO_FACTOR)

    page = response.content.decode()
    assert response.status_code == 200
    assert "<svg" in page
    assert b32encode(device.bin_key).decode() in page


def test_two_factor_page_keeps_the_same_key_until_it_is_confirmed(signed_in_client, device):
    signed_in_client.get(TWO_FACTOR)

    assert TOTPDevice.objects.filter(user=device.user).count() == 1


def test_two_factor_is_turned_on_with_a_valid_code(signed_in_client, user, device):
    response = signed_in_client.post(TWO_FACTOR, {"code": code_for(device)})

    assert response.status_code == 302
    assert response.url == "/en/account/"
    device.refresh_from_db()
    assert device.confirmed
    assert "Two-factor sign-in is on." in signed_in_client.get("/en/account/").content.decode()
    assert AuditEntry.objects.filter(message_key="user.two_factor_enabled", actor=user).count() == 1


@pytest.mark.parametrize(
    "make_code",
    [wrong_code_for, lambda device: "abcdef", lambda device: ""],
    ids=["wrong", "letters", "empty"],
)
def test_two_factor_is_not_turned_on_with_a_wrong_code(signed_in_client, device, make_code):
    response = signed_in_client.post(TWO_FACTOR, {"code": make_code(device)})

    assert response.status_code == 400
    device.refresh_from_db()
    assert not device.confirmed


def test_two_factor_refuses_a_wrong_code_with_a_message(signed_in_client, device):
    response = signed_in_client.post(TWO_FACTOR, {"code": wrong_code_for(device)})

    assert NOT_VALID in response.content.decode()


def test_two_factor_can_be_turned_off_with_a_current_code(client, two_factor_user):
    client.force_login(two_factor_user)
    device = TOTPDevice.objects.get(user=two_factor_user, confirmed=True)

    response = client.post(TWO_FACTOR, {"code": code_for(device)})

    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=two_factor_user).exists()
    assert (
        client.post(SIGN_IN, {"email": two_factor_user.email, "password": PASSWORD}).url == "/en/"
    )


def test_two_factor_is_not_turned_off_without_a_valid_code(client, two_factor_user):
    client.force_login(two_factor_user)
    device = TOTPDevice.objects.get(user=two_factor_user, confirmed=True)

    response = client.post(TWO_FACTOR, {"code": wrong_code_for(device)})

    assert response.status_code == 400
    assert NOT_VALID in response.content.decode()
    assert TOTPDevice.objects.filter(user=two_factor_user, confirmed=True).exists()


# --- signing in with a code ----------------------------------------------------------------


def test_sign_in_with_two_factor_asks_for_a_code_before_signing_in(client, two_factor_user):
    response = client.post(SIGN_IN, {"email": two_factor_user.email, "password": PASSWORD})

    assert response.status_code == 302
    assert response.url == CODE
    assert SESSION_KEY not in client.session
    assert client.get(CODE).status_code == 200


def test_sign_in_with_two_factor_refuses_a_wrong_code(code_pending_client, two_factor_user):
    device = TOTPDevice.objects.get(user=two_factor_user)

    response = code_pending_client.post(CODE, {"code": wrong_code_for(device)})

    assert response.status_code == 400
    assert NOT_VALID in response.content.decode()
    assert SESSION_KEY not in code_pending_client.session


def test_sign_in_with_two_factor_accepts_the_right_code(code_pending_client, two_factor_user):
    device = TOTPDevice.objects.get(user=two_factor_user)

    response = code_pending_client.post(CODE, {"code": code_for(device)})

    assert response.status_code == 302
    assert response.url == "/en/"
    assert code_pending_client.session[SESSION_KEY] == str(two_factor_user.pk)
    assert code_pending_client.session[DEVICE_ID_SESSION_KEY] == device.persistent_id
    assert (
        AuditEntry.objects.filter(message_key="user.signed_in", actor=two_factor_user).count() == 1
    )


def test_sign_in_with_two_factor_accepts_the_right_code_after_a_typo(
    code_pending_client, two_factor_user, clock
):
    device = TOTPDevice.objects.get(user=two_factor_user)
    code_pending_client.post(CODE, {"code": wrong_code_for(device)})
    clock.shift(dt.timedelta(seconds=2))  # django-otp makes a guesser wait a little after a failure

    response = code_pending_client.post(CODE, {"code": code_for(device)})

    assert response.status_code == 302
    assert code_pending_client.session[SESSION_KEY] == str(two_factor_user.pk)


def test_sign_in_with_two_factor_refuses_a_code_already_used(
    code_pending_client, two_factor_user, clock
):
    device = TOTPDevice.objects.get(user=two_factor_user)
    clock.shift(dt.timedelta(seconds=-30))
    used = code_for(device)  # the code that turned two-factor on
    clock.shift(dt.timedelta(seconds=30))

    response = code_pending_client.post(CODE, {"code": used})

    assert response.status_code == 400
    assert SESSION_KEY not in code_pending_client.session


def test_sign_in_with_two_factor_returns_to_the_page_asked_for(client, two_factor_user):
    client.post(
        SIGN_IN + "?next=/en/account/", {"email": two_factor_user.email, "password": PASSWORD}
    )
    device = TOTPDevice.objects.get(user=two_factor_user)

    response = client.post(CODE, {"code": code_for(device)})

    assert response.url == "/en/account/"


def test_the_code_page_without_a_password_first_goes_back_to_sign_in(client, db):
    response = client.get(CODE)

    assert response.status_code == 302
    assert response.url == SIGN_IN


def test_the_code_step_is_throttled_too(code_pending_client, two_factor_user, clock, settings):
    device = TOTPDevice.objects.get(user=two_factor_user)
    for _attempt in range(settings.SIGN_IN_MAX_FAILURES):
        code_pending_client.post(CODE, {"code": wrong_code_for(device)})
        clock.shift(dt.timedelta(minutes=1))  # past django-otp's own short wait

    response = code_pending_client.post(CODE, {"code": code_for(device)})

    assert response.status_code == 429
    assert SESSION_KEY not in code_pending_client.session
