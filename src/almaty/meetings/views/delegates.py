"""Delegates: a National Coordinator registers, changes and withdraws their State's; the Support
Unit sees everyone's, registers organisations' delegates, approves or declines (an htmx row
update), prints the list of participants and the badges."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from almaty.core import countries
from almaty.core.errors import AlmatyError, NotFoundOrForbidden
from almaty.core.views import error_page, not_found, pdf_response, pdf_unavailable
from almaty.meetings import access, selectors, services
from almaty.meetings.choices import DelegateStatus
from almaty.meetings.forms import DecisionForm, DelegateForm
from almaty.meetings.models import Delegate, Meeting
from almaty.meetings.views.common import (
    Roles,
    error_text,
    is_htmx,
    number,
    support_unit_meeting,
)
from almaty.process.models import Organisation, State

PERSON_FIELDS = ("full_name", "gender", "position", "email", "is_head")


def _parties(roles: Roles) -> list[tuple[str, str]]:
    """The delegations the user may register: the States they coordinate, or, for the Support
    Unit, every State and then every organisation."""
    if not roles.support_unit:
        return [(f"state:{iso3}", name) for iso3, name in roles.coordinated]
    states = sorted(
        ((f"state:{s.iso3}", s.short_name) for s in State.objects.all()),
        key=lambda party: countries.collation_key(party[1]),
    )
    organisations = [(f"organisation:{o.code}", str(o)) for o in Organisation.objects.all()]
    return [("", _("— choose —")), *states, *organisations]


@login_required
def delegates(request: HttpRequest, meeting_id: int) -> HttpResponse:
    roles = Roles(request.user)
    if not (roles.support_unit or roles.coordinated):
        return error_page(
            request,
            403,
            _("Not allowed"),
            _("Only National Coordinators and the Support Unit can see delegates."),
        )
    try:
        meeting = selectors.meeting_by_id(meeting_id)
    except AlmatyError:
        return not_found(request)
    parties = _parties(roles)
    extra: dict[str, Any] = {}
    if request.method == "POST":
        try:
            extra, done = _act(request, meeting, parties)
        except (AlmatyError, ValueError) as exc:
            extra, done = {"action_error": error_text(exc)}, ""
        row = extra.get("row")
        if row is not None and is_htmx(request):
            message = done or extra.get("action_error", "")
            context = {"d": row, "roles": roles, "meeting": meeting, "row_message": message}
            return render(request, "meetings/_delegate_row.html", context)
        if done:
            messages.success(request, done)
            return redirect("meetings:delegates", meeting.pk)
        if "action_error" in extra:
            messages.error(request, extra["action_error"])
    elif request.GET.get("edit"):
        extra = _editing(request, meeting)
    context = {
        "meeting": meeting,
        "roles": roles,
        "delegates": access.delegates_visible_to(user=request.user, meeting=meeting),
        "register_form": DelegateForm(prefix="new", parties=parties),
        **extra,
    }
    return render(request, "meetings/delegates.html", context)


def _delegate(request: HttpRequest, meeting: Meeting, value: Any) -> Delegate:
    """A delegate of this meeting the user may handle; the same error for missing and
    forbidden."""
    delegate = access.access_delegate_by_id(user=request.user, delegate_id=number(value))
    if delegate.meeting_id != meeting.pk:
        raise NotFoundOrForbidden(_("No delegate %(id)s."), id=delegate.pk)
    return delegate


def _editing(request: HttpRequest, meeting: Meeting) -> dict[str, Any]:
    try:
        delegate = _delegate(request, meeting, request.GET.get("edit"))
    except (AlmatyError, ValueError):
        return {}
    initial = {name: getattr(delegate, name) for name in PERSON_FIELDS}
    return {"editing": delegate, "edit_form": DelegateForm(prefix="edit", parties=None, initial=initial)}  # fmt: skip


def _act(
    request: HttpRequest, meeting: Meeting, parties: list[tuple[str, str]]
) -> tuple[dict[str, Any], str]:
    """Do what the form asks; return the context to show again and what was done ("" if
    nothing was: a form then carries its errors)."""
    post, actor, action = request.POST, request.user, request.POST.get("action")
    if action == "register":
        form = DelegateForm(post, prefix="new", parties=parties)
        if form.is_valid():
            try:
                services.delegate_register(
                    actor=actor, meeting=meeting, **form.party_fields(), **form.person_fields()
                )
                return {}, _("The delegate is registered.")
            except AlmatyError as exc:
                form.add_error(None, exc.text)
        return {"register_form": form}, ""
    delegate = _delegate(request, meeting, post.get("delegate"))
    if action == "update":
        form = DelegateForm(post, prefix="edit", parties=None)
        if form.is_valid():
            try:
                services.delegate_update(actor=actor, delegate=delegate, **form.person_fields())
                return {}, _("The delegate's details are saved.")
            except AlmatyError as exc:
                form.add_error(None, exc.text)
        return {"edit_form": form, "editing": delegate}, ""
    try:
        if action == "withdraw":
            delegate = services.delegate_withdraw(actor=actor, delegate=delegate)
            return {"row": delegate}, _("The delegate is withdrawn.")
        if action == "decide":
            decision = DecisionForm(post)
            if not decision.is_valid():
                raise ValueError(action)
            status = decision.cleaned_data["status"]
            delegate = services.delegate_decide(actor=actor, delegate=delegate, status=status)
            return {"row": delegate}, _("The decision is recorded.")
    except AlmatyError as exc:
        return {"row": delegate, "action_error": exc.text}, ""
    raise ValueError(action)


@login_required
def participants(request: HttpRequest, meeting_id: int) -> HttpResponse:
    """The list of participants (approved delegates) by delegation, to print."""
    meeting = support_unit_meeting(request, meeting_id)
    if isinstance(meeting, HttpResponse):
        return meeting
    approved = access.delegates_visible_to(user=request.user, meeting=meeting).filter(
        status=DelegateStatus.APPROVED
    )
    parties: dict[tuple[int, str], list[Delegate]] = {}
    for delegate in approved:
        if delegate.state is not None:
            key = (0, delegate.state.short_name)
        else:
            organisation = delegate.organisation
            assert organisation is not None  # a delegate is of a State or an organisation
            key = (1, f"{organisation.name} ({organisation.acronym})")
        parties.setdefault(key, []).append(delegate)
    order = sorted(parties, key=lambda key: (key[0], countries.collation_key(key[1])))
    groups = [(key[1], parties[key]) for key in order]
    return render(request, "meetings/participants.html", {"meeting": meeting, "parties": groups})


@login_required
def badges(request: HttpRequest, meeting_id: int) -> HttpResponse:
    meeting = support_unit_meeting(request, meeting_id)
    if isinstance(meeting, HttpResponse):
        return meeting
    try:
        from almaty.meetings import pdf

        return pdf_response(pdf.badges_pdf(meeting), f"badges-{meeting.pk}")
    except (ImportError, OSError):  # WeasyPrint without its system libraries (Pango)
        return pdf_unavailable(request)
    except AlmatyError as exc:  # no approved delegate yet
        messages.error(request, exc.text)
        return redirect("meetings:delegates", meeting.pk)
