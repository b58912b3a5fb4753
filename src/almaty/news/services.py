"""Writes to the news: draft, change, publish (now or at a set time), withdraw, delete a draft.

Each needs the Support Unit, runs in one transaction and writes its audit entry. Scheduling
needs no timer: an item published with `publish_at` in the future is simply not shown until
then (see `selectors.published`).
"""

from __future__ import annotations

import contextlib
import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from almaty.accounts.access import require_role
from almaty.accounts.choices import RoleCode
from almaty.core.audit import audit_record
from almaty.core.errors import InvalidInput, NotFoundOrForbidden
from almaty.core.models import AuditAction
from almaty.meetings.models import Meeting
from almaty.news.choices import NewsStatus
from almaty.news.models import NewsItem
from almaty.news.slugs import MAX_LENGTH, RESERVED, slug_from

TEXT_FIELDS = ("title_en", "title_ru", "summary_en", "summary_ru", "body_en", "body_ru")
FIELDS = (*TEXT_FIELDS, "slug", "meeting")
TOO_LONG = ngettext_lazy(
    "The %(field)s is too long: at most %(limit)s character.",
    "The %(field)s is too long: at most %(limit)s characters.",
    "limit",
)


# --- checks -------------------------------------------------------------------------------------


def _require_support_unit(actor: Any) -> None:
    require_role(user=actor, role=RoleCode.SUPPORT_UNIT)


def _texts(values: dict[str, Any]) -> dict[str, str]:
    out = {}
    for name, value in values.items():
        text = str(value or "").strip()
        limit = NewsItem._meta.get_field(name).max_length  # type: ignore[union-attr]
        if limit is not None and len(text) > limit:
            label = NewsItem._meta.get_field(name).verbose_name  # type: ignore[union-attr]
            raise InvalidInput(TOO_LONG, field=label, limit=limit)
        out[name] = text
    return out


def _check_languages(item: NewsItem) -> None:
    if not item.languages():
        raise InvalidInput(
            _("Write a title and a text in at least one language, English or Russian.")
        )


def _meeting(value: Any) -> Meeting | None:
    if value is None or value == "" or isinstance(value, Meeting):
        return value or None
    meeting = Meeting.objects.filter(pk=value).first() if str(value).isdigit() else None
    if meeting is None:
        raise InvalidInput(_("No meeting %(id)s."), id=value)
    return meeting


def _taken(slug: str, item: NewsItem | None) -> bool:
    others = NewsItem.objects.filter(slug=slug)
    if item is not None and item.pk is not None:
        others = others.exclude(pk=item.pk)
    return slug in RESERVED or others.exists()


def _chosen_slug(value: str, item: NewsItem | None) -> str:
    """A slug the Support Unit typed: made ASCII and lowercase; refused when taken."""
    slug = slug_from(value)
    if not slug:
        raise InvalidInput(_("The address '%(slug)s' has no letters or digits to use."), slug=value)
    if _taken(slug, item):
        raise InvalidInput(_("Another news item has the address '%(slug)s'."), slug=slug)
    return slug


def _generated_slug(item: NewsItem) -> str:
    """From the English title, else the Russian one; numbered when taken."""
    base = slug_from(item.title_en) or slug_from(item.title_ru) or "news"
    slug, number = base, 1
    while _taken(slug, item):
        number += 1
        suffix = f"-{number}"
        slug = base[: MAX_LENGTH - len(suffix)] + suffix
    return slug


def _publish_at(value: Any) -> dt.datetime:
    if value is None or value == "":
        return timezone.now()
    moment: dt.datetime | None = value if isinstance(value, dt.datetime) else None
    if moment is None:
        with contextlib.suppress(ValueError):
            moment = parse_datetime(str(value).strip())
    if moment is None:
        raise InvalidInput(_("'%(value)s' is not a date and time (YYYY-MM-DD HH:MM)."), value=value)
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment)
    return moment


def _locked(item: NewsItem) -> NewsItem:
    found = NewsItem.objects.select_for_update().filter(pk=item.pk).first()
    if found is None:
        raise NotFoundOrForbidden(_("There is no such news item."))
    return found


def _title(item: NewsItem) -> str:
    """Audit parameters keep the English title (else the Russian one); shown translated."""
    return item.title_en or item.title_ru


def _audit(actor: Any, action: AuditAction, item: NewsItem, key: str, **params: Any) -> None:
    audit_record(
        actor=actor,
        action=action,
        obj=item,
        message_key=key,
        params={"title": _title(item), **params},
    )


# --- services -----------------------------------------------------------------------------------


@transaction.atomic
def news_item_create(
    *,
    actor: Any,
    title_en: str = "",
    title_ru: str = "",
    summary_en: str = "",
    summary_ru: str = "",
    body_en: str = "",
    body_ru: str = "",
    slug: str = "",
    meeting: Meeting | int | None = None,
) -> NewsItem:
    """A draft news item; needs a title and a text in at least one language. Without `slug` the
    address comes from the English title (else the Russian one)."""
    _require_support_unit(actor)
    texts = _texts(
        {"title_en": title_en, "title_ru": title_ru, "summary_en": summary_en}
        | {"summary_ru": summary_ru, "body_en": body_en, "body_ru": body_ru}
    )
    item = NewsItem(**texts, meeting=_meeting(meeting), created_by=actor)
    _check_languages(item)
    item.slug = _chosen_slug(slug, None) if slug.strip() else _generated_slug(item)
    item.save()
    _audit(actor, AuditAction.CREATE, item, "news.created")
    return item


@transaction.atomic
def news_item_update(*, actor: Any, item: NewsItem, **fields: Any) -> NewsItem:
    """Change texts, `slug` or `meeting`; the address is fixed once the item has been published.
    The audit entry names the fields that changed (none: no entry)."""
    _require_support_unit(actor)
    unknown = sorted(set(fields) - set(FIELDS))
    if unknown:
        raise InvalidInput(_("'%(field)s' is not a field of a news item."), field=unknown[0])
    item = _locked(item)
    values: dict[str, Any] = _texts({k: v for k, v in fields.items() if k in TEXT_FIELDS})
    if "meeting" in fields:
        values["meeting"] = _meeting(fields["meeting"])
    if "slug" in fields and str(fields["slug"] or "").strip():
        wanted = slug_from(str(fields["slug"]))
        if wanted != item.slug:
            if item.first_published_at is not None:
                raise InvalidInput(
                    _("The address of a news item cannot change once it has been published.")
                )
            values["slug"] = _chosen_slug(str(fields["slug"]), item)
    changed = [name for name, value in values.items() if getattr(item, name) != value]
    if not changed:
        return item
    for name in changed:
        setattr(item, name, values[name])
    _check_languages(item)
    item.save()
    _audit(actor, AuditAction.UPDATE, item, "news.changed", fields=", ".join(changed))
    return item


@transaction.atomic
def news_item_publish(
    *, actor: Any, item: NewsItem, publish_at: dt.datetime | str | None = None
) -> NewsItem:
    """Publish now, or from `publish_at` (a future moment schedules it; an aware datetime or ISO
    text, naive ones read in the site's time zone). Publishing again moves the date."""
    _require_support_unit(actor)
    moment = _publish_at(publish_at)
    item = _locked(item)
    _check_languages(item)
    item.status = NewsStatus.PUBLISHED
    item.publish_at = moment
    if item.first_published_at is None:
        item.first_published_at = moment
    item.save()
    _audit(
        actor,
        AuditAction.UPDATE,
        item,
        "news.published",
        publish_at=timezone.localtime(moment).isoformat(timespec="minutes"),
    )
    return item


@transaction.atomic
def news_item_unpublish(*, actor: Any, item: NewsItem) -> NewsItem:
    """Withdraw a published (or scheduled) item: it is a draft again, and no longer shown."""
    _require_support_unit(actor)
    item = _locked(item)
    if item.status != NewsStatus.PUBLISHED:
        raise InvalidInput(_("This news item is not published."))
    item.status = NewsStatus.DRAFT
    item.save()
    _audit(actor, AuditAction.UPDATE, item, "news.unpublished")
    return item


@transaction.atomic
def news_item_delete(*, actor: Any, item: NewsItem) -> None:
    """Delete a draft; a published item must be withdrawn first."""
    _require_support_unit(actor)
    item = _locked(item)
    if item.status == NewsStatus.PUBLISHED:
        raise InvalidInput(_("Only drafts can be deleted: withdraw the published item first."))
    _audit(actor, AuditAction.DELETE, item, "news.deleted")
    item.delete()


__all__ = [
    "news_item_create",
    "news_item_delete",
    "news_item_publish",
    "news_item_unpublish",
    "news_item_update",
]
