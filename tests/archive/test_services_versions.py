"""Language versions and their files: checked before anything is stored, stored privately, never
twice, removed with their rows; every change audited, a refusal leaves no trace."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from almaty.archive import search, services
from almaty.archive.choices import Language, TranslationStatus
from almaty.archive.models import DocumentVersion
from almaty.core.errors import InvalidInput
from almaty.core.models import AuditAction, AuditEntry
from tests.factories.archive import (
    EXE_HEADER,
    PNG_HEADER,
    SearchSpy,
    archive_dir,
    clear_stored_files,
    docx_bytes,
    encrypted_pdf_bytes,
    pdf_bytes,
    stored_files,
    support_unit_user,
)
from tests.factories.archive import DocumentFactory as DocumentF
from tests.factories.archive import DocumentVersionFactory as VersionF


@pytest.fixture(autouse=True)
def spy(monkeypatch: pytest.MonkeyPatch) -> SearchSpy:
    recorder = SearchSpy()
    monkeypatch.setattr(search, "index_version", recorder.index_version)
    monkeypatch.setattr(search, "unindex_version", recorder.unindex_version)
    return recorder


@pytest.fixture(autouse=True)
def _empty_store() -> None:
    clear_stored_files()


@pytest.fixture
def clerk(db):
    return support_unit_user()


def upload(name: str, data: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data)


def last_entries(count: int) -> list[tuple[str, str, dict]]:
    rows = AuditEntry.objects.order_by("-sequence")[:count]
    return [(e.action, e.message_key, e.params) for e in reversed(rows)]


def save(clerk, document, **fields):
    values = {"language": "en", "title": "Concluding remarks", "status": "original"} | fields
    return services.version_save(actor=clerk, document=document, **values)


# --- saving --------------------------------------------------------------------------------------


def test_a_text_version_is_stored_audited_and_indexed(clerk, spy):
    document = DocumentF()
    version = save(clerk, document, text="  The Ministers agreed.  ")
    version.refresh_from_db()
    assert (version.language, version.title, version.text, version.status) == (
        "en",
        "Concluding remarks",
        "The Ministers agreed.",
        "original",
    )
    assert version.updated_by == clerk
    assert last_entries(1) == [
        (
            AuditAction.CREATE,
            "document.version_saved",
            {"language": "en", "title": "Concluding remarks", "status": "original"},
        )
    ]
    assert spy.indexed == [version.pk]


def test_a_file_is_stored_privately_with_its_facts_and_text(clerk, settings):
    data = pdf_bytes("Almaty Process", "Page two")
    version = save(clerk, DocumentF(), upload=upload("Report 2017.pdf", data))
    version.refresh_from_db()
    path = archive_dir() / version.file.name
    assert stored_files() == [path]
    assert path.read_bytes() == data
    assert not str(path).startswith(str(settings.MEDIA_ROOT))
    assert (version.file_name, version.file_size, version.media_type) == (
        "Report 2017.pdf",
        len(data),
        "application/pdf",
    )
    assert version.extracted_text == "Almaty Process\n\nPage two"
    assert len(version.content_sha256) == 64


def test_a_word_document_is_stored_with_its_text(clerk):
    version = save(clerk, DocumentF(), upload=upload("note.docx", docx_bytes("Первый", "Второй")))
    assert version.extracted_text == "Первый\nВторой"
    assert version.file.name.endswith(".docx")


def test_a_path_in_the_file_name_is_dropped(clerk):
    version = save(clerk, DocumentF(), upload=upload("..\\..\\etc\\notes.txt", b"Notes"))
    assert version.file_name == "notes.txt"
    assert archive_dir() in (archive_dir() / version.file.name).resolve().parents


def test_saving_again_in_the_same_language_replaces_the_version(clerk):
    document = DocumentF()
    first = save(clerk, document, text="Draft text.", status="draft", language="ru", title="Т")
    second = save(clerk, document, text="Final text.", status="final", language="ru", title="Т")
    assert first.pk == second.pk
    assert DocumentVersion.objects.get().text == "Final text."
    assert last_entries(1)[0][:2] == (AuditAction.UPDATE, "document.version_saved")


def test_the_audit_names_the_document_by_its_english_title(clerk):
    document = DocumentF()
    VersionF(document=document, language="en", title="Communiqué of Almaty")
    save(clerk, document, language="ru", title="Коммюнике", text="Текст.", status="draft")
    assert last_entries(1)[0][2]["title"] == "Communiqué of Almaty"


# --- refusals: nothing stored ---------------------------------------------------------------------

BAD_FILES = [
    ("empty.txt", b"", "The file empty.txt is empty."),
    ("photo.png", PNG_HEADER, "The file photo.png is not a PDF, DOCX or text file."),
    ("setup.exe", EXE_HEADER, "The file setup.exe is not a PDF, DOCX or text file."),
    (
        "secret.pdf",
        encrypted_pdf_bytes(),
        "The file secret.pdf is protected by a password: upload a copy without protection.",
    ),
    (
        "broken.pdf",
        b"%PDF-1.7 not really",
        "The file broken.pdf could not be read: it may be damaged.",
    ),
    (
        "report.pdf",
        docx_bytes("A Word file"),
        "The file report.pdf is named as a PDF file, but its content is of another type.",
    ),
    (
        "minutes.txt",
        "Протокол".encode("cp1251"),
        "The file minutes.txt is not UTF-8 text: save it with the UTF-8 encoding and upload it again.",
    ),
]


@pytest.mark.parametrize(
    ("name", "data", "message"),
    BAD_FILES,
    ids=["empty", "png", "exe", "encrypted", "damaged", "mismatch", "cp1251"],
)
def test_a_bad_file_is_refused_and_leaves_no_row_no_file_no_entry(clerk, spy, name, data, message):
    document = DocumentF()
    before = AuditEntry.objects.count()
    with pytest.raises(InvalidInput) as error:
        save(clerk, document, upload=upload(name, data))
    assert error.value.text == message
    assert not DocumentVersion.objects.exists()
    assert stored_files() == []
    assert AuditEntry.objects.count() == before
    assert spy.indexed == []


def test_a_bad_file_leaves_the_existing_version_as_it_was(clerk):
    document = DocumentF()
    version = save(clerk, document, upload=upload("a.txt", b"First text"))
    files = stored_files()
    with pytest.raises(InvalidInput):
        save(clerk, document, title="Changed", upload=upload("photo.png", PNG_HEADER))
    version.refresh_from_db()
    assert (version.title, version.extracted_text) == ("Concluding remarks", "First text")
    assert stored_files() == files


@pytest.mark.parametrize(("limit", "shown"), [(1024 * 1024, "1"), (3 * 1024 * 1024, "3")])
def test_a_file_over_the_configured_limit_is_refused_naming_it(clerk, settings, limit, shown):
    settings.ARCHIVE_MAX_UPLOAD_BYTES = limit
    with pytest.raises(InvalidInput) as error:
        save(clerk, DocumentF(), upload=upload("big.txt", b"a" * (limit + 1)))
    assert error.value.text == (
        f"The file big.txt is larger than {shown} MB, the largest file the archive accepts."
    )
    assert not DocumentVersion.objects.exists()
    assert stored_files() == []


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"language": "uz"}, "Unknown language 'uz': use one of en, ru, kk, ky, tg, tr, fa."),
        ({"language": "EN"}, "Unknown language 'EN': use one of en, ru, kk, ky, tg, tr, fa."),
        (
            {"status": "approved"},
            "Unknown translation status 'approved': use one of original, draft, machine_draft, reviewed, final.",
        ),
        ({"title": "   "}, "A version needs a title."),
        ({"title": "x" * 501}, "The title is too long: at most 500 characters."),
        ({"text": "   "}, "A version needs its text or a file."),
        (
            {"translated_from": "en", "status": "draft"},
            "A version cannot be translated from its own language.",
        ),
        ({"translated_from": "ru"}, "An original is not translated from another language."),
        (
            {"translated_from": "xx", "status": "draft"},
            "Unknown language 'xx': use one of en, ru, kk, ky, tg, tr, fa.",
        ),
    ],
    ids=[
        "unknown-language",
        "upper-case-language",
        "unknown-status",
        "no-title",
        "long-title",
        "no-text-no-file",
        "from-itself",
        "original-translated",
        "from-unknown",
    ],
)
def test_bad_fields_are_refused_and_nothing_is_stored(clerk, fields, message):
    before = AuditEntry.objects.count()
    with pytest.raises(InvalidInput) as error:
        save(clerk, DocumentF(), **({"text": "Some text."} | fields))
    assert error.value.text == message
    assert not DocumentVersion.objects.exists()
    assert AuditEntry.objects.count() == before


def test_a_translation_records_its_source_language(clerk):
    version = save(
        clerk, DocumentF(), language="kk", title="Қорытынды", text="Мәтін.", status="draft",
        translated_from="ru",
    )  # fmt: skip
    assert (version.language, version.translated_from) == ("kk", "ru")


# --- the same file twice ---------------------------------------------------------------------------


def test_a_file_already_in_the_archive_is_refused_naming_where_it_is(clerk):
    data = pdf_bytes("Communique")
    save(clerk, DocumentF(), language="ru", title="Коммюнике", upload=upload("c.pdf", data))
    files = stored_files()
    before = AuditEntry.objects.count()
    other = DocumentF()
    with pytest.raises(InvalidInput) as error:
        save(clerk, other, upload=upload("copy.pdf", data))
    assert error.value.text == "This file is already in the archive: Коммюнике (ru)."
    assert not other.versions.exists()
    assert stored_files() == files
    assert AuditEntry.objects.count() == before


def test_the_same_file_in_another_language_of_the_same_document_is_refused(clerk):
    document = DocumentF()
    save(clerk, document, upload=upload("a.txt", b"Bilingual text"))
    with pytest.raises(InvalidInput, match="already in the archive: Concluding remarks"):
        save(clerk, document, language="ru", title="Т", upload=upload("b.txt", b"Bilingual text"))


def test_the_same_file_again_on_the_same_version_changes_nothing(clerk, spy):
    document = DocumentF()
    version = save(clerk, document, upload=upload("a.txt", b"Same bytes"))
    files, before, stamp = stored_files(), AuditEntry.objects.count(), version.updated_at
    again = save(clerk, document, upload=upload("renamed.txt", b"Same bytes"))
    again.refresh_from_db()
    assert (again.pk, again.updated_at, again.file_name) == (version.pk, stamp, "a.txt")
    assert stored_files() == files
    assert AuditEntry.objects.count() == before
    assert spy.indexed == [version.pk]


def test_the_same_file_with_a_new_title_changes_only_the_title(clerk):
    document = DocumentF()
    version = save(clerk, document, upload=upload("a.txt", b"Same bytes"))
    files = stored_files()
    save(clerk, document, title="Better title", upload=upload("a.txt", b"Same bytes"))
    version.refresh_from_db()
    assert (version.title, version.extracted_text) == ("Better title", "Same bytes")
    assert stored_files() == files


# --- replacing and removing files -------------------------------------------------------------------


def test_replacing_the_file_removes_the_old_one_once_committed(
    clerk, django_capture_on_commit_callbacks
):
    document = DocumentF()
    version = save(clerk, document, upload=upload("a.txt", b"First"))
    old = archive_dir() / version.file.name
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        version = save(clerk, document, upload=upload("b.txt", b"Second"))
    assert old.exists()  # not yet: the change has not committed
    for callback in callbacks:
        callback()
    assert stored_files() == [archive_dir() / version.file.name]
    assert version.extracted_text == "Second"


def test_a_failing_transaction_deletes_the_file_it_wrote(clerk, monkeypatch):
    def broken_index(version):
        raise RuntimeError("the index is down")

    monkeypatch.setattr(search, "index_version", broken_index)
    with pytest.raises(RuntimeError):
        save(clerk, DocumentF(), upload=upload("a.txt", b"Some text"))
    assert not DocumentVersion.objects.exists()
    assert stored_files() == []


def test_a_failing_replacement_keeps_the_old_file_and_drops_the_new(clerk, monkeypatch):
    document = DocumentF()
    version = save(clerk, document, upload=upload("a.txt", b"First"))
    files = stored_files()
    monkeypatch.setattr(search, "index_version", lambda version: 1 / 0)
    with pytest.raises(ZeroDivisionError):
        save(clerk, document, upload=upload("b.txt", b"Second"))
    version.refresh_from_db()
    assert version.extracted_text == "First"
    assert stored_files() == files


def test_removing_a_version_deletes_row_index_and_file_and_is_audited(
    clerk, spy, django_capture_on_commit_callbacks
):
    document = DocumentF()
    VersionF(document=document, language="en", title="Report of the SOM")
    version = save(clerk, document, language="ru", title="Доклад", upload=upload("r.txt", b"R"))
    with django_capture_on_commit_callbacks(execute=True):
        services.version_remove(actor=clerk, version=version)
    assert not DocumentVersion.objects.filter(pk=version.pk).exists()
    assert spy.unindexed == [version.pk]
    assert stored_files() == []
    assert last_entries(1) == [
        (
            AuditAction.DELETE,
            "document.version_removed",
            {"language": "ru", "title": "Report of the SOM"},
        )
    ]


# --- status -------------------------------------------------------------------------------------


def test_setting_the_status_is_recorded_and_audited(clerk):
    version = VersionF(language=Language.RU, status=TranslationStatus.DRAFT, translated_from="en")
    services.version_set_status(actor=clerk, version=version, status="reviewed")
    version.refresh_from_db()
    assert version.status == "reviewed"
    assert last_entries(1)[0][:2] == (AuditAction.UPDATE, "document.version_saved")
    assert last_entries(1)[0][2]["status"] == "reviewed"


def test_setting_the_same_status_writes_no_entry(clerk):
    version = VersionF(status=TranslationStatus.FINAL)
    before = AuditEntry.objects.count()
    services.version_set_status(actor=clerk, version=version, status="final")
    assert AuditEntry.objects.count() == before


@pytest.mark.parametrize(
    ("status", "message"),
    [("done", "Unknown translation status 'done'"), ("original", "An original is not translated")],
)
def test_a_wrong_status_is_refused(clerk, status, message):
    version = VersionF(language="ru", status=TranslationStatus.DRAFT, translated_from="en")
    before = AuditEntry.objects.count()
    with pytest.raises(InvalidInput, match=message):
        services.version_set_status(actor=clerk, version=version, status=status)
    version.refresh_from_db()
    assert version.status == TranslationStatus.DRAFT
    assert AuditEntry.objects.count() == before


def test_the_system_may_save_without_a_user(db):
    version = services.version_save(
        actor=None, document=DocumentF(), language="en", title="Loaded", text="From the CLI."
    )
    assert version.updated_by is None
    assert AuditEntry.objects.filter(message_key="document.version_saved").count() == 1
