"""The Support Unit's desk: new documents and versions, translations, media, glossary, PDFs."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from almaty.accounts import access as accounts_access
from almaty.archive import access, selectors, services
from almaty.archive.choices import Language, TranslationStatus
from almaty.archive.forms import (
    CompilationForm,
    DocumentForm,
    GlossaryTermForm,
    InformationSheetForm,
    MediaItemForm,
    PeriodForm,
    VersionForm,
)
from almaty.archive.models import Document, DocumentVersion, GlossaryTerm, MediaItem
from almaty.archive.views.common import (
    LANGUAGE_ORDER,
    STATUS_CLASS,
    TERM_FIELDS,
    Badge,
    _document_url,
    _is_support_unit,
    support_unit_only,
)
from almaty.core.errors import AlmatyError
from almaty.core.views import error_page, not_found, pdf_response, pdf_unavailable

# --- the Support Unit's desk --------------------------------------------------------------------


@support_unit_only
def new_document(request: HttpRequest) -> HttpResponse:
    """A new document with its first language version; a bad file stores nothing at all."""
    form = DocumentForm(request.POST or None, request.FILES or None)
    if request.method != "POST":
        return render(request, "archive/new.html", {"form": form})
    if form.is_valid():
        data = form.cleaned_data
        try:
            # One transaction: a refused file takes the new document back with it.
            with transaction.atomic():
                document = services.document_create(
                    actor=request.user, kind=data["kind"], issued_on=data["issued_on"],
                    access=data["access"], meeting=data["meeting"],
                    topics=list(data["topics"]), states=list(data["states"]),
                )  # fmt: skip
                services.version_save(
                    actor=request.user, document=document, language=data["language"],
                    title=data["title"], text=data["text"], upload=data["file"], status=data["status"],
                )  # fmt: skip
        except AlmatyError as exc:
            form.add_error(None, exc.text)
        else:
            messages.success(request, _("The document is added to the archive."))
            return redirect(_document_url(document.pk, data["language"]))
    return render(request, "archive/new.html", {"form": form}, status=400)


@support_unit_only
def version_page(request: HttpRequest, document_id: int, language: str) -> HttpResponse:
    """Add or replace one language version, with the glossary terms its text uses."""
    try:
        document = access.access_document_by_id(user=request.user, document_id=document_id)
    except AlmatyError:
        return not_found(request)
    if language not in LANGUAGE_ORDER:
        return not_found(request)
    existing = document.version_in(language)
    posted = request.method == "POST"
    text = request.POST.get("text", "") if posted else (existing.text if existing else "")
    if not text.strip() and existing is not None:
        text = existing.extracted_text
    terms = selectors.glossary_for_text(text, language) if text else []
    if posted and request.POST.get("action") == "glossary":  # htmx, as the text is typed
        return render(request, "archive/_glossary.html", {"terms": terms})
    initial = (
        {"title": existing.title, "status": existing.status, "text": existing.text,
         "translated_from": existing.translated_from}
        if existing
        else {"status": TranslationStatus.DRAFT}
    )  # fmt: skip
    form = VersionForm(
        request.POST or None,
        request.FILES or None,
        initial=initial,
        glossary_url=reverse("archive:version", args=[document.pk, language]),
    )
    status = 200
    if posted:
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.version_save(
                    actor=request.user, document=document, language=language, title=data["title"],
                    text=data["text"], upload=data["file"], status=data["status"],
                    translated_from=data["translated_from"],
                )  # fmt: skip
            except AlmatyError as exc:
                form.add_error(None, exc.text)
            else:
                messages.success(request, _("The language version is saved."))
                return redirect(_document_url(document.pk, language))
        status = 400
    context = {"form": form, "document": document, "existing": existing, "terms": terms}
    context |= {"language": language, "language_label": Language(language).label}
    return render(request, "archive/version.html", context, status=status)


@support_unit_only
def translations(request: HttpRequest) -> HttpResponse:
    """Which language versions each document has, and how far each has come."""
    wanted = request.GET.get("status", "")
    documents = access.documents_visible_to(request.user).prefetch_related("versions")
    if wanted in TranslationStatus.values:
        documents = documents.filter(
            Exists(DocumentVersion.objects.filter(document=OuterRef("pk"), status=wanted))
        )
    elif wanted == "missing":
        documents = documents.exclude(
            Exists(DocumentVersion.objects.filter(document=OuterRef("pk"), language=Language.EN))
            & Exists(DocumentVersion.objects.filter(document=OuterRef("pk"), language=Language.RU))
        )
    page = Paginator(documents, 50).get_page(request.GET.get("page"))
    present = {v.language for d in page for v in d.versions.all()}
    columns = [c for c in LANGUAGE_ORDER if c in (Language.EN, Language.RU) or c in present]
    language = translation.get_language() or "en"
    rows = [
        {
            "document": d,
            "title": _title(d, language),
            "cells": [_cell(d, c) for c in columns],
        }
        for d in page
    ]
    kept = request.GET.copy()
    kept.pop("page", None)
    return render(
        request,
        "archive/translations.html",
        {
            "page": page,
            "rows": rows,
            "columns": [(c, Language(c).label) for c in columns],
            "statuses": [*TranslationStatus.choices, ("missing", _("English or Russian missing"))],
            "wanted": wanted,
            "kept": kept.urlencode(),
        },
    )


def _title(document: Document, language: str) -> str:
    own = document.version_in(language)
    if own is not None:
        return own.title
    versions = list(document.versions.all())
    return versions[0].title if versions else _("Document %(id)s") % {"id": document.pk}


def _cell(document: Document, language: str) -> Badge | None:
    version = document.version_in(language)
    if version is None:
        return None
    return Badge(
        version, STATUS_CLASS.get(version.status, ""), _document_url(document.pk, language)
    )


@support_unit_only
def media(request: HttpRequest) -> HttpResponse:
    """Media monitoring: the items of a period, and a form to note a new one."""
    adding = request.method == "POST" and request.POST.get("action") != "remove"
    form = MediaItemForm(request.POST if adding else None)
    status = 200
    if request.method == "POST" and not adding:
        item = MediaItem.objects.filter(pk=_int(request.POST.get("item"))).first()
        try:
            if item is None:
                raise AlmatyError(_("There is no such media item."))
            services.media_item_remove(actor=request.user, item=item)
            messages.success(request, _("The media item is removed."))
        except AlmatyError as exc:
            messages.error(request, exc.text)
        return redirect("archive:media")
    if adding:
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.media_item_save(
                    actor=request.user, outlet=data["outlet"], published_on=data["published_on"],
                    language=data["language"], headline=data["headline"], url=data["url"],
                    summary_en=data["summary_en"], summary_ru=data["summary_ru"],
                    states=list(data["states"]), topics=list(data["topics"]),
                )  # fmt: skip
            except AlmatyError as exc:
                form.add_error(None, exc.text)
            else:
                messages.success(request, _("The media item is recorded."))
                return redirect("archive:media")
        status = 400
    today = timezone.localdate()
    period = PeriodForm(request.GET or {"start": today - dt.timedelta(days=90), "end": today})
    if period.is_valid():
        start, end = period.cleaned_data["start"], period.cleaned_data["end"]
    else:
        start, end = today - dt.timedelta(days=90), today
    return render(
        request,
        "archive/media.html",
        {
            "form": form,
            "period": period,
            "items": selectors.media_items(start, end),
            "start": start,
            "end": end,
        },
        status=status,
    )


def _int(raw: str | None) -> int:
    try:
        return int(raw or "0")
    except ValueError:
        return 0


@login_required
def glossary(request: HttpRequest) -> HttpResponse:
    """The agreed terms in English and Russian: read by anyone holding a role, kept by the
    Support Unit."""
    if not accounts_access.active_assignments(user=request.user):
        return error_page(request, 403, _("Not allowed"), _("You may not see this page."))
    is_support_unit = _is_support_unit(request.user)
    editing = GlossaryTerm.objects.filter(pk=_int(request.GET.get("edit"))).first()
    removing = request.POST.get("action") == "remove"
    initial = {name: getattr(editing, name) for name in TERM_FIELDS} if editing else None
    posted = request.method == "POST" and not removing
    form = GlossaryTermForm(request.POST if posted else None, initial=initial)
    status = 200
    if request.method == "POST" and not is_support_unit:
        return error_page(request, 403, _("Not allowed"), _("Only the Support Unit can do this."))
    if request.method == "POST" and removing:
        try:
            if editing is None:
                raise AlmatyError(_("There is no such glossary term."))
            services.glossary_term_remove(actor=request.user, term=editing)
            messages.success(request, _("The term is removed."))
        except AlmatyError as exc:
            messages.error(request, exc.text)
        return redirect("archive:glossary")
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.glossary_term_save(
                    actor=request.user, term_en=data["term_en"], term_ru=data["term_ru"],
                    definition_en=data["definition_en"], definition_ru=data["definition_ru"],
                    note=data["note"], topic=data["topic"], term=editing,
                )  # fmt: skip
            except AlmatyError as exc:
                form.add_error(None, exc.text)
            else:
                messages.success(request, _("The term is saved."))
                return redirect("archive:glossary")
        status = 400
    return render(
        request,
        "archive/glossary.html",
        {
            "terms": selectors.glossary_terms(),
            "form": form,
            "editing": editing,
            "is_support_unit": is_support_unit,
        },
        status=status,
    )


@support_unit_only
def compilation(request: HttpRequest, meeting_id: int) -> HttpResponse:
    """A meeting's documents, chosen, in one bilingual PDF for publication."""
    from almaty.meetings.selectors import meeting_by_id

    try:
        meeting = meeting_by_id(meeting_id)
    except AlmatyError:
        return not_found(request)
    documents = (
        access.documents_visible_to(request.user)
        .filter(meeting=meeting)
        .prefetch_related("versions")
        .order_by("issued_on", "pk")
    )
    form = CompilationForm(request.GET or None, documents=documents)
    if not form.is_bound:
        return render(request, "archive/compilation.html", {"form": form, "meeting": meeting})
    if not form.is_valid():
        return render(
            request, "archive/compilation.html", {"form": form, "meeting": meeting}, status=400
        )
    chosen = list(form.cleaned_data["documents"].order_by("issued_on", "pk"))
    try:
        from almaty.archive.pdf import compilation_pdf

        content = compilation_pdf(meeting=meeting, documents=chosen)
    except (ImportError, OSError):  # WeasyPrint without its system libraries (Pango)
        return pdf_unavailable(request)
    return pdf_response(content, f"compilation-{meeting.starts_on.isoformat()}-{meeting.pk}")


@support_unit_only
def information_sheet(request: HttpRequest) -> HttpResponse:
    """The joint information sheet of a period, in one language, as a PDF."""
    today = timezone.localdate()
    form = InformationSheetForm(
        request.GET or None,
        initial={
            "start": today - dt.timedelta(days=90),
            "end": today,
            "language": translation.get_language() or "en",
        },
    )
    if not form.is_bound:
        return render(request, "archive/information_sheet.html", {"form": form})
    if not form.is_valid():
        return render(request, "archive/information_sheet.html", {"form": form}, status=400)
    data = form.cleaned_data
    try:
        from almaty.archive.pdf import information_sheet_pdf

        content = information_sheet_pdf(
            start=data["start"], end=data["end"], language=data["language"]
        )
    except (ImportError, OSError):  # WeasyPrint without its system libraries (Pango)
        return pdf_unavailable(request)
    return pdf_response(
        content,
        f"information-sheet-{data['start'].isoformat()}-{data['end'].isoformat()}-{data['language']}",
    )
