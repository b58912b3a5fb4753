"""Texts of forecasting, in the reader's language: the engine's problems and notes (codes in
`almaty.forecasts.engine.errors`) and the explanations of early warnings (`rules`)."""

from __future__ import annotations

from typing import Any

from django.utils.formats import number_format
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext_lazy

from almaty.forecasts.engine.errors import Issue
from almaty.portal.charts import format_value

ISSUES: dict[str, Promise] = {
    "empty_file": gettext_lazy("The file holds no data rows."),
    "bad_encoding": gettext_lazy("The text is not valid UTF-8: save the file as UTF-8 CSV."),
    "missing_column": gettext_lazy("The column %(column)s is missing from the header."),
    "wrong_field_count": gettext_lazy(
        "Fields in this row: %(found)s; in the header: %(expected)s."
    ),
    "missing_value": gettext_lazy("%(column)s needs a value here."),
    "bad_period": gettext_lazy("'%(value)s' is not a period: write 2024, 2024-Q1 or 2024-03."),
    "mixed_frequencies": gettext_lazy(
        "The period '%(value)s' has another frequency than the file's first row: one frequency per file."
    ),
    "not_a_number": gettext_lazy(
        "'%(value)s' is not a number: use a decimal point and no thousands separator."
    ),
    "duplicate_period": gettext_lazy(
        "%(series_id)s has the period %(period)s twice (first in row %(first_row)s)."
    ),
    "gap": ngettext_lazy(
        "%(series_id)s misses %(count)s period, from %(first)s: a missing value is unknown, "
        "not zero. Fill it in, or forecast from the part after the last gap.",
        "%(series_id)s misses %(count)s periods, from %(first)s: a missing value is unknown, "
        "not zero. Fill them in, or forecast from the part after the last gap.",
        "count",
    ),
    "too_many_issues": gettext_lazy(
        "Problems of the kind %(code)s: %(found)s; only the first %(shown)s are listed."
    ),
    "too_short": gettext_lazy(
        "%(series_id)s has %(points)s values; a forecast needs at least %(minimum)s."
    ),
    "not_aligned": gettext_lazy(
        "%(series_id)s ends in %(end)s, not %(expected)s like its total: forecasts that add up "
        "need every part to end in the same period."
    ),
    # notes on a series that was forecast
    "all_zero": gettext_lazy("%(series_id)s is 0 throughout: its forecast is 0."),
    "constant": gettext_lazy(
        "%(series_id)s repeats one value (%(value)s): its forecast repeats it."
    ),
    "intermittent": gettext_lazy(
        "%(series_id)s is mostly zero (share of zeros %(zeros)s): models for sparse counts are used."
    ),
    "short": gettext_lazy(
        "%(series_id)s is short (%(points)s values): simple models, and intervals from the models "
        "rather than from the series' track record."
    ),
    "trimmed": gettext_lazy(
        "%(series_id)s is forecast from %(first)s on: the %(dropped)s values before its last gap "
        "were left out."
    ),
}
FALLBACK = gettext_lazy("Problem %(code)s.")


def render_issue(issue: Issue) -> str:
    """An engine problem or note as a sentence, with its row when it has one."""
    message = ISSUES.get(issue.code, FALLBACK)
    params: dict[str, Any] = {"code": issue.code, **issue.params}
    if str(params.get("count", "")).isdigit():
        params["count"] = int(params["count"])  # picks the plural form
    try:
        text = str(message % params)  # `%` on the lazy text: a plural picks its form
    except (KeyError, TypeError, ValueError):
        text = str(FALLBACK) % {"code": issue.code}
    if issue.row is None:
        return text
    return _("Row %(row)s: %(message)s") % {"row": issue.row, "message": text}


def _percent(share: float) -> str:
    return f"{number_format(share * 100, decimal_pos=0, force_grouping=True)}%"


def explain(kind: str, period: str, params: dict[str, Any]) -> str:
    """Why a warning was raised, in the reader's language."""
    if kind == "outside_interval":
        above = params.get("direction") == "above"
        template = (
            _(
                "%(period)s: %(value)s is above the 95%% interval of its forecast "
                "(%(low)s to %(high)s; expected %(mean)s)."
            )
            if above
            else _(
                "%(period)s: %(value)s is below the 95%% interval of its forecast "
                "(%(low)s to %(high)s; expected %(mean)s)."
            )
        )
        return template % {
            "period": period,
            "value": format_value(params.get("value")),
            "low": format_value(params.get("low")),
            "high": format_value(params.get("high")),
            "mean": format_value(params.get("mean")),
        }
    if kind == "above_last_year":
        return _(
            "%(period)s: the forecast (%(mean)s) is %(rise)s above the same period last year "
            "(%(before)s); warnings start at %(share)s."
        ) % {
            "period": period,
            "mean": format_value(round(float(params.get("mean", 0)))),
            "before": format_value(params.get("before")),
            "rise": _percent(float(params.get("rise", 0))),
            "share": _percent(float(params.get("share", 0))),
        }
    if kind == "joint_rise":
        return _(
            "Up to %(period)s: over the last %(window)s periods the total rose %(rise)s against "
            "the same periods a year before, and so did %(parts)s."
        ) % {
            "period": period,
            "window": params.get("window", ""),
            "rise": _percent(float(params.get("rise", 0))),
            "parts": ", ".join(
                f"{name} ({_percent(float(share))})"
                for name, share in sorted(dict(params.get("part_rises", {})).items())
            ),
        }
    return str(FALLBACK) % {"code": kind}
