"""API: loads of crossing records with their data-quality reports, a State's monthly indicators
(SDMX-CSV) and its overstays as of a date. All of it is for the State's border analysts; the
overstays are record-level data, and reading them is audited."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from ninja import Field, Query, Router, Schema

from almaty.api.schemas import SIGNED_IN_ERRORS, ErrorOut
from almaty.borders import access, selectors, services
from almaty.borders.choices import Engine, LoadStatus, OverstayKind
from almaty.borders.messages import explain_reason
from almaty.borders.models import CrossingLoad
from almaty.core.errors import InvalidInput

router = Router(tags=["border movements"])
LIST_ERRORS: dict[int, Any] = {**SIGNED_IN_ERRORS, 400: ErrorOut}
READ_ERRORS: dict[int, Any] = {**SIGNED_IN_ERRORS, 403: ErrorOut, 404: ErrorOut}
STATE_ERRORS: dict[int, Any] = {**SIGNED_IN_ERRORS, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut}


# --- schemas ---------------------------------------------------------------------------------


class LoadOut(Schema):
    id: int
    state: str
    file_name: str
    status: str = Field(description="queued, checking, storing, deriving, done, refused, failed.")
    status_label: str
    step: str = Field(description="What a running load is doing, in the request's language.")
    done: int
    total: int
    rows_read: int
    rows_accepted: int
    rows_rejected: int
    rows_already_loaded: int
    engine: str
    created_at: dt.datetime
    finished_at: dt.datetime | None
    error: str = Field(description="Why it was refused or failed, in the request's language.")


class LoadPageOut(Schema):
    total: int
    limit: int
    offset: int
    items: list[LoadOut]


class ReasonOut(Schema):
    code: str
    rows: int
    explanation: str


class SampleOut(Schema):
    file: str
    row: int = Field(description="The row in its file (a CSV header is row 1).")
    record_id: str | None
    reason: str
    explanation: str
    column: str | None
    value: str


class ReportOut(Schema):
    rows_read: int
    rows_accepted: int
    rows_rejected: int
    rows_already_loaded: int
    duplicates_in_file: int
    rejected_by_reason: list[ReasonOut]
    samples: list[SampleOut] = Field(description="The first rejected rows (at most 100).")


class DeriveOut(Schema):
    stays: int = 0
    open_stays: int = 0
    overstays_in_country: int = 0
    overstays_out_of_country: int = 0
    orphan_exits: int = 0
    impossible_sequences: int = 0
    persons: int = 0
    crossings: int = 0
    as_of: str = ""


class LoadDetailOut(LoadOut):
    report: ReportOut
    derived: DeriveOut = Field(description="Counts of the State's outputs after the load.")


class OverstayOut(Schema):
    person_key: str
    nationality: str
    kind: str = Field(description="IN_COUNTRY (suspected) or OUT_OF_COUNTRY.")
    kind_label: str
    entry_record_id: str
    entry_at: dt.datetime
    entry_bcp: str
    exit_at: dt.datetime | None
    exit_bcp: str | None
    purpose: str | None
    permit: str | None
    authorised_stay_days: int | None
    authorised_end: dt.date
    days_over: int
    movement_type: str | None


class OverstaysOut(Schema):
    state: str
    as_of: dt.date
    total: int
    limit: int
    offset: int
    items: list[OverstayOut]


# --- helpers ---------------------------------------------------------------------------------


def _page(limit: int, offset: int, most: int) -> None:
    if not 1 <= limit <= most:
        raise InvalidInput(_("The limit must be between 1 and %(most)s."), most=most)
    if offset < 0:
        raise InvalidInput(_("The offset cannot be negative."))


def _load(load: CrossingLoad) -> dict[str, Any]:
    shown = selectors.progress(load)
    return {
        "id": load.pk,
        "state": load.state.iso3,
        "file_name": load.file_name,
        "status": load.status,
        "status_label": str(LoadStatus(load.status).label),
        "step": shown["step"] if load.is_running else "",
        "done": load.done,
        "total": load.total,
        "rows_read": load.rows_read,
        "rows_accepted": load.rows_accepted,
        "rows_rejected": load.rows_rejected,
        "rows_already_loaded": load.rows_already_loaded,
        "engine": load.engine if load.engine in Engine.values else Engine.DUCKDB,
        "created_at": load.created_at,
        "finished_at": load.finished_at,
        "error": shown["error"],
    }


def _report(report: dict[str, Any]) -> ReportOut:
    reasons = report.get("rejected_by_reason") or {}
    return ReportOut(
        rows_read=int(report.get("rows_read") or 0),
        rows_accepted=int(report.get("rows_accepted") or 0),
        rows_rejected=int(report.get("rows_rejected") or 0),
        rows_already_loaded=int(report.get("rows_already_loaded") or 0),
        duplicates_in_file=int(report.get("duplicates_in_file") or 0),
        rejected_by_reason=[
            ReasonOut(code=code, rows=int(rows), explanation=explain_reason(code))
            for code, rows in sorted(reasons.items(), key=lambda item: (-int(item[1]), item[0]))
        ],
        samples=[
            SampleOut(
                file=str(s.get("file") or ""),
                row=int(s.get("row") or 0),
                record_id=s.get("record_id"),
                reason=str(s.get("reason") or ""),
                explanation=explain_reason(str(s.get("reason") or "")),
                column=s.get("column"),
                value=str(s.get("value") or ""),
            )
            for s in report.get("samples") or []
        ],
    )


# --- endpoints -------------------------------------------------------------------------------


@router.get(
    "/borders/loads",
    response={200: LoadPageOut, **LIST_ERRORS},
    summary="Loads of crossing records of the caller's States, newest first (border analysts)",
)
def list_loads(
    request: HttpRequest, state: str | None = None, limit: int = 50, offset: int = 0
) -> LoadPageOut:
    _page(limit, offset, most=200)
    found = selectors.loads_for(request.user, state=state)
    return LoadPageOut(
        total=found.count(),
        limit=limit,
        offset=offset,
        items=[LoadOut(**_load(load)) for load in found[offset : offset + limit]],
    )


@router.get(
    "/borders/loads/{load_id}",
    response={200: LoadDetailOut, **READ_ERRORS},
    summary="One load: its progress or outcome, data-quality report and derived counts",
)
def get_load(request: HttpRequest, load_id: int) -> LoadDetailOut:
    load = access.access_load_by_id(user=request.user, load_id=load_id)
    derived = {k: v for k, v in (load.derive or {}).items() if k in DeriveOut.model_fields}
    return LoadDetailOut(
        **_load(load), report=_report(load.report or {}), derived=DeriveOut(**derived)
    )


@router.get(
    "/borders/{iso3}/indicators.csv",
    response=READ_ERRORS,
    summary="The State's monthly border indicators as SDMX-CSV, before submission (border analysts)",
    openapi_extra={
        "responses": {
            200: {
                "description": "SDMX-CSV of the statistics exchange (ENTRIES, EXITS, STAYS_*, "
                "OVERSTAY_EXITS, OVERSTAYERS_IN_COUNTRY).",
                "content": {"text/csv": {"schema": {"type": "string", "format": "binary"}}},
            }
        }
    },
)
def get_indicators(request: HttpRequest, iso3: str) -> HttpResponse:
    data = services.indicators_csv(user=request.user, state=iso3)
    response = HttpResponse(data, content_type="text/csv; charset=utf-8")
    name = f"borders-{iso3.upper()}-indicators.csv"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


class OverstayQuery(Schema):
    as_of: dt.date | None = Field(
        None, description="The day (YYYY-MM-DD); by default the last day of the loaded records."
    )
    limit: int = Field(100, description="At most 1000.")
    offset: int = 0


@router.get(
    "/borders/{iso3}/overstays",
    response={200: OverstaysOut, **STATE_ERRORS},
    summary="The State's overstays as of a date, longest first (border analysts; audited)",
)
def get_overstays(request: HttpRequest, iso3: str, query: Query[OverstayQuery]) -> OverstaysOut:
    _page(query.limit, query.offset, most=1000)
    access.require_border_analyst(request.user, iso3)
    as_of = query.as_of
    if as_of is None:
        found = selectors.summary(iso3) or {}
        as_of = (
            dt.date.fromisoformat(found["as_of"]) if found.get("as_of") else timezone.localdate()
        )
    frame = services.overstays(user=request.user, state=iso3, as_of=as_of)
    window = frame.slice(query.offset, query.limit)
    kinds = dict(OverstayKind.choices)
    return OverstaysOut(
        state=iso3.upper(),
        as_of=as_of,
        total=frame.height,
        limit=query.limit,
        offset=query.offset,
        items=[
            OverstayOut(**{**row, "kind_label": str(kinds.get(row["kind"], row["kind"]))})
            for row in window.iter_rows(named=True)
        ],
    )
