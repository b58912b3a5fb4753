"""Pieces shared by the archive's pages: errors, badges, safe snippets, the Support Unit gate."""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from almaty.accounts import access as accounts_access
from almaty.accounts.choices import RoleCode
from almaty.archive.choices import Language, TranslationStatus
from almaty.archive.models import Document, DocumentVersion
from almaty.core.views import error_page

PAGE_SIZE = 20
TERM_FIELDS = ("term_en", "term_ru", "definition_en", "definition_ru", "note", "topic")
LANGUAGE_ORDER = list(Language.values)
# The badge colours of site.css: settled texts, texts under review, texts not to be relied on.
STATUS_CLASS: dict[str, str] = {
    TranslationStatus.ORIGINAL: "met",
    TranslationStatus.FINAL: "met",
    TranslationStatus.REVIEWED: "due",
    TranslationStatus.DRAFT: "overdue",
    TranslationStatus.MACHINE_DRAFT: "overdue",
}


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


def _document_url(document_id: int, language: str) -> str:
    """The page of a document showing its version in `language`, in the reader's language."""
    url = reverse("archive:document", args=[document_id])
    return url if language == translation.get_language() else f"{url}?lang={language}"


@dataclass(frozen=True)
class Badge:
    """A language version as the pages show it: its status colour and the page that shows it."""

    version: DocumentVersion
    css: str
    url: str


def _badges(document: Document) -> list[Badge]:
    versions = sorted(document.versions.all(), key=lambda v: LANGUAGE_ORDER.index(v.language))
    return [
        Badge(v, STATUS_CLASS.get(v.status, ""), _document_url(document.pk, v.language))
        for v in versions
    ]


_MARK = re.compile(r"</?mark>")
_ENTITY = re.compile(r"&(?:amp|lt|gt|quot|apos|#x27|#39|#34);")


def safe_snippet(snippet: str) -> SafeString:
    """Search snippets come escaped, with <mark> around the words found. Trust that only after
    checking it: anything else that looks like markup is escaped, and only <mark> survives."""
    bare = _ENTITY.sub("", _MARK.sub("", snippet))
    if not any(c in bare for c in "<>&"):
        return mark_safe(snippet)  # noqa: S308 - checked above: text, entities and <mark> only
    escaped = str(escape(snippet))
    return mark_safe(  # noqa: S308 - escaped, then only the two <mark> tags restored
        escaped.replace("&lt;mark&gt;", "<mark>").replace("&lt;/mark&gt;", "</mark>")
    )
