"""Checks and constants shared by the meetings' services."""

from __future__ import annotations

import datetime as dt
import functools
import zoneinfo
from typing import TYPE_CHECKING, Any, TypeGuard

from django.utils.translation import gettext_lazy as _

from almaty.core.errors import InvalidInput
from almaty.meetings.choices import (
    DelegateStatus,
)
from almaty.process import selectors as process_selectors
from almaty.process.models import Organisation, State

if TYPE_CHECKING:
    from almaty.archive.models import Document


S = DelegateStatus

# What `meeting_schedule` and `meeting_update` accept besides kind, titles and dates.
MEETING_FIELDS = frozenset(
    {
        "kind", "number", "title_en", "title_ru", "theme_en", "theme_ru", "starts_on", "ends_on",
        "city_en", "city_ru", "venue_en", "venue_ru", "host_state", "chair_state", "time_zone",
        "organisers", "funders", "circulation_days", "outcome_en", "outcome_ru",
        "reviewed_support_unit_mandate",
    }
)  # fmt: skip
MEETING_RELATIONS = ("organisers", "funders")
MEETING_TEXTS = tuple(
    f"{name}_{language}"
    for name in ("title", "theme", "city", "venue", "outcome")
    for language in ("en", "ru")
)
ITEM_FIELDS = frozenset(
    {
        "day", "starts_at", "ends_at", "kind", "title_en", "title_ru", "description_en",
        "description_ru", "parent", "position",
    }
)  # fmt: skip
DELEGATE_FIELDS = frozenset({"full_name", "gender", "position", "email", "is_head"})
OUTCOME_FIELDS = frozenset(
    {"kind", "summary_en", "summary_ru", "document", "decisions", "position"}
)

# The delegate workflow: action -> (statuses it starts from, status it leads to).
DELEGATE_TRANSITIONS: dict[str, tuple[frozenset[str], str]] = {
    "approve": (frozenset({S.REGISTERED}), S.APPROVED),
    "decline": (frozenset({S.REGISTERED}), S.DECLINED),
    "withdraw": (frozenset({S.REGISTERED, S.APPROVED}), S.WITHDRAWN),
}
DECISIONS: dict[str, str] = {S.APPROVED: "approve", S.DECLINED: "decline"}
EDITABLE_DELEGATE_STATUSES = frozenset({S.REGISTERED, S.APPROVED})


# Shared checks


def _unknown_fields(fields: dict[str, Any], allowed: frozenset[str]) -> None:
    for name in sorted(set(fields) - allowed):
        raise InvalidInput(_("'%(field)s' cannot be set here."), field=name)


def _text(value: Any) -> str:
    return str(value or "").strip()


def _require_both(en: Any, ru: Any, message: Any) -> None:
    if not _text(en) or not _text(ru):
        raise InvalidInput(message)


def _same(a: Any, b: Any) -> bool:
    """Equal values; a blank text and a missing one (NULL in an optional translation) too."""
    if isinstance(a, str | None) and isinstance(b, str | None):
        return (a or "") == (b or "")
    return bool(a == b)


def _is_date(value: Any) -> TypeGuard[dt.date]:
    return isinstance(value, dt.date) and not isinstance(value, dt.datetime)


@functools.lru_cache(maxsize=1)
def _time_zones() -> frozenset[str]:
    # "localtime" and "Factory" are files of the system's zone database, not places.
    return frozenset(zoneinfo.available_timezones() - {"localtime", "Factory"})


def _check_time_zone(name: Any) -> str:
    name = _text(name)
    if name not in _time_zones():
        raise InvalidInput(
            _("Unknown time zone '%(zone)s': give an IANA name such as Asia/Bishkek."), zone=name
        )
    return name


def _state(value: State | str | None) -> State | None:
    if value is None or value == "":
        return None
    if isinstance(value, State):
        return value
    return process_selectors.require_state(str(value))


def _organisation(value: Organisation | str) -> Organisation:
    if isinstance(value, Organisation):
        return value
    found = Organisation.objects.filter(code=_text(value).upper()).first()
    if found is None:
        raise InvalidInput(_("Unknown organisation code '%(code)s'."), code=value)
    return found


def _document_title(document: Document) -> str:
    """The English title for audit parameters (translated when shown), else the number: a
    meeting's record names its materials by their English versions only."""
    version = document.version_in("en")
    return version.title if version else f"#{document.pk}"


# Meetings
