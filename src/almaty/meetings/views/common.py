"""What the meetings pages share: the user's roles, refusals, htmx detection."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _

from almaty.accounts import access as accounts_access
from almaty.accounts.choices import RoleCode
from almaty.core.errors import AlmatyError
from almaty.core.views import error_page, not_found
from almaty.meetings import selectors
from almaty.meetings.models import Meeting


class Roles:
    """The user's roles today, read once per request (one query)."""

    def __init__(self, user: Any) -> None:
        assignments = accounts_access.active_assignments(user=user)
        codes = {a.role.code for a in assignments}
        self.any = bool(assignments)
        self.support_unit = RoleCode.SUPPORT_UNIT in codes
        self.coordinated = sorted(
            (a.state.iso3, a.state.short_name)
            for a in assignments
            if a.role.code == RoleCode.NATIONAL_COORDINATOR and a.state is not None
        )


def is_htmx(request: HttpRequest) -> bool:
    return request.headers.get("HX-Request") == "true"


def number(value: Any) -> int:
    """A row id from a form or query string; ValueError when it is not one."""
    text = str(value or "").strip()
    if not text.isdigit():
        raise ValueError(text)
    return int(text)


def error_text(exc: Exception) -> str:
    if isinstance(exc, AlmatyError):
        return exc.text
    return _("The request could not be understood.")


def support_unit_only(request: HttpRequest) -> HttpResponse | None:
    """The refusal to return unless the user is Support Unit staff today."""
    if Roles(request.user).support_unit:
        return None
    return error_page(request, 403, _("Not allowed"), _("Only the Support Unit can do this."))


def support_unit_meeting(request: HttpRequest, meeting_id: int) -> Meeting | HttpResponse:
    """The meeting for Support Unit staff; otherwise the refusal (403) or 404 to return."""
    refusal = support_unit_only(request)
    if refusal is not None:
        return refusal
    try:
        return selectors.meeting_by_id(meeting_id)
    except AlmatyError:
        return not_found(request)


def zone_label(meeting: Meeting) -> str:
    """The venue's zone with its offset from UTC on the first day, e.g. Asia/Almaty, UTC+05:00."""
    try:
        zone = zoneinfo.ZoneInfo(meeting.time_zone)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return meeting.time_zone
    offset = dt.datetime.combine(meeting.starts_on, dt.time(12), tzinfo=zone).strftime("%z")
    return f"{meeting.time_zone}, UTC{offset[:3]}:{offset[3:]}"
