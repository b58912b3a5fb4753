"""Backups: a whole instance round-trips through an archive; a bad archive changes nothing."""

from __future__ import annotations

import datetime as dt
import gzip
import io
import json
import os
import shutil
import tarfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from almaty.accounts.models import User
from almaty.accounts.services import role_assign, token_authenticate, token_issue, user_create
from almaty.archive import search
from almaty.archive import services as archive_services
from almaty.archive.models import DocumentVersion
from almaty.core.audit import audit_record, audit_verify
from almaty.core.backup import BackupResult, backup_create, backup_restore, dump_rows
from almaty.core.errors import InvalidInput
from almaty.core.models import AuditAction, AuditChainHead, AuditEntry
from tests.core.archives import manifest_of, read_members, sha256, with_manifest, write_members
from tests.factories.accounts import UserFactory
from tests.factories.process import StateFactory

DOCUMENT = "meetings/2024/Протокол заседания.pdf"
DOCUMENT_BYTES = bytes(range(256)) * 40
PASSWORD = "correct-horse-battery"
ARCHIVED_TEXT = "Беженцы и просители убежища на границах Центральной Азии."


@pytest.fixture
def media_root(settings: Any, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.MEDIA_ROOT.mkdir()
    settings.DATA_DIR = tmp_path / "data"  # the archive's private files live under it
    return settings.MEDIA_ROOT


def media_files(root: Path) -> list[str]:
    return sorted(p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file())


def empty_instance(media_root: Path) -> None:
    """What a new installation looks like: migrated tables without rows, no uploads."""
    call_command("flush", interactive=False, verbosity=0)
    shutil.rmtree(media_root)
    media_root.mkdir()


# The round trip: an instance with reference data, users, roles, a token, audit entries and an
# upload is backed up, emptied and restored.


@dataclass
class RoundTrip:
    before: list[dict[str, Any]]
    after: list[dict[str, Any]]
    created: BackupResult
    restored_rows: int
    token: str
    media_root: Path
    entries_before: list[tuple[Any, ...]]


@pytest.fixture
def round_trip(
    transactional_db: None, reference: Any, media_root: Path, tmp_path: Path
) -> RoundTrip:
    admin = user_create(email="admin@example.org", actor=None, password=PASSWORD, is_staff=True)
    role_assign(user=admin, role_code="support_unit", actor=None)
    coordinator = user_create(
        email="nc.kgz@example.org", actor=admin, full_name="Айгуль Асанова", preferred_language="ru"
    )
    role_assign(
        user=coordinator,
        role_code="national_coordinator",
        state_iso3="KGZ",
        actor=admin,
        valid_from=dt.date(2024, 1, 1),
    )
    _, token = token_issue(user=coordinator, actor=admin, name="statistics upload")
    archived = archive_services.document_create(
        actor=admin, kind="report", issued_on=dt.date(2024, 3, 1), access="public"
    )
    archive_services.version_save(
        actor=admin,
        document=archived,
        language="ru",
        title="Доклад о беженцах",
        upload=SimpleUploadedFile("doklad.txt", ARCHIVED_TEXT.encode(), "text/plain"),
        status="original",
    )
    document = media_root / DOCUMENT
    document.parent.mkdir(parents=True)
    document.write_bytes(DOCUMENT_BYTES)
    before = dump_rows()
    entries_before = list(AuditEntry.objects.values_list("sequence", "created_at", "hash"))

    created = backup_create(path=tmp_path / "backups" / "almaty.tar.gz")
    empty_instance(media_root)
    restored_rows = backup_restore(path=created.path)

    return RoundTrip(before, dump_rows(), created, restored_rows, token, media_root, entries_before)


def _without_chain_head(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [row for row in rows if row["model"] != "core.auditchainhead"]


def test_backup_counts_the_rows_and_files_it_wrote(round_trip):
    created = round_trip.created

    assert (created.rows, created.files) == (len(round_trip.before), 2)
    assert created.bytes == created.path.stat().st_size


def test_backup_leaves_no_partial_file_behind(round_trip):
    assert os.listdir(round_trip.created.path.parent) == ["almaty.tar.gz"]


def test_restore_returns_the_number_of_rows_restored(round_trip):
    assert round_trip.restored_rows == len(round_trip.before)


def test_restore_brings_back_every_row_exactly(round_trip):
    restored = [
        row
        for row in _without_chain_head(round_trip.after)
        if not (
            row["model"] == "core.auditentry" and row["fields"]["message_key"] == "backup.restored"
        )
    ]

    assert restored == _without_chain_head(round_trip.before)


def test_restore_appends_exactly_one_backup_restored_entry_at_the_end(round_trip):
    entries_before = [row for row in round_trip.before if row["model"] == "core.auditentry"]
    manifest = manifest_of(read_members(round_trip.created.path))

    last = AuditEntry.objects.last()

    assert AuditEntry.objects.count() == len(entries_before) + 1
    assert (last.sequence, last.message_key, last.params) == (
        len(entries_before) + 1,
        "backup.restored",
        {"created_at": manifest["created_at"]},
    )


def test_restored_audit_entries_keep_their_exact_times(round_trip):
    restored = AuditEntry.objects.values_list("sequence", "created_at", "hash")

    assert list(restored[: len(round_trip.entries_before)]) == round_trip.entries_before


def test_the_audit_log_verifies_after_restore(round_trip):
    result = audit_verify()

    assert (result.ok, result.checked) == (True, AuditEntry.objects.count())


def test_the_chain_head_points_at_the_restore_entry(round_trip):
    head = AuditChainHead.objects.get()
    last = AuditEntry.objects.last()

    assert (head.length, head.last_hash) == (last.sequence, last.hash)


def test_restore_brings_back_uploaded_files_byte_for_byte(round_trip):
    assert media_files(round_trip.media_root) == [DOCUMENT]
    assert (round_trip.media_root / DOCUMENT).read_bytes() == DOCUMENT_BYTES


def test_restore_brings_back_the_archive_s_private_files_and_its_search_index(round_trip):
    version = DocumentVersion.objects.get(title="Доклад о беженцах")

    with version.file.open("rb") as stored:
        assert stored.read() == ARCHIVED_TEXT.encode()
    found = search.search(user=AnonymousUser(), query="беженцев")
    assert [hit.version.pk for hit in found.hits] == [version.pk]


def test_an_api_token_issued_before_the_backup_works_after_restore(round_trip):
    user = token_authenticate(round_trip.token)

    assert user is not None
    assert user.email == "nc.kgz@example.org"


def test_a_password_set_before_the_backup_works_after_restore(round_trip):
    assert User.objects.get(email="admin@example.org").check_password(PASSWORD)


def test_the_restored_role_is_held_for_the_same_state(round_trip):
    coordinator = User.objects.get(email="nc.kgz@example.org")

    assert [(a.role.code, a.state.iso3) for a in coordinator.role_assignments.all()] == [
        ("national_coordinator", "KGZ")
    ]


def test_restore_reports_progress_for_rows_and_files(transactional_db, media_root, tmp_path):
    UserFactory()
    (media_root / "a.txt").write_bytes(b"a")
    created = backup_create(path=tmp_path / "b.tar.gz")
    empty_instance(media_root)
    steps: list[tuple[str, int, int]] = []

    backup_restore(path=created.path, progress=lambda *step: steps.append(step))

    assert steps == [
        ("rows", 0, created.rows),
        ("rows", created.rows, created.rows),
        ("files", 1, 1),
    ]


# Bad archives: each is refused with a message saying what is wrong, and nothing changes.


@pytest.fixture
def archive(db: None, media_root: Path, tmp_path: Path) -> Path:
    """A good archive (two users, one upload) of an instance that has since been emptied."""
    UserFactory.create_batch(2)
    (media_root / "documents").mkdir()
    (media_root / "documents" / "note.txt").write_bytes(b"minutes of the meeting")
    path = backup_create(path=tmp_path / "good.tar.gz").path
    User.objects.all().delete()
    shutil.rmtree(media_root)
    media_root.mkdir()
    return path


def test_the_good_archive_restores(archive, media_root):
    backup_restore(path=archive)

    assert (User.objects.count(), media_files(media_root)) == (2, ["documents/note.txt"])


def _rewrite(archive: Path, change: Callable[[dict[str, bytes]], dict[str, bytes]]) -> Path:
    return write_members(archive.with_name("bad.tar.gz"), change(read_members(archive)))


def _manifest_change(**changes: Any) -> Callable[[Path], Path]:
    def make(archive: Path) -> Path:
        return _rewrite(archive, lambda m: with_manifest(m, {**manifest_of(m), **changes}))

    return make


def _missing_file(archive: Path) -> Path:
    return archive.with_name("no-such-backup.tar.gz")


def _random_bytes(archive: Path) -> Path:
    path = archive.with_name("random.tar.gz")
    path.write_bytes(bytes((i * 7919) % 251 for i in range(4096)))
    return path


def _gzipped_text(archive: Path) -> Path:
    path = archive.with_name("text.tar.gz")
    path.write_bytes(gzip.compress(b"This is a text file, not an archive.\n" * 20))
    return path


def _cut_in_half(archive: Path) -> Path:
    path = archive.with_name("cut.tar.gz")
    data = archive.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    return path


def _uncompressed_tar(archive: Path) -> Path:
    return write_members(archive.with_name("plain.tar"), read_members(archive), mode="w")


def _without_manifest(archive: Path) -> Path:
    return _rewrite(archive, lambda m: {k: v for k, v in m.items() if k != "manifest.json"})


def _manifest_not_json(archive: Path) -> Path:
    return _rewrite(archive, lambda m: {**m, "manifest.json": b"{not json"})


def _tampered_data(archive: Path) -> Path:
    def change(members: dict[str, bytes]) -> dict[str, bytes]:
        rows = json.loads(members["data/db.json"])
        rows[0]["fields"]["is_superuser"] = True
        return {**members, "data/db.json": json.dumps(rows).encode()}

    return _rewrite(archive, change)


def _tampered_media(archive: Path) -> Path:
    return _rewrite(archive, lambda m: {**m, "media/documents/note.txt": b"minutes, edited"})


def _extra_member(archive: Path) -> Path:
    return _rewrite(archive, lambda m: {**m, "media/documents/planted.txt": b"not in the manifest"})


def _missing_member(archive: Path) -> Path:
    return _rewrite(
        archive, lambda m: {k: v for k, v in m.items() if k != "media/documents/note.txt"}
    )


def _only_a_manifest(archive: Path) -> Path:
    return _rewrite(archive, lambda m: with_manifest({}, {**manifest_of(m), "members": {}}))


def _member_named(name: str) -> Callable[[Path], Path]:
    """An extra member whose name escapes the media folder, declared in the manifest."""

    def make(archive: Path) -> Path:
        def change(members: dict[str, bytes]) -> dict[str, bytes]:
            manifest = manifest_of(members)
            manifest["members"][name] = sha256(b"owned")
            return with_manifest({**members, name: b"owned"}, manifest)

        return _rewrite(archive, change)

    return make


def _symlink_member(archive: Path) -> Path:
    path = archive.with_name("link.tar.gz")
    members = read_members(archive)
    with tarfile.open(path, "w:gz") as tar:
        for name, data in members.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
        link = tarfile.TarInfo("media/documents/passwd")
        link.type = tarfile.SYMTYPE
        link.linkname = "/etc/passwd"
        tar.addfile(link)
    return path


NOT_A_BACKUP = "{path} is not an almaty backup."
DAMAGED = "{path} is not an almaty backup, or it is damaged."
FILES_DIFFER = "The backup is damaged: its files do not match its manifest."


@pytest.mark.parametrize(
    ("make_bad", "message"),
    [
        pytest.param(_missing_file, "There is no file {path}.", id="missing-file"),
        pytest.param(_random_bytes, DAMAGED, id="random-bytes"),
        pytest.param(_gzipped_text, DAMAGED, id="gzip-of-text"),
        pytest.param(_cut_in_half, DAMAGED, id="cut-in-half"),
        pytest.param(_uncompressed_tar, DAMAGED, id="not-gzipped"),
        pytest.param(
            _without_manifest,
            "{path} is not an almaty backup: it has no manifest.",
            id="no-manifest",
        ),
        pytest.param(
            _manifest_not_json,
            "{path} is not an almaty backup: it has no manifest.",
            id="manifest-not-json",
        ),
        pytest.param(_manifest_change(format="other-backup"), NOT_A_BACKUP, id="other-format"),
        pytest.param(
            _manifest_change(format_version=2),
            "This backup has format version 2; this version of almaty reads version 1.",
            id="newer-format-version",
        ),
        pytest.param(
            _manifest_change(members=["data/db.json"]), NOT_A_BACKUP, id="members-not-a-mapping"
        ),
        pytest.param(_manifest_change(migrations=None), NOT_A_BACKUP, id="no-migrations"),
        pytest.param(
            _tampered_data,
            "The backup is damaged: data/db.json does not match its checksum.",
            id="data-checksum",
        ),
        pytest.param(
            _tampered_media,
            "The backup is damaged: media/documents/note.txt does not match its checksum.",
            id="media-checksum",
        ),
        pytest.param(_extra_member, FILES_DIFFER, id="extra-member"),
        pytest.param(_missing_member, FILES_DIFFER, id="missing-member"),
        pytest.param(_only_a_manifest, FILES_DIFFER, id="no-data"),
        pytest.param(_member_named("media/../../escaped.txt"), NOT_A_BACKUP, id="dot-dot-in-media"),
        pytest.param(_member_named("../escaped.txt"), NOT_A_BACKUP, id="dot-dot-at-top"),
        pytest.param(_member_named("/tmp/escaped.txt"), NOT_A_BACKUP, id="absolute-path"),
        pytest.param(_symlink_member, NOT_A_BACKUP, id="symlink"),
    ],
)
def test_a_bad_archive_is_refused_and_nothing_changes(archive, media_root, make_bad, message):
    bad = make_bad(archive)
    rows_before = dump_rows()

    with pytest.raises(InvalidInput) as refused:
        backup_restore(path=bad)

    assert refused.value.text == message.format(path=bad)
    assert (dump_rows(), media_files(media_root)) == (rows_before, [])


def test_a_backup_needing_unknown_migrations_is_refused(archive, media_root):
    def change(members: dict[str, bytes]) -> dict[str, bytes]:
        manifest = manifest_of(members)
        manifest["migrations"]["core"].append("0099_future")
        manifest["migrations"]["workplan"] = ["0001_initial"]
        return with_manifest(members, manifest)

    bad = _rewrite(archive, change)

    with pytest.raises(InvalidInput) as refused:
        backup_restore(path=bad)

    assert refused.value.text == (
        "This backup needs a newer version of almaty "
        "(unknown migrations: core.0099_future, workplan.0001_initial)."
    )
    assert (User.objects.count(), media_files(media_root)) == (0, [])


def _audit_entry() -> None:
    audit_record(
        actor=None,
        action=AuditAction.CREATE,
        object_type="x",
        message_key="user.created",
        params={},
    )


@pytest.mark.parametrize(
    "make_existing",
    [
        pytest.param(UserFactory, id="a-user"),
        pytest.param(StateFactory, id="a-state"),
        pytest.param(_audit_entry, id="an-audit-entry"),
    ],
)
def test_restore_into_an_instance_with_data_is_refused(archive, media_root, make_existing):
    make_existing()
    rows_before = dump_rows()

    with pytest.raises(InvalidInput) as refused:
        backup_restore(path=archive)

    assert refused.value.text == "Restore needs an empty instance: this one already has data."
    assert (dump_rows(), media_files(media_root)) == (rows_before, [])


@pytest.mark.parametrize(
    "data",
    [
        pytest.param(
            b'[{"model": "process.nosuchmodel", "pk": 1, "fields": {}}]', id="unknown-model"
        ),
        pytest.param(
            b'[{"model": "accounts.user", "pk": 1, "fields": {"date_joined": "not a time"}}]',
            id="bad-value",
        ),
        pytest.param(b"not json at all", id="not-json"),
    ],
)
def test_data_that_cannot_be_loaded_is_refused_and_nothing_changes(archive, media_root, data):
    def change(members: dict[str, bytes]) -> dict[str, bytes]:
        manifest = manifest_of(members)
        manifest["members"]["data/db.json"] = sha256(data)
        return with_manifest({**members, "data/db.json": data}, manifest)

    bad = _rewrite(archive, change)
    rows_before = dump_rows()

    with pytest.raises(InvalidInput) as refused:
        backup_restore(path=bad)

    assert refused.value.text.startswith("The backup's data could not be loaded: ")
    assert (dump_rows(), media_files(media_root)) == (rows_before, [])
