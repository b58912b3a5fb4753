"""Texts of border movements in the reader's language: why a row was rejected, why a file was
refused, what a load is doing, and why a stay has its movement type. The engine gives codes
and numbers; the sentences are here."""

from __future__ import annotations

from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

# Why the engine rejected a row (IngestReport.rejected_by_reason, samples' "reason").
REASONS: dict[str, Promise] = {
    "missing_value": gettext_lazy("a required value is empty"),
    "wrong_state": gettext_lazy("recorded by another State than the one loading"),
    "bad_direction": gettext_lazy("the direction is neither ENTRY nor EXIT"),
    "bad_time": gettext_lazy(
        "the time is not ISO 8601 with its offset (2024-03-01T08:15:00+05:00)"
    ),
    "bad_country": gettext_lazy("not an ISO 3166 alpha-3 country code"),
    "bad_purpose": gettext_lazy("not a purpose of the spec (WORK, PRIVATE, TOURISM, ...)"),
    "bad_permit": gettext_lazy("not a permit of the spec (VISA_FREE, VISA, EAEU, ...)"),
    "bad_sex": gettext_lazy("sex is not M, F or X"),
    "bad_birth_date": gettext_lazy(
        "the birth date is not YYYY-MM-DD, YYYY-MM or YYYY, or lies after the crossing"
    ),
    "bad_days": gettext_lazy("the authorised stay is not a number of days from 0 to 3650"),
    "bad_doc_type": gettext_lazy("not an ICAO 9303 document type (P, I, A, C, ...)"),
    "conflict": gettext_lazy("a record with this record_id was loaded before with other content"),
    "duplicate": gettext_lazy(
        "this record_id appears more than once in the file, with different content"
    ),
}

# Why the engine refused a whole file (IngestError codes).
FILE_ERRORS: dict[str, Promise] = {
    "unreadable": gettext_lazy(
        "The file %(file)s cannot be read as crossing records: send CSV (UTF-8, with a header "
        "row) or Parquet, named .csv or .parquet."
    ),
    "missing_columns": gettext_lazy(
        "The file %(file)s lacks the columns of the crossing-records format: %(columns)s."
    ),
    "empty": gettext_lazy("The file %(file)s holds no crossing records."),
}
FILE_ERROR_FALLBACK = gettext_lazy("The file %(file)s cannot be loaded (%(code)s).")

# What a running load is doing ("<phase>.<engine step>").
STEPS: dict[str, Promise] = {
    "ingest.read": gettext_lazy("Reading the file"),
    "ingest.check": gettext_lazy("Checking the rows"),
    "ingest.compare": gettext_lazy("Comparing with the records already loaded"),
    "ingest.write": gettext_lazy("Writing the accepted records"),
    "derive.read": gettext_lazy("Reading the State's records"),
    "derive.stays": gettext_lazy("Pairing entries with exits"),
    "derive.rules": gettext_lazy("Applying the stay rules"),
    "derive.rolling": gettext_lazy("Counting days against rolling limits"),
    "derive.types": gettext_lazy("Classifying movement types"),
    "derive.indicators": gettext_lazy("Counting the monthly indicators"),
    "derive.write": gettext_lazy("Writing stays and indicators"),
}


def explain_reason(code: str) -> str:
    """Why a row was rejected, from the engine's reason code."""
    text = REASONS.get(code)
    return str(text) if text is not None else code


def explain_file_error(code: str, params: dict[str, Any]) -> str:
    """Why a whole file was refused, from an IngestError's code and parameters."""
    values = {"file": "", "columns": "", **{k: str(v) for k, v in params.items()}, "code": code}
    template = FILE_ERRORS.get(code, FILE_ERROR_FALLBACK)
    try:
        return str(template) % values
    except (KeyError, TypeError, ValueError):
        return str(FILE_ERROR_FALLBACK) % values


def step_label(step: str) -> str:
    text = STEPS.get(step)
    return str(text) if text is not None else step


def explain_movement(
    basis: str | None,
    count: int | None,
    min_days: int | None,
    max_days: int | None,
    stay_days: int | None,
) -> str:
    """Why a stay has its movement type, with the figures that decided it, e.g. "3 stays of
    40–60 days in 12 months: circular"."""
    days = int(stay_days or 0)
    number = int(count or 0)
    if basis == "transit":
        return ngettext(
            "A stay of %(days)s day, passing through or leaving by another crossing point: transit.",
            "A stay of %(days)s days, passing through or leaving by another crossing point: transit.",
            days,
        ) % {"days": days}
    if basis == "local_permit":
        return _("Entered with a local border traffic permit: local.")
    if basis == "local_trips":
        return ngettext(
            "%(count)s short trip through the same crossing point within a month either side: local.",
            "%(count)s short trips through the same crossing point within a month either side: local.",
            number,
        ) % {"count": number}
    if basis == "seasonal":
        return ngettext(
            "A stay of %(days)s day, and another long stay %(gap)s days apart, about a year: seasonal.",
            "A stay of %(days)s days, and another long stay %(gap)s days apart, about a year: seasonal.",
            days,
        ) % {"days": days, "gap": number}
    if basis == "circular":
        return ngettext(
            "%(count)s stay of %(min)s–%(max)s days in 12 months: circular.",
            "%(count)s stays of %(min)s–%(max)s days in 12 months: circular.",
            number,
        ) % {"count": number, "min": int(min_days or 0), "max": int(max_days or 0)}
    return _("None of the patterns of transit, local, seasonal or circular movement: regular.")
