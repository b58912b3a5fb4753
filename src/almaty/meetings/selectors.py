"""Reads about meetings."""

from __future__ import annotations

import datetime as dt

from django.db.models import QuerySet

from almaty.meetings.models import Meeting


def meetings(*, until: dt.date | None = None) -> QuerySet[Meeting]:
    """Meetings in date order (those starting on or before `until`, if given), with their host."""
    queryset = Meeting.objects.select_related("host_state").order_by("starts_on", "pk")
    return queryset.filter(starts_on__lte=until) if until else queryset


def meeting_by_id(meeting_id: int) -> Meeting:
    from django.utils.translation import gettext_lazy as _

    from almaty.core.errors import NotFoundOrForbidden

    meeting = Meeting.objects.select_related("host_state").filter(pk=meeting_id).first()
    if meeting is None:
        raise NotFoundOrForbidden(_("No meeting %(id)s."), id=meeting_id)
    return meeting
