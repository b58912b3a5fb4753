from __future__ import annotations

import datetime as dt
import io
import uuid

import factory
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from PIL import Image

from almaty.pages.choices import PageKey, PageStatus
from almaty.pages.models import MeetingPhoto, Page
from tests.factories.meetings import MeetingFactory


class PageFactory(factory.django.DjangoModelFactory):
    """The Contact page, published a day ago, in both languages, unless told otherwise. The
    reference data already creates the pages: the factory sets the row of its key."""

    class Meta:
        model = Page

    key = PageKey.CONTACT
    title_en = "Contact us"
    title_ru = "Свяжитесь с нами"
    body_en = "Write to the **Support Unit**."
    body_ru = "Пишите в **Группу поддержки**."
    status = PageStatus.PUBLISHED
    publish_at = factory.LazyFunction(lambda: dt.datetime.now(dt.UTC) - dt.timedelta(days=1))

    @classmethod
    def _create(cls, model_class: type[Page], *args: object, **kwargs: object) -> Page:
        key = kwargs.pop("key")
        page, _ = model_class.objects.update_or_create(key=key, defaults=kwargs)
        return page


def image_bytes(
    kind: str = "JPEG", size: tuple[int, int] = (40, 30), exif: bytes | None = None
) -> bytes:
    out = io.BytesIO()
    options = {"exif": exif} if exif is not None else {}
    Image.new("RGB", size, (200, 30, 30)).save(out, format=kind, **options)
    return out.getvalue()


def _stored(suffix: str) -> str:
    return default_storage.save(
        f"photos/test/{uuid.uuid4().hex}{suffix}.jpg", ContentFile(image_bytes())
    )


class MeetingPhotoFactory(factory.django.DjangoModelFactory):
    """A published 40×30 JPEG (stored in the media storage) with English and Russian texts."""

    class Meta:
        model = MeetingPhoto

    meeting = factory.SubFactory(MeetingFactory)
    image = factory.LazyFunction(lambda: _stored(""))
    width, height = 40, 30
    web_image = factory.LazyFunction(lambda: _stored("-web"))
    web_width, web_height = 40, 30
    byte_size = 1000
    alt_en = factory.Sequence(lambda n: f"Delegates at the table {n}")
    alt_ru = factory.Sequence(lambda n: f"Делегаты за столом {n}")
    caption_en = "The opening session"
    caption_ru = "Открытие совещания"
    credit = "IOM"
    is_published = True
