"""API: forecasts of the platform's series (the newest per series, one with its points and
track record, its spec CSV), early warnings with their explanations, and forecasts of series a
client sends (the spec's `series_id,period,value`, as JSON rows or CSV text).

Everything here is for holders of an active role in the Process (`access.require_reader`).
A client's series that cannot be forecast come back as 400 with the problems by row, in the
request's language; nothing a client sends is stored.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from typing import Any, NoReturn

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from ninja import Field, Query, Router, Schema, Status

from almaty.api.schemas import SIGNED_IN_ERRORS, ErrorOut
from almaty.core.errors import InvalidInput
from almaty.forecasts import access, compute, messages, selectors
from almaty.forecasts.choices import Severity
from almaty.forecasts.engine.errors import ForecastInputError, Issue
from almaty.forecasts.models import EarlyWarning, Forecast

router = Router(tags=["forecasts"])
READ_ERRORS: dict[int, Any] = {**SIGNED_IN_ERRORS, 403: ErrorOut, 404: ErrorOut}
LIST_ERRORS: dict[int, Any] = {**SIGNED_IN_ERRORS, 400: ErrorOut, 403: ErrorOut}

MAX_HORIZON = 12  # the issue's 1 to 12 periods ahead
GAPS = ("refuse", "latest_run")
MAX_SERIES = 10  # of one request: each series is backtested (about 2 s), within the request's time
MAX_ROWS = 20_000


# --- schemas ---------------------------------------------------------------------------------


class PointOut(Schema):
    period: str = Field(description="A future period, as SDMX writes it (2025-03, 2025-Q1).")
    mean: float
    lo_80: float
    hi_80: float
    lo_95: float
    hi_95: float


class TrackOut(Schema):
    """How the method did on the series' own history, by periods ahead."""

    horizon: int
    mase: float | None = Field(description="Mean absolute scaled error (seasonal naive = 1).")
    coverage_80: float | None = Field(description="Share of outcomes inside the 80% interval.")
    coverage_95: float | None = Field(description="Share of outcomes inside the 95% interval.")
    origins: int = Field(description="Backtest origins the figures are from.")


class ObservedOut(Schema):
    period: str
    value: float


class ForecastSummaryOut(Schema):
    id: int
    series_id: str = Field(description="<INDICATOR>.<AREA>; AREA is ISO3, or _T for the total.")
    indicator: str
    area: str
    freq: str = Field(description="M monthly, Q quarterly.")
    source: str = Field(description="published (statistics exchange) or external.")
    data_through: str = Field(description="The last observed period the forecast used.")
    horizon: int
    method: str
    created_at: dt.datetime
    next: PointOut | None = Field(description="The first period ahead.")


class ForecastPageOut(Schema):
    total: int
    limit: int
    offset: int
    items: list[ForecastSummaryOut]


class ForecastOut(ForecastSummaryOut):
    data_version: str = Field(
        description="Digest of the observed values; equal data, equal version."
    )
    observed: list[ObservedOut]
    points: list[PointOut]
    track_record: list[TrackOut]
    weights: dict[str, float] = Field(description="Weight of each model in the combination.")
    notes: list[str] = Field(description="The method's notes, in the request's language.")
    details: dict[str, Any] = Field(description="Everything the method reported, as stored.")


class WarningOut(Schema):
    id: int
    series_id: str
    indicator: str
    area: str
    kind: str = Field(description="outside_interval, above_last_year or joint_rise.")
    kind_label: str
    severity: str = Field(description="low, medium or high.")
    severity_label: str
    period: str
    explanation: str = Field(description="Why it was raised, in the request's language.")
    params: dict[str, Any] = Field(description="The figures the explanation shows.")
    forecast_id: int
    created_at: dt.datetime


class WarningPageOut(Schema):
    total: int
    limit: int
    offset: int
    items: list[WarningOut]


class RunRowIn(Schema):
    series_id: str
    period: str | int = Field(description="2024, 2024-Q1 or 2024-03; one frequency per request.")
    value: float | str | None = Field(None, description="Empty (null) is a missing value.")


class RunIn(Schema):
    horizon: int = Field(12, description="Periods ahead: 1 to 12.")
    gaps: str = Field(
        "refuse",
        description="refuse series with missing periods, or latest_run: forecast each from "
        "the part after its last gap.",
    )
    rows: list[RunRowIn] | None = Field(None, description="The observations; or send csv.")
    csv: str | None = Field(None, description="CSV text with the columns series_id,period,value.")


class RunIssueOut(Schema):
    code: str
    row: int | None = Field(
        description="Row of the CSV, the header being row 1 (rows[i] of JSON is row i + 2)."
    )
    severity: str = Field(description="error, or note (about a series that was forecast).")
    message: str


class RunRowOut(Schema):
    series_id: str
    period: str
    model: str
    mean: float
    lo_80: float
    hi_80: float
    lo_95: float
    hi_95: float


class RunSeriesOut(Schema):
    series_id: str
    skipped: str = Field(description="Why the series was not forecast (a code), or empty.")
    track_record: list[TrackOut]
    weights: dict[str, float]


class RunOut(Schema):
    horizon: int
    gaps: str
    rows: list[RunRowOut] = Field(description="The spec's output rows, series by series.")
    series: list[RunSeriesOut]
    notes: list[RunIssueOut]


class RunErrorOut(Schema):
    """400: the request or its data cannot be forecast; `issues` lists the data's problems."""

    detail: str
    issues: list[RunIssueOut] = []


# --- helpers ---------------------------------------------------------------------------------


def check_options(*, horizon: int, gaps: str) -> None:
    """Refuse a horizon outside 1 to 12 or an unknown gap policy (the CLI checks the same)."""
    if not 1 <= horizon <= MAX_HORIZON:
        raise InvalidInput(
            _("The horizon must be between 1 and %(most)s periods ahead."), most=MAX_HORIZON
        )
    if gaps not in GAPS:
        raise InvalidInput(
            _("Unknown gap policy '%(value)s': use refuse or latest_run."), value=gaps
        )


def _page(limit: int, offset: int, most: int) -> None:
    if not 1 <= limit <= most:
        raise InvalidInput(_("The limit must be between 1 and %(most)s."), most=most)
    if offset < 0:
        raise InvalidInput(_("The offset cannot be negative."))


def _point(point: dict[str, Any]) -> PointOut:
    return PointOut(**{key: point[key] for key in PointOut.model_fields})


def _origins(value: Any) -> int:
    """How many origins: stored as a count, or as the list of the origins' periods."""
    return len(value) if isinstance(value, list | tuple) else int(value or 0)


def _track(record: list[dict[str, Any]]) -> list[TrackOut]:
    return [
        TrackOut(
            horizon=int(item["horizon"]),
            mase=item.get("mase"),
            coverage_80=item.get("coverage_80"),
            coverage_95=item.get("coverage_95"),
            origins=_origins(item.get("origins")),
        )
        for item in record
    ]


def _weights(details: dict[str, Any]) -> dict[str, float]:
    weights = details.get("weights") or {}
    return {str(k): float(v) for k, v in weights.items() if isinstance(v, int | float)}


def _note_text(note: Any) -> str:
    """A stored note as a sentence: engine issues are kept as {code, params, ...}."""
    if isinstance(note, dict) and "code" in note:
        params = {str(k): str(v) for k, v in (note.get("params") or {}).items()}
        return messages.render_issue(
            Issue(str(note["code"]), params, row=note.get("row"), severity="note")
        )
    return str(note)


def _summary(forecast: Forecast, points: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        "id": forecast.pk,
        "series_id": forecast.series_id,
        "indicator": forecast.indicator,
        "area": forecast.area,
        "freq": forecast.freq,
        "source": forecast.source,
        "data_through": forecast.data_through,
        "horizon": forecast.horizon,
        "method": forecast.method,
        "created_at": forecast.created_at,
        "next": _point(points[0]) if points else None,
    }


def _points_of(forecasts: list[Forecast]) -> dict[int, list[dict[str, Any]]]:
    """The points of each forecast, read in one query for those loaded without them (reading
    a deferred field one instance at a time would cost a query each)."""
    deferred = {f.pk for f in forecasts if "points" in f.get_deferred_fields()}
    if not deferred:
        return {f.pk: f.points for f in forecasts}
    loaded = dict(Forecast.objects.filter(pk__in=deferred).values_list("pk", "points"))
    return {f.pk: loaded[f.pk] if f.pk in deferred else f.points for f in forecasts}


def _warning(warning: EarlyWarning) -> WarningOut:
    return WarningOut(
        id=warning.pk,
        series_id=warning.series_id,
        indicator=warning.indicator,
        area=warning.area,
        kind=warning.kind,
        kind_label=str(warning.get_kind_display()),
        severity=warning.severity,
        severity_label=str(warning.get_severity_display()),
        period=warning.period,
        explanation=messages.explain(warning.kind, warning.period, warning.params),
        params=warning.params,
        forecast_id=warning.forecast_id,
        created_at=warning.created_at,
    )


def _issue(issue: Issue) -> RunIssueOut:
    return RunIssueOut(
        code=issue.code,
        row=issue.row,
        severity=issue.severity,
        message=messages.render_issue(issue),
    )


def _value_text(value: float | str | None) -> str:
    if value is None:
        return ""
    return repr(value) if isinstance(value, float) else str(value).strip()


def _rows_text(rows: list[RunRowIn]) -> str:
    """The JSON rows as the spec's CSV, so that they get the file's checks and row numbers."""
    if len(rows) > MAX_ROWS:
        _too_many_rows()
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["series_id", "period", "value"])
    for row in rows:
        writer.writerow([row.series_id.strip(), str(row.period).strip(), _value_text(row.value)])
    return out.getvalue()


def _too_many_rows() -> NoReturn:
    raise InvalidInput(
        _("At most %(limit)s rows in one request: forecast larger sets with the command line."),
        limit=MAX_ROWS,
    )


def _check_size(text: str) -> None:
    """Refuse more than MAX_ROWS rows or MAX_SERIES series before any forecasting starts."""
    records = csv.reader(io.StringIO(text.removeprefix("\ufeff"), newline=""))
    try:
        header = [cell.strip().lower() for cell in next(records, [])]
        column = header.index("series_id") if "series_id" in header else None
        rows = 0
        series: set[str] = set()
        for record in records:
            if not any(cell.strip() for cell in record):
                continue
            rows += 1
            if rows > MAX_ROWS:
                _too_many_rows()
            if column is not None and column < len(record):
                series.add(record[column].strip())
    except csv.Error:
        raise InvalidInput(_("The text cannot be read as CSV.")) from None
    if len(series) > MAX_SERIES:
        raise InvalidInput(
            _(
                "At most %(limit)s series in one request (this one has %(count)s): forecast "
                "larger sets with the command line."
            ),
            limit=MAX_SERIES,
            count=len(series),
        )


def _in_file_order(made: compute.FileForecast) -> dict[str, compute.Outcome]:
    """The outcomes in the order the series came in (`history` keeps it)."""
    order = dict.fromkeys([*made.history, *made.outcomes])
    return {
        series_id: made.outcomes[series_id] for series_id in order if series_id in made.outcomes
    }


def _csv_name(series_id: str) -> str:
    return re.sub(r"[^A-Za-z0-9_.-]", "_", series_id) + ".forecast.csv"


# --- forecasts of the platform's series ------------------------------------------------------


@router.get(
    "/forecasts",
    response={200: ForecastPageOut, **LIST_ERRORS},
    summary="The newest forecast of each series (role holders)",
)
def list_forecasts(
    request: HttpRequest, indicator: str | None = None, limit: int = 100, offset: int = 0
) -> ForecastPageOut:
    _page(limit, offset, most=1000)
    code = indicator.strip().upper() if indicator else None
    found = selectors.latest_forecasts(user=request.user, indicator=code)
    window = found[offset : offset + limit]
    points = _points_of(window)
    return ForecastPageOut(
        total=len(found),
        limit=limit,
        offset=offset,
        items=[ForecastSummaryOut(**_summary(f, points[f.pk])) for f in window],
    )


class WarningQuery(Schema):
    series_id: str | None = Field(None, description="Only this series, e.g. ENTRIES._T.")
    indicator: str | None = Field(None, description="Only this indicator, e.g. FRONTEX_IBC.")
    min_severity: str | None = Field(None, description="low, medium or high: from this up.")
    limit: int = Field(50, description="At most 200.")
    offset: int = 0


# Registered before /forecasts/{series_id}, which would otherwise take "warnings" for a series.
@router.get(
    "/forecasts/warnings",
    response={200: WarningPageOut, **LIST_ERRORS},
    summary="Early warnings, newest first, with their explanations (role holders)",
)
def list_warnings(request: HttpRequest, filters: Query[WarningQuery]) -> WarningPageOut:
    _page(filters.limit, filters.offset, most=200)
    severity = (filters.min_severity or "").strip().lower() or None
    if severity is not None and severity not in Severity.values:
        raise InvalidInput(
            _("Unknown severity '%(value)s': use one of %(allowed)s."),
            value=filters.min_severity,
            allowed=", ".join(Severity.values),
        )
    found = selectors.warnings(
        user=request.user,
        series_id=(filters.series_id or "").strip() or None,
        indicator=(filters.indicator or "").strip().upper() or None,
        min_severity=severity,
    )
    return WarningPageOut(
        total=found.count(),
        limit=filters.limit,
        offset=filters.offset,
        items=[_warning(w) for w in found[filters.offset : filters.offset + filters.limit]],
    )


@router.post(
    "/forecasts/run",
    response={200: RunOut, **SIGNED_IN_ERRORS, 400: RunErrorOut, 403: ErrorOut},
    summary="Forecast series sent as JSON rows or CSV text; nothing is stored (role holders)",
)
def run_forecast(request: HttpRequest, payload: RunIn) -> RunOut | Status:
    access.require_reader(request.user)
    check_options(horizon=payload.horizon, gaps=payload.gaps)
    if (payload.rows is None) == (payload.csv is None):
        raise InvalidInput(_('Send the observations as "rows" or as "csv": one of the two.'))
    text = _rows_text(payload.rows) if payload.rows is not None else payload.csv or ""
    _check_size(text)
    try:
        made = compute.forecast_file(
            text.encode("utf-8"), horizon=payload.horizon, gaps=payload.gaps
        )
    except ForecastInputError as exc:
        count = len(exc.issues)
        detail = ngettext(
            "The data cannot be forecast: %(count)s problem.",
            "The data cannot be forecast: %(count)s problems.",
            count,
        ) % {"count": count}
        return Status(400, RunErrorOut(detail=detail, issues=[_issue(i) for i in exc.issues]))
    return RunOut(
        horizon=payload.horizon,
        gaps=payload.gaps,
        rows=[RunRowOut(**{k: row[k] for k in compute.OUTPUT_COLUMNS}) for row in made.rows],
        series=[
            RunSeriesOut(
                series_id=series_id,
                skipped=outcome.skipped,
                track_record=_track(outcome.track_record),
                weights=_weights(outcome.details),
            )
            for series_id, outcome in _in_file_order(made).items()
        ],
        notes=[_issue(note) for note in made.notes],
    )


@router.get(
    "/forecasts/{series_id}",
    response={200: ForecastOut, **READ_ERRORS},
    summary="The newest forecast of a series, with its track record (role holders)",
)
def get_forecast(request: HttpRequest, series_id: str) -> ForecastOut:
    forecast = selectors.forecast_of(user=request.user, series_id=series_id)
    details = forecast.details or {}
    return ForecastOut(
        **_summary(forecast, forecast.points),
        data_version=forecast.data_version,
        observed=[ObservedOut(period=p, value=v) for p, v in forecast.observed],
        points=[_point(p) for p in forecast.points],
        track_record=_track(forecast.track_record),
        weights=_weights(details),
        notes=[_note_text(note) for note in details.get("notes") or []],
        details=details,
    )


@router.get(
    "/forecasts/{series_id}/forecast.csv",
    response=READ_ERRORS,
    summary="The newest forecast of a series as the spec's output CSV (role holders)",
    openapi_extra={
        "responses": {
            200: {
                "description": "series_id,period,model,mean,lo_80,hi_80,lo_95,hi_95",
                "content": {"text/csv": {"schema": {"type": "string", "format": "binary"}}},
            }
        }
    },
)
def get_forecast_csv(request: HttpRequest, series_id: str) -> HttpResponse:
    forecast = selectors.forecast_of(user=request.user, series_id=series_id)
    rows = [
        {"series_id": forecast.series_id, "model": forecast.method, **point}
        for point in forecast.points
    ]
    response = HttpResponse(compute.output_csv(rows), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{_csv_name(forecast.series_id)}"'
    return response
