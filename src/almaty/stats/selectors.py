"""Reads of the statistics exchange, as Polars frames (analytics never loop over ORM rows) and
as querysets for lists; exports in SDMX-CSV, CSV and XLSX."""

from __future__ import annotations

import io
from typing import Any

import polars as pl
from django.db import connection
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from almaty.core.errors import InvalidInput, NotFoundOrForbidden
from almaty.stats import access
from almaty.stats.engine.columns import COLUMNS
from almaty.stats.engine.periods import FREQUENCIES, format_period
from almaty.stats.models import Indicator, Observation, Submission, SubmissionStatus

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
        queryset = queryset.filter(ref_area__in=sorted(areas))
    return _frame(queryset)


def observations_frame(
    *, user: Any, indicator: str, state: str | None = None, include_superseded: bool = False
) -> pl.DataFrame:
    """The observations of an indicator the user may read, optionally for one State."""
    if not Indicator.objects.filter(code=indicator).exists():
        raise NotFoundOrForbidden(_("No indicator %(code)s."), code=indicator)
    queryset = Observation.objects.filter(
        access.visible_filter(user, prefix="submission__"), indicator=indicator
    )
    if not include_superseded:
        queryset = queryset.filter(superseded=False)
    if state:
        queryset = queryset.filter(ref_area=state.upper())
    return _frame(queryset.order_by("ref_area", "period_start", "counterpart", "sex", "age"))


def sdmx_frame(frame: pl.DataFrame) -> pl.DataFrame:
    """Observations (as read by `_frame`) in the SDMX-CSV layout of the spec."""
    dataflows = dict(Indicator.objects.values_list("code", "dataflow"))
    periods = {
        (start, freq): format_period(start, freq)
        for start, freq in frame.select("period_start", "freq").unique().iter_rows()
        if freq in FREQUENCIES
    }
    mapping = pl.DataFrame(
        {
            "period_start": [k[0] for k in periods],
            "freq": [k[1] for k in periods],
            "TIME_PERIOD": list(periods.values()),
        },
        schema={"period_start": pl.Date, "freq": pl.String, "TIME_PERIOD": pl.String},
    )
    value = pl.col("value")
    as_text = (
        pl.when(value.is_null())
        .then(pl.lit(""))
        .when(value == value.round(0))
        .then(value.cast(pl.Int64, strict=False).cast(pl.String))
        .otherwise(value.cast(pl.String))
    )
    return (
        frame.join(mapping, on=["period_start", "freq"], how="left")
        .with_columns(
            pl.col("INDICATOR").replace_strict(dataflows, default="").alias("DATAFLOW"),
            as_text.alias("OBS_VALUE"),
        )
        .select(COLUMNS)
    )


def export_bytes(frame: pl.DataFrame, fmt: str) -> bytes:
    """The observations in `fmt`: sdmx-csv (the exchange layout), csv (tidy, lower-case
    columns, numbers as numbers) or xlsx (the exchange layout as a sheet)."""
    if fmt not in FORMATS:
        raise InvalidInput(
            _("Unknown format '%(value)s': use one of %(allowed)s."),
            value=fmt,
            allowed=", ".join(FORMATS),
        )
    sdmx = sdmx_frame(frame)
    buffer = io.BytesIO()
    if fmt == "sdmx-csv":
        sdmx.write_csv(buffer)
    elif fmt == "csv":
        tidy = sdmx.drop("DATAFLOW", "OBS_VALUE").with_columns(frame["value"].alias("OBS_VALUE"))
        tidy.rename({c: c.lower() for c in tidy.columns}).write_csv(buffer)
    else:
        from openpyxl import Workbook

        book = Workbook(write_only=True)
        sheet = book.create_sheet("data")
        sheet.append(list(COLUMNS))
        for row in sdmx.iter_rows():
            sheet.append(list(row))
        book.save(buffer)
    return buffer.getvalue()


def submissions_for(user: Any) -> QuerySet[Submission]:
    """The submissions the user may see, newest first, with what lists show."""
    return access.submissions_visible_to(user).select_related("state", "source", "submitted_by")
