"""Writes of the pages app: editing and publishing pages, uploading and managing meeting photos.

Every service checks that the actor holds the Support Unit role, runs in one transaction and
writes its audit entry in it. Status changes follow `TRANSITIONS`; anything else is refused.
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import IO, Any

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from almaty.accounts.access import require_role
from almaty.accounts.choices import RoleCode
from almaty.core.audit import audit_record
from almaty.core.errors import InvalidInput
from almaty.core.models import AuditAction
from almaty.meetings.models import Meeting
from almaty.pages import images
from almaty.pages.choices import PageStatus
from almaty.pages.models import MeetingPhoto, Page

# action -> (statuses it may start from, status it leads to)
TRANSITIONS: dict[str, tuple[frozenset[str], str]] = {
    "publish": (frozenset({PageStatus.DRAFT, PageStatus.PUBLISHED}), PageStatus.PUBLISHED),
    "unpublish": (frozenset({PageStatus.PUBLISHED}), PageStatus.DRAFT),
}
TOO_LONG = ngettext_lazy(
    "The %(field)s is too long: at most %(limit)s character.",
    "The %(field)s is too long: at most %(limit)s characters.",
    "limit",
)
REFUSED = {
    "not_image": _("The file is not a JPEG, PNG or WebP image. Nothing was stored."),
    "too_big": ngettext_lazy(
        "The file is too large: at most %(limit)s megabyte. Nothing was stored.",
        "The file is too large: at most %(limit)s megabytes. Nothing was stored.",
        "limit",
    ),
    "too_many_pixels": _(
        "The image has too many pixels: at most %(limit)s million. Nothing was stored."
    ),
}
HALF_WRITTEN = {
    "en": _("Give both the English title and the English text, or neither."),
    "ru": _("Give both the Russian title and the Russian text, or neither."),
}
PHOTO_TEXT_FIELDS = ("alt_en", "alt_ru", "caption_en", "caption_ru", "credit")


def _require_support_unit(actor: Any) -> None:
    require_role(user=actor, role=RoleCode.SUPPORT_UNIT)


def _text(model: type[models.Model], field: str, value: str | None) -> str:
    value = (value or "").strip()
    column = model._meta.get_field(field)
    limit = getattr(column, "max_length", None)
    if limit is not None and len(value) > limit:
        raise InvalidInput(TOO_LONG, field=getattr(column, "verbose_name", field), limit=limit)
    return value


def _transition(page: Page, action: str) -> str:
    sources, target = TRANSITIONS[action]
    if page.status not in sources:
        # Publishing is allowed from every status; only taking back can be refused.
        raise InvalidInput(
            _("The page %(page)s is not published, so it cannot be taken back to draft."),
            page=str(page),
        )
    return target


# --- pages ------------------------------------------------------------------------------------


@transaction.atomic
def page_save(
    *,
    actor: Any,
    page: Page,
    title_en: str,
    title_ru: str,
    body_en: str,
    body_ru: str,
) -> Page:
    """Change a page's texts in both languages; its status and publication date stay."""
    _require_support_unit(actor)
    page = Page.objects.select_for_update().get(pk=page.pk)
    page.title_en = _text(Page, "title_en", title_en)
    page.title_ru = _text(Page, "title_ru", title_ru)
    page.body_en = (body_en or "").strip()
    page.body_ru = (body_ru or "").strip()
    for code, message in HALF_WRITTEN.items():
        if bool(page.title_in(code)) != bool(page.body_in(code)):
            raise InvalidInput(message)
    if page.status == PageStatus.PUBLISHED and not page.languages:
        raise InvalidInput(_("A published page needs its text in at least one language."))
    page.updated_by = actor
    page.save()
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=page,
        message_key="page.saved",
        params={"page": page.key, "languages": ", ".join(page.languages) or "-"},
    )
    return page


@transaction.atomic
def page_publish(
    *, actor: Any, page: Page, publish_at: dt.datetime | None = None, now: dt.datetime | None = None
) -> Page:
    """Publish the page now, or from `publish_at` (aware) on: it shows once that time comes."""
    _require_support_unit(actor)
    page = Page.objects.select_for_update().get(pk=page.pk)
    target = _transition(page, "publish")
    if not page.languages:
        raise InvalidInput(_("A published page needs its text in at least one language."))
    when = publish_at or now or timezone.now()
    if timezone.is_naive(when):
        raise InvalidInput(_("Give the publication time with its time zone."))
    page.status, page.publish_at, page.updated_by = target, when, actor
    page.save()
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=page,
        message_key="page.published",
        params={"page": page.key, "publish_at": when.isoformat()},
    )
    return page


@transaction.atomic
def page_unpublish(*, actor: Any, page: Page) -> Page:
    """Take the page off the portal (back to draft)."""
    _require_support_unit(actor)
    page = Page.objects.select_for_update().get(pk=page.pk)
    page.status = _transition(page, "unpublish")
    page.publish_at, page.updated_by = None, actor
    page.save()
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=page,
        message_key="page.unpublished",
        params={"page": page.key},
    )
    return page


# --- photos -----------------------------------------------------------------------------------


def _photo_texts(texts: dict[str, str | None]) -> dict[str, str]:
    values = {field: _text(MeetingPhoto, field, texts.get(field)) for field in PHOTO_TEXT_FIELDS}
    if not values["alt_en"]:
        raise InvalidInput(
            _("Describe the photo in English for people who cannot see it (text alternative).")
        )
    return values


def _store(name: str, data: bytes) -> str:
    return default_storage.save(name, ContentFile(data))


def photo_upload(
    *,
    actor: Any,
    meeting: Meeting,
    stream: IO[bytes],
    size: int,
    alt_en: str,
    alt_ru: str = "",
    caption_en: str = "",
    caption_ru: str = "",
    credit: str = "",
    order: int = 0,
    is_published: bool = False,
) -> MeetingPhoto:
    """Add a photo to a meeting: checked, re-encoded without metadata, with a web-size copy.

    All or nothing: a refused file, or any failure while storing, leaves no file and no row.
    """
    _require_support_unit(actor)
    texts = _photo_texts(
        {"alt_en": alt_en, "alt_ru": alt_ru, "caption_en": caption_en,
         "caption_ru": caption_ru, "credit": credit}
    )  # fmt: skip
    try:
        processed = images.process(stream, size)
    except images.ImageRefused as refused:
        limit = (
            images.MAX_BYTES // (1024 * 1024)
            if refused.reason == "too_big"
            else images.MAX_PIXELS // 1_000_000
        )
        raise InvalidInput(REFUSED[refused.reason], limit=limit) from None
    stem = f"photos/{meeting.pk}/{uuid.uuid4().hex}"
    stored: list[str] = []
    try:
        with transaction.atomic():
            stored.append(_store(f"{stem}.{processed.extension}", processed.full.data))
            stored.append(_store(f"{stem}-web.{processed.extension}", processed.web.data))
            photo = MeetingPhoto.objects.create(
                meeting=meeting, image=stored[0], width=processed.full.width,
                height=processed.full.height, web_image=stored[1], web_width=processed.web.width,
                web_height=processed.web.height, byte_size=len(processed.full.data),
                order=max(0, int(order)), is_published=bool(is_published),
                uploaded_by=actor, **texts,
            )  # fmt: skip
            audit_record(
                actor=actor,
                action=AuditAction.CREATE,
                obj=photo,
                message_key="photo.added",
                params={"id": photo.pk, "meeting": meeting.title_en},  # type: ignore[attr-defined]
            )
    except BaseException:
        for name in stored:
            default_storage.delete(name)
        raise
    return photo


@transaction.atomic
def photo_update(
    *,
    actor: Any,
    photo: MeetingPhoto,
    alt_en: str,
    alt_ru: str = "",
    caption_en: str = "",
    caption_ru: str = "",
    credit: str = "",
    order: int = 0,
    is_published: bool = False,
) -> MeetingPhoto:
    """Change a photo's texts, its place in the gallery or whether it is shown."""
    _require_support_unit(actor)
    texts = _photo_texts(
        {"alt_en": alt_en, "alt_ru": alt_ru, "caption_en": caption_en,
         "caption_ru": caption_ru, "credit": credit}
    )  # fmt: skip
    photo = MeetingPhoto.objects.select_for_update().select_related("meeting").get(pk=photo.pk)
    values: dict[str, Any] = {
        **texts,
        "order": max(0, int(order)),
        "is_published": bool(is_published),
    }
    changed = [name for name, value in values.items() if getattr(photo, name) != value]
    for name in changed:
        setattr(photo, name, values[name])
    photo.save()
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=photo,
        message_key="photo.changed",
        params={
            "id": photo.pk,
            "meeting": photo.meeting.title_en,  # type: ignore[attr-defined]
            "fields": ", ".join(changed) or "-",
        },
    )
    return photo


@transaction.atomic
def photo_remove(*, actor: Any, photo: MeetingPhoto) -> None:
    """Remove a photo; its files go once the removal is committed."""
    _require_support_unit(actor)
    photo = MeetingPhoto.objects.select_for_update().select_related("meeting").get(pk=photo.pk)
    names = [photo.image.name, photo.web_image.name]
    audit_record(
        actor=actor,
        action=AuditAction.DELETE,
        obj=photo,
        message_key="photo.removed",
        params={"id": photo.pk, "meeting": photo.meeting.title_en},  # type: ignore[attr-defined]
    )
    photo.delete()

    def delete_files() -> None:
        for name in names:
            if name:
                default_storage.delete(name)

    transaction.on_commit(delete_files)
