"""The Support Unit's desk: materials still to circulate (the language parity gate) and the
outcomes of a meeting."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from almaty.archive.access import access_document_by_id, documents_visible_to
from almaty.core.errors import AlmatyError, NotFoundOrForbidden
from almaty.meetings import selectors, services
from almaty.meetings.forms import MaterialAddForm, OutcomeForm
from almaty.meetings.models import Material, Meeting, Outcome
from almaty.meetings.views.common import (
    error_text,
    number,
    support_unit_meeting,
    support_unit_only,
)


@login_required
def materials(request: HttpRequest) -> HttpResponse:
    """Materials of upcoming meetings not yet circulated, late ones first, with what keeps
    each from being circulated; add, circulate or remove them."""
    refusal = support_unit_only(request)
    if refusal is not None:
        return refusal
    today = timezone.localdate()
    upcoming = selectors.upcoming(today)
    add_form = MaterialAddForm(meetings=upcoming, prefix="add")
    if request.method == "POST":
        if request.POST.get("action") == "add":
            add_form = MaterialAddForm(request.POST, meetings=upcoming, prefix="add")
            if _add(request, add_form):
                return redirect("meetings:materials")
        else:
            _act(request)
            return redirect("meetings:materials")
    rows = sorted(selectors.materials_dashboard(today), key=lambda row: not row.is_late)
    return render(request, "meetings/materials.html", {"rows": rows, "add_form": add_form})


def _add(request: HttpRequest, form: MaterialAddForm) -> bool:
    if not form.is_valid():
        return False
    data = form.cleaned_data
    try:
        document = access_document_by_id(user=request.user, document_id=data["document"])
        services.material_add(
            actor=request.user, meeting=data["meeting"], document=document, due_on=data["due_on"]
        )
    except AlmatyError as exc:
        form.add_error(None, exc.text)
        return False
    messages.success(request, _("The material is added."))
    return True


def _act(request: HttpRequest) -> None:
    """Circulate or remove a material; the outcome, or the service's refusal, as a message."""
    action = request.POST.get("action")
    try:
        material = (
            Material.objects.select_related("meeting", "document")
            .filter(pk=number(request.POST.get("material")))
            .first()
        )
        if material is None:
            raise NotFoundOrForbidden(_("There is no such material."))
        document = str(material.document)
        if action == "circulate":
            services.material_circulate(actor=request.user, material=material)
            messages.success(request, _("%(document)s is circulated.") % {"document": document})
        elif action == "remove":
            services.material_remove(actor=request.user, material=material)
            messages.success(
                request, _("%(document)s is no longer a material.") % {"document": document}
            )
        else:
            raise ValueError(action)
    except (AlmatyError, ValueError) as exc:
        messages.error(request, error_text(exc))


def _outcome_choices(request: HttpRequest, meeting: Meeting) -> dict[str, Any]:
    """The documents (of the meeting, its materials or outcomes) and the adopted decisions of
    the meeting an outcome may point to."""
    from almaty.decisions.choices import ProposalStatus
    from almaty.decisions.models import Proposal

    documents = (
        documents_visible_to(request.user)
        .filter(Q(meeting=meeting) | Q(materials__meeting=meeting) | Q(outcomes__meeting=meeting))
        .distinct()
        .prefetch_related("versions")
    )
    proposals = Proposal.objects.filter(meeting=meeting, status=ProposalStatus.ADOPTED)
    return {
        "documents": [(d.pk, str(d)) for d in documents],
        "decisions": [
            (p.pk, p.register_number or p.title) for p in proposals.order_by("register_number")
        ],
    }


def _initial(outcome: Outcome | None) -> dict[str, Any] | None:
    if outcome is None:
        return None
    return {
        "kind": outcome.kind,
        "summary_en": outcome.summary_en,  # type: ignore[attr-defined]
        "summary_ru": outcome.summary_ru,  # type: ignore[attr-defined]
        "document": outcome.document_id,
        "decisions": [p.pk for p in outcome.decisions.all()],
    }


@login_required
def outcomes(request: HttpRequest, meeting_id: int) -> HttpResponse:
    """Record a meeting's outcomes or change one (`?edit=<id>`), linking its decisions."""
    from almaty.decisions.models import Proposal

    meeting = support_unit_meeting(request, meeting_id)
    if isinstance(meeting, HttpResponse):
        return meeting
    existing = meeting.outcomes.select_related("document").prefetch_related("decisions")
    try:
        chosen = request.POST.get("outcome") or request.GET.get("edit")
        editing = existing.filter(pk=number(chosen)).first() if chosen else None
    except ValueError:
        editing = None
    form = OutcomeForm(
        request.POST or None, initial=_initial(editing), **_outcome_choices(request, meeting)
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            document = None
            if data["document"]:
                document = access_document_by_id(user=request.user, document_id=data["document"])
            fields = {
                "kind": data["kind"], "summary_en": data["summary_en"],
                "summary_ru": data["summary_ru"], "document": document,
                "decisions": list(Proposal.objects.filter(pk__in=data["decisions"], meeting=meeting)),
            }  # fmt: skip
            if editing is not None:
                services.outcome_update(actor=request.user, outcome=editing, **fields)
            else:
                services.outcome_record(actor=request.user, meeting=meeting, **fields)
        except AlmatyError as exc:
            form.add_error(None, exc.text)
        else:
            messages.success(request, _("The outcome is saved."))
            return redirect("meetings:outcomes", meeting.pk)
    return render(
        request,
        "meetings/outcomes.html",
        {"meeting": meeting, "outcomes": existing, "form": form, "editing": editing},
    )
