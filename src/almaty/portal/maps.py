"""The members map: an SVG drawn on the server from Natural Earth's outlines (geo.py).

No JavaScript and no tiles: the page works offline. Each participating State is a link to its
page, named by its <title> (name and status); the fill shows the status and the legend repeats
it with patterns and words, so colour is never the only sign. The SVG is cached in memory per
set of States and language texts, so it is drawn again only when participations change.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from django.utils.formats import number_format
from django.utils.html import escape

from almaty.portal import geo

WIDTH = 960
MARGIN = 20  # px drawn beyond the frame, so clamped borders stay out of sight
TOLERANCE = 0.5  # px, simplification
MIN_AREA = 2.0  # px², smaller islands are left out
PADDING = 0.06  # around the members and observers
# The frame when no member or observer is known: the nine States of the reference data.
DEFAULT_FOCUS = ("AFG", "AZE", "IRN", "KAZ", "KGZ", "PAK", "TJK", "TKM", "TUR")
STATUSES = ("member", "observer", "guest")


@dataclass(frozen=True)
class MapState:
    iso3: str
    status: str  # member, observer or guest
    name: str  # in the reader's language
    href: str
    label: str  # what the link says: name and status


@dataclass(frozen=True)
class MapTexts:
    title: str
    description: str
    legend: tuple[tuple[str, str], ...]  # (status or "other", words)


@dataclass(frozen=True)
class Shape:
    iso3: str
    path: str
    label_at: geo.Point


@dataclass(frozen=True)
class Layout:
    width: int
    height: int
    shapes: tuple[Shape, ...]


@lru_cache(maxsize=8)
def layout(focus: tuple[str, ...], topology: geo.Topology | None = None) -> Layout:
    """Every country projected into a frame around the `focus` States, simplified."""
    topology = topology or geo.region()
    project = geo.lambert_conic()
    arcs = [[project(p) for p in arc] for arc in topology.arcs]
    wanted = set(focus) or set(DEFAULT_FOCUS)
    framed = [c for c in topology.countries if c.iso3 in wanted] or list(topology.countries)
    points = [
        p
        for country in framed
        for polygon in country.polygons
        for a in polygon[0]
        for p in arcs[~a if a < 0 else a]
    ]
    xs, ys = [p[0] for p in points], [p[1] for p in points]
    min_x, max_x, min_y, max_y = min(xs), max(xs), min(ys), max(ys)
    pad_x, pad_y = (max_x - min_x) * PADDING, (max_y - min_y) * PADDING
    min_x, max_x, min_y, max_y = min_x - pad_x, max_x + pad_x, min_y - pad_y, max_y + pad_y
    scale = WIDTH / (max_x - min_x)
    height = round((max_y - min_y) * scale)

    def place(p: geo.Point) -> geo.Point:
        x, y = (p[0] - min_x) * scale, (max_y - p[1]) * scale
        return (
            min(max(x, -MARGIN), WIDTH + MARGIN),
            min(max(y, -MARGIN), height + MARGIN),
        )

    placed = [geo.simplify([place(p) for p in arc], TOLERANCE) for arc in arcs]
    shapes = []
    for country in topology.countries:
        rings = [geo.ring_points(ring, placed) for polygon in country.polygons for ring in polygon]
        rings = [r for r in rings if len(r) >= 3 and abs(geo.area(r)) >= MIN_AREA]
        if not rings:
            continue
        largest = max(rings, key=lambda r: abs(geo.area(r)))
        shapes.append(
            Shape(
                iso3=country.iso3 or country.name,
                path=geo.path_data(rings),
                label_at=geo.centroid(largest),
            )
        )
    return Layout(width=WIDTH, height=height, shapes=tuple(shapes))


def members_map(states: Sequence[MapState], texts: MapTexts) -> str:
    """The map as SVG markup (a string safe to insert in HTML)."""
    return _draw(tuple(states), texts)


LEVELS = 5  # classes of a value map, lightest to darkest


def value_map(
    values: Sequence[tuple[str, float, str, str]],
    *,
    title: str,
    description: str,
    legend_range: str,
) -> str:
    """A map of one value per State: (iso3, value, href, label) each. The States fall into
    `LEVELS` classes of equal width between the lowest and highest value, each drawn with its
    own pattern (denser for higher values, so not by colour alone); the legend gives each
    class's range, written with `legend_range` % {"low": ..., "high": ...}. The map frames the
    States that have a value."""
    drawn = [(iso3, value, href, label) for iso3, value, href, label in values if on_map(iso3)]
    if not drawn:
        return ""
    low = min(v for _i, v, _h, _l in drawn)
    high = max(v for _i, v, _h, _l in drawn)
    width = (high - low) / LEVELS or 1.0

    def level(value: float) -> int:
        return min(LEVELS, int((value - low) / width) + 1)

    states = tuple(
        MapState(iso3=iso3, status=f"level{level(value)}", name=label, href=href, label=label)
        for iso3, value, href, label in drawn
    )
    used = sorted({int(s.status.removeprefix("level")) for s in states})
    legend = tuple(
        (
            f"level{n}",
            legend_range % {"low": _round(low + (n - 1) * width), "high": _round(low + n * width)},
        )
        for n in used
    )
    return _draw(states, MapTexts(title=title, description=description, legend=legend))


def _round(value: float) -> str:
    return number_format(round(value), decimal_pos=0, force_grouping=True)


@lru_cache(maxsize=16)
def _draw(states: tuple[MapState, ...], texts: MapTexts) -> str:
    focus = tuple(sorted(s.iso3 for s in states if s.status in ("member", "observer"))) or tuple(
        sorted(s.iso3 for s in states)
    )
    frame = layout(focus)
    by_iso3 = {s.iso3: s for s in states}
    context, links, labels = [], [], []
    for shape in frame.shapes:
        state = by_iso3.get(shape.iso3)
        if state is None:
            context.append(f'<path d="{shape.path}"/>')
            continue
        links.append(
            f'<a href="{escape(state.href)}" class="state {escape(state.status)}"'
            f' data-iso3="{escape(state.iso3)}"><title>{escape(state.label)}</title>'
            f'<path d="{shape.path}" fill="url(#map-{escape(state.status)})"/></a>'
        )
        x, y = shape.label_at
        labels.append(
            f'<text x="{geo.fmt(x)}" y="{geo.fmt(y)}" class="{escape(state.status)}">'
            f"{escape(state.iso3)}</text>"
        )
    height = frame.height
    return "".join(
        [
            f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {frame.width} {height}"'
            ' class="members-map" role="group" aria-labelledby="map-title"'
            ' aria-describedby="map-desc">',
            f'<title id="map-title">{escape(texts.title)}</title>',
            f'<desc id="map-desc">{escape(texts.description)}</desc>',
            _DEFS,
            f'<rect class="sea" width="{frame.width}" height="{height}"/>',
            f'<g class="context" aria-hidden="true">{"".join(context)}</g>',
            f'<g class="states">{"".join(links)}</g>',
            f'<g class="labels" aria-hidden="true">{"".join(labels)}</g>',
            _legend(texts, height),
            "</svg>",
        ]
    )


# Fills: members solid, observers hatched, guests dotted; the legend shows the same swatches.
_DEFS = (
    "<defs>"
    '<pattern id="map-member" width="8" height="8" patternUnits="userSpaceOnUse">'
    '<rect width="8" height="8" fill="#1b6b52"/></pattern>'
    '<pattern id="map-observer" width="8" height="8" patternUnits="userSpaceOnUse"'
    ' patternTransform="rotate(45)"><rect width="8" height="8" fill="#9fd3bf"/>'
    '<rect width="3" height="8" fill="#1b6b52"/></pattern>'
    '<pattern id="map-guest" width="8" height="8" patternUnits="userSpaceOnUse">'
    '<rect width="8" height="8" fill="#f3e9c6"/><circle cx="4" cy="4" r="1.6" fill="#7a6520"/>'
    "</pattern>"
    '<pattern id="map-other" width="8" height="8" patternUnits="userSpaceOnUse">'
    '<rect width="8" height="8" fill="#e4e4e4"/></pattern>'
    # A value map's classes: lighter and sparser for low values, darker and denser for high.
    '<pattern id="map-level1" width="8" height="8" patternUnits="userSpaceOnUse">'
    '<rect width="8" height="8" fill="#e3f1ec"/><circle cx="4" cy="4" r="1" fill="#1b6b52"/>'
    "</pattern>"
    '<pattern id="map-level2" width="8" height="8" patternUnits="userSpaceOnUse"'
    ' patternTransform="rotate(45)"><rect width="8" height="8" fill="#bfe0d4"/>'
    '<rect width="1.5" height="8" fill="#1b6b52"/></pattern>'
    '<pattern id="map-level3" width="8" height="8" patternUnits="userSpaceOnUse"'
    ' patternTransform="rotate(45)"><rect width="8" height="8" fill="#8cc6b1"/>'
    '<rect width="3.5" height="8" fill="#1b6b52"/></pattern>'
    '<pattern id="map-level4" width="8" height="8" patternUnits="userSpaceOnUse">'
    '<rect width="8" height="8" fill="#3f8f73"/><path d="M0 0L8 8M8 0L0 8" stroke="#0d3b2d"'
    ' stroke-width="1.5"/></pattern>'
    '<pattern id="map-level5" width="8" height="8" patternUnits="userSpaceOnUse">'
    '<rect width="8" height="8" fill="#0d3b2d"/></pattern>'
    "</defs>"
)


def _legend(texts: MapTexts, height: int) -> str:
    row = 24
    box_height = row * len(texts.legend) + 12
    top = height - box_height - 10
    items = [
        f'<rect x="10" y="{top}" width="250" height="{box_height}" class="legend-box"/>',
    ]
    for i, (status, words) in enumerate(texts.legend):
        y = top + 8 + i * row
        items.append(
            f'<rect x="20" y="{y}" width="26" height="16" fill="url(#map-{escape(status)})"'
            ' class="swatch"/>'
            f'<text x="56" y="{y + 13}">{escape(words)}</text>'
        )
    return f'<g class="legend" aria-hidden="true">{"".join(items)}</g>'


def on_map(iso3: str) -> bool:
    """Whether the region map draws this country (the United States, say, lies outside it)."""
    return iso3 in _drawn()


@lru_cache(maxsize=1)
def _drawn() -> frozenset[str]:
    return frozenset(c.iso3 for c in geo.region().countries if c.iso3)
