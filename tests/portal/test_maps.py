"""The members map's geometry (geo.py) and drawing (maps.py), without the database."""

from __future__ import annotations

import math
import xml.etree.ElementTree as ET

import pytest
from hypothesis import given
from hypothesis import strategies as st

from almaty.portal import geo, maps
from tests.portal.page import svg as svg_element

SVG = "{http://www.w3.org/2000/svg}"
NINE = {
    "AFG": "member",
    "AZE": "member",
    "KAZ": "member",
    "KGZ": "member",
    "TJK": "member",
    "TKM": "member",
    "TUR": "member",
    "IRN": "observer",
    "PAK": "observer",
}
# Two unit squares side by side sharing one border (arc 1), quantised with scale 0.5 and
# delta-encoded as TopoJSON stores arcs.
TINY = {
    "type": "Topology",
    "transform": {"scale": [0.5, 0.5], "translate": [60, 40]},
    "objects": {
        "countries": {
            "type": "GeometryCollection",
            "geometries": [
                {"type": "Polygon", "arcs": [[0, 1]], "properties": {"iso3": "KGZ"}},
                {"type": "MultiPolygon", "arcs": [[[~1, 2]]], "properties": {"iso3": "TJK"}},
                {"type": "Point", "coordinates": [0, 0]},
            ],
        }
    },
    "arcs": [
        [[2, 0], [-2, 0], [0, 2], [2, 0]],  # (61,40) → (60,40) → (60,41) → (61,41)
        [[2, 2], [0, -2]],  # (61,41) → (61,40): the shared border
        [[2, 2], [2, 0], [0, -2], [-2, 0]],  # (61,41) → (62,41) → (62,40) → (61,40)
    ],
}


def test_decoding_undoes_the_delta_encoding_and_the_quantisation():
    topology = geo.decode(TINY)

    assert topology.arcs[0] == ((61, 40), (60, 40), (60, 41), (61, 41))
    assert topology.arcs[2] == ((61, 41), (62, 41), (62, 40), (61, 40))


def test_decoding_keeps_polygons_and_multipolygons_and_skips_other_geometries():
    topology = geo.decode(TINY)

    assert [(c.iso3, c.polygons) for c in topology.countries] == [
        ("KGZ", (((0, 1),),)),
        ("TJK", (((~1, 2),),)),
    ]


def test_rings_join_arcs_at_their_shared_point():
    topology = geo.decode(TINY)

    assert geo.ring_points((0, 1), topology.arcs) == [
        (61, 40),
        (60, 40),
        (60, 41),
        (61, 41),
        (61, 40),
    ]


def test_a_negative_arc_index_runs_the_arc_backwards():
    topology = geo.decode(TINY)

    assert geo.ring_points((~1, 2), topology.arcs) == [
        (61, 40),
        (61, 41),
        (62, 41),
        (62, 40),
        (61, 40),
    ]


def test_a_ring_has_the_area_and_centroid_of_its_square():
    ring = geo.ring_points((0, 1), geo.decode(TINY).arcs)

    assert abs(geo.area(ring)) == pytest.approx(1.0)
    assert geo.centroid(ring) == pytest.approx((60.5, 40.5))


def test_decoding_reads_arcs_without_a_transform_as_plain_coordinates():
    plain = {**TINY, "transform": None, "arcs": [[[60.5, 40.25], [61, 41]]]}

    assert geo.decode(plain).arcs[0] == ((60.5, 40.25), (61.0, 41.0))


def test_the_projection_puts_its_origin_at_zero_and_north_up():
    project = geo.lambert_conic(origin=(62.0, 40.0))

    assert project((62.0, 40.0)) == pytest.approx((0.0, 0.0), abs=1e-12)
    assert project((62.0, 50.0))[1] > 0
    assert project((70.0, 40.0))[0] > 0


def test_the_projection_is_conformal_on_a_standard_parallel():
    """On a standard parallel the scale along the parallel equals the scale along the meridian."""
    project = geo.lambert_conic(parallels=(30.0, 50.0))
    step = 1e-4
    x0, y0 = project((62.0, 30.0))
    xe, ye = project((62.0 + step, 30.0))
    xn, yn = project((62.0, 30.0 + step))
    east = math.hypot(xe - x0, ye - y0) / math.cos(math.radians(30.0))
    north = math.hypot(xn - x0, yn - y0)

    assert east == pytest.approx(north, rel=1e-3)


@given(
    st.lists(st.tuples(st.floats(-1000, 1000), st.floats(-1000, 1000)), min_size=2, max_size=60),
    st.floats(0.01, 50),
)
def test_simplifying_keeps_the_ends_and_a_subset_in_order(points, tolerance):
    kept = geo.simplify(points, tolerance)

    assert kept[0] == points[0]
    assert kept[-1] == points[-1]
    remaining = iter(points)
    assert all(any(p == q for q in remaining) for p in kept)  # a subsequence, in order


def test_simplifying_drops_points_on_a_straight_line():
    assert geo.simplify([(0, 0), (1, 0.001), (2, 0), (3, 0)], 0.1) == [(0, 0), (3, 0)]


def test_path_data_closes_each_ring_with_one_decimal():
    assert geo.path_data([[(0, 0), (10.04, -0.01), (10, 5.56)], [(1, 1), (2, 2), (1, 2)]]) == (
        "M0 0 10 0 10 5.6ZM1 1 2 2 1 2Z"
    )


def test_the_shipped_region_holds_the_nine_states_and_their_neighbours():
    codes = {c.iso3 for c in geo.region().countries}

    assert set(NINE) | {"RUS", "CHN", "UZB", "IND", "GEO", "ARM", "IRQ", "SYR", "MNG"} <= codes


def test_crimea_is_drawn_with_ukraine():
    """Ukraine's outline reaches Crimea's southern tip (44.4° N); Russia has nothing there."""
    topology = geo.region()

    def lowest_latitude_near_crimea(iso3: str) -> float:
        (country,) = [c for c in topology.countries if c.iso3 == iso3]
        points = [
            p
            for polygon in country.polygons
            for p in geo.ring_points(polygon[0], topology.arcs)
            if 32 <= p[0] <= 35.5
        ]
        return min(p[1] for p in points)

    assert lowest_latitude_near_crimea("UKR") < 44.6
    assert lowest_latitude_near_crimea("RUS") > 47


# Drawing


def texts() -> maps.MapTexts:
    return maps.MapTexts(
        title="Map & title",
        description="A <description>",
        legend=(("member", "Member State"), ("observer", "Observer"), ("guest", "Guest")),
    )


def nine() -> list[maps.MapState]:
    states = [
        maps.MapState(
            iso3=iso3,
            status=status,
            name=f"Name of {iso3}",
            href=f"/en/states/{iso3}/",
            label=f"Name of {iso3}: {status}",
        )
        for iso3, status in NINE.items()
    ]
    return [*states, maps.MapState("CHN", "guest", "China", "/en/states/CHN/", "China: guest")]


def drawn() -> ET.Element:
    return svg_element(maps.members_map(nine(), texts()))


def test_the_map_is_well_formed_svg_named_by_its_title_and_description():
    svg = drawn()

    assert svg.tag == f"{SVG}svg"
    assert svg.find(f"{SVG}title").text == "Map & title"
    assert svg.find(f"{SVG}desc").text == "A <description>"
    assert (svg.get("aria-labelledby"), svg.get("aria-describedby")) == ("map-title", "map-desc")


def test_each_participating_state_is_a_link_named_by_its_title_and_filled_by_status():
    links = {
        a.get("data-iso3"): (
            a.get("href"),
            a.find(f"{SVG}title").text,
            a.find(f"{SVG}path").get("fill"),
        )
        for a in drawn().iter(f"{SVG}a")
    }

    assert links == {
        **{
            iso3: (f"/en/states/{iso3}/", f"Name of {iso3}: {status}", f"url(#map-{status})")
            for iso3, status in NINE.items()
        },
        "CHN": ("/en/states/CHN/", "China: guest", "url(#map-guest)"),
    }


def test_every_fill_the_map_uses_is_defined_and_shown_in_the_legend():
    svg = drawn()
    patterns = {p.get("id") for p in svg.iter(f"{SVG}pattern")}
    legend = svg.find(f"{SVG}g[@class='legend']")
    legend_fills = {r.get("fill") for r in legend.iter(f"{SVG}rect") if r.get("fill")}
    texts_shown = [t.text for t in legend.iter(f"{SVG}text")]

    assert {"map-member", "map-observer", "map-guest"} <= patterns
    assert legend_fills == {"url(#map-member)", "url(#map-observer)", "url(#map-guest)"}
    assert texts_shown == ["Member State", "Observer", "Guest"]


def test_neighbours_are_drawn_without_links():
    context = drawn().find(f"{SVG}g[@class='context']")

    assert context.get("aria-hidden") == "true"
    assert len(list(context.iter(f"{SVG}path"))) > 20
    assert list(context.iter(f"{SVG}a")) == []


def test_a_state_outside_the_region_is_not_drawn():
    states = [*nine(), maps.MapState("USA", "guest", "USA", "/en/states/USA/", "USA")]

    svg = svg_element(maps.members_map(states, texts()))

    assert "USA" not in {a.get("data-iso3") for a in svg.iter(f"{SVG}a")}
    assert (maps.on_map("USA"), maps.on_map("KGZ")) == (False, True)


def test_the_map_escapes_names_and_addresses():
    states = [maps.MapState("KGZ", "member", "<b>", '/x?a=1&b="2"', "<script>")]

    svg = svg_element(maps.members_map(states, texts()))

    (link,) = svg.iter(f"{SVG}a")
    assert (link.get("href"), link.find(f"{SVG}title").text) == ('/x?a=1&b="2"', "<script>")


def test_the_same_states_and_texts_give_the_same_map_from_the_cache():
    assert maps.members_map(nine(), texts()) is maps.members_map(nine(), texts())


def test_the_tiny_topology_lays_out_both_squares_inside_the_frame():
    layout = maps.layout(("KGZ", "TJK"), geo.decode(TINY))

    assert [s.iso3 for s in layout.shapes] == ["KGZ", "TJK"]
    assert layout.width == maps.WIDTH
    for shape in layout.shapes:
        x, y = shape.label_at
        assert 0 < x < layout.width
        assert 0 < y < layout.height


def test_a_value_map_draws_each_state_in_its_class_with_a_legend_of_ranges():
    svg_text = maps.value_map(
        [
            ("KAZ", 1000.0, "/en/s/KAZ/", "Kazakhstan: 1,000"),
            ("KGZ", 0.0, "/en/s/KGZ/", "Kyrgyzstan: 0"),
            ("TJK", 450.0, "/en/s/TJK/", "Tajikistan: 450"),
            ("USA", 5.0, "/en/s/USA/", "outside the map"),
        ],
        title="Entries",
        description="Darker is higher.",
        legend_range="%(low)s to %(high)s",
    )
    root = svg_element(svg_text)
    ns = {"s": "http://www.w3.org/2000/svg"}

    links = {a.get("data-iso3"): a.get("class") for a in root.iter("{http://www.w3.org/2000/svg}a")}
    assert links == {"KAZ": "state level5", "KGZ": "state level1", "TJK": "state level3"}
    legend = [
        t.text
        for t in root.find("s:g[@class='legend']", ns).iter("{http://www.w3.org/2000/svg}text")
    ]
    assert legend == ["0 to 200", "400 to 600", "800 to 1,000"]


def test_a_value_map_of_nothing_on_the_map_is_empty():
    assert (
        maps.value_map([("USA", 1.0, "/", "x")], title="t", description="d", legend_range="%(low)s")
        == ""
    )
