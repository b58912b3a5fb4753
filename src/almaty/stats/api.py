"""API: the indicator catalogue, observations (JSON pages or export files), submissions and
their review, and mirror checks. Submissions go through the same validation as files on the
web: nothing is stored from a request with an error, and the issues come back by row and
column in the request's language."""

from __future__ import annotations

import datetime as dt
import io
import json
from datetime import date
from typing import Any

import polars as pl
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from ninja import Field, Query, Router, Schema, Status

from almaty.api.auth import PUBLIC_OR_SIGNED_IN
from almaty.api.schemas import PUBLIC_ERRORS, SIGNED_IN_ERRORS, ErrorOut
from almaty.core.errors import InvalidInput
from almaty.stats import access, exports, mirror, selectors, services
from almaty.stats.engine.columns import COLUMNS
from almaty.stats.engine.periods import format_period, parse_period
from almaty.stats.messages import render_message
from almaty.stats.models import Indicator, Sharing, Submission, SubmissionStatus

router = Router(tags=["statistics"])
READ_ERRORS: dict[int, Any] = {**SIGNED_IN_ERRORS, 403: ErrorOut, 404: ErrorOut}
REVIEW_ERRORS: dict[int, Any] = {**SIGNED_IN_ERRORS, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut}
MAX_ROWS = 100_000  # rows of one JSON submission; larger sets go as SDMX-CSV files


# --- schemas ---------------------------------------------------------------------------------


class IndicatorOut(Schema):
    code: str
    name: str = Field(description="In the request's language.")
    name_en: str
    name_ru: str
    definition_en: str
    definition_ru: str
    unit: str = Field(description="PS persons, EV events, USD.")
    periodicity: str = Field(description="A annual, Q quarterly, M monthly.")
    dimensions: list[str]
    additive: bool
    tolerance: float
    bilateral: str | None = Field(description="The mirror indicator, if any.")
    dataflow: str
    source: str = Field(description="submitted (by Member States) or external.")


class ObservationOut(Schema):
    dataflow: str
    ref_area: str
    indicator: str
    time_period: str
    counterpart_area: str
    sex: str
    age: str
    purpose: str
    obs_value: float | None
    unit_measure: str
    obs_status: str
    comment: str


class ObservationPageOut(Schema):
    total: int
    limit: int
    offset: int
    items: list[ObservationOut]


class IssueOut(Schema):
    row: int | None = Field(description="The data row (the header is row 1).")
    column: str | None
    code: str
    severity: str = Field(description="error, or warning (confirm to submit anyway).")
    message: str


class SubmissionErrorOut(Schema):
    """422: the request is not valid (`errors`) or the data was refused (`issues`)."""

    detail: str
    needs_confirmation: bool = False
    issues: list[IssueOut] = []
    errors: list[dict[str, Any]] = []


class SubmissionIn(Schema):
    sharing: str = Sharing.MEMBERS.value
    confirm: bool = Field(False, description="Submit even though there are warnings.")
    rows: list[dict[str, Any]] = Field(description="Objects with the SDMX-CSV columns as keys.")


class PublishIn(Schema):
    sharing: str = Sharing.MEMBERS.value


class SubmissionOut(Schema):
    id: int
    state: str | None
    source: str | None
    indicators: list[str]
    file_name: str
    status: str
    status_label: str
    sharing: str
    sharing_label: str
    rows: int
    revision_of: int | None
    created_at: dt.datetime
    approved_at: dt.datetime | None
    published_at: dt.datetime | None


class SubmissionPageOut(Schema):
    total: int
    limit: int
    offset: int
    items: list[SubmissionOut]


class MirrorRowOut(Schema):
    area: str = Field(description="The State reporting the indicator.")
    counterpart: str = Field(description="The State reporting the mirror indicator.")
    time_period: str
    value: float | None
    mirror_value: float | None
    difference: float | None
    relative: float | None = Field(description="|difference| / the larger figure.")
    flagged: bool


class MirrorOut(Schema):
    indicator: str
    mirror: str
    period: str
    threshold: float
    pairs: int
    compared: int
    flagged: int
    unmatched: int
    rows: list[MirrorRowOut]


# --- helpers ---------------------------------------------------------------------------------


def _page(limit: int, offset: int, most: int = 1000) -> None:
    if not 1 <= limit <= most:
        raise InvalidInput(_("The limit must be between 1 and %(most)s."), most=most)
    if offset < 0:
        raise InvalidInput(_("The offset cannot be negative."))


def _russian() -> bool:
    return (get_language() or "en").startswith("ru")


def _indicator(item: Indicator) -> IndicatorOut:
    return IndicatorOut(
        code=item.code, name=item.name_ru if _russian() else item.name_en,
        name_en=item.name_en, name_ru=item.name_ru,
        definition_en=item.definition_en, definition_ru=item.definition_ru,
        unit=item.unit, periodicity=item.periodicity,
        dimensions=[d for d in item.dimensions.split(",") if d], additive=item.additive,
        tolerance=item.tolerance, bilateral=item.bilateral or None, dataflow=item.dataflow,
        source=item.source,
    )  # fmt: skip


def _submission(s: Submission) -> SubmissionOut:
    return SubmissionOut(
        id=s.pk, state=s.state.iso3 if s.state else None, source=s.source.code if s.source else None,
        indicators=[c for c in s.indicators.split(",") if c], file_name=s.file_name,
        status=s.status, status_label=str(SubmissionStatus(s.status).label),
        sharing=s.sharing, sharing_label=str(Sharing(s.sharing).label), rows=s.rows,
        revision_of=s.revision_of_id, created_at=s.created_at, approved_at=s.approved_at,
        published_at=s.published_at,
    )  # fmt: skip


def _issue(issue: Any) -> IssueOut:
    return IssueOut(
        row=issue.row,
        column=issue.column,
        code=issue.code,
        severity=issue.severity,
        message=render_message(issue),
    )


def _parse(text: str) -> tuple[date, str]:
    parsed = parse_period(text)
    if parsed is None:
        raise InvalidInput(
            _("'%(value)s' is not a period: write 2024, 2024-Q1 or 2024-03."), value=text
        )
    return parsed


def _start(text: str | None) -> date | None:
    """The first day of the period `text` (from=2023 starts on 1 January 2023)."""
    return _parse(text)[0] if text else None


def _after(text: str | None) -> date | None:
    """The first day after the period `text` (to=2024 covers all of 2024)."""
    if not text:
        return None
    start, freq = _parse(text)
    month = start.month - 1 + {"A": 12, "Q": 3, "M": 1}[freq]
    return date(start.year + month // 12, month % 12 + 1, 1)


# --- the catalogue and the observations ------------------------------------------------------


@router.get(
    "/statistics/indicators",
    response={200: list[IndicatorOut], **PUBLIC_ERRORS},
    auth=None,
    summary="The indicator catalogue of the statistics exchange",
)
def list_indicators(request: HttpRequest) -> list[IndicatorOut]:
    return [_indicator(item) for item in Indicator.objects.order_by("code")]


class ObservationQuery(Schema):
    indicator: str = Field(description="Indicator code, e.g. ENTRIES.")
    state: str | None = Field(None, description="Only this reporting State (ISO3).")
    period_from: str | None = Field(None, alias="from", description="First period, e.g. 2023.")
    period_to: str | None = Field(None, alias="to", description="Last period, e.g. 2024-Q2.")
    format: str = Field("json", description="json, sdmx-csv, csv, xlsx or sdmx-ml.")
    limit: int = Field(100, description="JSON only: at most 1000.")
    offset: int = 0


@router.get(
    "/statistics/observations",
    response={200: ObservationPageOut, 400: ErrorOut, 404: ErrorOut, **PUBLIC_ERRORS},
    auth=PUBLIC_OR_SIGNED_IN,
    summary="Observations the caller may read, as JSON pages or as an export file",
    openapi_extra={
        "responses": {
            200: {
                "description": "JSON pages, or the file in the format asked for.",
                "content": {
                    **{
                        media.split(";")[0]: {"schema": {"type": "string", "format": "binary"}}
                        for media in exports.MEDIA_TYPES.values()
                    },
                },
            }
        }
    },
)
def list_observations(
    request: HttpRequest, filters: Query[ObservationQuery]
) -> ObservationPageOut | HttpResponse:
    fmt = filters.format.strip().lower()
    if fmt != "json":
        exports.check_format(fmt)
    else:
        _page(filters.limit, filters.offset)
    first = _start(filters.period_from)
    after = _after(filters.period_to)
    code = filters.indicator.strip().upper()
    frame = selectors.observations_frame(user=request.user, indicator=code, state=filters.state)
    if first is not None:
        frame = frame.filter(pl.col("period_start") >= first)
    if after is not None:
        frame = frame.filter(pl.col("period_start") < after)
    if fmt != "json":
        return _file(frame, fmt, code, filters.state)
    total = frame.height
    window = frame.slice(filters.offset, filters.limit)
    table = exports.exchange_frame(window).with_columns(pl.col("value").alias("OBS_VALUE"))
    items = [
        ObservationOut(**{c.lower(): row[c] for c in COLUMNS})
        for row in table.iter_rows(named=True)
    ]
    return ObservationPageOut(total=total, limit=filters.limit, offset=filters.offset, items=items)


def _file(frame: pl.DataFrame, fmt: str, code: str, state: str | None) -> HttpResponse:
    media = exports.MEDIA_TYPES[fmt]
    name = exports.file_name(code, state, fmt)
    response: HttpResponse | StreamingHttpResponse
    if fmt in {"sdmx-csv", "csv"}:
        response = StreamingHttpResponse(exports.iter_export(frame, fmt), content_type=media)
    else:
        notes = exports.export_notes(indicator=code, state=state)
        response = HttpResponse(exports.export_bytes(frame, fmt, notes=notes), content_type=media)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response  # type: ignore[return-value]


# --- submissions -----------------------------------------------------------------------------


def _rows_csv(rows: list[Any]) -> bytes:
    """The JSON rows as SDMX-CSV: the exchange columns the rows use, in the exchange's order,
    then any other keys (which the validation reports as unknown columns)."""
    if not isinstance(rows, list) or not all(isinstance(r, dict) for r in rows):
        raise InvalidInput(_("'rows' must be a list of objects."))
    if len(rows) > MAX_ROWS:
        raise InvalidInput(
            _("At most %(limit)s rows in one request: send larger sets as SDMX-CSV."),
            limit=MAX_ROWS,
        )
    keys: dict[str, None] = {}
    for row in rows:
        keys.update(dict.fromkeys(str(k) for k in row))
    header = [c for c in COLUMNS if c in keys] + [k for k in keys if k not in COLUMNS]

    def text(value: Any) -> str:
        if value is None:
            return ""
        if isinstance(value, bool):
            return str(value).lower()
        if isinstance(value, float) and value.is_integer():
            return str(int(value))
        return str(value)

    frame = pl.DataFrame(
        [[text(r.get(k)) for k in header] for r in rows],
        schema=dict.fromkeys(header, pl.String),
        orient="row",
    )
    buffer = io.BytesIO()
    frame.write_csv(buffer)
    return buffer.getvalue()


def _body(request: HttpRequest) -> tuple[bytes, str, bool, str]:
    """(SDMX-CSV bytes, sharing, confirm, file name) from a JSON or a text/csv request."""
    media = (request.content_type or "").lower()
    if media in {"text/csv", "application/vnd.sdmx.data+csv"}:
        confirm = request.GET.get("confirm", "").lower() in {"1", "true", "yes"}
        name = request.GET.get("filename") or "api.csv"
        return request.body, request.GET.get("sharing", Sharing.MEMBERS), confirm, name
    try:
        raw = json.loads(request.body or b"null")
    except (ValueError, UnicodeDecodeError):
        raise InvalidInput(
            _("Send JSON (Content-Type: application/json) or SDMX-CSV (text/csv).")
        ) from None
    if not isinstance(raw, dict) or "rows" not in raw:
        raise InvalidInput(_('The JSON body needs "rows": a list of observations.'))
    sharing = raw.get("sharing", Sharing.MEMBERS)
    confirm = raw.get("confirm", False)
    if not isinstance(sharing, str) or not isinstance(confirm, bool):
        raise InvalidInput(_('"sharing" must be a text and "confirm" true or false.'))
    return _rows_csv(raw["rows"]), sharing, confirm, "api.json"


SUBMISSION_BODY = {
    "requestBody": {
        "required": True,
        "content": {
            "application/json": {"schema": SubmissionIn.json_schema()},
            "text/csv": {
                "schema": {"type": "string", "description": "SDMX-CSV; ?sharing=&confirm="}
            },
        },
    }
}


@router.post(
    "/statistics/submissions",
    response={201: SubmissionOut, **REVIEW_ERRORS, 422: SubmissionErrorOut},
    summary="Submit observations (statisticians, National Coordinators, Support Unit)",
    openapi_extra=SUBMISSION_BODY,
)
def create_submission(request: HttpRequest) -> Status:
    access.require_submitter(request.user)
    data, sharing, confirm, name = _body(request)
    try:
        made = services.submission_create(
            user=request.user, data=data, filename=name, sharing=sharing, confirm=confirm
        )
    except services.StatsValidationError as exc:
        return Status(
            422,
            SubmissionErrorOut(
                detail=exc.text,
                needs_confirmation=exc.needs_confirmation,
                issues=[_issue(i) for i in exc.issues],
            ),
        )
    return Status(
        201, _submission(access.access_submission_by_id(user=request.user, submission_id=made.pk))
    )


@router.get(
    "/statistics/submissions",
    response={200: SubmissionPageOut, 400: ErrorOut, **SIGNED_IN_ERRORS},
    summary="The submissions the caller may see, newest first",
)
def list_submissions(
    request: HttpRequest,
    status: str | None = None,
    state: str | None = None,
    limit: int = 50,
    offset: int = 0,
) -> SubmissionPageOut:
    _page(limit, offset, most=200)
    found = selectors.submissions_for(request.user).select_related("revision_of")
    if status:
        found = found.filter(status=status)
    if state:
        found = found.filter(state__iso3=state.upper())
    return SubmissionPageOut(
        total=found.count(),
        limit=limit,
        offset=offset,
        items=[_submission(s) for s in found[offset : offset + limit]],
    )


@router.get(
    "/statistics/submissions/{submission_id}",
    response={200: SubmissionOut, 404: ErrorOut, **SIGNED_IN_ERRORS},
    summary="One submission",
)
def get_submission(request: HttpRequest, submission_id: int) -> SubmissionOut:
    return _submission(
        access.access_submission_by_id(user=request.user, submission_id=submission_id)
    )


@router.post(
    "/statistics/submissions/{submission_id}/approve",
    response={200: SubmissionOut, **REVIEW_ERRORS},
    summary="Approve (and lock) a submission: the State's National Coordinator, Support Unit",
)
def approve_submission(request: HttpRequest, submission_id: int) -> SubmissionOut:
    found = access.access_submission_by_id(user=request.user, submission_id=submission_id)
    services.submission_approve(user=request.user, submission=found)
    return _submission(access.access_submission_by_id(user=request.user, submission_id=found.pk))


@router.post(
    "/statistics/submissions/{submission_id}/publish",
    response={200: SubmissionOut, **REVIEW_ERRORS},
    summary="Publish an approved submission to members or to the public",
)
def publish_submission(
    request: HttpRequest, submission_id: int, payload: PublishIn
) -> SubmissionOut:
    found = access.access_submission_by_id(user=request.user, submission_id=submission_id)
    services.submission_publish(user=request.user, submission=found, sharing=payload.sharing)
    return _submission(access.access_submission_by_id(user=request.user, submission_id=found.pk))


# --- mirror checks ---------------------------------------------------------------------------


@router.get(
    "/statistics/mirror",
    response={200: MirrorOut, **REVIEW_ERRORS},
    summary="Mirror checks of a bilateral indicator over published data (role holders)",
)
def mirror_checks(
    request: HttpRequest,
    indicator: str = "ENTRIES",
    period: str = "",
    threshold: float | None = None,
) -> MirrorOut:
    check = mirror.mirror_check(
        user=request.user, indicator=indicator, period=period, threshold=threshold
    )
    counts = check.summary
    return MirrorOut(
        indicator=check.indicator.code,
        mirror=check.mirror.code,
        period=check.period,
        threshold=check.threshold,
        rows=[
            MirrorRowOut(
                area=row["area"],
                counterpart=row["counterpart"],
                time_period=format_period(row["period_start"], row["freq"]),
                value=row["value"],
                mirror_value=row["mirror_value"],
                difference=row["difference"],
                relative=row["relative"],
                flagged=row["flagged"],
            )
            for row in check.table.iter_rows(named=True)
        ],
        **counts,
    )
