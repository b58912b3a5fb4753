"""Cut the region of the Almaty Process out of Natural Earth's world map (TopoJSON).

Reads `countries-50m.json` of the npm package world-atlas@2 (Natural Earth 1:50m, ISC licence)
and writes src/almaty/portal/data/region-50m.json: only the countries near the region, with
their ISO 3166 alpha-3 code added, coordinates clamped to a frame around the region, each arc
simplified (shared borders stay shared) and quantised to 0.01°. Deterministic: the same input
gives the same bytes.

    cd /tmp && npm pack world-atlas@2 && tar xzf world-atlas-2.0.2.tgz
    .venv/bin/python tools/make_region_map.py /tmp/package/countries-50m.json
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import pycountry

from almaty.portal import geo  # the same decoding and simplifying as the map

OUT = Path(__file__).resolve().parents[1] / "src/almaty/portal/data/region-50m.json"
# Countries whose outline touches this box (lon, lat) are kept.
VIEW = (20.0, 15.0, 105.0, 60.0)
# Coordinates beyond this wider frame are clamped onto it (the map never shows them).
FRAME = (5.0, 5.0, 120.0, 70.0)
# Natural Earth draws Crimea with Russia (de facto); the United Nations, whose IOM and UNHCR
# run the Support Unit, hold it part of Ukraine (General Assembly resolution 68/262). The
# polygon inside this box moves to Ukraine.
CRIMEA = (32.0, 44.0, 37.0, 46.5)
QUANTUM = 0.01  # degrees
TOLERANCE = 0.02  # degrees, Douglas-Peucker


def _polygons(geometry: dict) -> list[list[list[int]]]:
    if geometry["type"] == "Polygon":
        return [geometry["arcs"]]
    if geometry["type"] == "MultiPolygon":
        return list(geometry["arcs"])
    return []


def _bbox(points: list[tuple[float, float]]) -> tuple[float, float, float, float]:
    xs, ys = [p[0] for p in points], [p[1] for p in points]
    return min(xs), min(ys), max(xs), max(ys)


def _touches(box: tuple[float, float, float, float], frame: tuple[float, ...]) -> bool:
    return not (box[2] < frame[0] or box[0] > frame[2] or box[3] < frame[1] or box[1] > frame[3])


def _inside(box: tuple[float, float, float, float], frame: tuple[float, ...]) -> bool:
    return frame[0] <= box[0] and box[2] <= frame[2] and frame[1] <= box[1] and box[3] <= frame[3]


def _iso3(numeric: str | None) -> str:
    country = pycountry.countries.get(numeric=numeric) if numeric else None
    return country.alpha_3 if country else ""


def cut(topology: dict) -> dict:
    arcs = [list(arc) for arc in geo.decode(topology).arcs]

    def outline(polygon: list[list[int]]) -> tuple[float, float, float, float]:
        return _bbox([p for a in polygon[0] for p in arcs[~a if a < 0 else a]])

    kept_geometries = []
    moved: list[list[list[int]]] = []
    for geometry in topology["objects"]["countries"]["geometries"]:
        polygons = [p for p in _polygons(geometry) if _touches(outline(p), FRAME)]
        if _iso3(geometry.get("id")) == "RUS":
            moved = [p for p in polygons if _inside(outline(p), CRIMEA)]
            polygons = [p for p in polygons if p not in moved]
        if not polygons or not any(_touches(outline(p), VIEW) for p in polygons):
            continue
        kept_geometries.append((geometry, polygons))
    for geometry, polygons in kept_geometries:
        if _iso3(geometry.get("id")) == "UKR":
            polygons.extend(moved)
    used = sorted(
        {~a if a < 0 else a for _g, polys in kept_geometries for p in polys for r in p for a in r}
    )
    index = {old: new for new, old in enumerate(used)}
    out_arcs = []
    for old in used:
        clamped = [
            (min(max(x, FRAME[0]), FRAME[2]), min(max(y, FRAME[1]), FRAME[3])) for x, y in arcs[old]
        ]
        quantised = [
            (round((x - FRAME[0]) / QUANTUM), round((y - FRAME[1]) / QUANTUM))
            for x, y in geo.simplify(clamped, TOLERANCE)
        ]
        deduped = [p for i, p in enumerate(quantised) if i == 0 or p != quantised[i - 1]]
        if len(deduped) == 1:
            deduped.append(deduped[0])
        delta, previous = [], (0, 0)
        for x, y in deduped:
            delta.append([x - previous[0], y - previous[1]])
            previous = (x, y)
        out_arcs.append(delta)

    def remap(a: int) -> int:
        return ~index[~a] if a < 0 else index[a]

    geometries = []
    for geometry, polygons in kept_geometries:
        remapped = [[[remap(a) for a in ring] for ring in polygon] for polygon in polygons]
        geometries.append(
            {
                "type": "MultiPolygon",
                "arcs": remapped,
                "id": geometry.get("id"),
                "properties": {
                    "name": geometry.get("properties", {}).get("name", ""),
                    "iso3": _iso3(geometry.get("id")),
                },
            }
        )
    geometries.sort(key=lambda g: (g["properties"]["iso3"] or "~", g["properties"]["name"]))
    return {
        "type": "Topology",
        "source": "Natural Earth 1:50m via world-atlas@2 (ISC), cut by tools/make_region_map.py",
        "transform": {"scale": [QUANTUM, QUANTUM], "translate": [FRAME[0], FRAME[1]]},
        "objects": {"countries": {"type": "GeometryCollection", "geometries": geometries}},
        "arcs": out_arcs,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("source", type=Path, help="countries-50m.json of world-atlas@2")
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()
    region = cut(json.loads(args.source.read_text()))
    args.out.write_text(json.dumps(region, separators=(",", ":"), ensure_ascii=False) + "\n")
    count = len(region["objects"]["countries"]["geometries"])
    print(f"{args.out}: {count} countries, {args.out.stat().st_size} bytes")


if __name__ == "__main__":
    main()
