"""Loading crossing records on the web, and what a load gives: the user's States with their
loads and an upload form; a load's page (its progress while the task queue runs it, then its
quality report and the State's derived results with charts); a State's results page; and the
one-step submission of the State's monthly indicators to the regional exchange."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from almaty.borders import access, selectors, services
from almaty.borders import messages as texts
from almaty.borders.choices import LoadStatus
from almaty.borders.forms import UploadForm, max_upload_bytes
from almaty.borders.models import CrossingLoad
from almaty.borders.views.common import (
    border_analyst_required,
    figure,
    not_found,
    results,
    state_gate,
    state_name,
)
from almaty.core.errors import AlmatyError, NotFoundOrForbidden
from almaty.core.queued import follow
from almaty.stats.messages import render_message
from almaty.stats.services import StatsValidationError

logger = logging.getLogger(__name__)

SHOWN_LOADS = 50
REPORT_FIGURES = (
    ("rows_read", gettext_lazy("Rows read")),
    ("rows_accepted", gettext_lazy("Rows accepted")),
    ("rows_rejected", gettext_lazy("Rows rejected")),
    ("rows_already_loaded", gettext_lazy("Already loaded before (skipped)")),
    ("duplicates_in_file", gettext_lazy("Repeated rows within the file (one kept)")),
)


def _states(user: Any) -> list[tuple[str, str]]:
    return sorted(
        ((iso3, state_name(iso3)) for iso3 in access.load_states(user)), key=lambda s: s[1]
    )


def _index_context(request: HttpRequest, form: UploadForm) -> dict[str, Any]:
    states = _states(request.user)
    loads = list(selectors.loads_for(request.user)[:SHOWN_LOADS])
    latest: dict[str, CrossingLoad] = {}
    for load in loads:
        latest.setdefault(load.state.iso3, load)
    return {
        "form": form,
        "limit_mb": f"{max_upload_bytes() / (1024 * 1024):g}",
        "states": [
            {
                "iso3": iso3,
                "name": name,
                "results": _brief(selectors.summary(iso3)),
                "latest": latest.get(iso3),
            }
            for iso3, name in states
        ],
        "loads": loads,
    }


def _brief(summary: dict[str, Any] | None) -> dict[str, str] | None:
    """The few counts the index shows of a State's results."""
    if not summary:
        return None
    counts = summary.get("counts") or {}
    return {
        "as_of": str(summary.get("as_of") or ""),
        "stays": figure(counts.get("stays")),
        "open_stays": figure(counts.get("open_stays")),
        "overstays": figure(
            int(counts.get("overstays_in_country") or 0)
            + int(counts.get("overstays_out_of_country") or 0)
        ),
    }


@border_analyst_required
def index(request: HttpRequest) -> HttpResponse:
    """The user's States with their results and loads, and the form to load a file."""
    states = _states(request.user)
    form = UploadForm(request.POST or None, request.FILES or None, states=states)
    if request.method != "POST":
        return render(request, "borders/index.html", _index_context(request, form))
    if form.is_valid():
        upload = form.cleaned_data["file"]
        staged = getattr(upload, "temporary_file_path", None)
        data: bytes | Path = Path(staged()) if callable(staged) else upload.read()
        try:
            load = services.load_queue(
                user=request.user,
                state=form.cleaned_data["state"],
                data=data,
                filename=upload.name,
                engine=form.cleaned_data["engine"],
            )
        except AlmatyError as exc:
            form.add_error(None, exc.text)
        except Exception:  # e.g. the queue's Redis is down: say so, never a 500
            logger.exception("The crossing file %s could not be queued", upload.name)
            form.add_error(
                None,
                _(
                    "The task queue is not available, so nothing was loaded: try again in a few minutes."
                ),
            )
        else:
            return redirect("borders:load", load_id=load.pk)
    return render(request, "borders/index.html", _index_context(request, form), status=400)


def _progress(load: CrossingLoad) -> dict[str, Any]:
    """What the progress part of a load's page shows."""
    progress = selectors.progress(load)
    doing = progress["step"] or capfirst(progress["status_label"])
    return {**progress, "load": load, "doing": doing}


def _report(load: CrossingLoad) -> dict[str, Any]:
    """The load's quality report: counts, rejected rows by reason, samples by row."""
    report = load.report if isinstance(load.report, dict) else {}
    reasons = sorted(
        (report.get("rejected_by_reason") or {}).items(), key=lambda item: (-int(item[1]), item[0])
    )
    samples = sorted(report.get("samples") or [], key=lambda s: int(s.get("row") or 0))
    return {
        "figures": [
            (str(label), figure(report.get(key, getattr(load, key, None))))
            for key, label in REPORT_FIGURES
        ],
        "reasons": [(code, texts.explain_reason(code), figure(count)) for code, count in reasons],
        "samples": [
            {
                "row": sample.get("row", "—"),
                "record_id": sample.get("record_id") or "—",
                "reason": texts.explain_reason(str(sample.get("reason", ""))),
                "column": sample.get("column") or "—",
                "value": sample.get("value") if sample.get("value") not in (None, "") else "—",
            }
            for sample in samples
        ],
        "sampled": len(samples) < int(report.get("rows_rejected") or 0),
    }


@border_analyst_required
def load_page(request: HttpRequest, load_id: int) -> HttpResponse:
    """A load's page: its progress while it runs (htmx polls it); then its quality report and
    the State's derived results, or why it was refused."""
    try:
        load = access.access_load_by_id(user=request.user, load_id=load_id)
    except NotFoundOrForbidden as exc:
        return not_found(request, exc)
    polled = bool(request.headers.get("HX-Request"))
    progress = _progress(load)
    if progress["running"]:
        template = "borders/_load_status.html" if polled else "borders/load.html"
        return render(request, template, {**progress, "state_name": state_name(load.state.iso3)})
    if polled:  # finished: the whole page again, now with the report
        return follow(request, redirect("borders:load", load_id=load.pk))
    iso3 = load.state.iso3
    context = {
        **progress,
        "state_name": state_name(iso3),
        "iso3": iso3,
        "error": progress["error"],
        "report": _report(load),
        "derive": load.derive if isinstance(load.derive, dict) else {},
        "results": results(selectors.summary(iso3), iso3)
        if load.status == LoadStatus.DONE
        else None,
        "is_latest": not selectors.loads_for(request.user)
        .filter(state=load.state, created_at__gt=load.created_at, status=LoadStatus.DONE)
        .exists(),
    }
    return render(request, "borders/load.html", context)


@border_analyst_required
def state_page(request: HttpRequest, iso3: str) -> HttpResponse:
    """A State's derived results over all its loads: counts, charts, links to the records."""
    refused = state_gate(request, iso3)
    if refused is not None:
        return refused
    iso3 = iso3.upper()
    context = {
        "iso3": iso3,
        "state_name": state_name(iso3),
        "results": results(selectors.summary(iso3), iso3),
        "loads": list(selectors.loads_for(request.user).filter(state__iso3=iso3)[:SHOWN_LOADS]),
    }
    return render(request, "borders/state.html", context)


SHOWN_ISSUES = 100


@require_POST
@border_analyst_required
def submit_indicators(request: HttpRequest, iso3: str) -> HttpResponse:
    """Submit the State's monthly indicators to the regional exchange, then show the
    submission (it awaits the National Coordinator's approval like any other). The exchange's
    checks are listed when it refuses them; its warnings may be confirmed."""
    refused = state_gate(request, iso3)
    if refused is not None:
        return refused
    confirm = request.POST.get("confirm") == "1"
    try:
        submission = services.indicators_submit(user=request.user, state=iso3, confirm=confirm)
    except StatsValidationError as exc:
        issues = sorted(exc.issues, key=lambda i: (i.row is None, i.row or 0))
        context = {
            "iso3": iso3,
            "state_name": state_name(iso3),
            "message": exc.text,
            "needs_confirmation": exc.needs_confirmation,
            "issues": [(issue, render_message(issue)) for issue in issues[:SHOWN_ISSUES]],
            "rest": max(len(issues) - SHOWN_ISSUES, 0),
        }
        return render(request, "borders/submit_issues.html", context, status=400)
    except AlmatyError as exc:
        messages.error(request, exc.text)
        return redirect("borders:state", iso3=iso3)
    messages.success(
        request,
        _(
            "The monthly indicators of %(state)s were submitted to the regional exchange as submission %(id)s (%(rows)s rows); they await approval."
        )
        % {"state": state_name(iso3), "id": submission.pk, "rows": submission.rows},
    )
    return redirect("stats:submission", submission_id=submission.pk)
