"""Reads about meetings."""

from __future__ import annotations

import datetime as dt

from django.db.models import QuerySet

from almaty.meetings.models import Meeting


def meetings(*, until: dt.date | None = None) -> QuerySet[Meeting]:
    """Meetings in date order (those starting on or before `until`, if given), with their host."""
    queryset = Meeting.objects.select_related("host_state").order_by("starts_on", "pk")
    return queryset.filter(starts_on__lte=until) if until else queryset
