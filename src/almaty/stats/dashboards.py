"""Public dashboards of the published statistics: an index of the indicators, one page per
indicator (regional series, States, corridors, seasons, the data) and one per State.

Every figure comes from the analytics snapshot (`almaty.stats.analytics`) for the reader's
sharing levels: anonymous readers see public values only, anyone with an active role sees
values shared with members too (the page cache never stores signed-in readers' pages).
Charts are the portal's accessible SVG charts, each with its data table.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.dates import MONTHS_3
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from almaty.core import countries
from almaty.core.cache import public_page
from almaty.core.languages import current_language as _language
from almaty.core.views import not_found
from almaty.portal import charts, maps
from almaty.stats import analytics
from almaty.stats.engine import dashboard
from almaty.stats.engine.catalogue import load_dataflows
from almaty.stats.engine.periods import format_period
from almaty.stats.models import ExternalSource, Indicator

CHART_PERIODS = {"A": 20, "Q": 20, "M": 24}  # the latest periods drawn; tables hold them all
EXPORT_FORMATS = (
    ("sdmx-csv", "SDMX-CSV"),
    ("csv", "CSV"),
    ("xlsx", "XLSX"),
    ("sdmx-ml", "SDMX-ML"),
)
EXPORT_URL = "/api/v1/statistics/observations"
TOP_PARTNERS = 10
HEAT_LEVELS = 5


def _name(indicator: Indicator) -> str:
    return indicator.name_ru if _language() == "ru" else indicator.name_en


def _state(iso3: str) -> str:
    return countries.short_name(iso3, _language()) or iso3


def _period(point: dashboard.Point) -> str:
    return format_period(point.period_start, point.freq)


def _sparkline(points: Sequence[dashboard.Point]) -> str:
    """A small line of the latest periods, drawn for sighted readers only (the value and
    period beside it say the same in words)."""
    values = [p.value for p in points[-24:]]
    if len(values) < 2:
        return ""
    low, high = min(values), max(values)
    span = (high - low) or 1.0
    step = 100 / (len(values) - 1)
    coords = " ".join(
        f"{i * step:.1f},{28 - 26 * (v - low) / span:.1f}" for i, v in enumerate(values)
    )
    return (
        '<svg class="sparkline" viewBox="0 0 100 30" preserveAspectRatio="none"'
        ' aria-hidden="true" focusable="false">'
        f'<polyline points="{coords}" fill="none" stroke="currentColor" stroke-width="1.5"'
        ' vector-effect="non-scaling-stroke"/></svg>'
    )


@dataclass(frozen=True)
class Card:
    indicator: Indicator
    name: str
    latest: str
    period: str
    states: int
    sparkline: str


def _published_indicators(read: analytics.Reader) -> list[Indicator]:
    """The catalogue's indicators the reader has published values of, by dataflow and code."""
    present = set(read.indicators())
    return [r for r in Indicator.objects.order_by("dataflow", "code") if r.code in present]


def _by_dataflow(cards: list[Card]) -> dict[str, list[Card]]:
    groups: dict[str, list[Card]] = {}
    for card in cards:
        groups.setdefault(card.indicator.dataflow, []).append(card)
    return groups


def _cards(
    read: analytics.Reader, rows: Sequence[Indicator], state: str | None = None
) -> list[Card]:
    series = read.summaries([r.code for r in rows], state=state)
    cards = []
    for row in rows:
        points = series.get(row.code)
        if not points:
            continue
        cards.append(
            Card(
                indicator=row,
                name=_name(row),
                latest=charts.format_value(points[-1].value),
                period=_period(points[-1]),
                states=points[-1].states,
                sparkline=_sparkline(points),
            )
        )
    return cards


def _dataflow_names() -> dict[str, str]:
    return {
        flow.id: flow.name_ru if _language() == "ru" else flow.name_en
        for flow in load_dataflows().values()
    }


@public_page
def index(request: HttpRequest) -> HttpResponse:
    """The indicators with published values, grouped by dataflow, each with its latest
    regional value and a sparkline."""
    read = analytics.reader(request.user)
    rows = _published_indicators(read)
    groups = _by_dataflow(_cards(read, rows))
    names = _dataflow_names()
    return render(
        request,
        "stats/dashboard_index.html",
        {
            "groups": [(names.get(flow, flow), items) for flow, items in groups.items()],
            "states": sorted(
                {(_state(c), c) for c in _states_with_data(read, rows)}, key=lambda x: x[0]
            ),
        },
    )


def _states_with_data(read: analytics.Reader, rows: Sequence[Indicator]) -> set[str]:
    found: set[str] = set()
    for row in rows:
        found.update(area for area, _point in read.latest_by_state(row.code))
    return found


def _heat(areas: list[str], partners: list[str], cells: dict[tuple[str, str], float]) -> list[Any]:
    top = max(cells.values(), default=0.0) or 1.0
    return [
        {
            "area": _state(area),
            "iso3": area,
            "cells": [
                {
                    "value": charts.format_value(cells.get((area, partner))),
                    "level": min(
                        HEAT_LEVELS, int(HEAT_LEVELS * cells.get((area, partner), 0) / top + 0.999)
                    )
                    if cells.get((area, partner))
                    else 0,
                }
                for partner in partners
            ],
        }
        for area in areas
    ]


def _provenance(read: analytics.Reader, code: str) -> list[ExternalSource]:
    codes = read.sources(code)
    return list(ExternalSource.objects.filter(code__in=codes)) if codes else []


@public_page
def indicator(request: HttpRequest, code: str) -> HttpResponse:
    """One indicator: the regional series, the States' lines and latest values, corridors,
    the seasonal profile (monthly indicators), the data and where to download it."""
    row = Indicator.objects.filter(code=code.upper()).first()
    if row is None:
        return not_found(request)
    if row.code != code:
        return redirect("dashboards:indicator", code=row.code, permanent=True)
    read = analytics.reader(request.user)
    name = _name(row)
    regional = read.regional_series(row.code)
    by_state = read.series_by_state(row.code)
    latest = read.latest_by_state(row.code)
    context: dict[str, Any] = {"indicator": row, "name": name, "has_data": bool(regional)}
    if regional:
        shown = regional[-CHART_PERIODS.get(row.periodicity, 20) :]
        periods = [_period(p) for p in shown]
        context["regional_chart"] = charts.line_chart(
            title=_("%(indicator)s: the region") % {"indicator": name},
            categories=periods,
            series=[charts.Series(name=_("Region"), values=tuple(p.value for p in shown))],
            category_heading=_("Period"),
        )
        starts = {p.period_start: i for i, p in enumerate(shown)}
        lines = []
        for area, points in by_state.items():
            values: list[float | None] = [None] * len(shown)
            for point in points:
                if point.period_start in starts:
                    values[starts[point.period_start]] = point.value
            lines.append(charts.Series(name=_state(area), values=tuple(values)))
        context["states_chart"] = charts.line_chart(
            title=_("%(indicator)s by State") % {"indicator": name},
            categories=periods,
            series=lines,
            category_heading=_("Period"),
        )
        context["latest_chart"] = charts.bar_chart(
            title=_("%(indicator)s: latest value of each State") % {"indicator": name},
            categories=[area for area, _point in latest],
            values=[point.value for _area, point in latest],
            value_heading=name,
            category_heading=_("State"),
        )
        context["latest"] = [
            {
                "iso3": area,
                "state": _state(area),
                "period": _period(p),
                "value": charts.format_value(p.value),
            }
            for area, p in latest
        ]
        context["latest_map"] = mark_safe(  # noqa: S308 - maps.value_map escapes every text
            maps.value_map(
                [
                    (
                        area,
                        p.value,
                        reverse("dashboards:state", args=[area]),
                        f"{_state(area)}: {charts.format_value(p.value)} ({_period(p)})",
                    )
                    for area, p in latest
                    if p.value is not None
                ],
                title=_("%(indicator)s: latest value of each State, on the map")
                % {"indicator": name},
                description=_(
                    "The darker and denser the pattern, the higher the value; the table above "
                    "gives every value."
                ),
                legend_range=_("%(low)s to %(high)s"),
            )
        )
        context["regional"] = [
            {"period": _period(p), "value": charts.format_value(p.value), "states": p.states}
            for p in reversed(regional)
        ]
        areas = sorted(by_state)
        table: dict[str, dict[str, str]] = {}
        for area, points in by_state.items():
            for point in points:
                table.setdefault(_period(point), {})[area] = charts.format_value(point.value)
        context["table_areas"] = [(a, _state(a)) for a in areas]
        context["table_rows"] = [
            (period, [table[period].get(a, "—") for a in areas])
            for period in sorted(table, reverse=True)
        ]
        last = regional[-1]
        first_of_year = last.period_start.replace(month=1, day=1)
        areas_c, partners, cells = read.corridors(
            row.code, start=first_of_year, end=last.period_start, top=TOP_PARTNERS
        )
        if cells:
            context["corridor_year"] = last.period_start.year
            context["corridor_partners"] = [(p, _state(p)) for p in partners]
            context["corridor_rows"] = _heat(areas_c, partners, cells)
        if row.periodicity == "M":
            profile = read.seasonal_profile(row.code)
            if profile:
                context["seasonal_chart"] = charts.bar_chart(
                    title=_("%(indicator)s: average of each month") % {"indicator": name},
                    categories=[str(MONTHS_3[m]).capitalize() for m, _mean, _n in profile],
                    values=[mean for _m, mean, _n in profile],
                    value_heading=_("Average"),
                    category_heading=_("Month"),
                )
    context["sources"] = _provenance(read, row.code)
    context["downloads"] = [
        (label, EXPORT_URL + "?" + urlencode({"indicator": row.code, "format": fmt}))
        for fmt, label in EXPORT_FORMATS
    ]
    return render(request, "stats/dashboard_indicator.html", context)


@public_page
def state(request: HttpRequest, iso3: str) -> HttpResponse:
    """One State: the latest value of every indicator it has published values for."""
    code = iso3.upper()
    if code != iso3:
        return redirect("dashboards:state", iso3=code, permanent=True)
    if not countries.lookup(code):
        return not_found(request)
    read = analytics.reader(request.user)
    rows = _published_indicators(read)
    groups = _by_dataflow(_cards(read, rows, state=code))
    names = _dataflow_names()
    return render(
        request,
        "stats/dashboard_state.html",
        {
            "iso3": code,
            "state_name": _state(code),
            "groups": [(names.get(flow, flow), items) for flow, items in groups.items()],
        },
    )
