"""Language versions and their files: checked, hashed, extracted, stored, indexed."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import Storage
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from almaty.archive import extract
from almaty.archive.choices import TranslationStatus
from almaty.archive.models import Document, DocumentVersion
from almaty.archive.services.common import (
    _document_title,
    _language,
    _require_archivist,
    _status,
    _text,
    _user,
)
from almaty.core.audit import audit_record
from almaty.core.errors import InvalidInput
from almaty.core.models import AuditAction

# --- language versions and their files ---------------------------------------------------------


def _storage() -> Storage:
    return DocumentVersion._meta.get_field("file").storage


def _read_upload(upload: Any, max_bytes: int) -> tuple[str, bytes]:
    """The upload's base name and bytes; its size is checked before it is read."""
    raw_name = str(getattr(upload, "name", "") or "")
    name = raw_name.replace("\\", "/").rsplit("/", 1)[-1].strip() or "upload"
    try:
        size = getattr(upload, "size", None)
        if size is not None:
            extract.check_size(name, size, max_bytes)
        if hasattr(upload, "seek"):
            upload.seek(0)
        data = upload.read(max_bytes + 1)
    except extract.RefusedFile as error:
        raise _refused(error) from None
    return name, bytes(data)


def _refused(error: extract.RefusedFile) -> InvalidInput:
    # The msgid is in the catalogue (marked with gettext_noop in extract): translate it here.
    return InvalidInput(_(error.message), **error.params)


def _inspect(name: str, data: bytes, max_bytes: int) -> extract.Inspected:
    try:
        return extract.inspect_upload(name, data, max_bytes)
    except extract.RefusedFile as error:
        raise _refused(error) from None


def _duplicate(holder: DocumentVersion) -> InvalidInput:
    return InvalidInput(
        _("This file is already in the archive: %(title)s (%(language)s)."),
        title=holder.title,
        language=holder.language,
    )


def _snapshot(version: DocumentVersion) -> tuple[str, ...]:
    return (
        version.title,
        version.text,
        version.status,
        version.translated_from,
        version.content_sha256,
    )


def version_save(
    *,
    actor: Any | None,
    document: Document,
    language: str,
    title: str,
    text: str = "",
    upload: Any | None = None,
    status: str = TranslationStatus.DRAFT,
    translated_from: str = "",
) -> DocumentVersion:
    """Create or replace the document's version in `language`: title, text and/or a file (PDF,
    DOCX or UTF-8 text, checked and its text extracted), its translation status. Indexed for
    search. Saving what is already stored changes nothing and writes no audit entry."""
    _require_archivist(actor)
    language = _language(language)
    status = _status(status)
    if translated_from:
        _language(translated_from)
        if translated_from == language:
            raise InvalidInput(_("A version cannot be translated from its own language."))
        if status == TranslationStatus.ORIGINAL:
            raise InvalidInput(_("An original is not translated from another language."))
    title = _text(DocumentVersion, "title", title, _("A version needs a title."))
    text = (text or "").strip()
    inspected = data = None
    name = ""
    if upload is not None:
        max_bytes = settings.ARCHIVE_MAX_UPLOAD_BYTES
        name, data = _read_upload(upload, max_bytes)
        inspected = _inspect(name, data, max_bytes)
    written: list[str] = []
    try:
        with transaction.atomic():
            return _version_write(
                actor=actor,
                document=document,
                language=language,
                values={"title": title, "text": text, "status": status},
                translated_from=translated_from,
                upload=(name, data, inspected) if inspected and data is not None else None,
                written=written,
            )
    except BaseException:
        for stored in written:  # the row is gone: so must its file be
            _storage().delete(stored)
        raise


def _version_write(
    *,
    actor: Any | None,
    document: Document,
    language: str,
    values: dict[str, str],
    translated_from: str,
    upload: tuple[str, bytes, extract.Inspected] | None,
    written: list[str],
) -> DocumentVersion:
    # Locking the document serialises the versions of one document (one per language).
    document = Document.objects.select_for_update().get(pk=document.pk)
    version = DocumentVersion.objects.filter(document=document, language=language).first()
    is_new = version is None
    if version is None:
        version = DocumentVersion(document=document, language=language)
    if not values["text"] and upload is None and not version.file:
        raise InvalidInput(_("A version needs its text or a file."))
    before = None if is_new else _snapshot(version)
    old_file = version.file.name if version.file else ""
    version.title, version.text, version.status = values["title"], values["text"], values["status"]
    version.translated_from = translated_from
    new_file = False
    if upload is not None:
        name, data, inspected = upload
        holder = DocumentVersion.objects.filter(content_sha256=inspected.sha256).first()
        if holder is not None and holder.pk != version.pk:
            raise _duplicate(holder)
        if holder is None:  # the same file again on the same version is left as it is
            path = f"{timezone.now():%Y}/{inspected.sha256}{extract.SUFFIXES[inspected.media_type]}"
            stored = _storage().save(path, ContentFile(data))
            written.append(stored)
            version.file.name = stored
            version.file_name = name[:255]
            version.file_size = inspected.size
            version.media_type = inspected.media_type
            version.content_sha256 = inspected.sha256
            version.extracted_text = inspected.text
            new_file = True
    if before is not None and _snapshot(version) == before:
        return version
    version.updated_by = _user(actor)
    try:
        with transaction.atomic():
            version.save()
    except IntegrityError:  # the same file stored by a concurrent upload
        holder = DocumentVersion.objects.filter(content_sha256=version.content_sha256).first()
        if holder is None:
            raise
        raise _duplicate(holder) from None
    if new_file and old_file:
        storage = _storage()
        transaction.on_commit(lambda: storage.delete(old_file))
    audit_record(
        actor=actor,
        action=AuditAction.CREATE if is_new else AuditAction.UPDATE,
        obj=version,
        message_key="document.version_saved",
        params={
            "language": version.language,
            "title": _document_title(document),
            "status": version.status,
        },
    )
    from almaty.archive import search

    search.index_version(version)
    return version


@transaction.atomic
def version_set_status(
    *, actor: Any | None, version: DocumentVersion, status: str
) -> DocumentVersion:
    """Move a version along its translation (draft, machine draft, reviewed, final)."""
    _require_archivist(actor)
    status = _status(status)
    version = DocumentVersion.objects.select_for_update().get(pk=version.pk)
    if status == TranslationStatus.ORIGINAL and version.translated_from:
        raise InvalidInput(_("An original is not translated from another language."))
    if version.status == status:
        return version
    version.status = status
    version.updated_by = _user(actor)
    version.save(update_fields=["status", "updated_by", "updated_at"])
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=version,
        message_key="document.version_saved",
        params={
            "language": version.language,
            "title": _document_title(version.document),
            "status": status,
        },
    )
    return version


@transaction.atomic
def version_remove(*, actor: Any | None, version: DocumentVersion) -> None:
    """Remove a language version; its file is deleted once the removal commits."""
    _require_archivist(actor)
    version = DocumentVersion.objects.select_for_update().get(pk=version.pk)
    document = version.document
    audit_record(
        actor=actor,
        action=AuditAction.DELETE,
        obj=version,
        message_key="document.version_removed",
        params={"language": version.language, "title": _document_title(document)},
    )
    from almaty.archive import search

    search.unindex_version(version.pk)
    old_file = version.file.name if version.file else ""
    version.delete()
    if old_file:
        storage = _storage()
        transaction.on_commit(lambda: storage.delete(old_file))
