"""Pages: the public register, a decision's record, and what awaits a National Coordinator."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from almaty.accounts import access as accounts_access
from almaty.accounts.choices import RoleCode
from almaty.core.cache import public_page
from almaty.core.errors import AlmatyError
from almaty.core.views import error_page, not_found, pdf_response, pdf_unavailable
from almaty.decisions import access, selectors, services
from almaty.decisions.choices import BreakKind, ProposalStatus
from almaty.decisions.forms import DraftForm, PositionForm, SilenceForm
from almaty.decisions.models import SilenceBreak


@public_page
def register(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "decisions/register.html",
        {"decisions": selectors.register().filter(is_public=True)},
    )


@public_page
def detail(request: HttpRequest, proposal_id: int) -> HttpResponse:
    try:
        proposal = access.access_proposal_by_id(user=request.user, proposal_id=proposal_id)
    except AlmatyError:
        return not_found(request)
    outcome = (
        services.silence_outcome(proposal=proposal)
        if proposal.status == ProposalStatus.UNDER_SILENCE
        else None
    )
    return render(
        request,
        "decisions/detail.html",
        {
            "proposal": proposal,
            "positions": proposal.positions.select_related("state"),
            "breaks": proposal.breaks.select_related("state"),
            "extensions": proposal.extensions.all(),
            "outcome": outcome,
        },
    )


def _my_states(user: object) -> list[str]:
    return sorted(
        a.state.iso3
        for a in accounts_access.active_assignments(user=user)
        if a.role.code == RoleCode.NATIONAL_COORDINATOR and a.state is not None
    )


@login_required
def pending(request: HttpRequest) -> HttpResponse:
    """Proposals under silence for a National Coordinator: break silence, or withdraw a break."""
    states = _my_states(request.user)
    if request.method == "POST":
        try:
            action = request.POST.get("action")
            if action == "break":
                proposal = access.access_proposal_by_id(
                    user=request.user, proposal_id=int(request.POST.get("proposal", "0"))
                )
                services.silence_break(
                    proposal=proposal, state_iso3=request.POST.get("state", ""), kind=request.POST.get("kind", ""),
                    text=request.POST.get("text", ""), actor=request.user,
                )  # fmt: skip
                messages.success(request, _("Your break of silence is recorded."))
            elif action == "withdraw":
                made = SilenceBreak.objects.filter(pk=int(request.POST.get("break", "0"))).first()
                if made is None:
                    raise AlmatyError(_("There is no such break of silence."))
                services.silence_break_withdraw(silence_break=made, actor=request.user)
                messages.success(request, _("Your break of silence is withdrawn."))
        except AlmatyError as exc:
            messages.error(request, exc.text)
        except ValueError:
            messages.error(request, _("The request could not be understood."))
        return redirect("decisions:pending")
    open_proposals = (
        selectors.proposals()
        .filter(status=ProposalStatus.UNDER_SILENCE)
        .prefetch_related("breaks__state")
    )
    return render(
        request,
        "decisions/pending.html",
        {
            "proposals": open_proposals,
            "states": states,
            "kinds": BreakKind.choices,
            "now": timezone.now(),
        },
    )


def record_pdf(request: HttpRequest, proposal_id: int) -> HttpResponse:
    """The bilingual record of a decision as a PDF."""
    try:
        proposal = access.access_proposal_by_id(user=request.user, proposal_id=proposal_id)
    except AlmatyError:
        return not_found(request)
    try:
        from almaty.decisions.pdf import decision_record_pdf

        pdf = decision_record_pdf(proposal)
    except (ImportError, OSError):  # WeasyPrint without its system libraries (Pango)
        return pdf_unavailable(request)
    name = (proposal.register_number or f"proposal-{proposal.pk}").replace("/", "-")
    return pdf_response(pdf, name)


def _desk_allowed(request: HttpRequest) -> bool:
    try:
        access.require_drafter(request.user)
    except AlmatyError:
        return False
    return True


@login_required
def desk(request: HttpRequest) -> HttpResponse:
    """The Chair's and the Support Unit's desk: draft, circulate, put to meetings, decide."""
    if not _desk_allowed(request):
        return error_page(
            request, 403, _("Not allowed"), _("Only the Chair or the Support Unit can do this.")
        )
    draft_form = DraftForm(request.POST if request.POST.get("action") == "draft" else None)
    if request.method == "POST":
        try:
            _desk_action(request, draft_form)
            return redirect("decisions:desk")
        except AlmatyError as exc:
            messages.error(request, exc.text)
        except (ValueError, KeyError):
            messages.error(request, _("The request could not be understood."))
        if request.POST.get("action") != "draft":
            return redirect("decisions:desk")
    from almaty.meetings.selectors import meetings

    return render(
        request,
        "decisions/desk.html",
        {
            "draft_form": draft_form,
            "silence_form": SilenceForm(),
            "position_form": PositionForm(),
            "proposals": selectors.proposals().exclude(
                status__in=[
                    ProposalStatus.ADOPTED,
                    ProposalStatus.NOT_ADOPTED,
                    ProposalStatus.WITHDRAWN,
                ]
            ),
            "meetings": meetings().order_by("-starts_on")[:50],
        },
    )


def _desk_action(request: HttpRequest, draft_form: DraftForm) -> None:
    action = request.POST.get("action")
    user = request.user
    if action == "draft":
        if not draft_form.is_valid():
            raise AlmatyError(_("Check the form: the fields in error say what is wrong."))
        data = draft_form.cleaned_data
        services.proposal_draft(
            kind=data["kind"], title={"en": data["title_en"], "ru": data["title_ru"]},
            text={"en": data["text_en"], "ru": data["text_ru"]}, payload=data["payload"], is_public=data["is_public"], actor=user,
        )  # fmt: skip
        messages.success(request, _("The proposal is drafted."))
        return
    proposal = access.access_proposal_by_id(user=user, proposal_id=int(request.POST["proposal"]))
    if action == "meeting":
        from almaty.meetings.selectors import meeting_by_id

        services.proposal_put_to_meeting(
            proposal=proposal, meeting=meeting_by_id(int(request.POST["meeting"])), actor=user
        )
    elif action == "silence":
        silence_form = SilenceForm(request.POST)
        if not silence_form.is_valid():
            raise AlmatyError(_("Give the deadline as a date and time."))
        services.silence_start(
            proposal=proposal, deadline_at=silence_form.deadline_at(), actor=user
        )
    elif action == "position":
        form = PositionForm(request.POST)
        if not form.is_valid():
            raise AlmatyError(_("Give the State and its position."))
        access.require_secretariat(user)
        services.position_record(
            proposal=proposal, state_iso3=form.cleaned_data["state"], stance=form.cleaned_data["stance"],
            statement=form.cleaned_data["statement"], actor=user,
        )  # fmt: skip
    elif action == "decide":
        access.require_secretariat(user)
        services.proposal_decide_at_meeting(proposal=proposal, actor=user)
    elif action == "outcome":
        services.silence_close(proposal=proposal, actor=user)
    elif action == "withdraw":
        services.proposal_withdraw(proposal=proposal, actor=user)
    else:
        raise ValueError(action)
    messages.success(request, _("Done."))
