"""`almaty archive add|search|reindex`: filling and searching the archive from the command line;
several files go in all together or not at all."""

from __future__ import annotations

import datetime as dt

import pytest

from almaty.archive import services
from almaty.archive.models import Document, DocumentVersion
from almaty.core.models import AuditEntry
from tests.cli.running import table_rows
from tests.factories.archive import (
    PNG_HEADER,
    DocumentVersionFactory,
    clear_stored_files,
    docx_bytes,
    encrypted_pdf_bytes,
    pdf_bytes,
    stored_files,
)
from tests.factories.meetings import MeetingFactory


@pytest.fixture(autouse=True)
def _empty_store():
    clear_stored_files()
    yield
    clear_stored_files()


@pytest.fixture
def clerk(user_with_role):
    return user_with_role("support_unit")


@pytest.fixture
def files(tmp_path):
    """Real files of each kind the archive takes, and bad ones."""
    made = {
        "remarks.pdf": pdf_bytes("Concluding remarks on labour migrants."),
        "communique.docx": docx_bytes("The communique on return migration."),
        "notes.txt": b"Notes on border crossings by migrants.",
        "photo.png": PNG_HEADER,
        "locked.pdf": encrypted_pdf_bytes(),
    }
    for name, data in made.items():
        (tmp_path / name).write_bytes(data)
    return {name: str(tmp_path / name) for name in made}


def snapshot():
    """What `archive add` could have changed: rows, audit entries and files on disk."""
    return (
        Document.objects.count(),
        DocumentVersion.objects.count(),
        AuditEntry.objects.count(),
        stored_files(),
    )


def add(almaty, clerk, *paths, **options):
    defaults = {"--kind": "report", "--date": "2025-04-24", "--language": "en", "--as": clerk.email}
    defaults.update(options)
    flags = [x for kv in defaults.items() for x in kv]
    return almaty("archive", "add", *paths, *flags)


# add


def test_add_one_file_stores_it_with_its_text(almaty, reference, clerk, files):
    result = add(almaty, clerk, files["remarks.pdf"], **{"--title": "Concluding remarks"})

    assert result.exit_code == 0
    version = DocumentVersion.objects.get()
    assert (version.title, version.language, version.file_name, version.media_type) == (
        "Concluding remarks",
        "en",
        "remarks.pdf",
        "application/pdf",
    )
    assert "Concluding remarks on labour migrants." in version.extracted_text
    document = version.document
    assert (document.kind, document.issued_on, document.access) == (
        "report",
        dt.date(2025, 4, 24),
        "draft",
    )
    assert len(stored_files()) == 1
    assert "1 document added to the archive." in result.out


def test_add_several_files_makes_one_document_each_titled_by_file_name(
    almaty, reference, clerk, files
):
    result = add(
        almaty, clerk, files["remarks.pdf"], files["communique.docx"], files["notes.txt"],
        **{"--access": "public", "--kind": "communique"},
    )  # fmt: skip

    assert result.exit_code == 0
    assert sorted(DocumentVersion.objects.values_list("title", "media_type")) == [
        ("communique", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
        ("notes", "text/plain; charset=utf-8"),
        ("remarks", "application/pdf"),
    ]
    assert set(Document.objects.values_list("kind", "access")) == {("communique", "public")}
    assert len(stored_files()) == 3
    assert [row[1] for row in table_rows(result.stdout)] == ["remarks", "communique", "notes"]
    assert "3 documents added to the archive." in result.out
    assert "Extracting text" in result.err  # the progress bar


def test_add_takes_a_title_per_file_and_a_meeting(almaty, reference, clerk, files):
    meeting = MeetingFactory()

    result = almaty(
        "archive", "add", files["remarks.pdf"], files["notes.txt"],
        "--kind", "report", "--date", "2025-04-24", "--language", "ru", "--as", clerk.email,
        "--title", "Заключительные замечания", "--title", "Записки", "--meeting", str(meeting.pk),
    )  # fmt: skip

    assert result.exit_code == 0
    assert sorted(DocumentVersion.objects.values_list("title", "language")) == [
        ("Заключительные замечания", "ru"),
        ("Записки", "ru"),
    ]
    assert set(Document.objects.values_list("meeting_id", flat=True)) == {meeting.pk}


@pytest.mark.parametrize(
    ("bad", "error"),
    [
        ("photo.png", "Error: The file photo.png is not a PDF, DOCX or text file."),
        (
            "locked.pdf",
            "Error: The file locked.pdf is protected by a password: upload a copy without protection.",
        ),
    ],
)
def test_add_several_files_where_one_is_bad_adds_none(almaty, reference, clerk, files, bad, error):
    before = snapshot()

    result = add(almaty, clerk, files["remarks.pdf"], files["notes.txt"], files[bad])

    assert result.exit_code == 1
    assert result.error == error
    assert snapshot() == before


def test_add_a_file_already_in_the_archive_adds_none(almaty, reference, clerk, files):
    add(almaty, clerk, files["notes.txt"], **{"--title": "Notes"})
    before = snapshot()

    result = add(almaty, clerk, files["remarks.pdf"], files["notes.txt"])

    assert result.exit_code == 1
    assert result.error == "Error: This file is already in the archive: Notes (en)."
    assert snapshot() == before


@pytest.mark.parametrize(
    ("role", "state"), [("national_coordinator", "KAZ"), ("chair", "KAZ"), ("statistician", "KGZ")]
)
def test_add_as_anyone_but_the_support_unit_is_refused(almaty, user_with_role, files, role, state):
    user = user_with_role(role, state)
    before = snapshot()

    result = add(almaty, user, files["remarks.pdf"])

    assert result.exit_code == 1
    assert result.error == "Error: This needs the role Support Unit staff."
    assert snapshot() == before


@pytest.mark.parametrize(
    ("options", "error"),
    [
        ({"--as": "nobody@example.org"}, "Error: There is no user nobody@example.org."),
        ({"--meeting": "999"}, "Error: No meeting 999."),
    ],
)
def test_add_errors_are_clear_and_change_nothing(almaty, reference, clerk, files, options, error):
    before = snapshot()

    result = add(almaty, clerk, files["remarks.pdf"], **options)

    assert result.exit_code == 1
    assert result.error == error
    assert snapshot() == before


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"--kind": "poem"}, "Invalid value for '--kind'"),
        ({"--language": "xx"}, "Invalid value for '--language'"),
        ({"--access": "secret"}, "Invalid value for '--access'"),
        ({"--date": "24.04.2025"}, "Invalid value for '--date'"),
        ({"--title": "Only one"}, "Give one --title for each file, or none."),
    ],
)
def test_add_with_bad_options_is_a_usage_error(almaty, reference, clerk, files, options, message):
    before = snapshot()

    result = add(almaty, clerk, files["remarks.pdf"], files["notes.txt"], **options)

    assert result.exit_code == 2
    assert message in result.err
    assert snapshot() == before


def test_add_a_file_that_does_not_exist_is_a_usage_error(almaty, reference, clerk, files, tmp_path):
    before = snapshot()

    result = add(almaty, clerk, files["remarks.pdf"], str(tmp_path / "missing.pdf"))

    assert result.exit_code == 2
    assert "does not exist" in result.err
    assert snapshot() == before


# search


@pytest.fixture
def archive(reference, clerk):
    def make(title, text, access, issued_on):
        document = services.document_create(
            actor=clerk, kind="report", issued_on=issued_on, access=access
        )
        services.version_save(
            actor=clerk, document=document, language="en", title=title, text=text,
            status="original",
        )  # fmt: skip
        return document

    return [
        make("Public report", "Labour migrants returned home.", "public", dt.date(2019, 5, 1)),
        make("Members' minutes", "Migrants at the borders.", "members", dt.date(2020, 5, 1)),
        make(
            "Draft <b>communique</b>", "A draft on migrants [bold].", "draft", dt.date(2021, 5, 1)
        ),
    ]


def test_search_without_a_user_finds_public_documents(almaty, archive):
    result = almaty("archive", "search", "migrants")

    assert result.exit_code == 0
    rows = table_rows(result.stdout)
    assert [(row[0], row[1], row[4]) for row in rows] == [
        (str(archive[0].pk), "2019-05-01", "Public report")
    ]
    assert "Labour migrants returned home." in rows[0][5]
    assert "1 document found." in result.out


def test_search_as_the_support_unit_finds_drafts_and_shows_text_as_written(almaty, archive, clerk):
    result = almaty("archive", "search", "migrants", "--as", clerk.email)

    titles = [row[4] for row in table_rows(result.stdout)]
    assert sorted(titles) == ["Draft <b>communique</b>", "Members' minutes", "Public report"]
    assert "A draft on migrants [bold]." in result.out
    assert "3 documents found." in result.out


@pytest.mark.parametrize(
    ("options", "titles"),
    [
        (["--year", "2020"], ["Members' minutes"]),
        (["--kind", "communique"], []),
        (["--language", "ru"], []),
    ],
)
def test_search_filters(almaty, archive, clerk, options, titles):
    result = almaty("archive", "search", "migrants", "--as", clerk.email, *options)

    assert result.exit_code == 0
    assert [row[4] for row in table_rows(result.stdout)] == titles


def test_search_without_words_lists_the_latest_a_page_at_a_time(almaty, archive, clerk):
    first = almaty("archive", "search", "--as", clerk.email, "--limit", "2")
    last = almaty("archive", "search", "--as", clerk.email, "--limit", "2", "--offset", "2")

    assert [row[4] for row in table_rows(first.stdout)] == [
        "Draft <b>communique</b>",
        "Members' minutes",
    ]
    assert [row[4] for row in table_rows(last.stdout)] == ["Public report"]
    assert "3 documents found." in last.out


def test_search_as_an_unknown_user_is_an_error(almaty, archive):
    result = almaty("archive", "search", "migrants", "--as", "nobody@example.org")

    assert result.exit_code == 1
    assert result.error == "Error: There is no user nobody@example.org."


def test_search_with_a_limit_out_of_range_is_a_usage_error(almaty, archive):
    assert almaty("archive", "search", "migrants", "--limit", "0").exit_code == 2


# reindex


def test_reindex_indexes_every_version(almaty, archive):
    DocumentVersionFactory(title="Loaded by hand", text="Migrants counted.")  # never indexed
    assert "1 document found." in almaty("archive", "search", "migrants").out

    result = almaty("archive", "reindex")

    assert result.exit_code == 0
    assert "4 document versions indexed." in result.out
    assert "Indexing documents" in result.err  # the progress bar
    assert "2 documents found." in almaty("archive", "search", "migrants").out


def test_reindex_an_empty_archive(almaty, reference):
    result = almaty("archive", "reindex")

    assert result.exit_code == 0
    assert "0 document versions indexed." in result.out


# help


@pytest.mark.parametrize(
    ("command", "describes"),
    [
        (["archive"], "The document archive: add files, search, rebuild the search index."),
        (["archive", "add"], "Add files to the archive, one document each"),
        (["archive", "search"], "Search the archive's documents (full text)."),
        (["archive", "reindex"], "Rebuild the search index from every document version."),
    ],
)
def test_help_describes_each_archive_command(almaty, command, describes):
    result = almaty(*command, "--help")

    assert result.exit_code == 0
    assert describes in result.out
