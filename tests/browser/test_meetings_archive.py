"""The meeting page, the agenda editor and the archive's search, as Chromium shows them."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from playwright.sync_api import Page, expect

from almaty.accounts.models import Role
from almaty.archive import services as archive_services
from almaty.archive.choices import Access, DocumentKind, TranslationStatus
from almaty.meetings.models import AgendaItem, Meeting
from tests.browser.test_sign_in import PASSWORD, sign_in
from tests.factories.accounts import RoleAssignmentFactory, UserFactory

pytestmark = pytest.mark.browser


def support_unit_member() -> str:
    person = UserFactory()
    RoleAssignmentFactory(user=person, role=Role.objects.get(code="support_unit"), state=None)
    return str(person.email)


def test_the_5th_som_page_shows_its_agenda_in_the_venue_time_in_both_languages(
    page: Page,
) -> None:
    page.goto("/en/meetings/")
    page.get_by_role("link", name="5th Senior Officials' Meeting").first.click()

    expect(page.get_by_role("heading", level=1)).to_contain_text("5th Senior Officials' Meeting")
    expect(page.locator("main")).to_contain_text("Asia/Bishkek")
    ceremony = page.locator("tr.item-ceremony")
    expect(ceremony).to_have_count(1)
    expect(ceremony).to_contain_text("17:30–18:00")
    expect(ceremony).to_contain_text("Tajikistan")
    expect(page.locator('a[href$="meeting.ics"]')).to_be_visible()

    page.goto(page.url.replace("/en/", "/ru/"))
    expect(page.get_by_role("heading", level=1)).to_contain_text(
        "5-е совещание старших должностных лиц"
    )
    expect(page.locator("tr.item-ceremony")).to_contain_text("Таджикистан")


def test_the_support_unit_adds_an_agenda_item_in_place_and_publishes_the_agenda(
    page: Page,
) -> None:
    email = support_unit_member()
    meeting = Meeting.objects.create(
        kind="som",
        number=9,
        title_en="9th Senior Officials' Meeting",
        title_ru="9-е совещание старших должностных лиц",
        starts_on=dt.date(2031, 9, 24),
        ends_on=dt.date(2031, 9, 25),
        time_zone="Asia/Dushanbe",
    )
    sign_in(page, email=email, password=PASSWORD)
    page.goto(f"/en/meetings/{meeting.pk}/agenda/")
    editor = page.locator("#agenda-editor")

    editor.locator('select[name="new-day"]').select_option("2031-09-25")
    editor.locator('select[name="new-kind"]').select_option("session")
    editor.locator('input[name="new-starts_at"]').fill("10:00")
    editor.locator('input[name="new-ends_at"]').fill("09:00")
    editor.locator('input[name="new-title_en"]').fill("Labour migration corridors")
    editor.locator('input[name="new-title_ru"]').fill("Коридоры трудовой миграции")
    editor.get_by_role("button", name="Add the item").click()
    expect(editor).to_contain_text("An item must end after it starts.")
    assert AgendaItem.objects.filter(meeting=meeting).count() == 0

    editor.locator('input[name="new-ends_at"]').fill("11:30")
    editor.get_by_role("button", name="Add the item").click()
    row = page.locator('section.agenda-day[data-day="2031-09-25"] tr', has_text="Labour migration")
    expect(row).to_contain_text("10:00")
    expect(page).to_have_url(re.compile(rf"/en/meetings/{meeting.pk}/agenda/$"))

    page.get_by_role("button", name="Publish the agenda").click()
    expect(page.locator("#agenda-editor")).to_contain_text("Published on")
    meeting.refresh_from_db()
    assert meeting.is_agenda_published


def test_search_finds_russian_word_forms_and_narrows_by_type_as_you_type(page: Page) -> None:
    for kind, title_en, title_ru, text_ru in (
        (
            DocumentKind.REPORT,
            "Refugee protection at the borders",
            "Защита беженцев на границах",
            "Беженцы и просители убежища на границах Центральной Азии.",
        ),
        (
            DocumentKind.COMMUNIQUE,
            "Communiqué on labour migration",
            "Коммюнике о трудовой миграции",
            "Трудовые мигранты и их семьи; защита беженца упомянута.",
        ),
        (
            DocumentKind.REPORT,
            "Border management review",
            "Обзор управления границами",
            "Управление границами и пограничный контроль.",
        ),
    ):
        document = archive_services.document_create(
            actor=None, kind=kind, issued_on=dt.date(2019, 5, 1), access=Access.PUBLIC
        )
        archive_services.version_save(
            actor=None,
            document=document,
            language="en",
            title=title_en,
            text=title_en,
            status=TranslationStatus.ORIGINAL,
        )
        archive_services.version_save(
            actor=None,
            document=document,
            language="ru",
            title=title_ru,
            upload=SimpleUploadedFile(f"{title_en}.txt", text_ru.encode(), "text/plain"),
            status=TranslationStatus.FINAL,
        )

    page.goto("/ru/documents/")
    page.locator('input[name="q"]').press_sequentially("беженцев", delay=20)

    results = page.locator("#results")
    expect(results.locator("li[data-document]")).to_have_count(2)
    expect(results.locator("mark").first).to_be_visible()
    expect(page).to_have_url(re.compile(r"q=%D0%B1"))  # the query is in the address

    page.locator('select[name="kind"]').select_option("report")
    page.get_by_role("button", name="Найти").click()
    expect(results.locator("li[data-document]")).to_have_count(1)
    expect(results).to_contain_text("Защита беженцев на границах")
