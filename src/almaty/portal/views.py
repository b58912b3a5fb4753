from __future__ import annotations

import datetime as dt
from itertools import groupby

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from almaty.core.errors import AlmatyError
from almaty.portal.timeline import timeline
from almaty.process import access as process_access
from almaty.process import computations, selectors
from almaty.process.choices import ParticipationStatus
from almaty.process.engine.rotation import add_years
from almaty.process.models import ModalitiesVersion
from almaty.process.presenters import obligation_rows, term_rows

# Headings of the groups on the States page (the status labels are singular).
GROUP_HEADINGS = {
    ParticipationStatus.MEMBER: _("Member States"),
    ParticipationStatus.OBSERVER: _("Observer States"),
    ParticipationStatus.GUEST: _("Guest States"),
}


def home(request: HttpRequest) -> HttpResponse:
    rows = selectors.participating_states()
    counts = {
        status: sum(1 for r in rows if r.status == status) for status in selectors.STATUS_ORDER
    }
    return render(
        request,
        "portal/home.html",
        {
            "profile": selectors.process_profile(),
            "member_count": counts[ParticipationStatus.MEMBER],
            "observer_count": counts[ParticipationStatus.OBSERVER],
            "guest_count": counts[ParticipationStatus.GUEST],
        },
    )


def states(request: HttpRequest) -> HttpResponse:
    rows = selectors.participating_states()
    groups = [
        {
            "status": ParticipationStatus(status),
            "heading": GROUP_HEADINGS[ParticipationStatus(status)],
            "rows": list(items),
        }
        for status, items in groupby(rows, key=lambda r: r.status)
    ]
    return render(
        request, "portal/states.html", {"groups": groups, "profile": selectors.process_profile()}
    )


def chair(request: HttpRequest) -> HttpResponse:
    """The chairmanship: the current chair, and the timeline of past and projected terms."""
    today = timezone.localdate()
    try:
        terms = term_rows(
            computations.rotation(start=dt.date(1900, 1, 1), end=add_years(today, 12))
        )
        hand_overs = computations.hand_overs()
    except AlmatyError:
        terms, hand_overs = [], []
    passes = list(selectors.chair_passes())
    return render(
        request,
        "portal/chair.html",
        {
            "current": selectors.current_chair(on=today),
            "timeline": timeline(terms, today=today),
            "terms": terms,
            "passes": passes,
            "hand_overs": [h for h in hand_overs if h.skipped_with_pass or not h.follows_order],
            "today": today,
            "modalities": _in_force(today),
        },
    )


def obligations(request: HttpRequest) -> HttpResponse:
    """The obligations dashboard, for staff of the process."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not process_access.can_see_obligations(user=request.user):
        return render(
            request,
            "core/error.html",
            {
                "title": _("Not allowed"),
                "text": _(
                    "The obligations dashboard is for the Support Unit, the Chair and National Coordinators."
                ),
            },
            status=403,
        )
    form_day = request.GET.get("on") or ""
    try:
        day = dt.date.fromisoformat(form_day) if form_day else timezone.localdate()
    except ValueError:
        day = timezone.localdate()
        messages.error(request, _("'%(value)s' is not a date (YYYY-MM-DD).") % {"value": form_day})
    try:
        rows = obligation_rows(computations.obligations(on=day))
    except AlmatyError as exc:
        rows = []
        messages.error(request, exc.text)
    counts = {
        status: sum(1 for r in rows if r.status == status) for status in ("met", "due", "overdue")
    }
    return render(
        request,
        "portal/obligations.html",
        {"rows": rows, "day": day, "counts": counts, "modalities": _in_force(day)},
    )


def _in_force(day: dt.date) -> ModalitiesVersion | None:
    try:
        return selectors.modalities_in_force(on=day)
    except AlmatyError:
        return None
