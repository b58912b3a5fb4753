"""The register, a decision's record, and the page where a National Coordinator answers."""

from __future__ import annotations

import datetime as dt

import pytest

from almaty.decisions import services
from almaty.decisions.models import SilenceBreak
from tests.factories.accounts import UserFactory

UTC = dt.UTC
TITLE = {"en": "Work plan 2027", "ru": "План работы на 2027 год"}
TEXT = {"en": "The work plan is agreed.", "ru": "План работы согласован."}


@pytest.fixture
def under_silence(reference):
    proposal = services.proposal_draft(kind="general", title=TITLE, text=TEXT, actor=UserFactory())
    deadline = dt.datetime.now(UTC).replace(microsecond=0) + dt.timedelta(days=10)
    return services.silence_start(proposal=proposal, deadline_at=deadline, actor=None)


@pytest.fixture
def adopted(reference):
    proposal = services.proposal_draft(kind="general", title=TITLE, text=TEXT, actor=UserFactory())
    proposal = services.silence_start(
        proposal=proposal,
        deadline_at=dt.datetime(2026, 3, 31, 12, tzinfo=UTC),
        actor=None,
        now=dt.datetime(2026, 3, 1, tzinfo=UTC),
    )
    return services.silence_close(proposal=proposal, now=dt.datetime(2026, 4, 1, tzinfo=UTC))


@pytest.mark.parametrize(
    ("language", "title"), [("en", "Work plan 2027"), ("ru", "План работы на 2027 год")]
)
def test_the_register_lists_adopted_decisions_in_each_language(client, adopted, language, title):
    response = client.get(f"/{language}/decisions/")

    page = response.content.decode()
    assert response.status_code == 200
    assert "AP/2026/01" in page
    assert title in page


def test_the_record_of_a_decision_shows_the_deadline_in_almaty_time_and_utc(client, adopted):
    page = client.get(f"/en/decisions/{adopted.pk}/").content.decode()

    assert "31 March 2026, 17:00 (Almaty time)" in page
    assert "2026-03-31 12:00 UTC" in page
    assert "Operating Modalities of the Almaty Process (2013)" in page


def test_a_proposal_not_adopted_is_hidden_from_anonymous_readers(client, under_silence):
    assert client.get(f"/en/decisions/{under_silence.pk}/").status_code == 404


def test_a_coordinator_breaks_silence_and_withdraws_from_the_page(
    client, under_silence, user_with_role
):
    client.force_login(user_with_role("national_coordinator", "KGZ"))
    assert "Work plan 2027" in client.get("/en/decisions/pending/").content.decode()

    response = client.post(
        "/en/decisions/pending/",
        {
            "action": "break",
            "proposal": under_silence.pk,
            "state": "KGZ",
            "kind": "objection",
            "text": "Not yet.",
        },
    )
    assert response.status_code == 302
    made = SilenceBreak.objects.get(proposal=under_silence)
    assert made.state.iso3 == "KGZ"

    client.post("/en/decisions/pending/", {"action": "withdraw", "break": made.pk})
    made.refresh_from_db()
    assert made.withdrawn_at is not None


def test_a_coordinator_cannot_break_silence_for_another_state_from_the_page(
    client, under_silence, user_with_role
):
    client.force_login(user_with_role("national_coordinator", "KGZ"))

    response = client.post(
        "/en/decisions/pending/",
        {
            "action": "break",
            "proposal": under_silence.pk,
            "state": "KAZ",
            "kind": "objection",
            "text": "No.",
        },
        follow=True,
    )

    assert (
        "Only the National Coordinator of KAZ can break or restore its silence."
        in response.content.decode()
    )
    assert not SilenceBreak.objects.exists()


def test_the_pending_page_needs_sign_in(client, under_silence):
    response = client.get("/en/decisions/pending/")

    assert response.status_code == 302
    assert "/en/account/sign-in/" in response.url


@pytest.mark.parametrize(
    "body", [{"action": "break", "proposal": "x"}, {"action": "withdraw", "break": "999999"}]
)
def test_bad_posts_are_answered_with_a_message_not_an_error(
    client, under_silence, user_with_role, body
):
    client.force_login(user_with_role("national_coordinator", "KGZ"))

    response = client.post("/en/decisions/pending/", body, follow=True)

    assert response.status_code == 200
    assert not SilenceBreak.objects.exists()


def test_the_record_pdf_holds_both_languages(client, adopted):
    import io

    from pypdf import PdfReader

    response = client.get(f"/en/decisions/{adopted.pk}/record.pdf")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'inline; filename="AP-2026-01.pdf"'
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert "Work plan 2027" in text
    assert "План работы на 2027 год" in text
    assert "AP/2026/01" in text


def test_the_record_pdf_of_a_hidden_proposal_is_not_found(client, under_silence):
    assert client.get(f"/en/decisions/{under_silence.pk}/record.pdf").status_code == 404


def test_without_pdf_libraries_the_record_says_so_instead_of_failing(client, adopted, monkeypatch):
    import almaty.decisions.pdf as pdf

    def missing(proposal):
        raise OSError("cannot load library 'libpango-1.0-0'")

    monkeypatch.setattr(pdf, "decision_record_pdf", missing)

    response = client.get(f"/en/decisions/{adopted.pk}/record.pdf")

    assert response.status_code == 503
    assert "WeasyPrint needs Pango" in response.content.decode()
