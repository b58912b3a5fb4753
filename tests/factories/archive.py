"""Factories of the archive, and real files to upload (built here, not read from fixtures)."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from pathlib import Path

import factory
from django.conf import settings

from almaty.accounts.choices import RoleCode
from almaty.archive.choices import Access, DocumentKind, Language, TranslationStatus
from almaty.archive.models import Document, DocumentVersion, GlossaryTerm, MediaItem, Topic
from tests.factories.accounts import RoleAssignmentFactory, RoleFactory, UserFactory


class TopicFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Topic
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"topic-{n}")
    name_en = factory.Sequence(lambda n: f"Topic {n}")
    name_ru = factory.Sequence(lambda n: f"Тема {n}")
    position = 0


class DocumentFactory(factory.django.DjangoModelFactory):
    """A public report of 1 June 2017 unless told otherwise; no versions (add them)."""

    class Meta:
        model = Document
        skip_postgeneration_save = True

    kind = DocumentKind.REPORT
    issued_on = dt.date(2017, 6, 1)
    access = Access.PUBLIC
    meeting = None

    @factory.post_generation
    def topics(obj: Document, create: bool, extracted: object, **kwargs: object) -> None:
        if create and extracted:
            obj.topics.set(extracted)  # type: ignore[arg-type]

    @factory.post_generation
    def states(obj: Document, create: bool, extracted: object, **kwargs: object) -> None:
        if create and extracted:
            obj.states.set(extracted)  # type: ignore[arg-type]


class DocumentVersionFactory(factory.django.DjangoModelFactory):
    """An English original with a text and no file."""

    class Meta:
        model = DocumentVersion

    document = factory.SubFactory(DocumentFactory)
    language = Language.EN
    title = factory.Sequence(lambda n: f"Document {n}")
    text = "The text of the document."
    status = TranslationStatus.ORIGINAL


class MediaItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MediaItem
        skip_postgeneration_save = True

    outlet = "Kazinform"
    published_on = dt.date(2024, 3, 1)
    language = Language.RU
    url = "https://example.org/news/1"
    headline = factory.Sequence(lambda n: f"Headline {n}")
    summary_en = "A summary."
    summary_ru = "Краткое содержание."

    @factory.post_generation
    def states(obj: MediaItem, create: bool, extracted: object, **kwargs: object) -> None:
        if create and extracted:
            obj.states.set(extracted)  # type: ignore[arg-type]

    @factory.post_generation
    def topics(obj: MediaItem, create: bool, extracted: object, **kwargs: object) -> None:
        if create and extracted:
            obj.topics.set(extracted)  # type: ignore[arg-type]


class GlossaryTermFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = GlossaryTerm

    term_en = factory.Sequence(lambda n: f"term {n}")
    term_ru = factory.Sequence(lambda n: f"термин {n}")
    definition_en = ""
    definition_ru = ""
    note = ""
    topic = None


def support_unit_user() -> object:
    """A Support Unit member without loading the reference data (the role row is enough for the
    archive's checks; tests of who may do what use `user_with_role`)."""
    user = UserFactory()
    RoleAssignmentFactory(user=user, role=RoleFactory(code=RoleCode.SUPPORT_UNIT))
    return user


# --- real files ---------------------------------------------------------------------------------

PNG_HEADER = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02"
WORD_DOC_HEADER = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 24  # an old .doc (OLE2)
EXE_HEADER = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00"


def pdf_bytes(*pages: str) -> bytes:
    """A minimal valid PDF written by hand: one page per text (ASCII), Helvetica."""
    count = len(pages)
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids ["
        + b" ".join(f"{3 + 2 * i} 0 R".encode() for i in range(count))
        + f"] /Count {count} >>".encode(),
    ]
    font = 3 + 2 * count
    for i, text in enumerate(pages):
        stream = f"BT /F1 12 Tf 72 720 Td ({text}) Tj ET".encode()
        objects.append(
            f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents {4 + 2 * i} 0 R "
            f"/Resources << /Font << /F1 {font} 0 R >> >> >>".encode()
        )
        objects.append(f"<< /Length {len(stream)} >>\nstream\n".encode() + stream + b"\nendstream")
    objects.append(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(f"{number} 0 obj\n".encode() + body + b"\nendobj\n")
    xref = out.tell()
    out.write(f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode())
    for offset in offsets:
        out.write(f"{offset:010d} 00000 n \n".encode())
    out.write(
        f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    )
    return out.getvalue()


def encrypted_pdf_bytes(password: str = "secret") -> bytes:  # noqa: S107 (a test file's password)
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter()
    for page in PdfReader(io.BytesIO(pdf_bytes("Confidential"))).pages:
        writer.add_page(page)
    writer.encrypt(password)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def weasyprint_pdf_bytes(html: str) -> bytes:
    from weasyprint import HTML

    return bytes(HTML(string=html).write_pdf())


def docx_bytes(*paragraphs: str, document_xml: str | None = None) -> bytes:
    """A DOCX as Word writes it (the parts a reader needs), one paragraph per string."""
    body = "".join(
        f'<w:p><w:r><w:t xml:space="preserve">{text}</w:t></w:r></w:p>' for text in paragraphs
    )
    xml = document_xml or (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        f"<w:body>{body}</w:body></w:document>"
    )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>',
        )
        archive.writestr("word/document.xml", xml)
    return out.getvalue()


def zip_bytes(**members: str) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return out.getvalue()


def archive_dir() -> Path:
    """The private storage of archive files (never under MEDIA_ROOT)."""
    return Path(settings.DATA_DIR) / "archive"


def stored_files() -> list[Path]:
    root = archive_dir()
    return sorted(p for p in root.rglob("*") if p.is_file()) if root.exists() else []


def clear_stored_files() -> None:
    """Test transactions roll rows back but not files: start each test with an empty store."""
    for path in stored_files():
        path.unlink()


class SearchSpy:
    """Stands in for `almaty.archive.search` in service tests: records what was (un)indexed."""

    def __init__(self) -> None:
        self.indexed: list[int] = []
        self.unindexed: list[int] = []

    def index_version(self, version: DocumentVersion) -> None:
        self.indexed.append(version.pk)

    def unindex_version(self, version_id: int) -> None:
        self.unindexed.append(version_id)
