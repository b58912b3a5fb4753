"""The fan chart: observed values, a forecast's path and its two intervals, warnings ringed."""

from __future__ import annotations

import re

from django.utils import translation

from almaty.portal.charts import fan_chart


def _chart(**overrides):
    arguments = {
        "title": "Entries",
        "categories": ["2024-01", "2024-02", "2024-03", "2024-04"],
        "observed": [100.0, 120.0, None, None],
        "mean": [None, None, 130.0, 140.0],
        "bands": [None, None, (110.0, 150.0, 100.0, 170.0), (112.0, 168.0, 95.0, 190.0)],
        "flagged": ["2024-02"],
        "category_heading": "Period",
    }
    return str(fan_chart(**{**arguments, **overrides}))


def test_both_intervals_are_drawn_the_95_around_the_80():
    svg = _chart()

    drawn = svg.split('class="bands"')[1].split('class="lines"')[0]
    bands = re.findall(r'<polygon points="([^"]+)" fill="#(\w+)"', drawn)
    assert [colour for _points, colour in bands] == ["d6e2f0", "9dbbdc"]
    wide, narrow = ([float(p.split(",")[1]) for p in points.split()] for points, _ in bands)
    assert min(wide) < min(narrow)  # the 95% band reaches higher (smaller y) than the 80%
    assert max(wide) > max(narrow)


def test_the_forecast_is_dashed_and_the_observed_line_is_not():
    svg = _chart()

    lines = re.findall(
        r"<polyline points=\"([^\"]+)\" fill=\"none\" stroke=\"#\w+\" stroke-width=\"2\"( stroke-dasharray=\"[^\"]+\")?",
        svg,
    )
    assert len(lines) == 2
    assert lines[0][1] == ""  # observed: 2 points, solid
    assert len(lines[0][0].split()) == 2
    assert lines[1][1]  # forecast: dashed


def test_a_flagged_period_is_ringed_and_named():
    svg = _chart()

    assert svg.count('class="flag"') == 1
    assert "Early warning: 2024-02" in svg


def test_the_data_table_lists_every_bound_in_the_readers_language():
    with translation.override("ru"):
        svg = _chart()

    assert '<th scope="col">Прогноз</th>' in svg
    assert '<th scope="col">95% — верхняя граница</th>' in svg
    assert "<td>190</td>" in svg


def test_without_a_forecast_only_the_observed_line_is_drawn():
    svg = _chart(mean=[None] * 4, bands=[None] * 4, flagged=[])

    assert "<polygon points=" not in svg.split('class="flags"')[0].split('class="bands"')[1]
    assert svg.count("<polyline") == 1
