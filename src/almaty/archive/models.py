"""Documents and their language versions, topics, media items and glossary terms."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.db import models
from django.db.models import Q
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from almaty.archive.choices import Access, DocumentKind, Language, TranslationStatus
from almaty.core.models import TimeStampedModel


class PrivateStorage(FileSystemStorage):
    """Archive files live in DATA_DIR/archive, outside MEDIA_ROOT: they are served only by the
    access-checked download view, never as public media. The place follows the setting."""

    @property
    def base_location(self) -> str:
        return str(Path(settings.DATA_DIR) / "archive")

    @property
    def location(self) -> str:
        return os.path.abspath(self.base_location)

    @property
    def base_url(self) -> None:  # type: ignore[override]
        return None


def private_storage() -> FileSystemStorage:
    return PrivateStorage()


PARITY_LANGUAGES = (Language.EN, Language.RU)
FINAL_STATUSES = (TranslationStatus.ORIGINAL, TranslationStatus.FINAL)


class Topic(TimeStampedModel):
    """A topic of the Process (the Operating Modalities' preliminary list, extensible)."""

    code = models.SlugField(_("code"), max_length=60, unique=True)
    name = models.CharField(_("name"), max_length=200)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["position", "code"]
        verbose_name = _("topic")
        verbose_name_plural = _("topics")

    def __str__(self) -> str:
        return self.name


class Document(TimeStampedModel):
    """One document of the archive; its texts are its language versions."""

    kind = models.CharField(_("type"), max_length=30, choices=DocumentKind.choices)
    issued_on = models.DateField(_("date"))
    meeting = models.ForeignKey(
        "meetings.Meeting",
        verbose_name=_("meeting"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="documents",
    )
    topics = models.ManyToManyField(Topic, verbose_name=_("topics"), blank=True)
    states: models.ManyToManyField[Any, Any] = models.ManyToManyField(
        "process.State", verbose_name=_("States concerned"), blank=True, related_name="+"
    )
    access = models.CharField(
        _("access"), max_length=20, choices=Access.choices, default=Access.DRAFT
    )
    reference_key = models.CharField(
        max_length=60, unique=True, null=True, blank=True, editable=False
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-issued_on", "-pk"]
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        indexes = [models.Index(fields=["kind", "issued_on"])]

    def __str__(self) -> str:
        version = self.version_in(get_language() or "en")
        return version.title if version else f"#{self.pk}"

    def title_in(self, language: str) -> str:
        """A title to name the document by in lists and audit entries: the version in
        `language`, else the first version there is (it is a name, not the text shown)."""
        version = self.version_in(language) or next(iter(self.versions.all()), None)
        return version.title if version else (self.reference_key or f"#{self.pk}")

    def version_in(self, language: str) -> DocumentVersion | None:
        """The version in `language`, or None (never silently another language)."""
        for version in self.versions.all():
            if version.language == language:
                return version
        return None

    @property
    def has_parity(self) -> bool:
        """True when the English and the Russian versions are both final (an original counts as
        final: it is the text the other is translated from)."""
        statuses = {v.language: v.status for v in self.versions.all()}
        return all(statuses.get(language) in FINAL_STATUSES for language in PARITY_LANGUAGES)


class DocumentVersion(TimeStampedModel):
    """The document in one language: a title, a text or a file (with its extracted text), and how
    far its translation has come."""

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="versions")
    language = models.CharField(_("language"), max_length=5, choices=Language.choices)
    title = models.CharField(_("title"), max_length=500)
    text = models.TextField(_("text"), blank=True)
    file = models.FileField(_("file"), upload_to="%Y/", storage=private_storage, blank=True)
    file_name = models.CharField(_("file name"), max_length=255, blank=True)
    file_size = models.PositiveBigIntegerField(_("file size"), null=True, blank=True)
    media_type = models.CharField(_("media type"), max_length=100, blank=True)
    content_sha256 = models.CharField(_("SHA-256 of the file"), max_length=64, blank=True)
    extracted_text = models.TextField(_("text extracted from the file"), blank=True)
    status = models.CharField(
        _("translation status"),
        max_length=20,
        choices=TranslationStatus.choices,
        default=TranslationStatus.DRAFT,
    )
    translated_from = models.CharField(
        _("translated from"), max_length=5, choices=Language.choices, blank=True
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["document", "language"]
        verbose_name = _("document version")
        verbose_name_plural = _("document versions")
        constraints = [
            models.UniqueConstraint(
                fields=["document", "language"], name="document_version_per_language"
            ),
            models.UniqueConstraint(
                fields=["content_sha256"],
                condition=~Q(content_sha256=""),
                name="document_file_stored_once",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} [{self.language}]"

    @property
    def searchable_text(self) -> str:
        return "\n".join(part for part in (self.title, self.text, self.extracted_text) if part)


class MediaItem(TimeStampedModel):
    """A press or web item about the Process or its topics, noted by the Support Unit."""

    outlet = models.CharField(_("outlet"), max_length=200)
    published_on = models.DateField(_("date"))
    language = models.CharField(_("language"), max_length=5, choices=Language.choices)
    url = models.URLField(_("link"), max_length=500, blank=True)
    headline = models.CharField(_("headline"), max_length=500)
    summary = models.TextField(_("summary"), blank=True)
    states: models.ManyToManyField[Any, Any] = models.ManyToManyField(
        "process.State", verbose_name=_("States"), blank=True, related_name="+"
    )
    topics: models.ManyToManyField[Any, Any] = models.ManyToManyField(
        Topic, verbose_name=_("topics"), blank=True
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-published_on", "-pk"]
        verbose_name = _("media item")
        verbose_name_plural = _("media items")

    def __str__(self) -> str:
        return self.headline


class GlossaryTerm(TimeStampedModel):
    """A term and its agreed translation, shown beside texts being translated."""

    term = models.CharField(_("term"), max_length=200)
    definition = models.TextField(_("definition"), blank=True)
    note = models.CharField(_("usage note"), max_length=300, blank=True)
    topic = models.ForeignKey(
        Topic, verbose_name=_("topic"), null=True, blank=True, on_delete=models.SET_NULL
    )

    class Meta:
        ordering = ["term_en"]
        verbose_name = _("glossary term")
        verbose_name_plural = _("glossary terms")

    def __str__(self) -> str:
        return self.term
