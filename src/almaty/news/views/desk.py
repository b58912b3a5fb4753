"""The Support Unit's news desk: the items with their status and languages, the editing form,
publish now or later, withdraw, delete a draft. Plain forms: POST, then a redirect."""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views.decorators.http import require_POST

from almaty.accounts import access as accounts_access
from almaty.accounts.choices import RoleCode
from almaty.core.errors import AlmatyError
from almaty.core.views import error_page, not_found
from almaty.news import selectors, services
from almaty.news.choices import LANGUAGES, NewsStatus
from almaty.news.forms import NewsItemForm, PublishForm
from almaty.news.models import NewsItem

DESK_PAGE_SIZE = 50


def support_unit_only(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Sign-in first; then the page is the Support Unit's, and others are told so."""

    @functools.wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not accounts_access.user_has_role(user=request.user, role=RoleCode.SUPPORT_UNIT):
            return error_page(
                request, 403, _("Not allowed"), _("Only the Support Unit can do this.")
            )
        return view(request, *args, **kwargs)

    return login_required(wrapped)


@dataclass(frozen=True)
class LanguageState:
    code: str
    label: str
    state: str  # complete, partial or missing
    text: str


def _language_states(item: NewsItem) -> list[LanguageState]:
    labels = {"en": _("English"), "ru": _("Russian")}
    out = []
    for code in LANGUAGES:
        title, body = getattr(item, f"title_{code}"), getattr(item, f"body_{code}")
        if title and body:
            state, text = "complete", _("ready")
        elif title or body:
            state, text = "partial", _("incomplete: not shown")
        else:
            state, text = "missing", _("missing")
        out.append(LanguageState(code, labels[code], state, text))
    return out


def _status_label(item: NewsItem) -> str:
    if item.status == NewsStatus.DRAFT:
        return pgettext("news status", "Draft")
    if item.is_scheduled:
        return pgettext("news status", "Scheduled")
    return pgettext("news status", "Published")


def _item(pk: int) -> NewsItem | None:
    return NewsItem.objects.select_related("meeting").filter(pk=pk).first()


@support_unit_only
def desk(request: HttpRequest) -> HttpResponse:
    """Every item, the latest written first, with its status and languages."""
    page = Paginator(selectors.desk_items(), DESK_PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [
        {"item": item, "status": _status_label(item), "languages": _language_states(item)}
        for item in page
    ]
    return render(request, "news/desk.html", {"page": page, "rows": rows})


def _initial(item: NewsItem) -> dict[str, Any]:
    fields = ("title_en", "summary_en", "body_en", "title_ru", "summary_ru", "body_ru", "slug")
    return {name: getattr(item, name) for name in fields} | {"meeting": item.meeting_id}


def _form_page(
    request: HttpRequest, form: NewsItemForm, item: NewsItem | None, status: int = 200
) -> HttpResponse:
    context: dict[str, Any] = {"form": form, "item": item}
    if item is not None:
        moment = item.publish_at
        context |= {
            "status_label": _status_label(item),
            "languages": _language_states(item),
            "publish_form": PublishForm(
                initial={"publish_at": timezone.localtime(moment) if moment else None}
            ),
            "time_zone": timezone.get_current_timezone_name(),
            "address_fixed": item.first_published_at is not None,
        }
    return render(request, "news/edit.html", context, status=status)


@support_unit_only
def new(request: HttpRequest) -> HttpResponse:
    """Write a news item; it is saved as a draft."""
    form = NewsItemForm(request.POST or None)
    if request.method != "POST":
        return _form_page(request, form, None)
    if form.is_valid():
        try:
            item = services.news_item_create(actor=request.user, **form.cleaned_data)
        except AlmatyError as exc:
            form.add_error(None, exc.text)
        else:
            messages.success(request, _("The news item is saved as a draft."))
            return redirect("news:edit", item.pk)
    return _form_page(request, form, None, status=400)


@support_unit_only
def edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Change a news item's texts, address or meeting."""
    item = _item(pk)
    if item is None:
        return not_found(request)
    form = NewsItemForm(request.POST or None, initial=_initial(item))
    if request.method != "POST":
        return _form_page(request, form, item)
    if form.is_valid():
        try:
            services.news_item_update(actor=request.user, item=item, **form.cleaned_data)
        except AlmatyError as exc:
            form.add_error(None, exc.text)
        else:
            messages.success(request, _("The news item is saved."))
            return redirect("news:edit", item.pk)
    return _form_page(request, form, item, status=400)


def _when(moment: Any) -> str:
    return str(formats.date_format(timezone.localtime(moment), "DATETIME_FORMAT"))


@require_POST
@support_unit_only
def publish(request: HttpRequest, pk: int) -> HttpResponse:
    """Publish now, or from the moment given (a future one schedules the item)."""
    item = _item(pk)
    if item is None:
        return not_found(request)
    form = PublishForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the date and time as YYYY-MM-DD HH:MM, or leave it empty."))
        return redirect("news:edit", item.pk)
    try:
        item = services.news_item_publish(
            actor=request.user, item=item, publish_at=form.cleaned_data["publish_at"]
        )
    except AlmatyError as exc:
        messages.error(request, exc.text)
    else:
        if item.is_scheduled:
            messages.success(
                request,
                _("The news item will be published on %(when)s.")
                % {"when": _when(item.publish_at)},
            )
        else:
            messages.success(request, _("The news item is published."))
    return redirect("news:edit", item.pk)


@require_POST
@support_unit_only
def unpublish(request: HttpRequest, pk: int) -> HttpResponse:
    """Withdraw a published or scheduled item: a draft again."""
    item = _item(pk)
    if item is None:
        return not_found(request)
    try:
        services.news_item_unpublish(actor=request.user, item=item)
    except AlmatyError as exc:
        messages.error(request, exc.text)
    else:
        messages.success(request, _("The news item is withdrawn; it is a draft again."))
    return redirect("news:edit", item.pk)


@require_POST
@support_unit_only
def remove(request: HttpRequest, pk: int) -> HttpResponse:
    """Delete a draft."""
    item = _item(pk)
    if item is None:
        return not_found(request)
    try:
        services.news_item_delete(actor=request.user, item=item)
    except AlmatyError as exc:
        messages.error(request, exc.text)
        return redirect("news:edit", item.pk)
    messages.success(request, _("The draft is deleted."))
    return redirect("news:desk")
