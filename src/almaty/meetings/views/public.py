"""The public pages: the list of meetings, the iCal feeds, a meeting's page, the agenda PDF."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db.models import Prefetch, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import get_language

from almaty.archive.access import documents_visible_to
from almaty.core.cache import public_page
from almaty.core.errors import AlmatyError
from almaty.core.views import not_found, pdf_response, pdf_unavailable
from almaty.meetings import access, ical, selectors
from almaty.meetings.forms import FilterForm
from almaty.meetings.selectors import DelegationCounts
from almaty.meetings.views.common import (
    Roles,
    zone_label,
)

# The delegation chart: label column, bar length for the largest delegation, row height (px).
LABEL_WIDTH, BAR_SPACE, ROW_HEIGHT = 150, 300, 22
GENDERS = ("female", "male", "undisclosed")


@public_page
def meeting_list(request: HttpRequest) -> HttpResponse:
    """Upcoming and past meetings, filtered by kind and year (GET); unknown values are ignored."""
    years = sorted({d.year for d in selectors.meetings().dates("starts_on", "year")}, reverse=True)
    form = FilterForm(request.GET or None, years=years)
    kind, year = None, None
    if form.is_bound and form.is_valid():
        kind, year = form.cleaned_data["kind"] or None, form.cleaned_data["year"]
    today = timezone.localdate()

    def filtered(queryset: QuerySet[Any]) -> QuerySet[Any]:
        if kind:
            queryset = queryset.filter(kind=kind)
        return queryset.filter(starts_on__year=year) if year else queryset

    return render(
        request,
        "meetings/list.html",
        {
            "form": form,
            "upcoming": filtered(selectors.upcoming(today)),
            "past": filtered(selectors.past(today)),
            "filtered": bool(kind or year),
            "can_schedule": Roles(request.user).support_unit,
        },
    )


def _ics(body: bytes, name: str) -> HttpResponse:
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{name}.ics"'
    return response


def feed(request: HttpRequest) -> HttpResponse:
    """All meetings as an iCalendar feed to subscribe to. Links use the canonical address
    (SITE_URL), as the pages' hreflang links do: calendars keep them."""
    return _ics(
        ical.meetings_feed_ics(selectors.meetings(), settings.SITE_URL), "almaty-process-meetings"
    )


def meeting_ics(request: HttpRequest, meeting_id: int) -> HttpResponse:
    try:
        meeting = selectors.meeting_by_id(meeting_id)
    except AlmatyError:
        return not_found(request)
    return _ics(ical.meeting_ics(meeting, settings.SITE_URL), f"meeting-{meeting.pk}")


@public_page
def detail(request: HttpRequest, meeting_id: int) -> HttpResponse:
    """A meeting's facts; its agenda if the reader may read it; the materials the reader may
    see; its outcomes; delegation counts (no names) for people holding a role."""
    try:
        meeting = selectors.meeting_by_id(meeting_id)
    except AlmatyError:
        return not_found(request)
    roles = Roles(request.user)
    visible = documents_visible_to(request.user)
    materials = (
        meeting.materials.filter(document__in=visible)
        .select_related("document")
        .prefetch_related("document__versions")
    )
    outcomes = meeting.outcomes.select_related("document").prefetch_related(
        Prefetch("decisions", queryset=_visible_decisions(roles), to_attr="visible_decisions")
    )
    may_read_agenda = access.can_read_agenda(request.user, meeting)
    return render(
        request,
        "meetings/detail.html",
        {
            "meeting": meeting,
            "roles": roles,
            "organisers": list(meeting.organisers.all()),
            "funders": list(meeting.funders.all()),
            "agenda": selectors.agenda(meeting) if may_read_agenda else None,
            "zone": zone_label(meeting),
            "materials": [(m, m.document.title_in(get_language() or "en")) for m in materials],
            "outcomes": outcomes,
            "visible_document_ids": set(
                visible.filter(outcomes__meeting=meeting).values_list("pk", flat=True)
            ),
            "counts": (
                _chart(selectors.delegation_counts(meeting))
                if access.can_read_delegation_counts(request.user)
                else None
            ),
        },
    )


def _visible_decisions(roles: Roles) -> QuerySet[Any]:
    """Decisions to link: adopted public ones for everyone, all for people holding a role (as
    the decisions pages show them)."""
    from almaty.decisions.choices import ProposalStatus
    from almaty.decisions.models import Proposal

    queryset = Proposal.objects.order_by("register_number", "pk")
    if roles.any:
        return queryset
    return queryset.filter(status=ProposalStatus.ADOPTED, is_public=True)


def _chart(counts: DelegationCounts) -> dict[str, Any]:
    """The delegation counts and the geometry of a stacked bar chart (inline SVG, no script)."""
    widest = max((row.total for row in counts.rows), default=0) or 1
    bars = []
    for index, row in enumerate(counts.rows):
        x = float(LABEL_WIDTH)
        segments = []
        for gender in GENDERS:
            width = round(getattr(row, gender) * BAR_SPACE / widest, 1)
            segments.append({"gender": gender, "x": x, "width": width})
            x += width
        bars.append({"row": row, "y": index * ROW_HEIGHT, "segments": segments, "end": x + 4})
    return {
        "rows": counts.rows,
        "totals": counts.totals,
        "bars": bars,
        "width": LABEL_WIDTH + BAR_SPACE + 40,
        "height": max(len(counts.rows), 1) * ROW_HEIGHT,
    }


def agenda_pdf(request: HttpRequest, meeting_id: int) -> HttpResponse:
    """The bilingual agenda as a PDF, for whoever may read the agenda."""
    try:
        meeting = selectors.meeting_by_id(meeting_id)
    except AlmatyError:
        return not_found(request)
    if not access.can_read_agenda(request.user, meeting):
        return not_found(request)
    try:
        from almaty.meetings import pdf

        return pdf_response(pdf.agenda_pdf(meeting), f"agenda-{meeting.pk}")
    except (ImportError, OSError):  # WeasyPrint without its system libraries (Pango)
        return pdf_unavailable(request)
