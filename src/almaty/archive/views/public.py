"""The public archive: search, a document, a file."""

from __future__ import annotations

import math
from dataclasses import dataclass

from django.contrib import messages
from django.db.models import prefetch_related_objects
from django.http import FileResponse, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from almaty.accounts import access as accounts_access
from almaty.accounts.choices import RoleCode
from almaty.archive import access, search, selectors, services
from almaty.archive.choices import Access, Language
from almaty.archive.forms import (
    SearchForm,
)
from almaty.archive.models import Document, DocumentVersion
from almaty.archive.views.common import (
    LANGUAGE_ORDER,
    PAGE_SIZE,
    Badge,
    _badges,
    _document_url,
    _is_support_unit,
    safe_snippet,
)
from almaty.core import countries
from almaty.core.cache import public_page
from almaty.core.errors import AlmatyError
from almaty.core.views import error_page, not_found

# --- search -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Row:
    document: Document
    version: DocumentVersion
    url: str
    snippet: SafeString
    versions: list[Badge]


def _search_form(request: HttpRequest) -> SearchForm:
    from almaty.meetings.selectors import meetings

    return SearchForm(
        request.GET or None,
        years=selectors.issue_years(access.documents_visible_to(request.user)),
        meetings=[
            (m.pk, f"{m.title} ({m.starts_on.isoformat()})")
            for m in meetings().order_by("-starts_on", "-pk")
        ],
        topics=[(t.code, t.name) for t in selectors.topics()],
        states=_state_choices(),
    )


def _state_choices() -> list[tuple[str, str]]:
    from almaty.process.models import State

    choices = [(s.iso3, s.short_name) for s in State.objects.all()]
    return sorted(choices, key=lambda choice: countries.collation_key(choice[1]))


def _page_number(raw: str | None) -> int:
    try:
        return max(1, int(raw or "1"))
    except ValueError:
        return 1


def _is_htmx(request: HttpRequest) -> bool:
    # A history restore asks for the whole page, not the fragment.
    return bool(
        request.headers.get("HX-Request") and not request.headers.get("HX-History-Restore-Request")
    )


@public_page
def search_page(request: HttpRequest) -> HttpResponse:
    """Full-text search of the documents the reader may see; no words: the latest documents."""
    roles = {a.role.code for a in accounts_access.active_assignments(user=request.user)}
    form = _search_form(request)
    filters = form.filters()
    number = _page_number(request.GET.get("page"))
    found = search.search(
        user=request.user, limit=PAGE_SIZE, offset=(number - 1) * PAGE_SIZE, **filters
    )
    documents = [hit.document for hit in found.hits]
    prefetch_related_objects(documents, "versions", "meeting")
    rows = []
    for hit in found.hits:
        rows.append(
            Row(
                document=hit.document,
                version=hit.version,
                url=_document_url(hit.document.pk, hit.version.language),
                snippet=safe_snippet(hit.snippet or ""),
                versions=_badges(hit.document),
            )
        )
    pages = max(1, math.ceil(found.total / PAGE_SIZE))
    kept = request.GET.copy()
    kept.pop("page", None)
    context = {
        "form": form,
        "rows": rows,
        "total": found.total,
        "query": filters["query"],
        "page": number,
        "pages": pages,
        "previous_page": number - 1 if number > 1 else None,
        "next_page": number + 1 if number < pages else None,
        "kept": kept.urlencode(),
        "is_support_unit": RoleCode.SUPPORT_UNIT in roles,
        "has_role": bool(roles),
    }
    template = "archive/_results.html" if _is_htmx(request) else "archive/search.html"
    response = render(request, template, context)
    patch_vary_headers(response, ["HX-Request"])
    return response


# --- a document ---------------------------------------------------------------------------------


@public_page
def document_page(request: HttpRequest, document_id: int) -> HttpResponse:
    """A document: its facts and, in the reader's language, its text; never another language's
    text in its place."""
    try:
        document = access.access_document_by_id(user=request.user, document_id=document_id)
    except AlmatyError:
        return not_found(request)
    is_support_unit = _is_support_unit(request.user)
    if request.method == "POST":
        if not is_support_unit:
            return error_page(
                request, 403, _("Not allowed"), _("Only the Support Unit can do this.")
            )
        try:
            services.document_update(
                actor=request.user, document=document, access=request.POST.get("access", "")
            )
            messages.success(request, _("Who may read the document is changed."))
        except AlmatyError as exc:
            messages.error(request, exc.text)
        return redirect("archive:document", document.pk)
    requested = request.GET.get("lang", "")
    language = requested if requested in LANGUAGE_ORDER else translation.get_language() or "en"
    version = document.version_in(language)
    badges = _badges(document)
    others = [b for b in badges if b.version.language != language]
    return render(
        request,
        "archive/document.html",
        {
            "document": document,
            "version": version,
            "language": language,
            "language_label": Language(language).label,
            "versions": badges,
            "only": others[0] if version is None and len(others) == 1 else None,
            "others": others,
            "text": (version.text or version.extracted_text) if version else "",
            "title": version.title if version else (others[0].version.title if others else ""),
            "states": sorted(
                document.states.all(), key=lambda s: countries.collation_key(s.short_name)
            ),
            "is_support_unit": is_support_unit,
            "access_choices": Access.choices,
            "languages": Language.choices,
        },
    )


def download(request: HttpRequest, version_id: int) -> HttpResponseBase:
    """The stored file of a language version, for those who may read its document."""
    try:
        version = access.access_version_by_id(user=request.user, version_id=version_id)
        if not version.file:
            return not_found(request)
        handle = version.file.storage.open(version.file.name, "rb")
    except (AlmatyError, FileNotFoundError):
        return not_found(request)
    return FileResponse(
        handle,
        as_attachment=True,
        filename=version.file_name or version.file.name.rsplit("/", 1)[-1],
        content_type=version.media_type or "application/octet-stream",
    )
