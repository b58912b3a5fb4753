"""The Support Unit schedules and clones meetings and edits agendas.

The agenda editor posts every change to one address with an `action`; htmx requests get the
editor fragment back (status 200, so that htmx swaps it even when it shows an error), plain
posts are redirected to the editor once the change is made.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from almaty.core.errors import AlmatyError, NotFoundOrForbidden
from almaty.meetings import selectors, services
from almaty.meetings.forms import AgendaItemForm, CloneForm, MeetingForm, SpeakerForm
from almaty.meetings.models import AgendaItem, Meeting, Speaker
from almaty.meetings.views.common import (
    error_text,
    is_htmx,
    number,
    support_unit_meeting,
    support_unit_only,
    zone_label,
)

Outcome = tuple[dict[str, Any], str]  # the context to show again, and what was done ("": nothing)


@login_required
def schedule(request: HttpRequest) -> HttpResponse:
    refusal = support_unit_only(request)
    if refusal is not None:
        return refusal
    form = MeetingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            meeting = services.meeting_schedule(
                actor=request.user, kind=data["kind"], title_en=data["title_en"],
                title_ru=data["title_ru"], starts_on=data["starts_on"], ends_on=data["ends_on"],
                **form.service_fields(),
            )  # fmt: skip
        except AlmatyError as exc:
            form.add_error(None, exc.text)
        else:
            messages.success(request, _("The meeting is scheduled."))
            return redirect("meetings:detail", meeting.pk)
    return render(request, "meetings/schedule.html", {"form": form})


@login_required
def clone(request: HttpRequest, meeting_id: int) -> HttpResponse:
    """Prepare the next meeting from this one: the form asks only for its first day."""
    meeting = support_unit_meeting(request, meeting_id)
    if isinstance(meeting, HttpResponse):
        return meeting
    form = CloneForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            copy = services.meeting_clone(
                actor=request.user, meeting=meeting, starts_on=form.cleaned_data["starts_on"]
            )
        except AlmatyError as exc:
            form.add_error(None, exc.text)
        else:
            messages.success(request, _("The meeting is prepared; its agenda is a draft."))
            return redirect("meetings:agenda-edit", copy.pk)
    return render(request, "meetings/clone.html", {"meeting": meeting, "form": form})


@login_required
def agenda_edit(request: HttpRequest, meeting_id: int) -> HttpResponse:
    """The agenda editor: items by day, their speakers, publishing."""
    meeting = support_unit_meeting(request, meeting_id)
    if isinstance(meeting, HttpResponse):
        return meeting
    template = "meetings/_agenda_editor.html" if is_htmx(request) else "meetings/agenda_edit.html"
    if request.method != "POST":
        return render(request, template, _context(meeting, **_opened(meeting, request.GET.get("item"))))  # fmt: skip
    try:
        extra, done = _act(request, meeting)
    except (AlmatyError, ValueError) as exc:
        extra, done = {"action_error": error_text(exc)}, ""
    if done and not is_htmx(request):
        messages.success(request, done)
        return redirect("meetings:agenda-edit", meeting.pk)
    return render(request, template, _context(meeting, done=done, **extra))


def _context(meeting: Meeting, **extra: Any) -> dict[str, Any]:
    meeting.refresh_from_db(fields=["agenda_published_at"])  # publishing works on its own copy
    return {
        "meeting": meeting,
        "agenda": selectors.agenda(meeting),
        "zone": zone_label(meeting),
        "add_form": AgendaItemForm(meeting=meeting, prefix="new"),
        **extra,
    }


def _item(meeting: Meeting, value: Any) -> AgendaItem:
    item = meeting.agenda_items.filter(pk=number(value)).first()
    if item is None:
        raise NotFoundOrForbidden(_("There is no such agenda item."))
    return item


def _opened(meeting: Meeting, value: Any, **forms: Any) -> dict[str, Any]:
    """The item opened for editing, with its edit and speaker forms (or none)."""
    try:
        item = _item(meeting, value)
    except (AlmatyError, ValueError):
        return {}
    initial = AgendaItemForm.initial_for(item)
    return {
        "open_item": item,
        "edit_form": AgendaItemForm(meeting=meeting, prefix="edit", initial=initial),
        "speaker_form": SpeakerForm(prefix="speaker"),
        **forms,
    }


def _act(request: HttpRequest, meeting: Meeting) -> Outcome:
    """Do what the form asks. Errors of a form stay on the form; others are raised."""
    post, actor, action = request.POST, request.user, request.POST.get("action")
    if action == "add":
        return _add(request, meeting)
    if action == "publish":
        services.agenda_publish(actor=actor, meeting=meeting)
        return {}, _("The agenda is published.")
    if action == "withdraw":
        services.agenda_withdraw(actor=actor, meeting=meeting)
        return {}, _("The agenda is back to draft.")
    if action == "speaker_remove":
        speaker = Speaker.objects.filter(pk=number(post.get("speaker")), item__meeting=meeting).first()  # fmt: skip
        if speaker is None:
            raise NotFoundOrForbidden(_("There is no such speaker."))
        services.speaker_remove(actor=actor, speaker=speaker)
        return _opened(meeting, speaker.item_id), _("The speaker is removed.")
    item = _item(meeting, post.get("item"))
    if action == "update":
        return _update(request, meeting, item)
    if action == "remove":
        services.agenda_item_remove(actor=actor, item=item)
        return {}, _("The item is removed.")
    if action in ("up", "down"):
        services.agenda_item_move(actor=actor, item=item, direction=action)
        return {}, _("The item is moved.")
    if action == "speaker_add":
        return _speaker(request, meeting, item)
    raise ValueError(action)


def _add(request: HttpRequest, meeting: Meeting) -> Outcome:
    form = AgendaItemForm(request.POST, meeting=meeting, prefix="new")
    if form.is_valid():
        try:
            services.agenda_item_add(actor=request.user, meeting=meeting, **form.service_fields())
            return {}, _("The item is added.")
        except AlmatyError as exc:
            form.add_error(None, exc.text)
    return {"add_form": form}, ""


def _update(request: HttpRequest, meeting: Meeting, item: AgendaItem) -> Outcome:
    form = AgendaItemForm(request.POST, meeting=meeting, prefix="edit")
    if form.is_valid():
        try:
            services.agenda_item_update(actor=request.user, item=item, **form.service_fields())
            return {}, _("The item is saved.")
        except AlmatyError as exc:
            form.add_error(None, exc.text)
    return _opened(meeting, item.pk, edit_form=form), ""


def _speaker(request: HttpRequest, meeting: Meeting, item: AgendaItem) -> Outcome:
    form = SpeakerForm(request.POST, prefix="speaker")
    if form.is_valid():
        try:
            _speaker_add(request.user, item, form.cleaned_data)
            return _opened(meeting, item.pk), _("The speaker is added.")
        except AlmatyError as exc:
            form.add_error(None, exc.text)
    return _opened(meeting, item.pk, speaker_form=form), ""


@transaction.atomic
def _speaker_add(actor: Any, item: AgendaItem, data: dict[str, Any]) -> None:
    # One transaction: a new person is not kept when the speaker is refused.
    person = data["person"] or services.person_save(
        actor=actor, name_en=data["name_en"], name_ru=data["name_ru"],
        position_en=data["position_en"], position_ru=data["position_ru"],
        organisation=data["organisation"],
    )  # fmt: skip
    services.speaker_add(
        actor=actor, item=item, person=person, role=data["role"],
        note_en=data["note_en"], note_ru=data["note_ru"],
    )  # fmt: skip
