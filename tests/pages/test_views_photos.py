"""The Support Unit's photo desk and the gallery a meeting page includes."""

from __future__ import annotations

import pytest
from django.template.loader import render_to_string
from django.utils import translation

from almaty.pages.models import MeetingPhoto
from almaty.pages.selectors import photos_for_meeting
from tests.factories.meetings import MeetingFactory
from tests.factories.pages import MeetingPhotoFactory, image_bytes
from tests.pages.conftest import stored_files
from tests.pages.images import upload

pytestmark = pytest.mark.django_db


def form(**extra):
    return {"alt_en": "Delegates around the table", "alt_ru": "", "caption_en": "",
            "caption_ru": "", "credit": "", "order": "0", **extra}  # fmt: skip


def test_the_support_unit_uploads_a_photo(reference, client, clerk, media):
    meeting = MeetingFactory()
    client.force_login(clerk)

    response = client.post(
        f"/en/photos/meeting/{meeting.pk}/",
        form(image=upload(image_bytes("JPEG", (2000, 1000))), is_published="on"),
    )

    assert response.status_code == 302
    photo = MeetingPhoto.objects.get()
    assert (photo.meeting, photo.is_published, photo.web_width) == (meeting, True, 1600)
    assert len(stored_files(media)) == 2
    page = client.get(f"/en/photos/meeting/{meeting.pk}/").content.decode()
    assert f'<tr data-photo="{photo.pk}">' in page


def test_a_bad_file_is_refused_with_a_clear_message(reference, client, clerk, media):
    meeting = MeetingFactory()
    client.force_login(clerk)

    response = client.post(
        f"/en/photos/meeting/{meeting.pk}/", form(image=upload(b"GIF89a rubbish", "x.jpg"))
    )

    assert response.status_code == 400
    assert (
        "The file is not a JPEG, PNG or WebP image. Nothing was stored."
        in response.content.decode()
    )
    assert stored_files(media) == []
    assert MeetingPhoto.objects.count() == 0


def test_an_upload_without_english_text_alternative_is_refused(reference, client, clerk, media):
    meeting = MeetingFactory()
    client.force_login(clerk)

    response = client.post(
        f"/en/photos/meeting/{meeting.pk}/", form(alt_en="", image=upload(image_bytes()))
    )

    assert response.status_code == 400
    assert stored_files(media) == []


def test_the_photo_desk_is_the_support_unit_s(reference, client, coordinator):
    meeting = MeetingFactory()
    assert client.get(f"/en/photos/meeting/{meeting.pk}/").status_code == 302
    client.force_login(coordinator)
    assert client.get(f"/en/photos/meeting/{meeting.pk}/").status_code == 403
    assert client.get(f"/en/photos/{MeetingPhotoFactory().pk}/").status_code == 403


def test_an_unknown_meeting_is_not_found(reference, client, clerk):
    client.force_login(clerk)
    assert client.get("/en/photos/meeting/999999/").status_code == 404


def test_editing_and_removing_a_photo(
    reference, client, clerk, media, django_capture_on_commit_callbacks
):
    photo = MeetingPhotoFactory(is_published=False)
    client.force_login(clerk)

    response = client.post(
        f"/en/photos/{photo.pk}/",
        form(action="save", alt_ru="Делегаты", order="4", is_published="on"),
    )
    assert response.status_code == 302
    photo.refresh_from_db()
    assert (photo.alt_ru, photo.order, photo.is_published) == ("Делегаты", 4, True)

    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/en/photos/{photo.pk}/", {"action": "remove"})
    assert MeetingPhoto.objects.count() == 0
    assert stored_files(media) == []


def test_the_gallery_is_figures_with_lazy_images_of_known_size(reference):
    photo = MeetingPhotoFactory(web_width=1600, web_height=1067)

    html = render_to_string(
        "pages/_meeting_photos.html", {"photos": photos_for_meeting(photo.meeting_id)}
    )

    assert "<figure" in html
    assert "<figcaption>" in html
    assert f'src="/media/{photo.web_image.name}" width="1600" height="1067"' in html
    assert f'alt="{photo.alt_en}" loading="lazy"' in html
    assert "The opening session" in html
    assert "Photo: IOM" in html


def test_no_published_photo_no_gallery(reference):
    photo = MeetingPhotoFactory(is_published=False)

    html = render_to_string(
        "pages/_meeting_photos.html", {"photos": photos_for_meeting(photo.meeting_id)}
    )

    assert html.strip() == ""


def test_a_missing_russian_text_alternative_is_shown_in_english_and_said_so(reference):
    photo = MeetingPhotoFactory(alt_ru="", caption_ru="")

    with translation.override("ru"):
        html = render_to_string("pages/_meeting_photos.html", {"photos": [photo]})

    assert f'alt="{photo.alt_en}" lang="en"' in html
    assert '<span lang="en">The opening session</span>' in html
    assert 'class="muted"' in html


def test_the_template_tag_takes_one_query(reference, django_assert_num_queries):
    from django.template import Context, Template

    photo = MeetingPhotoFactory()
    MeetingPhotoFactory(meeting=photo.meeting)
    template = Template("{% load pages_tags %}{% meeting_photos meeting_id %}")

    with django_assert_num_queries(1):
        html = template.render(Context({"meeting_id": photo.meeting_id}))
    assert html.count("<figure") == 2


def test_the_photo_edit_page_shows_the_photo_and_its_texts(reference, client, clerk):
    photo = MeetingPhotoFactory()
    client.force_login(clerk)

    body = client.get(f"/en/photos/{photo.pk}/").content.decode()

    assert f'alt="{photo.alt_en}"' in body
    assert f'value="{photo.alt_ru}"' in body


@pytest.mark.parametrize("language", ["en", "ru"])
def test_a_meeting_page_shows_its_published_photos(reference, client, language):
    photo = MeetingPhotoFactory()
    hidden = MeetingPhotoFactory(meeting=photo.meeting, is_published=False)

    html = client.get(f"/{language}/meetings/{photo.meeting_id}/").content.decode()

    assert f'data-photo="{photo.pk}"' in html
    assert f'data-photo="{hidden.pk}"' not in html
