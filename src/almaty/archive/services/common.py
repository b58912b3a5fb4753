"""Checks shared by the archive's services."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from almaty.archive import access as archive_access
from almaty.archive.choices import Language, TranslationStatus
from almaty.archive.models import Document, Topic
from almaty.core.errors import InvalidInput
from almaty.process import selectors as process_selectors
from almaty.process.models import State

DOCUMENT_FIELDS = ("kind", "issued_on", "access", "meeting", "topics", "states", "reference_key")
TOO_LONG = ngettext_lazy(
    "The %(field)s is too long: at most %(limit)s character.",
    "The %(field)s is too long: at most %(limit)s characters.",
    "limit",
)


# --- checks shared by the services -------------------------------------------------------------


def _require_archivist(actor: Any | None) -> None:
    if actor is not None:
        archive_access.require_archivist(actor)


def _user(actor: Any | None) -> Any | None:
    return actor if getattr(actor, "is_authenticated", False) else None


def _text(model: type[models.Model], field: str, value: str, missing: Promise | None) -> str:
    """The value stripped; refused when required and blank, or longer than the column."""
    value = (value or "").strip()
    if missing is not None and not value:
        raise InvalidInput(missing)
    column = model._meta.get_field(field)
    limit = getattr(column, "max_length", None)
    if limit is not None and len(value) > limit:
        raise InvalidInput(TOO_LONG, field=getattr(column, "verbose_name", field), limit=limit)
    return value


def _choice(value: str, choices: type[models.TextChoices], message: Promise) -> str:
    if value not in choices.values:
        raise InvalidInput(message, value=value, allowed=", ".join(choices.values))
    return str(value)


def _language(value: str) -> str:
    return _choice(value, Language, _("Unknown language '%(value)s': use one of %(allowed)s."))


def _status(value: str) -> str:
    return _choice(
        value,
        TranslationStatus,
        _("Unknown translation status '%(value)s': use one of %(allowed)s."),
    )


def _date(value: Any, key: str) -> dt.date:
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        raise InvalidInput(_("'%(key)s' must be a date (YYYY-MM-DD)."), key=key) from None


def _topic(value: Topic | str) -> Topic:
    if isinstance(value, Topic):
        return value
    topic = Topic.objects.filter(code=value).first()
    if topic is None:
        raise InvalidInput(_("Unknown topic '%(code)s'."), code=value)
    return topic


def _state(value: State | str) -> State:
    return value if isinstance(value, State) else process_selectors.require_state(value)


def _document_title(document: Document) -> str:
    """Audit parameters keep the English title; the entry is translated when shown."""
    return document.title_in(Language.EN)
