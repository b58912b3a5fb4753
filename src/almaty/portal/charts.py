"""Small charts drawn on the server as SVG: bars and lines, readable without JavaScript.

Each chart is a <figure>: the SVG is an image named by its <title> and described by its <desc>
(what it shows, the range of values), and the same numbers follow in a table inside <details>,
so no reader depends on the drawing. Series of a line chart differ by dash pattern and marker
as well as colour, and are named at the end of their line.
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.formats import number_format
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

WIDTH, HEIGHT = 640, 300
LEFT, RIGHT, TOP, BOTTOM = 56, 16, 16, 40
# Line styles: colour, dash pattern and marker, so that series differ without colour.
STYLES = (
    ("#1b6b52", "", "circle"),
    ("#7a4b00", "6 4", "square"),
    ("#2d4e8a", "2 3", "diamond"),
    ("#8a2d5c", "10 3 2 3", "triangle"),
)


@dataclass(frozen=True)
class Series:
    name: str
    values: tuple[float | None, ...]  # one per category; None: no value


def _id(*parts: str) -> str:
    return "chart-" + hashlib.sha1("|".join(parts).encode(), usedforsecurity=False).hexdigest()[:10]


def format_value(value: float | None) -> str:
    """A value as charts and tables show it: grouped digits, two decimals only if it has any,
    a dash when there is none."""
    if value is None:
        return "—"
    decimals = 0 if float(value).is_integer() else 2
    return number_format(value, decimal_pos=decimals, force_grouping=True)


def nice_max(value: float) -> float:
    """The smallest 1, 2, 2.5 or 5 × 10ⁿ not below `value` (the top of the axis)."""
    if value <= 0:
        return 1.0
    power = 10 ** math.floor(math.log10(value))
    for step in (1, 2, 2.5, 5, 10):
        if value <= step * power:
            return float(step * power)
    return float(10 * power)  # pragma: no cover - the loop always returns


MAX_CATEGORY_LABELS = 12  # more would overlap on the axis; the data table lists every one


def _tick(value: float, top: float) -> str:
    """An axis label short enough for the margin: 2,000,000 as "2 M" (Russian "2 млн")."""
    units = (
        (1e9, pgettext("chart axis: billions", "bn")),
        (1e6, pgettext("chart axis: millions", "M")),
        (1e4, pgettext("chart axis: thousands", "k")),
    )
    for scale, unit in units:
        if top >= scale:
            scaled = value / (scale if scale != 1e4 else 1e3)
            decimals = 0 if float(scaled).is_integer() else 1
            return f"{number_format(scaled, decimal_pos=decimals, force_grouping=True)} {unit}"
    return format_value(value)


def _labelled(index: int, count: int, limit: int = MAX_CATEGORY_LABELS) -> bool:
    """Whether the category at `index` of `count` gets its label under the axis."""
    return index % math.ceil(count / limit) == 0


def divisions(top: float) -> int:
    """How many steps the axis up to `top` (a `nice_max`) is cut in so that every step is a
    round number: 5 → 5 steps of 1, not 4 of 1.25; a small whole top in steps of 1."""
    if top.is_integer() and 2 <= top <= 5:
        return int(top)
    for count in (4, 5, 2):
        step = top / count
        mantissa = step / 10 ** math.floor(math.log10(step))
        if any(math.isclose(mantissa, nice) for nice in (1, 2, 2.5, 5)):
            return count
    return 4  # pragma: no cover - a nice_max always divides


def _axis(top: float, plot_height: float) -> str:
    ticks = []
    count = divisions(top)
    for i in range(count + 1):
        value = top * i / count
        y = TOP + plot_height - plot_height * i / count
        ticks.append(
            f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y:.1f}" y2="{y:.1f}" class="grid"/>'
            f'<text x="{LEFT - 6}" y="{y + 4:.1f}" class="tick">{escape(_tick(value, top))}</text>'
        )
    return f'<g class="axis" aria-hidden="true">{"".join(ticks)}</g>'


def _figure(
    chart_id: str,
    title: str,
    description: str,
    body: str,
    categories: Sequence[str],
    series: Sequence[Series],
    category_heading: str,
    legend: str = "",
) -> SafeString:
    head = "".join(
        format_html('<th scope="col">{}</th>', name)
        for name in [category_heading, *[s.name for s in series]]
    )
    rows = "".join(
        format_html('<tr><th scope="row">{}</th>', category)
        + "".join(format_html("<td>{}</td>", format_value(s.values[i])) for s in series)
        + "</tr>"
        for i, category in enumerate(categories)
    )
    svg = (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" role="img"'
        f' aria-labelledby="{chart_id}-title {chart_id}-desc" class="chart-svg">'
        f'<title id="{chart_id}-title">{escape(title)}</title>'
        f'<desc id="{chart_id}-desc">{escape(description)}</desc>{body}</svg>'
    )
    summary = _("Data table")
    return mark_safe(  # noqa: S308 - every text above is escaped
        f'<figure class="chart" id="{chart_id}">{svg}{legend}'
        f"<figcaption>{escape(title)}</figcaption>"
        f"<details><summary>{escape(summary)}</summary>"
        f'<table class="chart-data"><caption>{escape(title)}</caption>'
        f"<thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table></details></figure>"
    )


def _describe(title: str, categories: Sequence[str], series: Sequence[Series]) -> str:
    values = [v for s in series for v in s.values if v is not None]
    if not values or not categories:
        return _("%(title)s: no values yet.") % {"title": title}
    return _("%(title)s, from %(first)s to %(last)s; lowest %(low)s, highest %(high)s.") % {
        "title": title,
        "first": categories[0],
        "last": categories[-1],
        "low": format_value(min(values)),
        "high": format_value(max(values)),
    }


def bar_chart(
    *,
    title: str,
    categories: Sequence[str],
    values: Sequence[float | None],
    value_heading: str,
    category_heading: str,
) -> SafeString:
    """Vertical bars, one per category, each labelled with its value."""
    series = [Series(name=value_heading, values=tuple(values))]
    chart_id = _id("bar", title, *categories)
    plot_width, plot_height = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    top = nice_max(max((v for v in values if v is not None), default=0))
    slot = plot_width / max(len(categories), 1)
    bars = []
    for i, (category, value) in enumerate(zip(categories, values, strict=True)):
        x = LEFT + i * slot + slot * 0.15
        height = plot_height * (value or 0) / top
        y = TOP + plot_height - height
        bars.append(
            f'<g class="bar"><title>{escape(category)}: {escape(format_value(value))}</title>'
            f'<rect x="{x:.1f}" y="{y:.1f}" width="{slot * 0.7:.1f}" height="{height:.1f}"/>'
            f'<text x="{x + slot * 0.35:.1f}" y="{y - 4:.1f}" class="value">'
            f"{escape(format_value(value))}</text>"
            + (
                f'<text x="{x + slot * 0.35:.1f}" y="{HEIGHT - BOTTOM + 16}" class="category">'
                f"{escape(category)}</text>"
                if _labelled(i, len(categories))
                else ""
            )
            + "</g>"
        )
    body = _axis(top, plot_height) + f'<g class="bars">{"".join(bars)}</g>'
    return _figure(
        chart_id,
        title,
        _describe(title, categories, series),
        body,
        categories,
        series,
        category_heading,
    )


def line_chart(
    *,
    title: str,
    categories: Sequence[str],
    series: Sequence[Series],
    category_heading: str,
) -> SafeString:
    """One line per series over the categories (periods), each named at its last point."""
    chart_id = _id("line", title, *categories, *[s.name for s in series])
    plot_width, plot_height = WIDTH - LEFT - RIGHT - 90, HEIGHT - TOP - BOTTOM
    top = nice_max(max((v for s in series for v in s.values if v is not None), default=0))
    step = plot_width / max(len(categories) - 1, 1)

    def at(i: int, value: float) -> tuple[float, float]:
        return LEFT + i * step, TOP + plot_height - plot_height * value / top

    lines = []
    for n, item in enumerate(series):
        colour, dash, marker = STYLES[n % len(STYLES)]
        points = [(i, v) for i, v in enumerate(item.values) if v is not None]
        if not points:
            continue
        coords = " ".join(f"{x:.1f},{y:.1f}" for x, y in (at(i, v) for i, v in points))
        dashes = f' stroke-dasharray="{dash}"' if dash else ""
        marks = "".join(_marker(marker, *at(i, v), colour) for i, v in points)
        last_x, last_y = at(*points[-1])
        lines.append(
            f'<g class="series"><title>{escape(item.name)}</title>'
            f'<polyline points="{coords}" fill="none" stroke="{colour}" stroke-width="2"{dashes}/>'
            f'{marks}<text x="{last_x + 8:.1f}" y="{last_y + 4:.1f}" class="series-name">'
            f"{escape(item.name)}</text></g>"
        )
    labels = "".join(
        f'<text x="{LEFT + i * step:.1f}" y="{HEIGHT - BOTTOM + 16}" class="category">'
        f"{escape(category)}</text>"
        for i, category in enumerate(categories)
        if _labelled(i, len(categories))
    )
    body = _axis(top, plot_height) + f'<g class="lines">{"".join(lines)}</g>' + labels
    return _figure(
        chart_id,
        title,
        _describe(title, categories, series),
        body,
        categories,
        series,
        category_heading,
    )


def _marker(kind: str, x: float, y: float, colour: str) -> str:
    if kind == "square":
        return f'<rect x="{x - 4:.1f}" y="{y - 4:.1f}" width="8" height="8" fill="{colour}"/>'
    if kind == "diamond":
        return (
            f'<polygon points="{x:.1f},{y - 5:.1f} {x + 5:.1f},{y:.1f} {x:.1f},{y + 5:.1f}'
            f' {x - 5:.1f},{y:.1f}" fill="{colour}"/>'
        )
    if kind == "triangle":
        return (
            f'<polygon points="{x:.1f},{y - 5:.1f} {x + 5:.1f},{y + 4:.1f} {x - 5:.1f},'
            f'{y + 4:.1f}" fill="{colour}"/>'
        )
    return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="4" fill="{colour}"/>'


BAND_95, BAND_80, OBSERVED, CENTRAL, FLAGGED = "#d6e2f0", "#9dbbdc", "#1b3a5c", "#2d4e8a", "#a4161a"
FAN_LABELS = 8  # periods labelled under a fan chart's axis (they are long: "2024-03")


def fan_chart(
    *,
    title: str,
    categories: Sequence[str],
    observed: Sequence[float | None],
    mean: Sequence[float | None],
    bands: Sequence[tuple[float, float, float, float] | None],
    flagged: Sequence[str] = (),
    category_heading: str,
) -> SafeString:
    """Observed values as a line, then a forecast's central path (dashed) inside its 80% and
    95% intervals (the darker and the lighter band); `bands` holds (lo_80, hi_80, lo_95, hi_95)
    per category, None where there is no forecast. Periods in `flagged` (early warnings) are
    ringed. The data table lists every value and bound."""
    series = [
        Series(name=_("Observed"), values=tuple(observed)),
        Series(name=_("Forecast"), values=tuple(mean)),
        *[
            Series(name=name, values=tuple(None if b is None else b[i] for b in bands))
            for i, name in enumerate((_("80% low"), _("80% high"), _("95% low"), _("95% high")))
        ],
    ]
    chart_id = _id("fan", title, *categories)
    plot_width, plot_height = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    top = nice_max(max((v for s in series for v in s.values if v is not None), default=0))
    step = plot_width / max(len(categories) - 1, 1)

    def at(i: int, value: float) -> tuple[float, float]:
        return LEFT + i * step, TOP + plot_height - plot_height * max(value, 0.0) / top

    def band(low: int, high: int, colour: str, name: str) -> str:
        present = [(i, b) for i, b in enumerate(bands) if b is not None]
        if not present:
            return ""
        upper = [at(i, b[high]) for i, b in present]
        lower = [at(i, b[low]) for i, b in reversed(present)]
        coords = " ".join(f"{x:.1f},{y:.1f}" for x, y in [*upper, *lower])
        return f'<polygon points="{coords}" fill="{colour}" stroke="none"><title>{escape(name)}</title></polygon>'

    def line(values: Sequence[float | None], colour: str, dash: str, name: str) -> str:
        points = [at(i, v) for i, v in enumerate(values) if v is not None]
        if not points:
            return ""
        coords = " ".join(f"{x:.1f},{y:.1f}" for x, y in points)
        dashes = f' stroke-dasharray="{dash}"' if dash else ""
        return (
            f'<g class="series"><title>{escape(name)}</title><polyline points="{coords}"'
            f' fill="none" stroke="{colour}" stroke-width="2"{dashes}/></g>'
        )

    rings = []
    for i, (category, value) in enumerate(zip(categories, observed, strict=True)):
        if category in flagged and value is not None:
            x, y = at(i, value)
            rings.append(
                f'<g class="flag"><title>{escape(_("Early warning"))}: {escape(category)}</title>'
                f'<circle cx="{x:.1f}" cy="{y:.1f}" r="7" fill="none" stroke="{FLAGGED}"'
                f' stroke-width="2.5"/>{_marker("triangle", x, y - 14, FLAGGED)}</g>'
            )
    labels = "".join(
        f'<text x="{LEFT + i * step:.1f}" y="{HEIGHT - BOTTOM + 16}" class="category">'
        f"{escape(category)}</text>"
        for i, category in enumerate(categories)
        if _labelled(i, len(categories), FAN_LABELS)
    )
    body = (
        _axis(top, plot_height)
        + f'<g class="bands">{band(2, 3, BAND_95, _("95% interval"))}'
        + f"{band(0, 1, BAND_80, _('80% interval'))}</g>"
        + f'<g class="lines">{line(observed, OBSERVED, "", _("Observed"))}'
        + f"{line(mean, CENTRAL, '6 4', _('Forecast'))}</g>"
        + f'<g class="flags">{"".join(rings)}</g>'
        + labels
    )
    return _figure(
        chart_id,
        title,
        _describe(title, categories, series[:2]),
        body,
        categories,
        series,
        category_heading,
        legend=_fan_legend(bool(rings)),
    )


def _fan_legend(flags: bool) -> str:
    """What the lines, bands and rings of a fan chart are (HTML beside the drawing)."""

    def swatch(shape: str, name: str) -> str:
        return (
            f'<li><svg viewBox="0 0 28 12" width="28" height="12" aria-hidden="true">{shape}'
            f"</svg> {escape(name)}</li>"
        )

    items = [
        swatch(
            f'<line x1="0" x2="28" y1="6" y2="6" stroke="{OBSERVED}" stroke-width="2"/>',
            _("Observed"),
        ),
        swatch(
            f'<line x1="0" x2="28" y1="6" y2="6" stroke="{CENTRAL}" stroke-width="2"'
            ' stroke-dasharray="6 4"/>',
            _("Forecast"),
        ),
        swatch(f'<rect width="28" height="12" fill="{BAND_80}"/>', _("80% interval")),
        swatch(f'<rect width="28" height="12" fill="{BAND_95}"/>', _("95% interval")),
    ]
    if flags:
        items.append(
            swatch(
                f'<circle cx="14" cy="6" r="5" fill="none" stroke="{FLAGGED}" stroke-width="2"/>',
                _("Early warning"),
            )
        )
    return f'<ul class="chart-legend">{"".join(items)}</ul>'
