"""accounts.tasks: the e-mail with a link to set a password."""

from __future__ import annotations

import pytest
from django.core import mail

from almaty.accounts.tasks import send_password_link
from tests.factories.accounts import UserFactory

pytestmark = pytest.mark.django_db


def test_send_password_link_sends_an_invitation_naming_the_sign_in_address():
    person = UserFactory(email="aida@example.org")

    assert send_password_link.call_local(person.pk, "invite") is True

    assert [m.to for m in mail.outbox] == [["aida@example.org"]]
    assert mail.outbox[0].subject == "Your account on the Almaty Process platform"
    assert "You sign in with aida@example.org." in mail.outbox[0].body
    assert "/en/account/password/set/" in mail.outbox[0].body


def test_send_password_link_for_a_deactivated_user_sends_nothing():
    person = UserFactory(is_active=False)

    assert send_password_link.call_local(person.pk, "reset") is False
    assert mail.outbox == []


def test_send_password_link_for_a_deleted_user_sends_nothing():
    person = UserFactory()
    user_id = person.pk
    person.delete()

    assert send_password_link.call_local(user_id, "reset") is False
    assert mail.outbox == []


def test_send_password_link_queued_runs_and_reports_its_result():
    """Through the queue (immediate in tests) as services enqueue it."""
    person = UserFactory(is_active=False)

    result = send_password_link(person.pk, "reset")

    assert result.get() is False
    assert mail.outbox == []
