"""API: searching the archive, reading documents and their language versions, adding to it."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import FileResponse, HttpRequest
from django.utils.translation import gettext_lazy as _
from ninja import Field, File, Form, Router, Schema, Status
from ninja.files import UploadedFile

from almaty.api.auth import PUBLIC_OR_SIGNED_IN
from almaty.api.schemas import PUBLIC_ERRORS, SIGNED_IN_ERRORS, ErrorOut
from almaty.archive import access, search, services
from almaty.archive.choices import Access, DocumentKind, Language, TranslationStatus
from almaty.archive.models import Document, DocumentVersion
from almaty.core.errors import InvalidInput, NotFoundOrForbidden

router = Router(tags=["archive"])
WRITE_ERRORS: dict[int, Any] = {**SIGNED_IN_ERRORS, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut}


class VersionOut(Schema):
    document_id: int
    language: str
    language_label: str
    title: str
    status: str
    status_label: str
    translated_from: str
    has_file: bool
    file_name: str
    file_size: int | None
    media_type: str
    file_url: str | None
    updated_at: dt.datetime


class DocumentOut(Schema):
    id: int
    kind: str
    kind_label: str
    issued_on: dt.date
    meeting_id: int | None
    access: str
    access_label: str
    topics: list[str]
    states: list[str]
    has_parity: bool
    versions: list[VersionOut]


class HitOut(Schema):
    document_id: int
    kind: str
    kind_label: str
    issued_on: dt.date
    meeting_id: int | None
    language: str
    title: str
    snippet: str = Field(description="Escaped HTML: the words found are in <mark>.")
    rank: float = Field(description="Higher is a better match; 0 when the query has no words.")


class SearchOut(Schema):
    total: int
    limit: int
    offset: int
    hits: list[HitOut]


class DocumentIn(Schema):
    kind: str
    issued_on: dt.date
    access: str = Access.DRAFT.value
    meeting: int | None = None
    topics: list[str] = []
    states: list[str] = []


def _version(v: DocumentVersion) -> VersionOut:
    return VersionOut(
        document_id=v.document_id, language=v.language, language_label=str(Language(v.language).label),
        title=v.title, status=v.status, status_label=str(TranslationStatus(v.status).label),
        translated_from=v.translated_from, has_file=bool(v.file), file_name=v.file_name,
        file_size=v.file_size, media_type=v.media_type,
        file_url=f"/api/v1/documents/{v.document_id}/versions/{v.language}/file" if v.file else None,
        updated_at=v.updated_at,
    )  # fmt: skip


def _document(d: Document) -> DocumentOut:
    return DocumentOut(
        id=d.pk, kind=d.kind, kind_label=str(DocumentKind(d.kind).label), issued_on=d.issued_on,
        meeting_id=d.meeting_id, access=d.access, access_label=str(Access(d.access).label),
        topics=[t.code for t in d.topics.all()], states=[s.iso3 for s in d.states.all()],
        has_parity=d.has_parity, versions=[_version(v) for v in d.versions.all()],
    )  # fmt: skip


def _fresh(user: Any, document_id: int) -> Document:
    return access.access_document_by_id(user=user, document_id=document_id)


@router.get(
    "/documents/search",
    response={200: SearchOut, 400: ErrorOut, **PUBLIC_ERRORS},
    auth=PUBLIC_OR_SIGNED_IN,
    summary="Search the documents the caller may read (full text, with snippets)",
)
def search_documents(
    request: HttpRequest,
    q: str = "",
    kind: str | None = None,
    year: int | None = None,
    meeting: int | None = None,
    topic: str | None = None,
    state: str | None = None,
    language: str | None = None,
    limit: int = 20,
    offset: int = 0,
) -> SearchOut:
    if not 1 <= limit <= 100:
        raise InvalidInput(_("The limit must be between 1 and 100."))
    if offset < 0:
        raise InvalidInput(_("The offset cannot be negative."))
    page = search.search(
        user=request.user, query=q, kind=kind or None, year=year, meeting_id=meeting,
        topic=topic or None, state_iso3=state or None, language=language or None,
        limit=limit, offset=offset,
    )  # fmt: skip
    hits = [
        HitOut(
            document_id=hit.document.pk,
            kind=hit.document.kind,
            kind_label=str(DocumentKind(hit.document.kind).label),
            issued_on=hit.document.issued_on,
            meeting_id=hit.document.meeting_id,
            language=hit.version.language,
            title=hit.version.title,
            snippet=hit.snippet,
            rank=float(hit.rank),
        )
        for hit in page.hits
    ]
    return SearchOut(total=page.total, limit=limit, offset=offset, hits=hits)


@router.get(
    "/documents/{document_id}",
    response={200: DocumentOut, 404: ErrorOut, **PUBLIC_ERRORS},
    auth=PUBLIC_OR_SIGNED_IN,
    summary="One document and its language versions",
)
def get_document(request: HttpRequest, document_id: int) -> DocumentOut:
    return _document(_fresh(request.user, document_id))


@router.get(
    "/documents/{document_id}/versions/{language}/file",
    response={404: ErrorOut, **PUBLIC_ERRORS},
    auth=PUBLIC_OR_SIGNED_IN,
    summary="The file of one language version, as stored",
    openapi_extra={
        "responses": {
            200: {
                "description": "The file, with its media type.",
                "content": {
                    "application/octet-stream": {"schema": {"type": "string", "format": "binary"}}
                },
            }
        }
    },
)
def download(request: HttpRequest, document_id: int, language: str) -> FileResponse:
    document = _fresh(request.user, document_id)
    version = document.version_in(language)
    if version is None or not version.file:
        raise NotFoundOrForbidden(
            _("Document %(id)s has no file in the language '%(language)s'."),
            id=document_id,
            language=language,
        )
    try:
        handle = version.file.open("rb")
    except FileNotFoundError:
        raise NotFoundOrForbidden(
            _("Document %(id)s has no file in the language '%(language)s'."),
            id=document_id,
            language=language,
        ) from None
    return FileResponse(
        handle,
        as_attachment=True,
        filename=version.file_name or version.file.name.rsplit("/", 1)[-1],
        content_type=version.media_type or "application/octet-stream",
    )


@router.post(
    "/documents",
    response={201: DocumentOut, **SIGNED_IN_ERRORS, 400: ErrorOut, 403: ErrorOut},
    summary="Add a document to the archive (Support Unit); its texts follow as versions",
)
def create_document(request: HttpRequest, payload: DocumentIn) -> Status:
    access.require_archivist(request.user)
    made = services.document_create(
        actor=request.user, kind=payload.kind, issued_on=payload.issued_on, access=payload.access,
        meeting=payload.meeting, topics=payload.topics, states=payload.states,
    )  # fmt: skip
    return Status(201, _document(_fresh(request.user, made.pk)))


@router.post(
    "/documents/{document_id}/versions",
    response={201: VersionOut, **WRITE_ERRORS},
    summary="Add or replace a language version: title, status, and a text or a file (Support Unit)",
)
def save_version(
    request: HttpRequest,
    document_id: int,
    language: Form[str],
    title: Form[str],
    status: Form[str] = TranslationStatus.DRAFT.value,
    text: Form[str] = "",
    translated_from: Form[str] = "",
    file: UploadedFile | None = File(None),  # noqa: B008 - ninja declares an optional upload so
) -> Status:
    access.require_archivist(request.user)
    document = _fresh(request.user, document_id)
    made = services.version_save(
        actor=request.user, document=document, language=language, title=title, text=text,
        upload=file, status=status, translated_from=translated_from,
    )  # fmt: skip
    return Status(201, _version(made))
