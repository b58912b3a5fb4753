"""What an uploaded file is, and its text: PDF, DOCX or UTF-8 text, nothing else.

Django-free, so the CLI, a task or a benchmark can call it alike. The type is read from the
bytes (PDF magic, a DOCX zip), never trusted from the name; a name whose extension says another
type is refused. Errors carry an English message marked for translation (`gettext_noop`, picked
up by makemessages) and its named parameters; the services turn them into InvalidInput.
"""

from __future__ import annotations

import hashlib
import io
import warnings
import zipfile
from dataclasses import dataclass
from typing import Any
from xml.parsers import expat

PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
TEXT = "text/plain; charset=utf-8"

SUFFIXES = {PDF: ".pdf", DOCX: ".docx", TEXT: ".txt"}
DECLARED = {"pdf": PDF, "docx": DOCX, "txt": TEXT, "text": TEXT, "md": TEXT}

# A DOCX's text lives in this part; its XML is read up to this size (a zip bomb stops there).
DOCX_PART = "word/document.xml"
MAX_XML_BYTES = 64 * 1024 * 1024
WORD_NAMESPACES = {
    "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
    "http://purl.oclc.org/ooxml/wordprocessingml/main",  # "strict" Office Open XML
}
# Control characters never found in a text a person wrote (tab, line and page breaks are).
CONTROL = {chr(c) for c in range(32) if chr(c) not in "\t\n\r\f"} | {"\x7f"}


def gettext_noop(message: str) -> str:
    """Marks a message for the catalogue; the service translates it when it raises."""
    return message


MESSAGES = {
    "empty": gettext_noop("The file %(name)s is empty."),
    "too_large": gettext_noop(
        "The file %(name)s is larger than %(limit)s MB, the largest file the archive accepts."
    ),
    "unknown": gettext_noop("The file %(name)s is not a PDF, DOCX or text file."),
    "not_utf8": gettext_noop(
        "The file %(name)s is not UTF-8 text: save it with the UTF-8 encoding and upload it again."
    ),
    "mismatch": gettext_noop(
        "The file %(name)s is named as a %(extension)s file, but its content is of another type."
    ),
    "encrypted": gettext_noop(
        "The file %(name)s is protected by a password: upload a copy without protection."
    ),
    "unreadable": gettext_noop("The file %(name)s could not be read: it may be damaged."),
}


class RefusedFile(Exception):
    """The file cannot go into the archive; `message` is a msgid with named `params`."""

    def __init__(self, reason: str, **params: Any) -> None:
        self.reason = reason
        self.message = MESSAGES[reason]
        self.params = params
        super().__init__(self.message % params)


@dataclass(frozen=True)
class Inspected:
    media_type: str
    sha256: str
    text: str
    size: int


def megabytes(max_bytes: int) -> str:
    """The limit as a person reads it: 25, 2.5, 0.977."""
    value = max_bytes / (1024 * 1024)
    return f"{value:.0f}" if value >= 10 else f"{value:.3g}"


def check_size(name: str, size: int, max_bytes: int) -> None:
    """Refuse an empty or too large file before reading it."""
    if size <= 0:
        raise RefusedFile("empty", name=name)
    if size > max_bytes:
        raise RefusedFile("too_large", name=name, limit=megabytes(max_bytes))


def inspect_upload(name: str, data: bytes, max_bytes: int) -> Inspected:
    """The media type, SHA-256, text and size of an upload, or RefusedFile saying why not."""
    check_size(name, len(data), max_bytes)
    extension = name.rsplit(".", 1)[-1].lower() if "." in name.strip(".") else ""
    declared = DECLARED.get(extension)
    if data.startswith(b"%PDF-"):
        media_type = PDF
    elif data.startswith(b"PK\x03\x04") and _is_docx(data):
        media_type = DOCX
    elif _as_text(data) is not None:
        media_type = TEXT
    else:
        raise RefusedFile("not_utf8" if declared == TEXT else "unknown", name=name)
    if extension and declared is None:
        raise RefusedFile("unknown", name=name)
    if declared is not None and declared != media_type:
        raise RefusedFile("mismatch", name=name, extension=extension.upper())
    if media_type == PDF:
        text = _pdf_text(name, data)
    elif media_type == DOCX:
        text = _docx_text(name, data)
    else:
        text = _as_text(data) or ""
    return Inspected(
        media_type=media_type,
        sha256=hashlib.sha256(data).hexdigest(),
        text=_clean(text),
        size=len(data),
    )


def _clean(text: str) -> str:
    """Text any database stores: no NUL (PostgreSQL refuses it), no lone surrogates."""
    text = text.replace("\x00", "").encode("utf-8", "replace").decode("utf-8")
    return text.replace("\r\n", "\n").strip()


def _as_text(data: bytes) -> str | None:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return None
    if any(char in CONTROL for char in text):
        return None  # binary that happens to be valid UTF-8
    return text


def _pdf_text(name: str, data: bytes) -> str:
    from pypdf import PdfReader  # imported when needed: a few hundred ms

    try:
        with warnings.catch_warnings():
            # A damaged PDF may make pypdf warn; the outcome (read or refused) is what counts.
            warnings.simplefilter("ignore")
            reader = PdfReader(io.BytesIO(data))
            if reader.is_encrypted:
                raise RefusedFile("encrypted", name=name)
            if not reader.pages:
                raise RefusedFile("unreadable", name=name)
            return "\n\n".join((page.extract_text() or "").strip() for page in reader.pages)
    except RefusedFile:
        raise
    except Exception:  # pypdf raises many kinds of error on a damaged file
        raise RefusedFile("unreadable", name=name) from None


def _is_docx(data: bytes) -> bool:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return DOCX_PART in archive.namelist()
    except Exception:  # a damaged zip is no DOCX
        return False


class _WordText:
    """Collects the text runs of a WordprocessingML body, with its tabs and paragraph breaks."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.in_text = False

    @staticmethod
    def _local(tag: str) -> str | None:
        namespace, _, local = tag.rpartition(" ")
        return local if namespace in WORD_NAMESPACES else None

    def start(self, tag: str, attributes: Any) -> None:
        local = self._local(tag)
        if local == "t":
            self.in_text = True
        elif local == "tab":
            self.parts.append("\t")
        elif local in {"br", "cr"}:
            self.parts.append("\n")

    def end(self, tag: str) -> None:
        local = self._local(tag)
        if local == "t":
            self.in_text = False
        elif local == "p":
            self.parts.append("\n")

    def data(self, text: str) -> None:
        if self.in_text:
            self.parts.append(text)


def _refuse_declarations(*args: Any) -> Any:
    # Entities are how "billion laughs" and external-entity attacks work; Word never writes them.
    raise ValueError("DOCTYPE or entity declaration")


def _docx_text(name: str, data: bytes) -> str:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive, archive.open(DOCX_PART) as part:
            xml = part.read(MAX_XML_BYTES + 1)
        if len(xml) > MAX_XML_BYTES:
            raise RefusedFile("unreadable", name=name)
        collector = _WordText()
        parser = expat.ParserCreate(namespace_separator=" ")
        parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
        parser.StartDoctypeDeclHandler = _refuse_declarations
        parser.EntityDeclHandler = _refuse_declarations
        parser.ExternalEntityRefHandler = _refuse_declarations
        parser.StartElementHandler = collector.start
        parser.EndElementHandler = collector.end
        parser.CharacterDataHandler = collector.data
        parser.Parse(xml, True)
    except RefusedFile:
        raise
    except Exception:  # a damaged zip, a bad XML part or a refused declaration
        raise RefusedFile("unreadable", name=name) from None
    lines = "".join(collector.parts).split("\n")
    return "\n".join(line.rstrip() for line in lines)
