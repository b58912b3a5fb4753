"""Server-drawn charts: an image named and described, and the same numbers in a table."""

from __future__ import annotations

import math
import xml.etree.ElementTree as ET

import pytest
from hypothesis import given
from hypothesis import strategies as st

from almaty.portal import charts
from tests.portal.page import parse
from tests.portal.page import svg as svg_element

SVG = "{http://www.w3.org/2000/svg}"


def bars() -> str:
    return charts.bar_chart(
        title="Meetings held per year",
        categories=["2013", "2014", "2015"],
        values=[2, 0, 3],
        value_heading="Meetings",
        category_heading="Year",
    )


def svg_of(html: str) -> ET.Element:
    start, end = html.index("<svg"), html.index("</svg>") + len("</svg>")
    return svg_element(html[start:end])


def test_a_bar_chart_is_well_formed_svg_labelled_by_its_title_and_description():
    svg = svg_of(bars())
    title_id, desc_id = svg.get("aria-labelledby").split()

    assert svg.get("role") == "img"
    assert svg.find(f"{SVG}title").get("id") == title_id
    assert svg.find(f"{SVG}title").text == "Meetings held per year"
    assert svg.find(f"{SVG}desc").get("id") == desc_id
    assert svg.find(f"{SVG}desc").text == (
        "Meetings held per year, from 2013 to 2015; lowest 0, highest 3."
    )


def test_a_bar_chart_draws_one_bar_per_category_scaled_to_the_largest():
    svg = svg_of(bars())
    heights = [float(r.get("height")) for r in svg.iter(f"{SVG}rect")]

    assert len(heights) == 3
    assert heights[1] == 0
    assert heights[0] == pytest.approx(heights[2] * 2 / 3)


def test_a_chart_gives_its_numbers_in_a_table_inside_details():
    figure = parse(bars()).find("figure")
    table = figure.find("details").find("table")

    assert [th.text for th in table.find("thead").find_all("th")] == ["Year", "Meetings"]
    assert [
        (row.find("th").text, row.find("td").text) for row in table.find("tbody").find_all("tr")
    ] == [("2013", "2"), ("2014", "0"), ("2015", "3")]


def test_a_line_chart_names_each_series_and_tells_them_apart_without_colour():
    html = charts.line_chart(
        title="Arrivals",
        categories=["2022", "2023", "2024"],
        series=[
            charts.Series("Kazakhstan", (1.0, 2.0, 3.0)),
            charts.Series("Kyrgyzstan", (2.0, None, 1.5)),
        ],
        category_heading="Year",
    )
    svg = svg_of(html)
    lines = list(svg.iter(f"{SVG}polyline"))

    assert [
        g.find(f"{SVG}title").text for g in svg.iter(f"{SVG}g") if g.get("class") == "series"
    ] == [
        "Kazakhstan",
        "Kyrgyzstan",
    ]
    assert lines[0].get("stroke-dasharray") != lines[1].get("stroke-dasharray")
    assert len(lines[1].get("points").split()) == 2  # the missing value is left out
    rows = parse(html).find("tbody").find_all("tr")
    assert [td.text for td in rows[1].find_all("td")] == ["2", "—"]


def test_a_chart_escapes_its_texts():
    html = charts.bar_chart(
        title="<script>", categories=["a&b"], values=[1], value_heading="v", category_heading="c"
    )

    assert "<script>" not in html
    assert svg_of(html).find(f"{SVG}title").text == "<script>"


@pytest.mark.parametrize(
    ("value", "top"), [(0, 1), (3, 5), (7, 10), (12, 20), (24, 25), (250, 250), (0.3, 0.5)]
)
def test_the_axis_ends_at_a_round_number_not_below_the_largest_value(value, top):
    assert charts.nice_max(value) == pytest.approx(top)


def test_a_chart_without_values_says_so():
    html = charts.bar_chart(
        title="Empty", categories=[], values=[], value_heading="v", category_heading="c"
    )

    assert svg_of(html).find(f"{SVG}desc").text == "Empty: no values yet."


@pytest.mark.parametrize(
    ("top", "count"),
    [(1.0, 4), (2.0, 2), (5.0, 5), (2.5, 5), (10.0, 4), (25.0, 5), (50.0, 5), (0.5, 5), (2e6, 4)],
)
def test_axis_steps_are_round_numbers(top, count):
    from almaty.portal.charts import divisions

    assert divisions(top) == count


@given(st.floats(min_value=0.001, max_value=1e12))
def test_every_nice_top_divides_into_round_steps(value):
    from almaty.portal.charts import divisions, nice_max

    top = nice_max(value)
    step = top / divisions(top)
    mantissa = step / 10 ** math.floor(math.log10(step))
    assert any(math.isclose(mantissa, nice) for nice in (1, 2, 2.5, 5))


@pytest.mark.parametrize(
    ("value", "top", "english", "russian"),
    [
        (500, 1000, "500", "500"),
        (5000, 10000, "5 k", "5 тыс."),
        (1_500_000, 2_000_000, "1.5 M", "1,5 млн"),
        (2_000_000_000, 5_000_000_000, "2 bn", "2 млрд"),
    ],
)
def test_axis_labels_of_big_numbers_are_short(value, top, english, russian):
    from django.utils import translation

    with translation.override("en"):
        assert charts._tick(value, top) == english
    with translation.override("ru"):
        assert charts._tick(value, top).replace("\xa0", " ") == russian


def test_a_long_axis_labels_at_most_twelve_categories_but_the_table_has_all():
    years = [str(y) for y in range(2000, 2026)]
    svg_text = str(
        charts.line_chart(
            title="Refugees",
            categories=years,
            series=[charts.Series(name="Region", values=tuple(float(i) for i in range(26)))],
            category_heading="Year",
        )
    )
    figure = parse(svg_text)

    labels = [t.text for t in figure.find_all("text", class_="category")]
    assert 1 < len(labels) <= 12
    assert labels[0] == "2000"
    assert [th.text for th in figure.find("tbody").find_all("th")] == years
