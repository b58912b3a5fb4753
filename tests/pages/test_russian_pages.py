"""The pages and the photo desk read in Russian for a Russian reader."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import translation

from almaty.meetings.choices import MeetingKind
from almaty.pages.models import MeetingPhoto
from almaty.process.services import modalities_amend
from tests.factories.meetings import MeetingFactory
from tests.factories.pages import MeetingPhotoFactory, PageFactory
from tests.pages.conftest import stored_files
from tests.pages.images import upload

pytestmark = pytest.mark.django_db


def test_a_page_missing_in_russian_says_so_in_russian_and_links_to_english(reference, client):
    PageFactory(title_ru="", body_ru="")

    body = client.get("/ru/contact/").content.decode()

    assert (
        '<a href="/en/contact/" hreflang="en" lang="en">Доступно только на английском языке.</a>'
        in body
    )
    assert "Write to the" not in body
    assert "<h1>Контакты</h1>" in body


def test_the_russian_about_page_is_in_russian(reference, client):
    meeting = MeetingFactory(kind=MeetingKind.MINISTERIAL, starts_on=dt.date(2019, 4, 24))
    modalities_amend(
        adopted_at=meeting, effective_on=dt.date(2019, 6, 1),
        title={"en": "Operating Modalities (2019)", "ru": "Порядок работы (2019)"},
        text={"en": "Two deputy chairs.", "ru": "Два заместителя."},
        changes={"deputy_chairs": 2}, actor=None,
    )  # fmt: skip

    body = client.get("/ru/about/").content.decode()

    assert "<h1>Об Алматинском процессе</h1>" in body
    assert "<h2>Цели</h2>" in body
    assert "Действующий Порядок работы" in body
    assert "Порядок работы (2019), версия 2, действует с 1 июня 2019" in body
    assert "История Порядка работы" in body
    assert "Первая версия." in body
    assert "Как принимаются решения" in body
    assert "Международная организация по миграции" in body


def test_a_bad_photo_is_refused_in_russian(reference, client, clerk, media):
    meeting = MeetingFactory()
    client.force_login(clerk)

    response = client.post(
        f"/ru/photos/meeting/{meeting.pk}/",
        {"alt_en": "Delegates", "order": "0", "image": upload(b"not an image", "x.png")},
    )

    assert response.status_code == 400
    assert "Файл не является изображением JPEG, PNG или WebP. Ничего не сохранено." in (
        response.content.decode()
    )
    assert stored_files(media) == []
    assert MeetingPhoto.objects.count() == 0


def test_the_gallery_says_in_russian_that_a_description_is_english_only(reference):
    from django.template.loader import render_to_string

    photo = MeetingPhotoFactory(alt_ru="", caption_ru="", credit="МОМ")

    with translation.override("ru"):
        html = render_to_string("pages/_meeting_photos.html", {"photos": [photo]})

    assert '<h2 id="meeting-photos-heading">Фотографии</h2>' in html
    assert "(описание только на английском языке)" in html
    assert "Фото: МОМ" in html


def test_the_desk_reads_in_russian(reference, client, clerk):
    client.force_login(clerk)

    body = client.get("/ru/pages/desk/").content.decode()

    assert "<h1>Страницы портала</h1>" in body
    assert "опубликована" in body
