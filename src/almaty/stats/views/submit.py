"""Submitting statistics: a file upload or a small web form, both checked whole by the engine
before anything is stored. Issues are listed by row and column in the reader's language."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from almaty.core.errors import AlmatyError
from almaty.stats import access, services
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
    stage,
    staged,
    staged_data,
    statistics_role_required,
)

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


@statistics_role_required
def submit(request: HttpRequest) -> HttpResponse:
    """Upload a file; on issues the file is staged and its issues page shown."""
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        if form.is_valid():
            upload = form.cleaned_data["file"]
            sharing = form.cleaned_data["sharing"]
            data = upload.read()
            try:
                submission = services.submission_create(
                    user=request.user, data=data, filename=upload.name, sharing=sharing
                )
            except services.StatsValidationError as exc:
                token = stage(
                    request,
                    data=data,
                    filename=upload.name,
                    sharing=sharing,
                    issues=exc.issues,
                    needs_confirmation=exc.needs_confirmation,
                )
                return redirect("stats:check", token=token)
            except AlmatyError as exc:
                form.add_error(None, exc.text)
            else:
                return _created(request, submission)
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
def check(request: HttpRequest, token: str) -> HttpResponse:
    """The issues of a refused file; for warnings, a button to confirm and store it."""
    meta = staged(request, token)
    if meta is None:
        return _expired(request)
    form = ConfirmForm(request.POST or None, initial={"sharing": meta["sharing"]}, prefix="confirm")
    status = 200
    if request.method == "POST":
        data = staged_data(token)
        if data is None:
            return _expired(request)
        if not meta["needs_confirmation"]:
            messages.error(request, _("This file has errors: correct them and upload it again."))
            return redirect("stats:check", token=token)
        if form.is_valid():
            try:
                submission = services.submission_create(
                    user=request.user,
                    data=data,
                    filename=meta["filename"],
                    sharing=form.cleaned_data["sharing"],
                    confirm=True,
                )
            except services.StatsValidationError as exc:
                discard(request, token)
                new = stage(
                    request,
                    data=data,
                    filename=meta["filename"],
                    sharing=form.cleaned_data["sharing"],
                    issues=exc.issues,
                    needs_confirmation=exc.needs_confirmation,
                )
                return redirect("stats:check", token=new)
            except AlmatyError as exc:
                messages.error(request, exc.text)
                return redirect("stats:check", token=token)
            discard(request, token)
            return _created(request, submission)
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
