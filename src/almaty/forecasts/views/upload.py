"""Forecasting a user's CSV file (`series_id,period,value`) on the web.

The file is forecast in the task queue (`file_jobs`) while its page shows the progress; then
the same page shows the fan chart of the first series and offers the whole output as CSV, or
lists the problems by row in the reader's language when the engine refuses the file. Only the
session that uploaded a file knows its token, and only its user may open it; the results are
kept an hour, the file itself only until it is read, and nothing reaches the database."""

from __future__ import annotations

import logging
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from almaty.core.queued import follow, progress_context
from almaty.forecasts import compute, file_jobs
from almaty.forecasts import messages as texts
from almaty.forecasts.engine.errors import Issue
from almaty.forecasts.forms import UploadForm, max_series, max_upload_bytes
from almaty.forecasts.views.common import (
    fan,
    forecasts_role_required,
    issue_from,
    note_texts,
    track_rows,
    weight_rows,
)
from almaty.stats import staging

logger = logging.getLogger(__name__)

SESSION_KEY = "forecast_files"
SHOWN_ISSUES = 200


def _remember(request: HttpRequest, token: str) -> None:
    """Let this session see the forecast file `token` (the last ten only)."""
    tokens = [t for t in request.session.get(SESSION_KEY, []) if staging.record(t) is not None]
    request.session[SESSION_KEY] = [*[t for t in tokens if t != token][-9:], token]


def _job(request: HttpRequest, token: str) -> dict[str, Any] | None:
    """The file's record, if this session uploaded it lately and its user is signed in."""
    if token not in request.session.get(SESSION_KEY, []):
        return None
    meta = staging.record(token)
    if meta is None or meta.get("user") != request.user.pk:
        return None
    return meta


def _page(form: UploadForm, **extra: Any) -> dict[str, Any]:
    return {
        "form": form,
        "limit_mb": f"{max_upload_bytes() / (1024 * 1024):g}",
        "max_series": max_series(),
        **extra,
    }


def _expired(request: HttpRequest) -> HttpResponse:
    messages.error(request, _("That forecast has expired: upload the file again."))
    return redirect("forecasts:upload")


def _output_name(filename: str) -> str:
    stem = filename.rsplit(".", 1)[0] or "series"
    safe = "".join(c if c.isalnum() or c in "-_" else "_" for c in stem)[:80]
    return f"{safe}-forecast.csv"


@forecasts_role_required
def upload(request: HttpRequest) -> HttpResponse:
    """A CSV file to forecast: checked on the form (size, kind, number of series), then
    staged and queued, and its page shown."""
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method != "POST":
        return render(request, "forecasts/upload.html", _page(form))
    if not form.is_valid():
        return render(request, "forecasts/upload.html", _page(form), status=400)
    record = file_jobs.new_record(
        user_id=request.user.pk,
        filename=form.cleaned_data["file"].name,
        horizon=form.cleaned_data["horizon"],
        gaps=form.cleaned_data["gaps"],
    )
    token = staging.create(form.content, record)
    _remember(request, token)
    try:
        file_jobs.forecast_staged(token)
    except Exception:  # e.g. the queue's Redis is down: say so, never a 500
        logger.exception("The forecast file %s could not be queued", token)
        staging.remove(token)
        messages.error(
            request,
            _(
                "The task queue is not available, so the file was not forecast: try again in a few minutes."
            ),
        )
        return redirect("forecasts:upload")
    return redirect("forecasts:upload-file", token=token)


def _refused(request: HttpRequest, meta: dict[str, Any]) -> HttpResponse:
    found = (issue_from(item) for item in meta.get("issues") or [])
    issues = sorted(
        (i for i in found if i is not None), key=lambda i: (i.row is not None, i.row or 0)
    )
    form = UploadForm(initial={"horizon": meta.get("horizon"), "gaps": meta.get("gaps")})
    context = _page(
        form,
        filename=meta.get("filename", ""),
        issues=[texts.render_issue(issue) for issue in issues[:SHOWN_ISSUES]],
        issues_total=len(issues),
        issues_rest=max(len(issues) - SHOWN_ISSUES, 0),
    )
    return render(request, "forecasts/upload.html", context)


def _skipped(meta: dict[str, Any], notes: list[Issue]) -> tuple[list[str], list[Issue]]:
    """Why each series left out was not forecast (the engine's note on it, or its code), and
    the notes not used for that."""
    reasons, used = [], []
    for item in meta.get("skipped") or []:
        series_id, code = str(item.get("series_id", "")), str(item.get("code", ""))
        note = next(
            (n for n in notes if n.code == code and n.params.get("series_id") == series_id),
            None,
        )
        if note is None:
            reasons.append(
                _("%(series)s was not forecast (%(reason)s).")
                % {"series": series_id, "reason": code}
            )
        else:
            reasons.append(texts.render_issue(note))
            used.append(note)
    return reasons, [n for n in notes if n not in used]


def _results(request: HttpRequest, token: str, meta: dict[str, Any]) -> HttpResponse:
    notes = [i for i in (issue_from(n) for n in meta.get("notes") or []) if i is not None]
    skipped, notes = _skipped(meta, notes)
    shown_notes = note_texts(notes)
    series = []
    for item in meta.get("series") or []:
        for text in note_texts(item.get("notes") or []):
            if text not in shown_notes:
                shown_notes.append(text)
        series.append(
            {
                "id": item["id"],
                "chart": fan(
                    title=str(item["id"]), observed=item.get("history") or [], points=item["points"]
                ),
                "track": track_rows(item.get("track") or []),
                "weights": weight_rows({"weights": item.get("weights") or {}}),
            }
        )
    count = int(meta.get("forecast_count") or 0)
    context = {
        "token": token,
        "filename": meta.get("filename", ""),
        "horizon": meta.get("horizon"),
        "latest_run": meta.get("gaps") == "latest_run",
        "series": series,
        "forecast_count": count,
        "rest": max(count - len(series), 0),
        "skipped": skipped,
        "notes": shown_notes,
        "form": UploadForm(initial={"horizon": meta.get("horizon"), "gaps": meta.get("gaps")}),
        "limit_mb": f"{max_upload_bytes() / (1024 * 1024):g}",
        "max_series": max_series(),
    }
    return render(request, "forecasts/upload_result.html", context)


@forecasts_role_required
def upload_file(request: HttpRequest, token: str) -> HttpResponse:
    """A queued file's page: its progress while it is forecast (htmx polls the status), then
    its results, or its problems by row."""
    meta = _job(request, token)
    polled = bool(request.headers.get("HX-Request"))
    if meta is None:
        return follow(request, _expired(request))
    state = meta.get("state")
    if state in file_jobs.RUNNING or (state == file_jobs.FAILED):
        context = progress_context(token, meta, running=file_jobs.RUNNING, queued=file_jobs.QUEUED)
        template = "forecasts/_file_status.html" if polled else "forecasts/upload_file.html"
        return render(request, template, context)
    if polled:  # finished: the whole page again, now with the results
        followed = HttpResponse()
        followed["HX-Refresh"] = "true"
        return followed
    if state == file_jobs.REFUSED:
        return _refused(request, meta)
    return _results(request, token, meta)


@forecasts_role_required
def upload_csv(request: HttpRequest, token: str) -> HttpResponse:
    """Every series' forecast of a file as CSV: series_id, period, model, mean and bounds."""
    meta = _job(request, token)
    if meta is None or meta.get("state") != file_jobs.DONE:
        return _expired(request)
    response = HttpResponse(
        compute.output_csv(meta.get("rows") or []), content_type="text/csv; charset=utf-8"
    )
    name = _output_name(str(meta.get("filename", "")))
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
