"""Who may read which documents of the archive, and who may change it.

Public documents are for everyone; members-only documents for anyone holding an active role in
the Process; drafts for the Support Unit, which alone writes to the archive. A document that
does not exist and one the user may not read give the same error.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch, QuerySet
from django.utils.translation import gettext_lazy as _

from almaty.accounts import access as accounts_access
from almaty.accounts.choices import RoleCode
from almaty.archive.choices import Access
from almaty.archive.models import Document, DocumentVersion
from almaty.core.errors import NotFoundOrForbidden


def readable_levels(user: Any) -> tuple[str, ...]:
    """The access levels the user may read (one query for the user's roles)."""
    roles = {a.role.code for a in accounts_access.active_assignments(user=user)}
    if RoleCode.SUPPORT_UNIT in roles:
        return (Access.PUBLIC, Access.MEMBERS, Access.DRAFT)
    if roles:
        return (Access.PUBLIC, Access.MEMBERS)
    return (Access.PUBLIC,)


def can_edit_archive(user: Any) -> bool:
    return accounts_access.user_has_role(user=user, role=RoleCode.SUPPORT_UNIT)


def require_archivist(user: Any) -> None:
    """Archive writes are for the Support Unit; PermissionDenied otherwise."""
    accounts_access.require_role(user=user, role=RoleCode.SUPPORT_UNIT)


def can_read_document(user: Any, document: Document) -> bool:
    return document.access in readable_levels(user)


def documents_visible_to(user: Any) -> QuerySet[Document]:
    """The documents the user may read (no related rows loaded: see selectors for lists)."""
    return Document.objects.filter(access__in=readable_levels(user))


def access_document_by_id(*, user: Any, document_id: int | str) -> Document:
    """The document with its versions, topics, States and meeting, if the user may read it."""
    document = None
    if str(document_id).isdigit():
        document = (
            documents_visible_to(user)
            .select_related("meeting")
            .prefetch_related(
                Prefetch("versions", queryset=DocumentVersion.objects.order_by("language")),
                "topics",
                "states",
            )
            .filter(pk=int(document_id))
            .first()
        )
    if document is None:
        raise NotFoundOrForbidden(_("No document %(id)s."), id=document_id)
    return document


def access_version_by_id(*, user: Any, version_id: int | str) -> DocumentVersion:
    """A language version (e.g. to download its file), if the user may read its document."""
    version = None
    if str(version_id).isdigit():
        version = (
            DocumentVersion.objects.select_related("document")
            .filter(pk=int(version_id), document__access__in=readable_levels(user))
            .first()
        )
    if version is None:
        raise NotFoundOrForbidden(_("No document version %(id)s."), id=version_id)
    return version
