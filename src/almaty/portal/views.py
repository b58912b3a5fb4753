from __future__ import annotations

import datetime as dt
from itertools import groupby

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _

from almaty.core import countries
from almaty.core.cache import public_page
from almaty.core.errors import AlmatyError
from almaty.core.languages import current_language as _language
from almaty.core.views import not_found
from almaty.portal import charts, indicators, maps
from almaty.portal import selectors as portal_selectors
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


# What a State's link on the map says, by status.
MAP_LABELS = {
    ParticipationStatus.MEMBER: _("%(name)s: Member State"),
    ParticipationStatus.OBSERVER: _("%(name)s: Observer State"),
    ParticipationStatus.GUEST: _("%(name)s: Guest State"),
}
# A State's status in a sentence on its page.
STATUS_SENTENCES = {
    ParticipationStatus.MEMBER: _("Member State of the Almaty Process since %(date)s."),
    ParticipationStatus.OBSERVER: _("Observer State of the Almaty Process since %(date)s."),
    ParticipationStatus.GUEST: _("Guest State of the Almaty Process since %(date)s."),
}


@public_page
def home(request: HttpRequest) -> HttpResponse:
    """What the Process is, who chairs, what comes next, the latest news and decisions, and the
    region in figures."""
    today = timezone.localdate()
    statuses = [p.status for p in selectors.participations_on(day=today) if p.state_id is not None]
    counts = {status: statuses.count(status) for status in selectors.STATUS_ORDER}
    figures = portal_selectors.regional_figures(today)
    return render(
        request,
        "portal/home.html",
        {
            "profile": selectors.process_profile(),
            "member_count": counts[ParticipationStatus.MEMBER],
            "observer_count": counts[ParticipationStatus.OBSERVER],
            "guest_count": counts[ParticipationStatus.GUEST],
            "chair": selectors.current_chair(on=today),
            "next_meeting": portal_selectors.next_meeting(today),
            "today": today,
            "news": portal_selectors.news_cards(_language()),
            "decisions": portal_selectors.latest_decisions(),
            "figures": figures,
            "meetings_chart": _meetings_chart(figures) if figures.meetings_per_year else "",
            **_region_in_figures(),
        },
    )


def _region_in_figures() -> dict[str, object]:
    """The latest regional value of each public indicator, and the first one's chart."""
    series = indicators.public_indicators()
    latest = []
    for item in series:
        known = [p for p in item.points if p.iso3 is None and p.value is not None]
        if known:
            point = max(known, key=lambda p: p.period)
            latest.append({"series": item, "value": point.value, "period": point.period})
    chart = _indicator(series[0], per_state=False)["chart"] if series else ""
    return {"region_latest": latest, "region_chart": chart}


def _meetings_chart(figures: portal_selectors.Figures) -> SafeString:
    return charts.bar_chart(
        title=str(_("Meetings held per year")),
        categories=[str(year) for year, _count in figures.meetings_per_year],
        values=[count for _year, count in figures.meetings_per_year],
        value_heading=str(_("Meetings")),
        category_heading=str(_("Year")),
    )


def members_map(rows: list[selectors.StateRow]) -> SafeString:
    """The map of the participating States, in the reader's language (cached in memory)."""
    states = [
        maps.MapState(
            iso3=row.state.iso3,
            status=row.status,
            name=row.state.short_name,
            href=reverse("portal:state", args=[row.state.iso3]),
            label=str(MAP_LABELS[ParticipationStatus(row.status)] % {"name": row.state.short_name}),
        )
        for row in rows
        if row.status in MAP_LABELS
    ]
    texts = maps.MapTexts(
        title=str(_("Map of the participating States of the Almaty Process")),
        description=str(
            _(
                "Member States are filled in solid green, observer States hatched, guest States "
                "dotted; other countries are grey. Each participating State links to its page; "
                "the same States are listed after the map."
            )
        ),
        legend=(
            ("member", str(_("Member State"))),
            ("observer", str(_("Observer State"))),
            ("guest", str(_("Guest State"))),
            ("other", str(_("Other country"))),
        ),
    )
    return mark_safe(maps.members_map(states, texts))  # noqa: S308 - maps escapes every text


@public_page
def states(request: HttpRequest) -> HttpResponse:
    """The members page: the map, then the States by status."""
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
        request,
        "portal/states.html",
        {
            "groups": groups,
            "profile": selectors.process_profile(),
            "map": members_map(rows) if rows else "",
            "off_map": [
                row.state.short_name
                for row in rows
                if row.status in MAP_LABELS and not maps.on_map(row.state.iso3)
            ],
        },
    )


@public_page
def state(request: HttpRequest, iso3: str) -> HttpResponse:
    """A State's page: status, its National Coordinator's office, chair terms, meetings hosted,
    public documents and statistics."""
    found = selectors.state_by_iso3(iso3)
    if found is None:
        return not_found(request)
    if iso3 != found.iso3:
        return redirect("portal:state", iso3=found.iso3, permanent=True)
    today = timezone.localdate()
    row = next((r for r in selectors.participating_states() if r.state.pk == found.pk), None)
    documents, document_count = portal_selectors.public_documents_about(found.iso3)
    series = indicators.public_indicators(state=found.iso3)
    status = ParticipationStatus(row.status) if row else None
    return render(
        request,
        "portal/state.html",
        {
            "state": found,
            "row": row,
            "status_sentence": (
                STATUS_SENTENCES[status] % {"date": _date(row.participation.valid_from)}
                if row and status in STATUS_SENTENCES
                else ""
            ),
            "terms": portal_selectors.chair_terms_of(found.iso3, today),
            "meetings": portal_selectors.meetings_hosted(found.iso3),
            "documents": [
                {"pk": d.pk, "title": d.title_in(_language()), "issued_on": d.issued_on}
                for d in documents
            ],
            "document_count": document_count,
            "indicators": [_indicator(s, per_state=False) for s in series],
            "today": today,
        },
    )


def _date(day: dt.date) -> str:
    return date_format(day, "j E Y")


@public_page
def statistics(request: HttpRequest) -> HttpResponse:
    """The public regional indicators, for the region or one State (?state=ISO3)."""
    rows = selectors.participating_states()
    choices = [(row.state.iso3, row.state.short_name) for row in rows]
    wanted = (request.GET.get("state") or "").strip().upper()
    chosen = wanted if wanted in dict(choices) else ""
    series = indicators.public_indicators(state=chosen or None)
    return render(
        request,
        "portal/statistics.html",
        {
            "choices": choices,
            "chosen": chosen,
            "chosen_name": dict(choices).get(chosen, ""),
            "indicators": [_indicator(s, per_state=not chosen) for s in series],
        },
    )


def _indicator(series: indicators.IndicatorSeries, *, per_state: bool) -> dict[str, object]:
    """An indicator with its chart: bars across States for a single period, else lines over the
    periods (one per State, or the region's)."""
    language = _language()
    periods = series.periods
    codes = series.states
    names = {code: _place_name(code, language) for code in codes}
    values = {(p.iso3 or "", p.period): p.value for p in series.points}
    title = f"{series.name} ({series.unit})" if series.unit else series.name
    if len(periods) == 1 and per_state and len(codes) > 1:
        chart = charts.bar_chart(
            title=title,
            categories=[names[code] for code in codes],
            values=[values.get((code, periods[0])) for code in codes],
            value_heading=periods[0],
            category_heading=str(_("State")),
        )
    else:
        chart = charts.line_chart(
            title=title,
            categories=periods,
            series=[
                charts.Series(
                    name=names[code], values=tuple(values.get((code, p)) for p in periods)
                )
                for code in codes
            ],
            category_heading=str(_("Period")),
        )
    return {"series": series, "chart": chart}


def _place_name(code: str, language: str) -> str:
    return countries.short_name(code, language) if code else str(_("Region"))


@public_page
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
