"""The public About, Contact and Partners pages and the Support Unit's desk for them."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from almaty.meetings.choices import MeetingKind
from almaty.pages.choices import PageKey, PageStatus
from almaty.pages.models import Page
from almaty.process.services import modalities_amend
from tests.factories.meetings import MeetingFactory
from tests.factories.pages import PageFactory

pytestmark = pytest.mark.django_db


def text(response) -> str:
    return response.content.decode()


# --- About ---------------------------------------------------------------------------------


def test_about_shows_its_text_then_the_modalities_in_force(reference, client):
    response = client.get("/en/about/")

    body = text(response)
    assert response.status_code == 200
    assert "<h1>About the Almaty Process</h1>" in body
    assert "<h2>Objectives</h2>" in body
    assert (
        "Operating Modalities of the Almaty Process (2013), version 1, in force since 5 June 2013."
        in body
    )
    assert (
        '<tr data-rule="term_years"><th scope="row">Chair term (years)</th><td>2 years</td></tr>'
        in body
    )
    assert "Ministerial conference every (years)</th><td>2 years</td>" in body
    assert "International Organization for Migration (IOM)" in body
    assert "Office of the United Nations High Commissioner for Refugees (UNHCR)" in body
    assert "The Operating Modalities can be amended only by a Ministerial meeting." in body
    assert "silence procedure" in body


def test_about_lists_every_amendment_with_what_it_changed(reference, client):
    meeting = MeetingFactory(kind=MeetingKind.MINISTERIAL, starts_on=dt.date(2019, 4, 24))
    modalities_amend(
        adopted_at=meeting, effective_on=dt.date(2019, 6, 1),
        title={"en": "Operating Modalities (2019)", "ru": "Порядок работы (2019)"},
        text={"en": "Two deputy chairs.", "ru": "Два заместителя."},
        changes={"deputy_chairs": 2, "technical_group_size": 2}, actor=None,
    )  # fmt: skip

    body = text(client.get("/en/about/"))

    assert "Operating Modalities (2019), version 2, in force since 1 June 2019." in body
    assert (
        '<tr data-rule="deputy_chairs"><th scope="row">Number of deputy chairs</th><td>2</td>'
        in body
    )
    history = body.split('id="amendments-heading"')[1]
    assert '<tr data-version="1">' in history
    assert '<tr data-version="2" aria-current="true">' in history
    assert "The first version." in history
    assert "Number of deputy chairs: 0 → 2" in history
    assert "Technical group officers per State: 0 → 2" in history


def test_about_shows_the_data_even_while_its_text_is_a_draft(reference, client):
    Page.objects.filter(key=PageKey.ABOUT).update(status=PageStatus.DRAFT, publish_at=None)

    body = text(client.get("/en/about/"))

    assert "<h1>About the Process</h1>" in body
    assert "<h2>Objectives</h2>" not in body
    assert "The Operating Modalities in force" in body


def test_about_costs_a_bounded_number_of_queries(reference, client, django_assert_max_num_queries):
    with django_assert_max_num_queries(8):
        assert client.get("/en/about/").status_code == 200


# --- Contact and Partners ------------------------------------------------------------------


def test_partners_links_to_the_partner_organisations(reference, client):
    body = text(client.get("/en/partners/"))

    for link in (
        'href="https://www.iom.int/"',
        'href="https://www.unhcr.org/"',
        'href="https://www.pragueprocess.eu/"',
        'href="https://www.budapestprocess.org/"',
        'href="https://www.gfmd.org/"',
    ):
        assert link in body


def test_a_missing_language_says_so_and_links_to_the_other(reference, client):
    PageFactory(title_en="", body_en="")

    body = text(client.get("/en/contact/"))

    assert '<a href="/ru/contact/" hreflang="ru">Available in Russian only.</a>' in body
    assert "Группу поддержки" not in body
    assert "<h1>Contact</h1>" in body


def test_a_page_in_both_languages_shows_its_markdown(reference, client):
    PageFactory()

    body = text(client.get("/en/contact/"))

    assert "<h1>Contact us</h1>" in body
    assert "Write to the <strong>Support Unit</strong>." in body
    assert '<meta name="description" content="Write to the Support Unit' in body
    assert "Available in" not in body


@pytest.mark.parametrize(
    "state",
    [
        {"status": PageStatus.DRAFT, "publish_at": None},
        {"status": PageStatus.PUBLISHED, "publish_at": timezone.now() + dt.timedelta(hours=1)},
    ],
    ids=["draft", "scheduled"],
)
def test_a_page_not_yet_published_is_not_found_by_the_public(reference, client, state):
    PageFactory(**state)

    assert client.get("/en/contact/").status_code == 404


def test_the_support_unit_previews_a_draft(reference, client, clerk):
    PageFactory(status=PageStatus.DRAFT, publish_at=None)
    client.force_login(clerk)

    body = text(client.get("/en/contact/"))

    assert "Preview: this page is a draft and is not public." in body
    assert "<h1>Contact us</h1>" in body


def test_public_pages_cost_few_queries(reference, client, django_assert_max_num_queries):
    with django_assert_max_num_queries(3):
        assert client.get("/en/partners/").status_code == 200


# --- the desk -------------------------------------------------------------------------------


def test_the_desk_lists_pages_with_status_and_languages(reference, client, clerk):
    PageFactory(title_ru="", body_ru="", status=PageStatus.DRAFT, publish_at=None)
    client.force_login(clerk)

    body = text(client.get("/en/pages/desk/"))

    row = body.split('<tr data-page="contact">')[1].split("</tr>")[0]
    assert '<span class="badge overdue">draft</span>' in row
    assert "<td>EN</td>" in row
    assert '<tr data-page="about">' in body
    assert '<tr data-page="partners">' in body


@pytest.mark.parametrize("path", ["/en/pages/desk/", "/en/pages/desk/contact/"])
def test_the_desk_is_the_support_unit_s(reference, client, coordinator, path):
    assert client.get(path).status_code == 302  # to sign in
    client.force_login(coordinator)
    assert client.get(path).status_code == 403


def test_the_edit_form_saves_both_languages(reference, client, clerk):
    client.force_login(clerk)

    response = client.post(
        "/en/pages/desk/contact/",
        {"action": "save", "title_en": "Contact", "body_en": "Write.",
         "title_ru": "Контакты", "body_ru": "Пишите."},
    )  # fmt: skip

    assert response.status_code == 302
    page = Page.objects.get(key=PageKey.CONTACT)
    assert (page.title_ru, page.body_ru, page.updated_by) == ("Контакты", "Пишите.", clerk)


def test_the_edit_form_tells_what_is_wrong(reference, client, clerk):
    client.force_login(clerk)

    response = client.post(
        "/en/pages/desk/contact/",
        {"action": "save", "title_en": "Contact", "body_en": "Write.", "title_ru": "Контакты"},
    )

    assert response.status_code == 400
    assert "Give both the Russian title and the Russian text, or neither." in text(response)
    assert 'value="Контакты"' in text(response)


def test_the_desk_schedules_and_unpublishes(reference, client, clerk):
    client.force_login(clerk)

    response = client.post(
        "/en/pages/desk/partners/", {"action": "schedule", "publish_at": "2099-01-02T09:30"}
    )
    assert response.status_code == 302
    page = Page.objects.get(key=PageKey.PARTNERS)
    assert page.is_scheduled
    assert timezone.localtime(page.publish_at).strftime("%Y-%m-%d %H:%M") == "2099-01-02 09:30"

    client.post("/en/pages/desk/partners/", {"action": "unpublish"})
    assert Page.objects.get(key=PageKey.PARTNERS).status == PageStatus.DRAFT
    client.post("/en/pages/desk/partners/", {"action": "publish"})
    assert Page.objects.get(key=PageKey.PARTNERS).is_live()


def test_unpublishing_a_draft_shows_the_error_not_a_crash(reference, client, clerk):
    PageFactory(status=PageStatus.DRAFT, publish_at=None)
    client.force_login(clerk)

    response = client.post("/en/pages/desk/contact/", {"action": "unpublish"})

    assert response.status_code == 400
    assert "cannot be taken back to draft" in text(response)


def test_an_unknown_page_key_is_not_found(reference, client, clerk):
    client.force_login(clerk)
    assert client.get("/en/pages/desk/history/").status_code == 404


def test_the_edit_form_shows_both_languages_side_by_side(reference, client, clerk):
    client.force_login(clerk)

    body = client.get("/en/pages/desk/about/").content.decode()

    assert '<fieldset lang="en">' in body
    assert '<fieldset lang="ru">' in body
    assert 'value="Об Алматинском процессе"' in body
    assert "Languages ready: EN, RU" in body
