"""accounts.services.sign_in_check_allowed: too many failures by address or by client."""

from __future__ import annotations

import datetime as dt

import pytest
from django.conf import settings

from almaty.accounts import services
from almaty.core.errors import PermissionDenied
from tests.factories.accounts import SignInAttemptFactory

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2025, 3, 10, 9, 0, tzinfo=dt.UTC)
EMAIL = "nurlan@example.org"
IP = "203.0.113.7"


@pytest.fixture
def clock(time_machine):
    time_machine.move_to(NOW, tick=False)
    return time_machine


def fail(times: int, **fields: object) -> None:
    fields.setdefault("client_ip", IP)
    SignInAttemptFactory.create_batch(times, succeeded=False, **fields)


def test_sign_in_is_allowed_with_fewer_failures_than_the_limit(clock):
    fail(settings.SIGN_IN_MAX_FAILURES - 1, email=EMAIL)

    services.sign_in_check_allowed(email=EMAIL, client_ip=IP)  # does not raise


def test_sign_in_is_refused_after_the_limit_of_failures_for_the_address(clock):
    fail(settings.SIGN_IN_MAX_FAILURES, email=EMAIL, client_ip=None)

    with pytest.raises(PermissionDenied) as caught:
        services.sign_in_check_allowed(email=EMAIL, client_ip="198.51.100.1")

    assert caught.value.text == "Too many failed sign-in attempts. Try again in 15 minutes."


@pytest.mark.parametrize("email", ["Nurlan@Example.org", "  nurlan@example.org "])
def test_sign_in_throttling_by_address_ignores_case_and_spaces(clock, email):
    fail(settings.SIGN_IN_MAX_FAILURES, email=EMAIL, client_ip=None)

    with pytest.raises(PermissionDenied):
        services.sign_in_check_allowed(email=email, client_ip=None)


def test_sign_in_is_refused_after_the_limit_of_failures_from_the_client_address(clock):
    fail(settings.SIGN_IN_MAX_FAILURES)  # each with another e-mail address

    with pytest.raises(PermissionDenied, match="Too many failed sign-in attempts"):
        services.sign_in_check_allowed(email="fresh@example.org", client_ip=IP)


@pytest.mark.parametrize(
    ("email", "client_ip"),
    [
        ("other@example.org", "198.51.100.1"),  # neither the address nor the client failed
        ("other@example.org", None),  # an unknown client address is never throttled by address
    ],
)
def test_sign_in_throttling_does_not_affect_others(clock, email, client_ip):
    fail(settings.SIGN_IN_MAX_FAILURES, email=EMAIL)

    services.sign_in_check_allowed(email=email, client_ip=client_ip)  # does not raise


def test_successful_sign_ins_do_not_count_as_failures(clock):
    SignInAttemptFactory.create_batch(
        settings.SIGN_IN_MAX_FAILURES, email=EMAIL, client_ip=IP, succeeded=True
    )

    services.sign_in_check_allowed(email=EMAIL, client_ip=IP)  # does not raise


def test_sign_in_record_counts_towards_the_limit(clock):
    for _attempt in range(settings.SIGN_IN_MAX_FAILURES):
        services.sign_in_record(email=EMAIL, client_ip=IP, succeeded=False)

    with pytest.raises(PermissionDenied):
        services.sign_in_check_allowed(email=EMAIL, client_ip=IP)


@pytest.mark.parametrize(
    ("email", "client_ip"),
    [
        (EMAIL, None),  # the address that failed
        ("fresh@example.org", IP),  # the client that failed
    ],
)
def test_sign_in_is_allowed_again_once_the_window_has_passed(clock, email, client_ip):
    fail(settings.SIGN_IN_MAX_FAILURES, email=EMAIL)
    clock.shift(dt.timedelta(minutes=settings.SIGN_IN_WINDOW_MINUTES, seconds=1))

    services.sign_in_check_allowed(email=email, client_ip=client_ip)  # does not raise


def test_sign_in_is_still_refused_just_before_the_window_has_passed(clock):
    fail(settings.SIGN_IN_MAX_FAILURES, email=EMAIL)
    clock.shift(dt.timedelta(minutes=settings.SIGN_IN_WINDOW_MINUTES - 1))

    with pytest.raises(PermissionDenied):
        services.sign_in_check_allowed(email=EMAIL, client_ip=IP)
