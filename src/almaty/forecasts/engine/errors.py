"""Problems with a forecast's input, and the exception that carries them.

Every problem is an `Issue`: a `code` naming the rule and `params` holding the values its
message shows (all strings), so that the Django side renders the message in English or
Russian. Codes (`row` is the row number a person sees in the file: header = row 1):

===================  ======  ============================================================
code                 row     params
===================  ======  ============================================================
empty_file           None    {}
bad_encoding         None    {} (the file is not UTF-8 text)
missing_column       1       column
wrong_field_count    row     expected, found
missing_value        row     column (series_id / period; value when gaps are refused)
bad_period           row     value (not `2024`, `2024-Q1` or `2024-03`)
mixed_frequencies    row     value, found ("M"/"Q"/"A"), expected (the first row's)
not_a_number         row     value (text, infinity or NaN in `value`)
duplicate_period     row     series_id, period, first_row
gap                  None    series_id, count (missing periods), first (the first missing)
too_many_issues      None    code, shown, found
---------------------------------------------------------------------------------------
too_short            None    series_id, points, minimum (the series is skipped)
bad_horizon          None    value, maximum (the horizon asked for is not 1 to maximum)
unknown_series       None    series_id (reconciliation: a series not forecast)
not_aligned          None    series_id, end, expected (reconciliation: the first forecast
                             period differs from the total's)
===================  ======  ============================================================

Notes on a series that was forecast (severity `note`, in `SeriesForecast.notes`):

===================  ==========================================================
all_zero             series_id: every value is 0; the forecast is 0 (0 to 0)
constant             series_id, value: one value repeated; the forecast repeats it
intermittent         series_id, zeros (share, "0.62"): models for sparse counts
short                series_id, points: fewer than three seasons (or annual):
                     non-seasonal models
trimmed              series_id, first (the first period kept), dropped (count):
                     the part before the last gap was left out
===================  ==========================================================
"""

from __future__ import annotations

from dataclasses import dataclass, field

ERROR = "error"
NOTE = "note"
MAX_ISSUES_PER_CODE = 20


@dataclass(frozen=True)
class Issue:
    """One problem or note; see the module docstring for the codes and their params."""

    code: str
    params: dict[str, str] = field(default_factory=dict)
    row: int | None = None
    severity: str = ERROR


class ForecastInputError(Exception):
    """The input cannot be forecast as it is; `issues` says why (never empty)."""

    def __init__(self, issues: list[Issue]) -> None:
        if not issues:
            raise ValueError("ForecastInputError needs at least one issue")
        self.issues = issues
        first = issues[0]
        where = f" (row {first.row})" if first.row is not None else ""
        more = f" and {len(issues) - 1} more" if len(issues) > 1 else ""
        super().__init__(f"{first.code}{where}: {first.params}{more}")


def capped(issues: list[Issue]) -> list[Issue]:
    """At most MAX_ISSUES_PER_CODE issues of each code, plus a `too_many_issues` summary."""
    counts: dict[str, int] = {}
    kept: list[Issue] = []
    for issue in issues:
        counts[issue.code] = counts.get(issue.code, 0) + 1
        if counts[issue.code] <= MAX_ISSUES_PER_CODE:
            kept.append(issue)
    for code, found in counts.items():
        if found > MAX_ISSUES_PER_CODE:
            kept.append(
                Issue(
                    "too_many_issues",
                    {"code": code, "shown": str(MAX_ISSUES_PER_CODE), "found": str(found)},
                )
            )
    return kept
