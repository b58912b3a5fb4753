"""Reads of the statistics exchange, as Polars frames (analytics never loop over ORM rows) and
as querysets for lists; exports in SDMX-CSV, CSV and XLSX."""

from __future__ import annotations

from typing import Any

import polars as pl
from django.db import connection
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from almaty.core.errors import NotFoundOrForbidden
from almaty.stats import access
from almaty.stats.engine.periods import format_period
from almaty.stats.models import (
    Indicator,
    Observation,
    ObservationSlice,
    Submission,
    SubmissionStatus,
)

FORMATS = ("sdmx-csv", "csv", "xlsx")

# The observation columns read into frames, named as the engine names them.
FRAME_COLUMNS = {
    "ref_area": "REF_AREA",
    "indicator": "INDICATOR",
    "period_start": "period_start",
    "freq": "freq",
    "counterpart": "COUNTERPART_AREA",
    "sex": "SEX",
    "age": "AGE",
    "purpose": "PURPOSE",
    "value": "value",
    "unit": "UNIT_MEASURE",
    "obs_status": "OBS_STATUS",
    "comment": "COMMENT",
}
SCHEMA = {
    name: (pl.Date if name == "period_start" else pl.Float64 if name == "value" else pl.String)
    for name in FRAME_COLUMNS.values()
}


def _frame(queryset: QuerySet[Observation]) -> pl.DataFrame:
    """The observations of a queryset as a frame, read with one query through the cursor."""
    sql, params = queryset.values_list(*FRAME_COLUMNS).query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    frame = pl.DataFrame(rows, schema=list(FRAME_COLUMNS.values()), orient="row")
    if (
        connection.vendor != "postgresql"
        and frame.height
        and frame["period_start"].dtype != pl.Date
    ):
        frame = frame.with_columns(pl.col("period_start").cast(pl.String).str.to_date())
    return frame.cast(SCHEMA)  # type: ignore[arg-type]


def current_observations() -> QuerySet[Observation]:
    """Values in force: approved or published, not replaced by a revision."""
    return Observation.objects.filter(
        superseded=False,
        submission__status__in=(SubmissionStatus.APPROVED, SubmissionStatus.PUBLISHED),
    )


def history_frame(*, areas: set[str] | None) -> pl.DataFrame:
    """The current values of the given areas' series (all areas when None), for the
    plausibility check of a new file."""
    queryset = current_observations().exclude(value__isnull=True)
    if areas is not None:
        holders = ObservationSlice.objects.filter(ref_area__in=sorted(areas))
        queryset = queryset.filter(
            ref_area__in=sorted(areas), submission_id__in=holders.values("submission_id")
        )
    return _frame(queryset)


def observations_frame(
    *, user: Any, indicator: str, state: str | None = None, include_superseded: bool = False
) -> pl.DataFrame:
    """The observations of an indicator the user may read, optionally for one State."""
    if not Indicator.objects.filter(code=indicator).exists():
        raise NotFoundOrForbidden(_("No indicator %(code)s."), code=indicator)
    holders = ObservationSlice.objects.filter(indicator=indicator)
    queryset = Observation.objects.filter(
        access.visible_filter(user, prefix="submission__"), indicator=indicator
    )
    if not include_superseded:
        queryset = queryset.filter(superseded=False)
    if state:
        queryset = queryset.filter(ref_area=state.upper())
        holders = holders.filter(ref_area=state.upper())
    queryset = queryset.filter(submission_id__in=holders.values("submission_id"))
    return _frame(queryset.order_by("ref_area", "period_start", "counterpart", "sex", "age"))


def export_bytes(frame: pl.DataFrame, fmt: str) -> bytes:
    """The observations in `fmt`: sdmx-csv (the exchange layout), csv (tidy, lower-case
    columns, numbers as numbers), xlsx (the exchange layout as a sheet, with notes) or sdmx-ml;
    see `almaty.stats.exports`."""
    from almaty.stats import exports

    return exports.export_bytes(frame, fmt)


def submissions_for(user: Any) -> QuerySet[Submission]:
    """The submissions the user may see, newest first, with what lists show."""
    return access.submissions_visible_to(user).select_related("state", "source", "submitted_by")


# --- the statisticians' pages (helper 8) -----------------------------------------------------

CHANGE_KEY = (
    "ref_area",
    "indicator",
    "period_start",
    "freq",
    "counterpart",
    "sex",
    "age",
    "purpose",
)


def revision_chain(submission: Submission, *, depth: int = 20) -> list[Submission]:
    """The earlier submissions a revision replaces, nearest first (`revision_of` links)."""
    chain: list[Submission] = []
    current = submission.revision_of_id
    seen = {submission.pk}
    while current is not None and current not in seen and len(chain) < depth:
        seen.add(current)
        earlier = Submission.objects.filter(pk=current).select_related("state").first()
        if earlier is None:
            break
        chain.append(earlier)
        current = earlier.revision_of_id
    return chain


def revision_changes(
    *, submission: Submission, earlier: list[Submission], limit: int = 200
) -> tuple[list[dict[str, Any]], int]:
    """The submission's values next to the earlier values of the same keys (the nearest
    earlier submission holding each key); returns the first `limit` rows and how many there
    are."""
    if not earlier:
        return [], 0
    columns = [*CHANGE_KEY, "value", "submission_id"]
    indicators = [c for c in submission.indicators.split(",") if c]
    old_rows = list(
        Observation.objects.filter(
            submission_id__in=[e.pk for e in earlier], indicator__in=indicators
        ).values_list(*columns)
    )
    if not old_rows:
        return [], 0
    schema: dict[str, Any] = dict.fromkeys(CHANGE_KEY, pl.String) | {
        "value": pl.Float64,
        "submission_id": pl.Int64,
    }
    schema["period_start"] = pl.Date
    old = pl.DataFrame(old_rows, schema=schema, orient="row")
    old = old.sort("submission_id", descending=True).unique(subset=list(CHANGE_KEY), keep="first")
    new = pl.DataFrame(
        list(Observation.objects.filter(submission=submission).values_list(*columns)),
        schema=schema,
        orient="row",
    ).drop("submission_id")
    joined = new.join(
        old.rename({"value": "earlier_value", "submission_id": "earlier_submission"}),
        on=list(CHANGE_KEY),
        how="inner",
        nulls_equal=True,
    ).sort("ref_area", "indicator", "period_start", "counterpart", "sex", "age", "purpose")
    rows = [
        row | {"period": format_period(row["period_start"], row["freq"])}
        for row in joined.head(limit).iter_rows(named=True)
    ]
    return rows, joined.height
