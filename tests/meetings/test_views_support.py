"""The Support Unit's pages: scheduling and cloning meetings, the materials dashboard, outcomes."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from almaty.archive.choices import Access, DocumentKind
from almaty.archive.models import Document, DocumentVersion
from almaty.meetings.choices import ItemKind
from almaty.meetings.models import AgendaItem, Material, Meeting, Outcome
from tests.factories.meetings import MeetingFactory

TODAY = timezone.localdate()


@pytest.fixture
def meeting(reference):
    return MeetingFactory(
        number=7, title_en="Senior officials 2026", title_ru="СДЛ 2026",
        starts_on=TODAY + dt.timedelta(days=10), ends_on=TODAY + dt.timedelta(days=11),
    )  # fmt: skip


@pytest.fixture
def su(client, user_with_role):
    user = user_with_role("support_unit")
    client.force_login(user)
    return user


def document(title, en="original", ru="final", access=Access.MEMBERS):
    doc = Document.objects.create(kind=DocumentKind.REPORT, issued_on=TODAY, access=access)
    for language, status in (("en", en), ("ru", ru)):
        if status:
            DocumentVersion.objects.create(
                document=doc, language=language, title=f"{title} [{language}]", status=status
            )
    return doc


PAGES = ["/{lang}/meetings/schedule/", "/{lang}/meetings/{pk}/clone/", "/{lang}/meetings/materials/", "/{lang}/meetings/{pk}/outcomes/"]  # fmt: skip


@pytest.mark.parametrize("page", PAGES)
def test_anonymous_readers_are_sent_to_sign_in(client, meeting, page):
    response = client.get(page.format(lang="en", pk=meeting.pk))

    assert response.status_code == 302
    assert "/en/account/sign-in/" in response.url


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize(("role", "state"), [("national_coordinator", "KGZ"), ("chair", "KAZ")])
def test_other_roles_are_refused(client, meeting, user_with_role, page, role, state):
    client.force_login(user_with_role(role, state))

    get = client.get(page.format(lang="en", pk=meeting.pk))
    post = client.post(page.format(lang="en", pk=meeting.pk), {"action": "add"})

    assert (get.status_code, post.status_code) == (403, 403)


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("language", ["en", "ru"])
def test_the_support_unit_gets_each_page_in_each_language(client, su, meeting, page, language):
    response = client.get(page.format(lang=language, pk=meeting.pk))

    assert response.status_code == 200
    assert f'<html lang="{language}">' in response.content.decode()


@pytest.mark.parametrize("page", ["/en/meetings/999999/clone/", "/en/meetings/999999/outcomes/"])
def test_an_unknown_meeting_is_not_found(client, su, page):
    assert client.get(page).status_code == 404


# --- Scheduling and cloning ---------------------------------------------------------------------


def schedule(**changes):
    data = {
        "kind": "training", "title_en": "Training on referral", "title_ru": "Тренинг по перенаправлению",
        "starts_on": "2027-03-01", "ends_on": "2027-03-03", "time_zone": "Asia/Tashkent",
        "host_state": "", "circulation_days": "21", "city_en": "Tashkent", "city_ru": "Ташкент",
    }  # fmt: skip
    data.update(changes)
    return data


def test_a_meeting_is_scheduled(client, su, reference):
    response = client.post("/en/meetings/schedule/", schedule())

    made = Meeting.objects.get(title_en="Training on referral")
    assert response.status_code == 302
    assert response.url == f"/en/meetings/{made.pk}/"
    assert (made.kind, made.title_ru, made.ends_on, made.time_zone, made.circulation_days) == (
        "training",
        "Тренинг по перенаправлению",
        dt.date(2027, 3, 3),
        "Asia/Tashkent",
        21,
    )


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"ends_on": "2027-02-01"}, "The last day cannot be before the first day."),
        (
            {"time_zone": "Mars/Olympus"},
            "Mars/Olympus is not a time zone name (such as Asia/Almaty).",
        ),
        ({"title_ru": ""}, "This field is required."),
        ({"starts_on": "tomorrow"}, "Enter a valid date."),
    ],
)
def test_bad_input_schedules_nothing(client, su, reference, changes, message):
    before = Meeting.objects.count()

    response = client.post("/en/meetings/schedule/", schedule(**changes))

    assert response.status_code == 200
    assert message in response.content.decode()
    assert Meeting.objects.count() == before


def test_a_meeting_is_cloned_with_its_agenda_as_a_draft(client, su, meeting):
    AgendaItem.objects.create(
        meeting=meeting,
        day=meeting.starts_on,
        kind=ItemKind.OPENING,
        title_en="Opening",
        title_ru="Открытие",
    )
    meeting.agenda_published_at = timezone.now()
    meeting.save()

    response = client.post(f"/en/meetings/{meeting.pk}/clone/", {"starts_on": "2028-05-10"})

    copy = Meeting.objects.get(cloned_from=meeting)
    assert response.url == f"/en/meetings/{copy.pk}/agenda/"
    assert (copy.number, copy.starts_on, copy.is_agenda_published) == (
        8,
        dt.date(2028, 5, 10),
        False,
    )
    assert copy.agenda_items.get().day == dt.date(2028, 5, 10)


def test_a_clone_on_the_same_day_is_refused(client, su, meeting):
    response = client.post(
        f"/en/meetings/{meeting.pk}/clone/", {"starts_on": meeting.starts_on.isoformat()}
    )

    assert "The new meeting must start on another day than" in response.content.decode()
    assert not Meeting.objects.filter(cloned_from=meeting).exists()


# --- Materials ----------------------------------------------------------------------------------


def test_late_materials_come_first_and_are_flagged(client, su, meeting):
    Material.objects.create(
        meeting=meeting, document=document("On time"), due_on=TODAY + dt.timedelta(days=3)
    )
    Material.objects.create(
        meeting=meeting, document=document("Late one"), due_on=TODAY - dt.timedelta(days=2)
    )

    page = client.get("/en/meetings/materials/").content.decode()

    assert page.index("Late one") < page.index("On time")
    assert page.count('class="badge overdue"') == 1


def test_the_dashboard_says_which_language_is_not_final(client, su, meeting):
    Material.objects.create(
        meeting=meeting, document=document("Report", ru="machine_draft"), due_on=TODAY
    )

    page = client.get("/en/meetings/materials/").content.decode()

    assert "The Russian version is a machine draft." in page


def test_the_parity_gate_refuses_with_the_services_message(client, su, meeting):
    material = Material.objects.create(
        meeting=meeting, document=document("Report", ru="draft"), due_on=TODAY
    )

    response = client.post(
        "/en/meetings/materials/", {"action": "circulate", "material": material.pk}, follow=True
    )

    assert "cannot be circulated yet. The Russian version is a draft." in response.content.decode()
    material.refresh_from_db()
    assert material.circulated_at is None


def test_a_material_with_parity_is_circulated_and_leaves_the_dashboard(client, su, meeting):
    material = Material.objects.create(meeting=meeting, document=document("Report"), due_on=TODAY)

    response = client.post(
        "/en/meetings/materials/", {"action": "circulate", "material": material.pk}, follow=True
    )

    material.refresh_from_db()
    assert material.circulated_at is not None
    assert f'data-material="{material.pk}"' not in response.content.decode()


def test_a_material_is_added_with_the_meetings_deadline(client, su, meeting):
    doc = document("Concept note")

    client.post(
        "/en/meetings/materials/",
        {"action": "add", "add-meeting": meeting.pk, "add-document": doc.pk},
    )

    assert Material.objects.get(meeting=meeting).due_on == meeting.materials_due_on


def test_an_unknown_document_is_not_added(client, su, meeting):
    response = client.post(
        "/en/meetings/materials/",
        {"action": "add", "add-meeting": meeting.pk, "add-document": 999999},
    )

    assert "No document 999999." in response.content.decode()
    assert not Material.objects.filter(meeting=meeting).exists()


# --- Outcomes -----------------------------------------------------------------------------------


@pytest.fixture
def decision(meeting):
    from almaty.decisions.choices import ProposalStatus
    from almaty.decisions.models import Proposal

    return Proposal.objects.create(
        kind="general", title_en="Work plan 2027", title_ru="План работы на 2027 год",
        status=ProposalStatus.ADOPTED, is_public=True, register_number="AP/2026/04", meeting=meeting,
    )  # fmt: skip


def test_an_outcome_is_recorded_with_its_decisions(client, su, meeting, decision):
    response = client.post(f"/en/meetings/{meeting.pk}/outcomes/", {
        "kind": "communique", "summary_en": "Agreed.", "summary_ru": "Согласовано.", "decisions": [decision.pk],
    })  # fmt: skip

    assert response.status_code == 302
    outcome = meeting.outcomes.get()
    assert (outcome.kind, outcome.summary_ru, list(outcome.decisions.all())) == (
        "communique",
        "Согласовано.",
        [decision],
    )


def test_an_outcome_is_changed(client, su, meeting, decision):
    outcome = Outcome.objects.create(meeting=meeting, kind="other", summary_en="A", summary_ru="А")
    assert (
        'value="other" selected'
        in client.get(f"/en/meetings/{meeting.pk}/outcomes/", {"edit": outcome.pk}).content.decode()
    )

    client.post(f"/en/meetings/{meeting.pk}/outcomes/", {
        "outcome": outcome.pk, "kind": "declaration", "summary_en": "B", "summary_ru": "Б",
    })  # fmt: skip

    outcome.refresh_from_db()
    assert (outcome.kind, outcome.summary_en) == ("declaration", "B")
    assert meeting.outcomes.count() == 1


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"kind": "communique"}, "An outcome needs a summary or a document."),
        (
            {"kind": "communique", "summary_en": "Only English"},
            "Give the summary in English and in Russian.",
        ),
        ({"kind": "nonsense", "summary_en": "A", "summary_ru": "А"}, "Select a valid choice."),
    ],
)
def test_bad_outcomes_are_refused_and_nothing_is_recorded(client, su, meeting, data, message):
    response = client.post(f"/en/meetings/{meeting.pk}/outcomes/", data)

    assert response.status_code == 200
    assert message in response.content.decode()
    assert not meeting.outcomes.exists()
