"""A State's record-level results, for its border analysts only: overstays as of a chosen day
(a table by nationality, purpose, permit or crossing point, and the list with the days over)
and the stays with their movement type explained, each also as CSV.

The records come from the services, which check the reader once more and write every read to
the audit log; these views only shape what the services return."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path
from typing import Any

import polars as pl
from django.core.paginator import Page, Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from almaty.borders import messages as texts
from almaty.borders import selectors, services
from almaty.borders.choices import MovementType, OverstayKind
from almaty.borders.forms import OVERSTAY_GROUPS, AsOfForm
from almaty.borders.views.common import (
    border_analyst_required,
    figure,
    forbidden,
    movement_name,
    nationality_name,
    permit_name,
    purpose_name,
    safe_name,
    state_gate,
    state_name,
)
from almaty.core.errors import AlmatyError, PermissionDenied

LIST_PAGE = 100
GROUP_NAMES = {
    "nationality": nationality_name,
    "purpose": purpose_name,
    "permit": permit_name,
    "entry_bcp": lambda code: str(code or "—"),
}


def _as_of_form(request: HttpRequest, iso3: str) -> AsOfForm:
    """The date form: as asked, else the day of the State's latest derivation, else today."""
    if "as_of" in request.GET:
        return AsOfForm(request.GET)
    summary = selectors.summary(iso3) or {}
    day = str(summary.get("as_of") or "") or timezone.localdate().isoformat()
    return AsOfForm({"as_of": day, "by": request.GET.get("by") or "nationality"})


def _frame(found: Any) -> pl.DataFrame:
    """The services' answer as a DataFrame (they may give a frame, a lazy frame or a file)."""
    if isinstance(found, pl.LazyFrame):
        return found.collect()
    if isinstance(found, str | Path):
        return pl.read_parquet(found)
    assert isinstance(found, pl.DataFrame)
    return found


def _page_of(request: HttpRequest, frame: pl.DataFrame) -> tuple[Page[Any], pl.DataFrame]:
    """One page of a frame's rows, and that page's part of the frame."""
    page = Paginator(range(frame.height), LIST_PAGE).get_page(request.GET.get("page"))
    if not frame.height:
        return page, frame
    return page, frame.slice(page.start_index() - 1, len(page.object_list))


def _kept(request: HttpRequest) -> str:
    kept = request.GET.copy()
    kept.pop("page", None)
    return kept.urlencode()


def _groups(frame: pl.DataFrame, by: str) -> list[dict[str, Any]]:
    """Overstays grouped by one column: how many in the country, left late, days over."""
    if not frame.height:
        return []
    grouped = (
        frame.group_by(by)
        .agg(
            (pl.col("kind") == OverstayKind.IN_COUNTRY.value).sum().alias("in_country"),
            (pl.col("kind") == OverstayKind.OUT_OF_COUNTRY.value).sum().alias("out_of_country"),
            pl.len().alias("total"),
            pl.col("days_over").mean().alias("mean_days"),
            pl.col("days_over").max().alias("max_days"),
        )
        .sort(["total", by], descending=[True, False], nulls_last=True)
    )
    name_of = GROUP_NAMES[by]
    return [
        {
            "name": name_of(row[by]),
            "in_country": figure(row["in_country"]),
            "out_of_country": figure(row["out_of_country"]),
            "total": figure(row["total"]),
            "mean_days": figure(None if row["mean_days"] is None else round(row["mean_days"])),
            "max_days": figure(row["max_days"]),
        }
        for row in grouped.to_dicts()
    ]


def _kind_name(code: Any) -> str:
    try:
        return str(OverstayKind(str(code)).label)
    except ValueError:
        return str(code or "—")


def _overstay_row(row: dict[str, Any]) -> dict[str, Any]:
    return {
        "record": row.get("entry_record_id") or "—",
        "nationality": nationality_name(str(row.get("nationality") or "")),
        "kind": _kind_name(row.get("kind")),
        "in_country": row.get("kind") == OverstayKind.IN_COUNTRY.value,
        "entry_at": str(row.get("entry_at") or "—")[:16].replace("T", " "),
        "entry_bcp": row.get("entry_bcp") or "—",
        "exit_at": str(row.get("exit_at") or "—")[:16].replace("T", " "),
        "exit_bcp": row.get("exit_bcp") or "—",
        "purpose": purpose_name(row.get("purpose")),
        "permit": permit_name(row.get("permit")),
        "authorised_days": figure(row.get("authorised_stay_days")),
        "authorised_end": row.get("authorised_end") or "—",
        "days_over": figure(row.get("days_over")),
    }


def _refusal(
    request: HttpRequest, exc: AlmatyError, template: str, context: dict[str, Any]
) -> HttpResponse:
    """A service's refusal: not allowed (e.g. a role that ended since the page opened), or
    nothing to show yet (no load of the State), said on the page."""
    if isinstance(exc, PermissionDenied):
        return forbidden(request, exc)
    return render(request, template, {**context, "notice": exc.text}, status=exc.status)


def _base(iso3: str, **more: Any) -> dict[str, Any]:
    return {"iso3": iso3, "state_name": state_name(iso3), **more}


def _overstays_frame(request: HttpRequest, iso3: str, day: dt.date) -> pl.DataFrame:
    found = services.overstays(user=request.user, state=iso3, as_of=day)
    return _frame(found).sort(["days_over", "entry_record_id"], descending=[True, False])


def _overstays_asked(
    request: HttpRequest, iso3: str
) -> HttpResponse | tuple[Any, dict[str, Any], dt.date, pl.DataFrame]:
    """The overstays the request asks for (form, page context, day, rows), or the response
    that refuses it (another State, a bad date, a refused read)."""
    refused = state_gate(request, iso3)
    if refused is not None:
        return refused
    form = _as_of_form(request, iso3)
    context = _base(iso3, form=form)
    if not form.is_valid():
        return render(request, "borders/overstays.html", context, status=400)
    day: dt.date = form.cleaned_data["as_of"]
    try:
        frame = _overstays_frame(request, iso3, day)
    except AlmatyError as exc:
        return _refusal(request, exc, "borders/overstays.html", context)
    return form, context, day, frame


@border_analyst_required
def overstays(request: HttpRequest, iso3: str) -> HttpResponse:
    """Overstays as of a day: grouped, then listed (most days over first), with the CSV."""
    found = _overstays_asked(request, iso3)
    if isinstance(found, HttpResponse):
        return found
    form, context, day, frame = found
    by = form.cleaned_data["by"]
    page, shown = _page_of(request, frame)
    in_country = int((frame["kind"] == OverstayKind.IN_COUNTRY.value).sum()) if frame.height else 0
    context.update(
        {
            "as_of": day,
            "by_label": dict(OVERSTAY_GROUPS).get(by, by),
            "groups": _groups(frame, by),
            "total": frame.height,
            "in_country": in_country,
            "out_of_country": frame.height - in_country,
            "page": page,
            "rows": [_overstay_row(row) for row in shown.to_dicts()],
            "kept": _kept(request),
            "csv_query": f"as_of={day.isoformat()}",
        }
    )
    return render(request, "borders/overstays.html", context)


def _csv(frame: pl.DataFrame, name: str) -> HttpResponse:
    buffer = io.BytesIO()
    frame.write_csv(buffer)
    response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@border_analyst_required
def overstays_csv(request: HttpRequest, iso3: str) -> HttpResponse:
    """Every overstay as of the day, with all its columns, as CSV."""
    found = _overstays_asked(request, iso3)
    if isinstance(found, HttpResponse):
        return found
    _form, _context, day, frame = found
    return _csv(frame, f"{safe_name(iso3, 'state')}-overstays-{day.isoformat()}.csv")


def _explained(frame: pl.DataFrame) -> pl.DataFrame:
    """The stays with their movement type's explanation in the reader's language, made once
    per distinct basis and numbers rather than once per stay."""
    keys = ["movement_basis", "basis_count", "basis_min_days", "basis_max_days", "stay_days"]
    if not frame.height or not set(keys) <= set(frame.columns):
        return frame.with_columns(pl.lit("").alias("explanation"))
    distinct = frame.select(keys).unique()
    explanations = [
        texts.explain_movement(
            str(row["movement_basis"] or ""),
            row["basis_count"],
            row["basis_min_days"],
            row["basis_max_days"],
            row["stay_days"],
        )
        for row in distinct.to_dicts()
    ]
    lookup = distinct.with_columns(pl.Series("explanation", explanations, dtype=pl.String))
    return frame.join(lookup, on=keys, how="left", nulls_equal=True)


def _wanted_type(request: HttpRequest) -> str:
    wanted = request.GET.get("type", "").strip().upper()
    return wanted if wanted in MovementType.values else ""


def _stays_frame(request: HttpRequest, iso3: str, wanted: str) -> pl.DataFrame:
    """The State's stays (of one movement type if asked)."""
    frame = _frame(services.stays_export(user=request.user, state=iso3))
    if wanted and frame.height:
        frame = frame.filter(pl.col("movement_type") == wanted)
    return frame


STAY_COLUMNS = (
    "person_key",
    "nationality",
    "entry_record_id",
    "entry_at",
    "entry_bcp",
    "exit_record_id",
    "exit_at",
    "exit_bcp",
    "stay_days",
    "authorised_stay_days",
    "overstay_days",
    "is_open",
    "movement_type",
    "purpose",
    "permit",
)


def _stay_row(row: dict[str, Any]) -> dict[str, Any]:
    return {
        "record": row.get("entry_record_id") or "—",
        "nationality": nationality_name(str(row.get("nationality") or "")),
        "entry_at": str(row.get("entry_at") or "—")[:10],
        "exit_at": str(row.get("exit_at") or "")[:10] or _("open"),
        "is_open": bool(row.get("is_open")),
        "days": figure(row.get("stay_days")),
        "type": movement_name(row.get("movement_type")),
        "explanation": row.get("explanation") or "",
        "overstay_days": int(row.get("overstay_days") or 0),
    }


def _stays_context(iso3: str, wanted: str) -> dict[str, Any]:
    return _base(
        iso3,
        types=[(code, movement_name(code)) for code in MovementType.values],
        settings_url=reverse("borders:movement", args=[iso3]),
        wanted=wanted,
    )


@border_analyst_required
def stays(request: HttpRequest, iso3: str) -> HttpResponse:
    """The State's stays, newest first, each with its movement type and why."""
    refused = state_gate(request, iso3)
    if refused is not None:
        return refused
    wanted = _wanted_type(request)
    context = _stays_context(iso3, wanted)
    try:
        frame = _stays_frame(request, iso3, wanted)
    except AlmatyError as exc:
        return _refusal(request, exc, "borders/stays.html", context)
    if frame.height and "entry_at" in frame.columns:
        frame = frame.sort(["entry_at", "entry_record_id"], descending=[True, False])
    page, shown = _page_of(request, frame)
    context.update(
        {
            "total": frame.height,
            "page": page,
            "rows": [_stay_row(row) for row in _explained(shown).to_dicts()],
            "kept": _kept(request),
        }
    )
    return render(request, "borders/stays.html", context)


@border_analyst_required
def stays_csv(request: HttpRequest, iso3: str) -> HttpResponse:
    """The State's stays as CSV: the spec's columns, purpose, permit and the explanation."""
    refused = state_gate(request, iso3)
    if refused is not None:
        return refused
    wanted = _wanted_type(request)
    try:
        frame = _stays_frame(request, iso3, wanted)
    except AlmatyError as exc:
        return _refusal(request, exc, "borders/stays.html", _stays_context(iso3, wanted))
    explained = _explained(frame)
    columns = [c for c in (*STAY_COLUMNS, "explanation") if c in explained.columns]
    suffix = f"-{wanted.lower()}" if wanted else ""
    return _csv(explained.select(columns), f"{safe_name(iso3, 'state')}-stays{suffix}.csv")
