from __future__ import annotations

from itertools import groupby

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from almaty.process import selectors
from almaty.process.choices import ParticipationStatus

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
