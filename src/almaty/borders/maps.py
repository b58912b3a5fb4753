"""A State's border crossing points on a map, each a circle whose area is its crossings in
the loaded records, drawn on the server over the portal's region map (`portal.maps`, whose
outlines and projection it reuses), so it works without JavaScript or tiles.

The map is an image named and described in words (the busiest points); every figure it shows
is also in the data table of the crossings chart beside it, so no reader depends on it."""

from __future__ import annotations

import math
from collections.abc import Sequence
from functools import lru_cache
from typing import Any

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from almaty.borders.engine.bcps import Bcp, load_bcps
from almaty.core.languages import current_language
from almaty.portal import geo
from almaty.portal import maps as region_maps
from almaty.portal.charts import format_value

MAX_RADIUS = 18.0  # px, the busiest point
MIN_RADIUS = 3.0  # px, so that a quiet point stays visible
NAMED = 3  # the busiest points the description names


@lru_cache(maxsize=16)
def _frame(focus: tuple[str, ...]) -> tuple[float, float, float]:
    """(min_x, max_y, scale) of `portal.maps.layout(focus)`: the same projection, bounds and
    padding, so that points fall on the outlines it draws."""
    topology = geo.region()
    project = geo.lambert_conic()
    arcs = [[project(p) for p in arc] for arc in topology.arcs]
    framed = [c for c in topology.countries if c.iso3 in set(focus)] or list(topology.countries)
    points = [
        p
        for country in framed
        for polygon in country.polygons
        for a in polygon[0]
        for p in arcs[~a if a < 0 else a]
    ]
    xs, ys = [p[0] for p in points], [p[1] for p in points]
    min_x, max_x, max_y = min(xs), max(xs), max(ys)
    pad_x, pad_y = (max_x - min_x) * region_maps.PADDING, (max_y - min(ys)) * region_maps.PADDING
    min_x, max_x, max_y = min_x - pad_x, max_x + pad_x, max_y + pad_y
    return min_x, max_y, region_maps.WIDTH / (max_x - min_x)


def _place(bcp: Bcp, frame: tuple[float, float, float]) -> tuple[float, float]:
    min_x, max_y, scale = frame
    x, y = geo.lambert_conic()((bcp.lon, bcp.lat))
    return (x - min_x) * scale, (max_y - y) * scale


def bcp_map(rows: Sequence[dict[str, Any]], *, iso3: str, state_name: str) -> SafeString:
    """The State's crossing points sized by their entries and exits (summary.json's
    `crossings_by_bcp`); empty when none of them is a known point of the State."""
    known = load_bcps()
    counted = sorted(
        (
            (known[str(row.get("bcp"))], int(row.get("entries") or 0), int(row.get("exits") or 0))
            for row in rows or []
            if str(row.get("bcp")) in known and known[str(row.get("bcp"))].state == iso3
        ),
        key=lambda item: -(item[1] + item[2]),
    )
    if not counted or not region_maps.on_map(iso3):
        return SafeString("")
    focus = (iso3,)
    layout = region_maps.layout(focus)
    frame = _frame(focus)
    russian = current_language() == "ru"
    busiest = max(entries + exits for _bcp, entries, exits in counted) or 1
    circles = []
    for bcp, entries, exits in counted:
        x, y = _place(bcp, frame)
        radius = max(MIN_RADIUS, MAX_RADIUS * math.sqrt((entries + exits) / busiest))
        name = bcp.name_ru if russian else bcp.name_en
        label = _("%(name)s (%(code)s): %(entries)s entries, %(exits)s exits") % {
            "name": name,
            "code": bcp.code,
            "entries": format_value(entries),
            "exits": format_value(exits),
        }
        circles.append(
            f'<g class="bcp bcp-{escape(bcp.kind)}"><title>{escape(label)}</title>'
            f'<circle cx="{geo.fmt(x)}" cy="{geo.fmt(y)}" r="{radius:.1f}"/></g>'
        )
    shapes = "".join(
        f'<path d="{shape.path}" class="{"own" if shape.iso3 == iso3 else "other"}"/>'
        for shape in layout.shapes
    )
    title = _("Border crossing points of %(state)s") % {"state": state_name}
    named = "; ".join(
        f"{bcp.name_ru if russian else bcp.name_en}: {format_value(entries + exits)}"
        for bcp, entries, exits in counted[:NAMED]
    )
    description = _(
        "%(title)s, each a circle whose area is its crossings (entries and exits). The busiest: %(named)s."
    ) % {"title": title, "named": named}
    svg = (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {layout.width} {layout.height}"'
        ' role="img" aria-labelledby="bcp-map-title bcp-map-desc" class="bcp-map">'
        f'<title id="bcp-map-title">{escape(title)}</title>'
        f'<desc id="bcp-map-desc">{escape(description)}</desc>'
        f'<rect class="sea" width="{layout.width}" height="{layout.height}"/>'
        f'<g class="land" aria-hidden="true">{shapes}</g>'
        f'<g class="points">{"".join(circles)}</g></svg>'
    )
    caption = _(
        "Circle area: crossings at the point. Airports are drawn in blue, land and rail crossings in green; the figures are in the table of the chart above."
    )
    return mark_safe(  # noqa: S308 - every text above is escaped
        f'<figure class="chart bcp-map-figure">{svg}'
        f"<figcaption>{escape(title)}. {escape(caption)}</figcaption></figure>"
    )
