"""The public pages (About, Contact, Partners) and the Support Unit's desk for pages and photos.

Views parse, call a service or selector, and render; errors are shown in the reader's language.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import translate_url
from django.utils import timezone
from django.utils.translation import gettext as _

from almaty.accounts import access as accounts_access
from almaty.accounts.choices import RoleCode
from almaty.core import markup
from almaty.core.cache import public_page
from almaty.core.errors import AlmatyError
from almaty.core.languages import current_language as _language
from almaty.core.views import error_page, not_found
from almaty.meetings.selectors import meeting_by_id
from almaty.pages import about as about_data
from almaty.pages import selectors, services
from almaty.pages.choices import PageKey
from almaty.pages.forms import PageForm, PhotoTextsForm, PhotoUploadForm, ScheduleForm
from almaty.pages.models import Page

# --- shared pieces ------------------------------------------------------------------------------


def _is_support_unit(user: Any) -> bool:
    return accounts_access.user_has_role(user=user, role=RoleCode.SUPPORT_UNIT)


def support_unit_only(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Sign-in first; then the page is the Support Unit's, and others are told so."""

    @functools.wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not _is_support_unit(request.user):
            return error_page(
                request, 403, _("Not allowed"), _("Only the Support Unit can do this.")
            )
        return view(request, *args, **kwargs)

    return login_required(wrapped)


def page_context(request: HttpRequest, key: str) -> dict[str, Any] | None:
    """What a public page shows: its text in the reader's language, or a notice naming the
    language it exists in with a link there. None when the reader may not see the page."""
    is_support_unit = _is_support_unit(request.user)
    page = selectors.page_by_key(key) if is_support_unit else selectors.live_page(key)
    if page is None:
        return None
    language = _language()
    context: dict[str, Any] = {
        "page": page,
        "heading": str(PageKey(key).label),
        "is_preview": is_support_unit and not page.is_live(),
        "is_support_unit": is_support_unit,
        "language": language,
    }
    if page.has_language(language):
        body = page.body_in(language)
        context |= {
            "heading": page.title_in(language),
            "body": markup.render(body),
            "meta_description": markup.plain(body, 160),
        }
    else:
        others = [code for code in page.languages if code != language]
        if others:
            context["only_in"] = others[0]
            context["only_url"] = translate_url(request.path, others[0])
    return context


# --- public pages ------------------------------------------------------------------------------


def _simple_page(request: HttpRequest, key: str) -> HttpResponse:
    context = page_context(request, key)
    if context is None:
        return not_found(request)
    return render(request, "pages/page.html", context)


@public_page
def about(request: HttpRequest) -> HttpResponse:
    """The editable text, then the Process from data: the Operating Modalities in force and
    their history, the Support Unit, how decisions are taken."""
    context = page_context(request, PageKey.ABOUT) or {
        "heading": str(PageKey.ABOUT.label),
        "language": _language(),
    }
    context["data"] = about_data.about(on=timezone.localdate())
    return render(request, "pages/about.html", context)


@public_page
def contact(request: HttpRequest) -> HttpResponse:
    return _simple_page(request, PageKey.CONTACT)


@public_page
def partners(request: HttpRequest) -> HttpResponse:
    return _simple_page(request, PageKey.PARTNERS)


# --- the Support Unit's desk: pages -----------------------------------------------------------


@support_unit_only
def desk(request: HttpRequest) -> HttpResponse:
    pages = selectors.pages_for_desk()
    missing = [label for key, label in PageKey.choices if key not in {p.key for p in pages}]
    return render(request, "pages/desk.html", {"pages": pages, "missing": missing})


def _act(request: HttpRequest, page: Page) -> tuple[str, PageForm | ScheduleForm | None]:
    """Run the posted action; returns (message, form with errors or None)."""
    action = request.POST.get("action", "save")
    if action == "save":
        edited = PageForm.for_page(page, request.POST)
        if not edited.is_valid():
            return "", edited
        services.page_save(actor=request.user, page=page, **edited.cleaned_data)
        return _("The page is saved."), None
    if action == "publish":
        services.page_publish(actor=request.user, page=page)
        return _("The page is published."), None
    if action == "schedule":
        schedule = ScheduleForm(request.POST)
        if not schedule.is_valid():
            return "", schedule
        when = schedule.cleaned_data["publish_at"]
        services.page_publish(actor=request.user, page=page, publish_at=when)
        return _("The page will be published on %(date)s.") % {
            "date": timezone.localtime(when).strftime("%Y-%m-%d %H:%M")
        }, None
    if action == "unpublish":
        services.page_unpublish(actor=request.user, page=page)
        return _("The page is taken back to draft."), None
    return "", None


@support_unit_only
def edit(request: HttpRequest, key: str) -> HttpResponse:
    page = selectors.page_by_key(key)
    if page is None:
        return not_found(request)
    form = PageForm.for_page(page)
    schedule = ScheduleForm()
    bad_form: PageForm | ScheduleForm | None
    status = 200
    if request.method == "POST":
        try:
            done, bad_form = _act(request, page)
        except AlmatyError as exc:
            messages.error(request, exc.text)
            done, bad_form = "", None
            status = 400
            if request.POST.get("action", "save") == "save":
                form = PageForm.for_page(page, request.POST)
        if done:
            messages.success(request, done)
            return redirect("pages:edit", key=page.key)
        if isinstance(bad_form, PageForm):
            form, status = bad_form, 400
        elif isinstance(bad_form, ScheduleForm):
            schedule, status = bad_form, 400
    page.refresh_from_db()
    context = {"page": page, "form": form, "schedule": schedule, "now": timezone.now()}
    return render(request, "pages/edit.html", context, status=status)


# --- the Support Unit's desk: photos ----------------------------------------------------------


@support_unit_only
def meeting_photos(request: HttpRequest, meeting_id: int) -> HttpResponse:
    """A meeting's photos, published or not, and the upload form."""
    try:
        meeting = meeting_by_id(meeting_id)
    except AlmatyError:
        return not_found(request)
    form = PhotoUploadForm(request.POST or None, request.FILES or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = dict(form.cleaned_data)
            upload = data.pop("image")
            try:
                services.photo_upload(
                    actor=request.user, meeting=meeting, stream=upload, size=upload.size, **data
                )
            except AlmatyError as exc:
                form.add_error(None, exc.text)
            else:
                messages.success(request, _("The photo is added."))
                return redirect("pages:meeting-photos", meeting_id=meeting.pk)
        status = 400
    photos = list(selectors.all_photos_for_meeting(meeting.pk))
    context = {"meeting": meeting, "photos": photos, "form": form}
    return render(request, "pages/photos.html", context, status=status)


@support_unit_only
def photo_edit(request: HttpRequest, photo_id: int) -> HttpResponse:
    photo = selectors.photo_by_id(photo_id)
    if photo is None:
        return not_found(request)
    form = PhotoTextsForm.for_photo(photo, request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST":
        try:
            if request.POST.get("action") == "remove":
                services.photo_remove(actor=request.user, photo=photo)
                messages.success(request, _("The photo is removed."))
                return redirect("pages:meeting-photos", meeting_id=photo.meeting_id)
            if form.is_valid():
                services.photo_update(actor=request.user, photo=photo, **form.cleaned_data)
                messages.success(request, _("The photo is saved."))
                return redirect("pages:meeting-photos", meeting_id=photo.meeting_id)
        except AlmatyError as exc:
            form.add_error(None, exc.text)
        status = 400
    return render(request, "pages/photo_edit.html", {"photo": photo, "form": form}, status=status)
