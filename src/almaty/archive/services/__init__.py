"""Writes to the archive: documents, their language versions and files, media items, glossary
terms and topics. Each is atomic and audited, and needs the Support Unit (an `actor` of None is
the system itself: the CLI and data loaders).

A file is checked (type, size, password, duplicates) before anything is written; it is stored in
the private storage only then, and deleted again if the transaction fails, so a refused or
failed upload leaves no row and no file. Files replaced or removed are deleted once the change
commits.
"""

from almaty.archive.services.documents import document_create, document_update
from almaty.archive.services.notes import (
    glossary_term_remove,
    glossary_term_save,
    media_item_remove,
    media_item_save,
    topic_save,
)
from almaty.archive.services.versions import version_remove, version_save, version_set_status

__all__ = [
    "document_create",
    "document_update",
    "glossary_term_remove",
    "glossary_term_save",
    "media_item_remove",
    "media_item_save",
    "topic_save",
    "version_remove",
    "version_save",
    "version_set_status",
]
