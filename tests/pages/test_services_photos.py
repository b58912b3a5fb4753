"""Uploading meeting photos: real images only, metadata removed, a web-size copy, all or nothing."""

from __future__ import annotations

import io

import pytest

from almaty.core.errors import InvalidInput, PermissionDenied
from almaty.core.models import AuditEntry
from almaty.pages import images, selectors, services
from almaty.pages.models import MeetingPhoto
from tests.factories.meetings import MeetingFactory
from tests.factories.pages import MeetingPhotoFactory, image_bytes
from tests.pages.conftest import stored_files
from tests.pages.images import exif_with_gps, opened

pytestmark = pytest.mark.django_db


def add(actor, meeting, data: bytes, **texts):
    texts = {"alt_en": "Delegates around the table", **texts}
    return services.photo_upload(
        actor=actor, meeting=meeting, stream=io.BytesIO(data), size=len(data), **texts
    )


@pytest.mark.parametrize(("kind", "extension"), [("JPEG", "jpg"), ("PNG", "png"), ("WEBP", "webp")])
def test_a_photo_is_stored_with_a_web_copy_under_photos(reference, clerk, media, kind, extension):
    meeting = MeetingFactory()

    photo = add(clerk, meeting, image_bytes(kind, (3200, 2000)), is_published=True)

    assert photo.image.name.startswith(f"photos/{meeting.pk}/")
    assert photo.image.name.endswith(f".{extension}")
    assert (photo.width, photo.height) == (3200, 2000)
    assert (photo.web_width, photo.web_height) == (1600, 1000)
    web = opened((media / photo.web_image.name).read_bytes())
    assert (web.format, web.size) == (kind, (1600, 1000))
    assert len(stored_files(media)) == 2
    assert photo.image.url == f"/media/{photo.image.name}"


def test_exif_and_gps_data_are_removed_and_the_picture_stands_upright(reference, clerk, media):
    original = image_bytes("JPEG", (40, 30), exif=exif_with_gps())
    assert opened(original).getexif().get_ifd(0x8825)  # the upload does carry a position

    photo = add(clerk, MeetingFactory(), original)

    for name in (photo.image.name, photo.web_image.name):
        data = (media / name).read_bytes()
        assert dict(opened(data).getexif()) == {}
        assert b"SpyCam" not in data
        assert opened(data).size == (30, 40)


def test_an_upload_is_audited(reference, clerk):
    meeting = MeetingFactory(title_en="5th Senior Officials' Meeting")

    photo = add(clerk, meeting, image_bytes())

    entry = AuditEntry.objects.order_by("-sequence").first()
    assert (entry.message_key, entry.params) == (
        "photo.added",
        {"id": photo.pk, "meeting": "5th Senior Officials' Meeting"},
    )


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"%PDF-1.4 not a picture", "not a JPEG, PNG or WebP image"),
        (image_bytes("GIF"), "not a JPEG, PNG or WebP image"),
        (image_bytes("JPEG")[:200], "not a JPEG, PNG or WebP image"),
        (b"", "not a JPEG, PNG or WebP image"),
    ],
    ids=["pdf", "gif", "truncated", "empty"],
)
def test_a_file_that_is_not_a_photo_is_refused_and_leaves_nothing(
    reference, clerk, media, data, message
):
    with pytest.raises(InvalidInput, match=message):
        add(clerk, MeetingFactory(), data)

    assert stored_files(media) == []
    assert MeetingPhoto.objects.count() == 0


def test_a_file_over_the_size_limit_is_refused(reference, clerk, media):
    data = image_bytes()

    with pytest.raises(InvalidInput, match="too large: at most 10 megabytes"):
        services.photo_upload(
            actor=clerk, meeting=MeetingFactory(), stream=io.BytesIO(data),
            size=images.MAX_BYTES + 1, alt_en="A photo",
        )  # fmt: skip
    assert stored_files(media) == []


def test_an_image_with_too_many_pixels_is_refused(reference, clerk, media, monkeypatch):
    monkeypatch.setattr(images, "MAX_PIXELS", 1000)

    with pytest.raises(InvalidInput, match="too many pixels"):
        add(clerk, MeetingFactory(), image_bytes("PNG", (50, 50)))
    assert stored_files(media) == []


def test_a_failure_while_storing_takes_the_files_back(reference, clerk, media, monkeypatch):
    def broken_audit(**_):
        raise RuntimeError("disk full")

    monkeypatch.setattr(services, "audit_record", broken_audit)

    with pytest.raises(RuntimeError):
        add(clerk, MeetingFactory(), image_bytes())
    assert stored_files(media) == []
    assert MeetingPhoto.objects.count() == 0


def test_every_photo_needs_an_english_text_alternative(reference, clerk, media):
    with pytest.raises(InvalidInput, match="Describe the photo in English"):
        add(clerk, MeetingFactory(), image_bytes(), alt_en="  ", alt_ru="Делегаты")
    assert stored_files(media) == []


@pytest.mark.parametrize("who", ["coordinator", "anonymous"])
def test_only_the_support_unit_uploads(reference, coordinator, media, who):
    from django.contrib.auth.models import AnonymousUser

    actor = coordinator if who == "coordinator" else AnonymousUser()
    with pytest.raises(PermissionDenied):
        add(actor, MeetingFactory(), image_bytes())
    assert stored_files(media) == []


def test_changing_a_photo_is_audited_with_the_fields(reference, clerk):
    photo = MeetingPhotoFactory(is_published=False)

    services.photo_update(
        actor=clerk, photo=photo, alt_en=photo.alt_en, alt_ru="Новый текст",
        caption_en=photo.caption_en, caption_ru=photo.caption_ru, credit=photo.credit,
        order=3, is_published=True,
    )  # fmt: skip

    photo.refresh_from_db()
    assert (photo.alt_ru, photo.order, photo.is_published) == ("Новый текст", 3, True)
    entry = AuditEntry.objects.order_by("-sequence").first()
    assert (entry.message_key, entry.params["fields"]) == (
        "photo.changed",
        "alt_ru, order, is_published",
    )


def test_removing_a_photo_deletes_its_files(
    reference, clerk, media, django_capture_on_commit_callbacks
):
    photo = MeetingPhotoFactory()
    assert len(stored_files(media)) == 2

    with django_capture_on_commit_callbacks(execute=True):
        services.photo_remove(actor=clerk, photo=photo)

    assert stored_files(media) == []
    assert MeetingPhoto.objects.count() == 0


def test_only_published_photos_are_listed_for_the_meeting_in_order(reference):
    meeting = MeetingFactory()
    second = MeetingPhotoFactory(meeting=meeting, order=2)
    first = MeetingPhotoFactory(meeting=meeting, order=1)
    MeetingPhotoFactory(meeting=meeting, is_published=False)
    MeetingPhotoFactory()  # another meeting's

    assert selectors.photos_for_meeting(meeting.pk) == [first, second]
