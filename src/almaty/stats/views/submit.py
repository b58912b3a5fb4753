"""Submitting statistics: a file upload or a small web form, both checked whole by the engine
before anything is stored. Uploads are checked and stored in the task queue while their page
shows the progress (`import_jobs`); issues are listed by row and column in the reader's
language."""

from __future__ import annotations

import logging
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from almaty.core.errors import AlmatyError
from almaty.core.queued import follow, progress_context
from almaty.stats import access, import_jobs, services, staging
from almaty.stats.engine.errors import Issue
from almaty.stats.engine.validate import issues_csv
from almaty.stats.forms import (
    BreakdownFormSet,
    ConfirmForm,
    ObservationForm,
    UploadForm,
    form_rows,
    max_upload_bytes,
)
from almaty.stats.messages import render_message
from almaty.stats.models import Submission
from almaty.stats.views.common import (
    discard,
    remember,
    staged,
    statistics_role_required,
)

logger = logging.getLogger(__name__)

SHOWN_ISSUES = 200
SORTS = {
    "row": lambda i: (i.row is not None, i.row or 0, i.column or ""),
    "column": lambda i: (i.column or "", i.row or 0),
    "severity": lambda i: (i.severity, i.row or 0),
    "code": lambda i: (i.code, i.row or 0),
}


def _created(request: HttpRequest, submission: Submission) -> HttpResponse:
    messages.success(
        request,
        _("Submission %(id)s is stored (%(rows)s rows) and awaits approval.")
        % {"id": submission.pk, "rows": submission.rows},
    )
    return redirect("stats:submission", submission_id=submission.pk)


def _queue(request: HttpRequest, token: str, *, confirm: bool) -> HttpResponse:
    """Hand the staged file to the task queue and show its progress."""
    try:
        import_jobs.import_staged(token, confirm)
    except Exception:  # e.g. the queue's Redis is down: say so, never a 500
        logger.exception("The statistics file %s could not be queued", token)
        discard(request, token)
        messages.error(
            request,
            _(
                "The task queue is not available, so nothing was stored: try again in a few minutes."
            ),
        )
        return redirect("stats:submit")
    return redirect("stats:import", token=token)


@statistics_role_required
def submit(request: HttpRequest) -> HttpResponse:
    """Upload a file: refused at once when it cannot be submitted at all (e.g. sent before),
    otherwise staged and queued, and its progress shown."""
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        if form.is_valid():
            upload = form.cleaned_data["file"]
            data = upload.read()
            try:
                services.submission_precheck(user=request.user, data=data)
            except AlmatyError as exc:
                form.add_error(None, exc.text)
            else:
                record = import_jobs.new_record(
                    user_id=request.user.pk,
                    filename=upload.name,
                    sharing=form.cleaned_data["sharing"],
                )
                token = staging.create(data, record)
                remember(request, token)
                return _queue(request, token, confirm=False)
        return render(request, "stats/submit.html", _upload_context(form), status=400)
    return render(request, "stats/submit.html", _upload_context(form))


def _upload_context(form: UploadForm) -> dict[str, Any]:
    return {"form": form, "limit_mb": f"{max_upload_bytes() / (1024 * 1024):g}"}


def _sorted(issues: list[Issue], sort: str, descending: bool) -> list[Issue]:
    key = SORTS.get(sort, SORTS["row"])
    return sorted(issues, key=key, reverse=descending)


def _expired(request: HttpRequest) -> HttpResponse:
    messages.error(request, _("That check has expired: upload the file again."))
    return redirect("stats:submit")


@statistics_role_required
def import_status(request: HttpRequest, token: str) -> HttpResponse:
    """The progress of a queued file; once it ended, its submission or its issues page."""
    meta = staged(request, token)
    if meta is None:
        return follow(request, _expired(request))
    state = meta.get("state")
    if state == import_jobs.STORED:
        discard(request, token)
        submission = Submission.objects.filter(pk=int(meta.get("submission") or 0)).first()
        if submission is None:
            return follow(request, _expired(request))
        return follow(request, _created(request, submission))
    if state == import_jobs.REFUSED:
        return follow(request, redirect("stats:check", token=token))
    context = progress_context(token, meta, running=import_jobs.RUNNING, queued=import_jobs.QUEUED)
    template = (
        "stats/_import_status.html" if request.headers.get("HX-Request") else "stats/import.html"
    )
    return render(request, template, context)


@statistics_role_required
def check(request: HttpRequest, token: str) -> HttpResponse:
    """The issues of a refused file; for warnings, a button to confirm and store it."""
    meta = staged(request, token)
    if meta is None:
        return _expired(request)
    if meta.get("state") != import_jobs.REFUSED:
        return redirect("stats:import", token=token)
    form = ConfirmForm(request.POST or None, initial={"sharing": meta["sharing"]}, prefix="confirm")
    status = 200
    if request.method == "POST":
        if staging.data(token) is None:
            return _expired(request)
        if not meta["needs_confirmation"]:
            messages.error(request, _("This file has errors: correct them and upload it again."))
            return redirect("stats:check", token=token)
        if form.is_valid():
            staging.update(
                token,
                **import_jobs.queued(),
                sharing=form.cleaned_data["sharing"],
                issues=[],
                needs_confirmation=False,
            )
            return _queue(request, token, confirm=True)
        status = 400
    issues: list[Issue] = meta["issues"]
    sort = request.GET.get("sort", "row")
    descending = request.GET.get("order") == "desc"
    ordered = _sorted(issues, sort if sort in SORTS else "row", descending)
    shown = [(issue, render_message(issue)) for issue in ordered[:SHOWN_ISSUES]]
    errors = sum(1 for i in issues if i.severity == "error")
    context = {
        "token": token,
        "filename": meta["filename"],
        "needs_confirmation": meta["needs_confirmation"],
        "form": form,
        "issues": shown,
        "total": len(issues),
        "errors": errors,
        "warnings": len(issues) - errors,
        "rest": max(len(issues) - SHOWN_ISSUES, 0),
        "sort": sort,
        "descending": descending,
        "sorts": [
            ("row", _("Row")),
            ("column", _("Column")),
            ("severity", _("Kind")),
            ("code", _("Rule")),
        ],
        "upload": UploadForm(initial={"sharing": meta["sharing"]}),
        "limit_mb": f"{max_upload_bytes() / (1024 * 1024):g}",
    }
    return render(request, "stats/check.html", context, status=status)


@statistics_role_required
def check_csv(request: HttpRequest, token: str) -> HttpResponse:
    """All the issues of a refused file as CSV, the messages in the reader's language."""
    meta = staged(request, token)
    if meta is None:
        return _expired(request)
    body = issues_csv(_sorted(meta["issues"], "row", False), render_message)
    response = HttpResponse(body, content_type="text/csv; charset=utf-8")
    stem = str(meta["filename"]).rsplit(".", 1)[0] or "submission"
    safe = "".join(c if c.isalnum() or c in "-_" else "_" for c in stem)[:80]
    response["Content-Disposition"] = f'attachment; filename="{safe}-issues.csv"'
    return response


@statistics_role_required
def submit_form(request: HttpRequest) -> HttpResponse:
    """A small dataset typed in: a total and its breakdown rows, checked like a file."""
    areas = access.submit_areas(request.user)
    posted = request.method == "POST"
    form = ObservationForm(request.POST if posted else None, areas=areas)
    formset = BreakdownFormSet(request.POST if posted else None, prefix="part")
    issues: list[tuple[Issue, str, str]] = []
    needs_confirmation = False
    if posted:
        if form.is_valid() and formset.is_valid():
            data = form_rows(form.cleaned_data, [f.cleaned_data for f in formset.forms])
            try:
                submission = services.submission_create(
                    user=request.user,
                    data=data,
                    filename="web-form.csv",
                    sharing=form.cleaned_data["sharing"],
                    confirm=form.cleaned_data["confirm"],
                )
            except services.StatsValidationError as exc:
                needs_confirmation = exc.needs_confirmation
                issues = [(i, _line(i), render_message(i)) for i in exc.issues]
            except AlmatyError as exc:
                form.add_error(None, exc.text)
            else:
                return _created(request, submission)
        context = {
            "form": form,
            "formset": formset,
            "issues": issues,
            "needs_confirmation": needs_confirmation,
        }
        return render(request, "stats/submit_form.html", context, status=400)
    return render(request, "stats/submit_form.html", {"form": form, "formset": formset})


def _line(issue: Issue) -> str:
    """Where a problem of the web form is: the total (row 2) or a breakdown row."""
    if issue.row is None:
        return "—"
    if issue.row == 2:
        return _("Total")
    return _("Breakdown row %(n)s") % {"n": issue.row - 2}
