"""accounts.services: issuing, revoking and checking API bearer tokens."""

from __future__ import annotations

import datetime as dt

import pytest

from almaty.accounts import services
from almaty.accounts.models import ApiToken
from almaty.core.models import AuditEntry
from tests.factories.accounts import ApiTokenFactory, UserFactory

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2025, 3, 10, 9, 0, tzinfo=dt.UTC)


@pytest.fixture
def now(time_machine):
    time_machine.move_to(NOW, tick=False)
    return time_machine


def test_token_issue_returns_a_raw_token_that_is_not_stored():
    user = UserFactory()

    token, raw = services.token_issue(user=user, actor=None, name="statistics upload")

    assert raw.startswith("alm_")
    assert token.prefix == raw[:12]
    stored = ApiToken.objects.get(pk=token.pk)
    assert raw not in {stored.digest, stored.prefix, stored.name}


def test_token_issue_records_token_issued_in_the_audit_log():
    user = UserFactory(email="robot@example.org")

    token, _raw = services.token_issue(user=user, actor=user)

    entry = AuditEntry.objects.get(message_key="token.issued")
    assert entry.object_id == str(token.pk)
    assert entry.params == {"email": "robot@example.org", "prefix": token.prefix}


def test_token_issue_gives_a_different_token_each_time():
    user = UserFactory()

    _first, raw_one = services.token_issue(user=user, actor=None)
    _second, raw_two = services.token_issue(user=user, actor=None)

    assert raw_one != raw_two


def test_token_authenticate_returns_the_owner_of_a_valid_token():
    user = UserFactory()
    _token, raw = services.token_issue(user=user, actor=None)

    assert services.token_authenticate(raw) == user


@pytest.mark.parametrize(
    "raw",
    [
        "",
        "alm_unknown-token-never-issued",
        "not-even-our-prefix",
        "alm_" + "x" * 300,  # absurdly long
    ],
)
def test_token_authenticate_refuses_an_unknown_token(raw):
    ApiTokenFactory()  # some other token exists

    assert services.token_authenticate(raw) is None


def test_token_authenticate_refuses_a_revoked_token():
    user = UserFactory()
    token, raw = services.token_issue(user=user, actor=None)

    services.token_revoke(token=token, actor=user)

    assert services.token_authenticate(raw) is None
    assert AuditEntry.objects.filter(message_key="token.revoked").count() == 1


@pytest.mark.parametrize(
    ("expires_in", "accepted"),
    [
        (dt.timedelta(seconds=-1), False),
        (dt.timedelta(0), False),  # expires_at is the first moment it no longer works
        (dt.timedelta(seconds=1), True),
        (dt.timedelta(days=365), True),
    ],
)
def test_token_authenticate_honours_the_expiry(now, expires_in, accepted):
    token = ApiTokenFactory(expires_at=NOW + expires_in)

    assert (services.token_authenticate(token.raw) == token.user) is accepted


def test_token_authenticate_refuses_the_token_of_a_deactivated_user():
    token = ApiTokenFactory(user=UserFactory(is_active=False))

    assert services.token_authenticate(token.raw) is None


def test_token_authenticate_records_when_the_token_was_last_used(now):
    token = ApiTokenFactory()

    services.token_authenticate(token.raw)

    token.refresh_from_db()
    assert token.last_used_at == NOW


def test_token_authenticate_refreshes_last_used_at_at_most_once_a_minute(now):
    token = ApiTokenFactory(last_used_at=NOW)

    now.shift(dt.timedelta(seconds=30))
    services.token_authenticate(token.raw)
    token.refresh_from_db()
    assert token.last_used_at == NOW

    now.shift(dt.timedelta(seconds=31))
    services.token_authenticate(token.raw)
    token.refresh_from_db()
    assert token.last_used_at == NOW + dt.timedelta(seconds=61)


def test_token_authenticate_does_not_touch_a_refused_token(now):
    token = ApiTokenFactory(revoked_at=NOW - dt.timedelta(days=1))

    services.token_authenticate(token.raw)

    token.refresh_from_db()
    assert token.last_used_at is None
