"""Pages of the archive: search, a document and its language versions, downloads, and the Support
Unit's desk (new documents and versions, translation status, media, glossary, PDFs)."""

from almaty.archive.views.common import safe_snippet, support_unit_only
from almaty.archive.views.desk import (
    compilation,
    glossary,
    information_sheet,
    media,
    new_document,
    translations,
    version_page,
)
from almaty.archive.views.public import document_page, download, search_page

__all__ = [
    "compilation",
    "document_page",
    "download",
    "glossary",
    "information_sheet",
    "media",
    "new_document",
    "safe_snippet",
    "search_page",
    "support_unit_only",
    "translations",
    "version_page",
]
