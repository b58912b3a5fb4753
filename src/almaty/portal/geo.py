"""Country outlines from TopoJSON, projected and simplified for a server-drawn SVG map.

Django-free: decoding (quantised, delta-encoded arcs), a Lambert conformal conic projection
centred on Central Asia, Douglas-Peucker simplification of each arc (so borders two countries
share stay shared) and SVG path data. Pure Python: the region holds a few thousand points.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

Point = tuple[float, float]
REGION_FILE = Path(__file__).parent / "data" / "region-50m.json"


@dataclass(frozen=True)
class Country:
    iso3: str  # "" for areas without an ISO 3166 code (e.g. Siachen Glacier)
    name: str  # Natural Earth's English name, for areas without a code
    polygons: tuple[tuple[tuple[int, ...], ...], ...]  # rings of arc indices (~i: reversed)


@dataclass(frozen=True)
class Topology:
    arcs: tuple[tuple[Point, ...], ...]  # longitude, latitude
    countries: tuple[Country, ...]


def decode(topology: dict[str, Any]) -> Topology:
    """Arcs in longitude/latitude and the countries of the `countries` object."""
    transform = topology.get("transform")
    arcs = []
    for arc in topology["arcs"]:
        if transform:
            (sx, sy), (tx, ty) = transform["scale"], transform["translate"]
            x = y = 0
            points = []
            for dx, dy in arc:
                x, y = x + dx, y + dy
                points.append((x * sx + tx, y * sy + ty))
        else:
            points = [(float(px), float(py)) for px, py in arc]
        arcs.append(tuple(points))
    countries = []
    for geometry in topology["objects"]["countries"]["geometries"]:
        if geometry["type"] == "Polygon":
            polygons = [geometry["arcs"]]
        elif geometry["type"] == "MultiPolygon":
            polygons = geometry["arcs"]
        else:
            continue
        properties = geometry.get("properties") or {}
        countries.append(
            Country(
                iso3=properties.get("iso3", ""),
                name=properties.get("name", ""),
                polygons=tuple(tuple(tuple(ring) for ring in polygon) for polygon in polygons),
            )
        )
    return Topology(arcs=tuple(arcs), countries=tuple(countries))


@cache
def region() -> Topology:
    """The shipped region map (data/README.md)."""
    return decode(json.loads(REGION_FILE.read_text(encoding="utf-8")))


def lambert_conic(
    *, parallels: tuple[float, float] = (30.0, 50.0), origin: Point = (62.0, 40.0)
) -> Callable[[Point], Point]:
    """A spherical Lambert conformal conic projection; y grows northwards (unit sphere)."""
    phi1, phi2 = (math.radians(p) for p in parallels)
    lam0, phi0 = (math.radians(v) for v in origin)

    def t(phi: float) -> float:
        return math.tan(math.pi / 4 + phi / 2)

    n = math.log(math.cos(phi1) / math.cos(phi2)) / math.log(t(phi2) / t(phi1))
    f = math.cos(phi1) * t(phi1) ** n / n
    rho0 = f / t(phi0) ** n

    def project(point: Point) -> Point:
        lon, lat = point
        rho = f / t(math.radians(max(min(lat, 89.0), -89.0))) ** n
        theta = n * (math.radians(lon) - lam0)
        return rho * math.sin(theta), rho0 - rho * math.cos(theta)

    return project


def simplify(points: Sequence[Point], tolerance: float) -> list[Point]:
    """Douglas-Peucker: drop points closer than `tolerance` to the line kept; ends stay."""
    if len(points) < 3:
        return list(points)
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        (ax, ay), (bx, by) = points[first], points[last]
        length = math.hypot(bx - ax, by - ay)
        worst, index = 0.0, -1
        for i in range(first + 1, last):
            px, py = points[i]
            if length == 0:
                distance = math.hypot(px - ax, py - ay)
            else:
                distance = abs((bx - ax) * (ay - py) - (ax - px) * (by - ay)) / length
            if distance > worst:
                worst, index = distance, i
        if index >= 0 and worst > tolerance:
            keep[index] = True
            stack += [(first, index), (index, last)]
    return [p for p, k in zip(points, keep, strict=True) if k]


def ring_points(ring: Sequence[int], arcs: Sequence[Sequence[Point]]) -> list[Point]:
    """A ring's points from its arcs (a negative index ~i is arc i reversed); arcs meet at a
    shared point, kept once."""
    points: list[Point] = []
    for index in ring:
        arc = list(arcs[~index]) if index < 0 else list(arcs[index])
        if index < 0:
            arc.reverse()
        points.extend(arc[1:] if points else arc)
    return points


def area(points: Sequence[Point]) -> float:
    """Signed area (shoelace)."""
    return (
        sum(
            x0 * y1 - x1 * y0
            for (x0, y0), (x1, y1) in zip(points, [*points[1:], points[0]], strict=True)
        )
        / 2
    )


def centroid(points: Sequence[Point]) -> Point:
    """The centroid of a ring (the mean of its points for a degenerate one)."""
    a = area(points)
    if abs(a) < 1e-9:
        return (
            sum(p[0] for p in points) / len(points),
            sum(p[1] for p in points) / len(points),
        )
    cx = cy = 0.0
    for (x0, y0), (x1, y1) in zip(points, [*points[1:], points[0]], strict=True):
        cross = x0 * y1 - x1 * y0
        cx += (x0 + x1) * cross
        cy += (y0 + y1) * cross
    return cx / (6 * a), cy / (6 * a)


def path_data(rings: Sequence[Sequence[Point]]) -> str:
    """SVG path data, one decimal: "M x y x y … Z" per ring (implicit line-tos)."""
    parts = []
    for ring in rings:
        coords = " ".join(f"{fmt(x)} {fmt(y)}" for x, y in ring)
        parts.append(f"M{coords}Z")
    return "".join(parts)


def fmt(value: float) -> str:
    text = f"{value:.1f}"
    text = text.removesuffix(".0")
    return "0" if text == "-0" else text
