"""The border-movement charts, drawn on the server as SVG like the portal's (`portal.charts`):
stacked bars, upright (stays by movement type and month) or lying (overstays by nationality,
crossings by border crossing point), built from a State's summary.json.

Each part of a stack has its own pattern as well as its own colour, and a legend in HTML
names them, so no reader depends on colour; the numbers follow in a table, as in every chart
of the platform.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.utils.html import escape
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from almaty.portal import charts
from almaty.portal.charts import Series

WIDTH, HEIGHT = charts.WIDTH, charts.HEIGHT
LEFT, RIGHT, TOP, BOTTOM = charts.LEFT, charts.RIGHT, charts.TOP, charts.BOTTOM
BAR_HEIGHT = 22  # px per category of a lying chart
LABEL_WIDTH = 150  # px for the names left of a lying chart's bars
MAX_CATEGORIES = 15  # a lying chart shows the largest; the rest are summed as "Others"
# Fills of the parts of a stack: colour and pattern, so that parts differ without colour.
FILLS = (
    ("#1b6b52", ""),
    ("#c98a1b", "stripes"),
    ("#2d4e8a", "dots"),
    ("#8a2d5c", "cross"),
    ("#6b7785", "back"),
)


def _pattern(chart_id: str, n: int) -> str:
    colour, kind = FILLS[n % len(FILLS)]
    pid = f"{chart_id}-fill{n}"
    marks = {
        "": "",
        "stripes": '<rect width="2.5" height="8" fill="#fff" fill-opacity=".55"/>',
        "dots": '<circle cx="4" cy="4" r="1.5" fill="#fff" fill-opacity=".7"/>',
        "cross": '<path d="M0 0L8 8M8 0L0 8" stroke="#fff" stroke-opacity=".6" stroke-width="1.2"/>',
        "back": '<path d="M0 8L8 0" stroke="#fff" stroke-opacity=".6" stroke-width="2"/>',
    }[kind]
    turn = ' patternTransform="rotate(45)"' if kind == "stripes" else ""
    return (
        f'<pattern id="{pid}" width="8" height="8" patternUnits="userSpaceOnUse"{turn}>'
        f'<rect width="8" height="8" fill="{colour}"/>{marks}</pattern>'
    )


def _defs(chart_id: str, count: int) -> str:
    return f"<defs>{''.join(_pattern(chart_id, n) for n in range(count))}</defs>"


def _legend(chart_id: str, series: Sequence[Series]) -> str:
    """The parts' names beside their swatches, in HTML (the drawing's own legend is the table)."""
    items = "".join(
        f'<li><svg viewBox="0 0 16 12" width="16" height="12" aria-hidden="true">'
        f"{_pattern(chart_id + '-key', n)}"
        f'<rect width="16" height="12" fill="url(#{chart_id}-key-fill{n})"/></svg> '
        f"{escape(item.name)}</li>"
        for n, item in enumerate(series)
    )
    return f'<ul class="chart-legend">{items}</ul>'


def _totals(series: Sequence[Series], count: int) -> list[float]:
    return [sum(float(s.values[i] or 0) for s in series) for i in range(count)]


def _describe(title: str, categories: Sequence[str], totals: Sequence[float]) -> str:
    if not categories or not any(totals):
        return _("%(title)s: no values yet.") % {"title": title}
    top = max(range(len(categories)), key=lambda i: totals[i])
    return _(
        "%(title)s, %(first)s to %(last)s; in all %(total)s, most in %(top)s (%(top_value)s)."
    ) % {
        "title": title,
        "first": categories[0],
        "last": categories[-1],
        "total": charts.format_value(sum(totals)),
        "top": categories[top],
        "top_value": charts.format_value(totals[top]),
    }


def stacked_columns(
    *,
    title: str,
    categories: Sequence[str],
    series: Sequence[Series],
    category_heading: str,
) -> SafeString:
    """Upright bars, one per category (a month), each stacked from the series' values."""
    chart_id = charts._id("stacked", title, *categories, *[s.name for s in series])
    plot_width, plot_height = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    totals = _totals(series, len(categories))
    top = charts.nice_max(max(totals, default=0))
    slot = plot_width / max(len(categories), 1)
    bars = []
    for i, category in enumerate(categories):
        x, base = LEFT + i * slot + slot * 0.15, float(TOP + plot_height)
        parts = []
        for n, item in enumerate(series):
            value = float(item.values[i] or 0)
            if value <= 0:
                continue
            height = plot_height * value / top
            base -= height
            parts.append(
                f'<rect x="{x:.1f}" y="{base:.1f}" width="{slot * 0.7:.1f}" height="{height:.1f}"'
                f' fill="url(#{chart_id}-fill{n})"><title>{escape(category)}, {escape(item.name)}:'
                f" {escape(charts.format_value(value))}</title></rect>"
            )
        label = (
            f'<text x="{x + slot * 0.35:.1f}" y="{HEIGHT - BOTTOM + 16}" class="category">'
            f"{escape(category)}</text>"
            if charts._labelled(i, len(categories))
            else ""
        )
        bars.append(f'<g class="stack">{"".join(parts)}{label}</g>')
    body = (
        _defs(chart_id, len(series))
        + charts._axis(top, plot_height)
        + f'<g class="bars">{"".join(bars)}</g>'
    )
    return charts._figure(
        chart_id,
        title,
        _describe(title, categories, totals),
        body,
        categories,
        series,
        category_heading,
        legend=_legend(chart_id, series),
    )


def stacked_rows(
    *,
    title: str,
    categories: Sequence[str],
    series: Sequence[Series],
    category_heading: str,
) -> SafeString:
    """Lying bars, one per category (a nationality, a crossing point), largest first, each
    stacked from the series' values and ended by its total."""
    chart_id = charts._id("rows", title, *categories, *[s.name for s in series])
    totals = _totals(series, len(categories))
    height = TOP + BOTTOM // 2 + BAR_HEIGHT * max(len(categories), 1)
    plot_width = WIDTH - LABEL_WIDTH - RIGHT - 60
    top = max(totals, default=0) or 1.0
    rows = []
    for i, category in enumerate(categories):
        y, x = TOP + i * BAR_HEIGHT, float(LABEL_WIDTH)
        parts = []
        for n, item in enumerate(series):
            value = float(item.values[i] or 0)
            if value <= 0:
                continue
            width = plot_width * value / top
            parts.append(
                f'<rect x="{x:.1f}" y="{y + 3:.1f}" width="{width:.1f}" height="{BAR_HEIGHT - 6}"'
                f' fill="url(#{chart_id}-fill{n})"><title>{escape(category)}, {escape(item.name)}:'
                f" {escape(charts.format_value(value))}</title></rect>"
            )
            x += width
        rows.append(
            f'<g class="stack"><text x="{LABEL_WIDTH - 6}" y="{y + BAR_HEIGHT - 7:.1f}"'
            f' class="row-name">{escape(category)}</text>{"".join(parts)}'
            f'<text x="{x + 4:.1f}" y="{y + BAR_HEIGHT - 7:.1f}" class="row-total">'
            f"{escape(charts.format_value(totals[i]))}</text></g>"
        )
    svg_body = _defs(chart_id, len(series)) + f'<g class="bars">{"".join(rows)}</g>'
    figure = charts._figure(
        chart_id,
        title,
        _describe_rows(title, categories, totals),
        svg_body,
        categories,
        series,
        category_heading,
        legend=_legend(chart_id, series),
    )
    # The portal's figure has the standard height; a lying chart grows with its rows.
    standard, grown = f'viewBox="0 0 {WIDTH} {HEIGHT}"', f'viewBox="0 0 {WIDTH} {height}"'
    return SafeString(figure.replace(standard, grown, 1))


def _describe_rows(title: str, categories: Sequence[str], totals: Sequence[float]) -> str:
    if not categories or not any(totals):
        return _("%(title)s: no values yet.") % {"title": title}
    return _("%(title)s: %(count)s in all; the most: %(top)s (%(top_value)s).") % {
        "title": title,
        "count": charts.format_value(sum(totals)),
        "top": categories[0],
        "top_value": charts.format_value(totals[0]),
    }


def largest(
    rows: Sequence[dict[str, Any]], key: str, fields: Sequence[str], others: str
) -> list[tuple[str, list[float]]]:
    """Rows of a summary (e.g. by nationality) as (name, values of `fields`), largest total
    first; beyond `MAX_CATEGORIES` the rest are summed in one row called `others`."""
    items = [
        (str(row.get(key) or "—"), [float(row.get(f) or 0) for f in fields]) for row in rows or []
    ]
    items.sort(key=lambda item: (-sum(item[1]), item[0]))
    if len(items) <= MAX_CATEGORIES:
        return items
    kept, rest = items[: MAX_CATEGORIES - 1], items[MAX_CATEGORIES - 1 :]
    summed = [sum(values[j] for _name, values in rest) for j in range(len(fields))]
    return [*kept, (others, summed)]


def stays_by_type(
    rows: Sequence[dict[str, Any]], names: dict[str, str], order: Sequence[str]
) -> SafeString:
    """Stays by movement type (`names`: type code → its name) and month, stacked by type."""
    counts: dict[tuple[str, str], float] = {}
    for row in rows or []:
        key = (str(row.get("month")), str(row.get("type")))
        counts[key] = counts.get(key, 0.0) + float(row.get("stays") or 0)
    months = sorted({month for month, _type in counts})
    present = {kind for _month, kind in counts}
    kinds = [k for k in order if k in present] + sorted(present - set(order))
    return stacked_columns(
        title=_("Stays by movement type and month"),
        categories=months,
        series=[
            Series(name=names.get(k, k), values=tuple(counts.get((m, k)) for m in months))
            for k in kinds
        ],
        category_heading=_("Month"),
    )


def overstays_by_nationality(rows: Sequence[dict[str, Any]], name_of: dict[str, str]) -> SafeString:
    """Overstayers by nationality (`name_of`: ISO3 → name), in the country and left late."""
    items = largest(rows, "nationality", ("in_country", "out_of_country"), _("Others"))
    return stacked_rows(
        title=_("Overstays by nationality"),
        categories=[name_of.get(code, code) for code, _values in items],
        series=[
            Series(name=_("Still in the country"), values=tuple(v[0] for _c, v in items)),
            Series(name=_("Left after their stay ended"), values=tuple(v[1] for _c, v in items)),
        ],
        category_heading=_("Nationality"),
    )


def crossings_by_bcp(rows: Sequence[dict[str, Any]]) -> SafeString:
    """Entries and exits at each border crossing point, the busiest first."""
    items = largest(rows, "bcp", ("entries", "exits"), _("Others"))
    return stacked_rows(
        title=_("Crossings by border crossing point"),
        categories=[code for code, _values in items],
        series=[
            Series(name=_("Entries"), values=tuple(v[0] for _c, v in items)),
            Series(name=_("Exits"), values=tuple(v[1] for _c, v in items)),
        ],
        category_heading=_("Border crossing point"),
    )
