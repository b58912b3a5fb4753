"""A user's language and time zone: chosen on the account page, used on pages and in e-mails."""

from __future__ import annotations

import datetime as dt

import pytest

from almaty.core.models import AuditEntry
from almaty.decisions import services as decisions
from tests.factories.accounts import UserFactory


def test_a_user_chooses_language_and_time_zone(client, db):
    user = UserFactory()
    client.force_login(user)

    response = client.post("/en/account/", {"language": "ru", "time_zone": "Europe/Istanbul"})

    assert response.status_code == 302
    user.refresh_from_db()
    assert (user.preferred_language, user.time_zone) == ("ru", "Europe/Istanbul")
    assert AuditEntry.objects.order_by("-sequence").first().message_key == "user.preferences"


@pytest.mark.parametrize(("body", "message"), [
    ({"language": "en", "time_zone": "Mars/Olympus"}, "Unknown time zone &#x27;Mars/Olympus&#x27;."),
    ({"language": "xx", "time_zone": "UTC"}, "Unknown language &#x27;xx&#x27;."),
])  # fmt: skip
def test_an_unknown_zone_or_language_is_refused_and_nothing_changes(client, db, body, message):
    user = UserFactory()
    client.force_login(user)

    response = client.post("/en/account/", body, follow=True)

    assert message in response.content.decode()
    user.refresh_from_db()
    assert (user.preferred_language, user.time_zone) == ("en", "Asia/Almaty")


def test_a_deadline_is_also_shown_in_the_readers_time_zone(client, reference, user_with_role):
    reader = user_with_role("national_coordinator", "TUR")
    reader.time_zone = "Europe/Istanbul"
    reader.save()
    proposal = decisions.proposal_draft(
        kind="general", title={"en": "T", "ru": "Т"}, text={"en": "x", "ru": "х"}, actor=None
    )
    deadline = dt.datetime(2030, 3, 31, 12, tzinfo=dt.UTC)
    decisions.silence_start(proposal=proposal, deadline_at=deadline, actor=None)
    client.force_login(reader)

    page = client.get(f"/en/decisions/{proposal.pk}/").content.decode()

    assert "31 March 2030, 17:00 (Almaty time)" in page
    assert "2030-03-31 12:00 UTC" in page
    assert "31 March 2030, 15:00 your time (Europe/Istanbul)" in page
