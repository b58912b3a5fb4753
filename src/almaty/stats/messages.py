"""The engine's validation issues in the reader's language.

The engine (Django-free) reports each problem as a code with parameters; the texts live here,
so they are translated with the rest of the platform. `render_issue` adds where the problem is
("Row 12, column REF_AREA: ...").
"""

from __future__ import annotations

from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

MESSAGES: dict[str, Promise] = {
    # the file as a whole (validation stops there)
    "empty_file": _("The file holds no data rows."),
    "bad_encoding": _(
        "The text is not valid UTF-8 (at byte %(position)s); save the file as UTF-8 CSV or as XLSX."
    ),
    "unreadable_file": _("The file cannot be read as SDMX-CSV or XLSX (%(detail)s)."),
    "wrong_field_count": _("Fields in this row: %(found)s; in the header: %(expected)s."),
    "missing_column": _("The column %(column)s is missing from the header."),
    "unknown_column": _("The column %(column)s is not one of the exchange columns."),
    "duplicate_column": _("The column %(column)s appears twice in the header."),
    # the values of a row
    "missing_value": _("%(column)s needs a value here."),
    "unknown_code": _("'%(value)s' is not in the code list of %(column)s."),
    "wrong_dataflow": _("'%(value)s' is not the dataflow of %(indicator)s: use %(expected)s."),
    "bad_period": _("'%(value)s' is not a period: write 2024, 2024-Q1 or 2024-03."),
    "wrong_periodicity": _(
        "%(indicator)s is reported %(expected)s (e.g. %(example)s), not as '%(value)s'."
    ),
    "dimension_not_used": _(
        "%(indicator)s has no breakdown by %(column)s: write _Z here, not '%(value)s'."
    ),
    "dimension_required": _(
        "%(indicator)s is broken down by %(column)s: give a code (or _T for the total), not _Z."
    ),
    "wrong_unit": _("%(indicator)s is counted in %(expected)s, not in '%(value)s'."),
    "not_a_number": _(
        "'%(value)s' is not a number: use a decimal point and no thousands separator."
    ),
    "negative_value": _("'%(value)s' is negative; the figures of this exchange cannot be."),
    "too_long": ngettext_lazy(
        "%(column)s is too long: at most %(limit)s character.",
        "%(column)s is too long: at most %(limit)s characters.",
        "limit",
    ),
    "wrong_area": _("You may not report for %(value)s; you report for: %(allowed)s."),
    "duplicate_key": _(
        "The same State, indicator, period and breakdown are also in rows: %(rows)s."
    ),
    "totals_mismatch": _(
        "The breakdown by %(dimension)s (rows: %(rows)s) adds up to %(sum)s, but the total is %(total)s."
    ),
    "totals_exceeded": _(
        "The breakdown by %(dimension)s (rows: %(rows)s) adds up to %(sum)s, more than the total %(total)s."
    ),
    "too_many_issues": _(
        "Problems of the kind %(code)s: %(found)s; only the first %(shown)s are listed."
    ),
    # a warning: the file is stored once the submitter confirms
    "implausible": _(
        "%(value)s is far outside the earlier values of this series (%(min)s to %(max)s); "
        "confirm that it is right."
    ),
    "pending_overlap": _(
        "Submission %(id)s, not yet approved, also holds values for %(slices)s. If both are "
        "approved, the values of the one approved last count; confirm to submit this file too."
    ),
}

FREQUENCIES: dict[str, tuple[Promise, str]] = {
    "A": (_("annually"), "2024"),
    "Q": (_("quarterly"), "2024-Q1"),
    "M": (_("monthly"), "2024-03"),
}
FALLBACK = _("Problem %(code)s.")
WHERE = {
    (True, True): _("Row %(row)s, column %(column)s: %(message)s"),
    (True, False): _("Row %(row)s: %(message)s"),
    (False, True): _("Column %(column)s: %(message)s"),
}


def _params(issue: Any) -> dict[str, Any]:
    params: dict[str, Any] = dict(issue.params)
    if issue.code == "wrong_periodicity":
        name, example = FREQUENCIES.get(params.get("expected", ""), ("", ""))
        params.update(expected=str(name) or params.get("expected", ""), example=example)
    if issue.code == "too_many_issues":
        params["code"] = params.get("code", "")
    # Plural forms are chosen from numbers.
    return {
        k: int(v) if isinstance(v, str) and v.isdigit() and k == "limit" else v
        for k, v in params.items()
    }


def render_message(issue: Any) -> str:
    """The issue's text in the active language, without its place."""
    template = MESSAGES.get(issue.code)
    if template is None:
        return str(FALLBACK) % {"code": issue.code}
    try:
        return str(template % _params(issue))
    except (KeyError, TypeError, ValueError):
        return str(template)


def render_issue(issue: Any) -> str:
    """The issue's text with its row and column, e.g. "Row 12, column REF_AREA: ..."."""
    message = render_message(issue)
    where = WHERE.get((issue.row is not None, bool(issue.column)))
    if where is None:
        return message
    return str(where) % {"row": issue.row, "column": issue.column, "message": message}
