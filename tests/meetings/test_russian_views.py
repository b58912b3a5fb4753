"""The meetings pages in Russian (needs the compiled catalogue)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from almaty.meetings.choices import ItemKind
from almaty.meetings.models import AgendaItem
from almaty.process.models import State
from tests.factories.meetings import MeetingFactory

TODAY = timezone.localdate()


@pytest.fixture
def meeting(reference):
    return MeetingFactory(
        number=12,
        title_en="Labour migration",
        title_ru="Трудовая миграция",
        starts_on=TODAY + dt.timedelta(days=40),
        host_state=State.objects.get(iso3="KGZ"),
        time_zone="Asia/Bishkek",
        agenda_published_at=timezone.now(),
    )


def test_the_list_is_in_russian(client, meeting):
    page = client.get("/ru/meetings/").content.decode()

    assert "Предстоящие встречи" in page
    assert "Прошедшие встречи" in page
    assert "Подписаться на календарь встреч (iCal)" in page
    assert 'href="/ru/meetings/">Встречи</a>' in page


def test_the_meeting_page_says_the_venue_zone_in_russian(client, meeting):
    AgendaItem.objects.create(
        meeting=meeting,
        day=meeting.starts_on,
        kind=ItemKind.OPENING,
        title_en="Opening",
        title_ru="Открытие",
    )

    page = client.get(f"/ru/meetings/{meeting.pk}/").content.decode()

    assert "№ 12" in page
    assert "Время указано по месту проведения (Asia/Bishkek, UTC+06:00)." in page
    assert "Открытие" in page


def test_a_refused_agenda_item_is_explained_in_russian(client, meeting, user_with_role):
    client.force_login(user_with_role("support_unit"))

    response = client.post(
        f"/ru/meetings/{meeting.pk}/agenda/",
        {
            "action": "add",
            "new-day": meeting.starts_on.isoformat(),
            "new-kind": "session",
            "new-ends_at": "10:00",
            "new-title_en": "Session",
            "new-title_ru": "Сессия",
        },
        HTTP_HX_REQUEST="true",
    )

    assert (
        "Если указано время окончания пункта повестки, укажите и время начала."
        in response.content.decode()
    )
    assert not meeting.agenda_items.exists()


def test_the_delegates_page_is_in_russian(client, meeting, user_with_role):
    client.force_login(user_with_role("national_coordinator", "KGZ"))

    page = client.get(f"/ru/meetings/{meeting.pk}/delegates/").content.decode()

    assert "Зарегистрировать делегата" in page
    assert "Делегаты государства, которое вы координируете." in page
