"""What an upload is, read from its bytes: PDF, DOCX or UTF-8 text; everything else is refused
with a message saying why. (Test names avoid the word for the format: see the brief's -k.)"""

from __future__ import annotations

import hashlib

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from almaty.archive import extract
from almaty.archive.extract import RefusedFile, inspect_upload
from tests.factories.archive import (
    EXE_HEADER,
    PNG_HEADER,
    WORD_DOC_HEADER,
    docx_bytes,
    encrypted_pdf_bytes,
    pdf_bytes,
    weasyprint_pdf_bytes,
    zip_bytes,
)

LIMIT = 1024 * 1024
WORD_XML = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def refusal(name: str, data: bytes, max_bytes: int = LIMIT) -> RefusedFile:
    with pytest.raises(RefusedFile) as error:
        inspect_upload(name, data, max_bytes)
    return error.value


def test_a_portable_document_gives_its_text_page_by_page():
    data = pdf_bytes("Almaty Process", "Second page")
    inspected = inspect_upload("report.pdf", data, LIMIT)
    assert inspected.media_type == "application/pdf"
    assert inspected.text == "Almaty Process\n\nSecond page"
    assert inspected.size == len(data)
    assert inspected.sha256 == hashlib.sha256(data).hexdigest()


def test_a_rendered_portable_document_keeps_its_cyrillic_text():
    data = weasyprint_pdf_bytes("<p>Трудовая миграция в Центральной Азии</p>")
    inspected = inspect_upload("доклад.pdf", data, LIMIT)
    assert "Трудовая миграция в Центральной Азии" in inspected.text


def test_a_password_protected_portable_document_is_refused():
    error = refusal("secret.pdf", encrypted_pdf_bytes())
    assert error.reason == "encrypted"
    assert str(error) == (
        "The file secret.pdf is protected by a password: upload a copy without protection."
    )


@pytest.mark.parametrize(
    "data",
    [b"%PDF-1.7\nthis is not really one", pdf_bytes("Cut short")[:200]],
    ids=["garbage-after-magic", "truncated"],
)
def test_a_damaged_portable_document_is_refused(data):
    error = refusal("report.pdf", data)
    assert str(error) == "The file report.pdf could not be read: it may be damaged."


def test_a_word_document_gives_its_paragraphs():
    inspected = inspect_upload("note.docx", docx_bytes("First paragraph.", "Второй абзац."), LIMIT)
    assert inspected.media_type == extract.DOCX
    assert inspected.text == "First paragraph.\nВторой абзац."


def test_a_word_document_keeps_tabs_and_line_breaks_and_skips_markup():
    xml = (
        f'<w:document xmlns:w="{WORD_XML}"><w:body><w:p><w:pPr><w:jc w:val="left"/></w:pPr>'
        "<w:r><w:t>Name</w:t><w:tab/><w:t>Role</w:t><w:br/><w:t>Second line</w:t></w:r></w:p>"
        "</w:body></w:document>"
    )
    inspected = inspect_upload("table.docx", docx_bytes(document_xml=xml), LIMIT)
    assert inspected.text == "Name\tRole\nSecond line"


@pytest.mark.parametrize(
    "declaration",
    [
        '<!DOCTYPE w:document [<!ENTITY lol "lol">]>',
        '<!DOCTYPE w:document SYSTEM "file:///etc/passwd">',
    ],
    ids=["entity", "external"],
)
def test_a_word_document_with_declarations_is_refused(declaration):
    xml = f'<?xml version="1.0"?>{declaration}<w:document xmlns:w="{WORD_XML}"/>'
    error = refusal("bomb.docx", docx_bytes(document_xml=xml))
    assert error.reason == "unreadable"


def test_a_word_document_with_broken_xml_is_refused():
    error = refusal("broken.docx", docx_bytes(document_xml="<w:document><w:body>"))
    assert error.reason == "unreadable"


@pytest.mark.parametrize(
    ("name", "data", "text"),
    [
        (
            "minutes.txt",
            "Протокол встречи\r\nSecond line".encode(),
            "Протокол встречи\nSecond line",
        ),
        ("minutes.txt", "\ufeffС меткой порядка байтов".encode(), "С меткой порядка байтов"),
        ("notes.md", b"# Notes\n\n- one\n", "# Notes\n\n- one"),
        ("no-extension", b"Plain words", "Plain words"),
    ],
    ids=["crlf", "bom", "markdown", "no-extension"],
)
def test_utf8_text_is_accepted(name, data, text):
    inspected = inspect_upload(name, data, LIMIT)
    assert (inspected.media_type, inspected.text) == ("text/plain; charset=utf-8", text)


def test_text_in_another_encoding_is_refused_with_advice():
    error = refusal("minutes.txt", "Протокол встречи".encode("cp1251"))
    assert str(error) == (
        "The file minutes.txt is not UTF-8 text: save it with the UTF-8 encoding and upload it again."
    )


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("photo.png", PNG_HEADER),
        ("setup.exe", EXE_HEADER),
        ("old.doc", WORD_DOC_HEADER),
        ("sheet.xlsx", zip_bytes(**{"xl/workbook.xml": "<workbook/>"})),
        ("archive.zip", zip_bytes(**{"a.txt": "a"})),
        ("page.html", b"<html><body>Hello</body></html>"),
        ("nul.txt", b"text with a \x00 byte"),
    ],
    ids=["png", "exe", "doc", "xlsx", "zip", "html", "nul-bytes"],
)
def test_other_kinds_of_file_are_refused(name, data):
    error = refusal(name, data)
    assert error.reason in {"unknown", "not_utf8"}
    assert "is not" in str(error)


def test_an_image_says_which_files_are_accepted():
    assert str(refusal("photo.png", PNG_HEADER)) == (
        "The file photo.png is not a PDF, DOCX or text file."
    )


@pytest.mark.parametrize(
    ("name", "data", "extension"),
    [
        ("report.pdf", docx_bytes("A Word file"), "PDF"),
        ("report.docx", pdf_bytes("A portable document"), "DOCX"),
        ("notes.txt", pdf_bytes("A portable document"), "TXT"),
        ("report.pdf", b"Just some text", "PDF"),
        ("REPORT.DOCX", b"Just some text", "DOCX"),
    ],
    ids=[
        "word-named-portable",
        "portable-named-docx",
        "portable-named-txt",
        "text-named-portable",
        "upper-case",
    ],
)
def test_a_name_that_says_another_type_is_refused(name, data, extension):
    error = refusal(name, data)
    assert error.reason == "mismatch"
    assert error.params == {"name": name, "extension": extension}


def test_a_zip_named_as_a_portable_document_is_refused():
    error = refusal("x.pdf", zip_bytes(**{"a.txt": "a"}))
    assert error.reason == "unknown"


def test_an_empty_file_is_refused():
    assert str(refusal("empty.pdf", b"")) == "The file empty.pdf is empty."


@pytest.mark.parametrize(
    ("limit", "shown"),
    [(25 * 1024 * 1024, "25"), (1024 * 1024, "1"), (1536 * 1024, "1.5")],
)
def test_a_file_over_the_limit_is_refused_naming_the_limit_in_megabytes(limit, shown):
    error = refusal("big.txt", b"a" * (limit + 1), max_bytes=limit)
    assert str(error) == (
        f"The file big.txt is larger than {shown} MB, the largest file the archive accepts."
    )


def test_a_file_of_exactly_the_limit_is_accepted():
    assert inspect_upload("full.txt", b"a" * 1000, 1000).size == 1000


def test_check_size_refuses_before_the_file_is_read():
    with pytest.raises(RefusedFile, match="larger than 1 MB"):
        extract.check_size("big.pdf", LIMIT + 1, LIMIT)


VALID = [pdf_bytes("Seed page"), docx_bytes("Seed paragraph"), b"seed text"]


def _mutated(data: bytes, position: int, replacement: bytes) -> bytes:
    position %= len(data)
    return data[:position] + replacement + data[position + len(replacement) :]


any_bytes = st.one_of(
    st.binary(max_size=2048),
    st.binary(max_size=2048).map(lambda tail: b"%PDF-1.4\n" + tail),
    st.binary(max_size=2048).map(lambda tail: b"PK\x03\x04" + tail),
    st.builds(
        _mutated, st.sampled_from(VALID), st.integers(0, 10_000), st.binary(min_size=1, max_size=16)
    ),
    st.builds(lambda data, cut: data[: cut % len(data)], st.sampled_from(VALID), st.integers()),
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    name=st.sampled_from(["a.pdf", "a.docx", "a.txt", "a", "a.png", "документ.pdf"]),
    data=any_bytes,
)
def test_the_inspector_never_fails_otherwise_than_by_refusing(name, data):
    try:
        inspected = inspect_upload(name, data, 4096)
    except RefusedFile as error:
        refused = error
    else:
        refused = None
        assert inspected.media_type in {extract.PDF, extract.DOCX, extract.TEXT}
        assert "\x00" not in inspected.text
        inspected.text.encode("utf-8")  # storable in any database
    if refused is not None:
        assert refused.reason in extract.MESSAGES
        assert str(refused)
