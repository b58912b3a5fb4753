"""One consistent archive of an instance, and its restore into an empty instance.

An archive is a gzipped tar holding `manifest.json` (format marker, version, the migrations the
data belongs to, a SHA-256 per member), `data/db.json` (every row, in Django's portable JSON
with natural foreign keys, so it moves between SQLite and PostgreSQL), `media/...` (uploaded
public files) and `archive/...` (the archive's private files). Restore checks everything before
it writes anything, writes in one transaction, then rebuilds the archive's search index.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import shutil
import tarfile
import tempfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.apps import apps
from django.conf import settings
from django.core import serializers
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.serializers.base import DeserializationError
from django.core.serializers.json import DjangoJSONEncoder
from django.core.serializers.json import Serializer as JSONSerializer
from django.db import DatabaseError, connection, transaction
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

import almaty
from almaty.core.audit import audit_record
from almaty.core.errors import InvalidInput
from almaty.core.models import AuditAction

FORMAT = "almaty-backup"
FORMAT_VERSION = 1
EXCLUDED = {
    "contenttypes.contenttype",
    "auth.permission",
    "sessions.session",
    "accounts.signinattempt",
}
Progress = Callable[[str, int, int], None]


@dataclass(frozen=True)
class BackupResult:
    path: Path
    rows: int
    files: int
    bytes: int


def _file_roots() -> dict[str, Path]:
    """Where each kind of stored file lives, by its prefix inside the backup."""
    return {
        "media": Path(settings.MEDIA_ROOT),
        "archive": Path(settings.DATA_DIR) / "archive",
    }


def _stored_files() -> list[tuple[str, Path]]:
    found = []
    for prefix, root in _file_roots().items():
        if root.exists():
            found += [
                (f"{prefix}/{p.relative_to(root).as_posix()}", p)
                for p in sorted(root.rglob("*"))
                if p.is_file()
            ]
    return found


def _models() -> list[Any]:
    """Models to dump, in an order where referenced rows come first."""
    candidates = [
        m
        for m in apps.get_models()
        if m._meta.label_lower not in EXCLUDED and m._meta.managed and not m._meta.proxy
    ]
    return serializers.sort_dependencies([(None, candidates)], allow_cycles=True)


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


class _Encoder(DjangoJSONEncoder):
    """Times with all their microseconds (Django's encoder keeps milliseconds): the audit log's
    hashes cover `created_at`, so a restored chain must hold exactly the written times."""

    def default(self, o: Any) -> Any:
        if isinstance(o, dt.datetime | dt.time):
            return o.isoformat()
        return super().default(o)


class _Serializer(JSONSerializer):
    """Natural foreign keys only to models whose manager can look rows up by them.

    `loaddata` resolves a natural key through `get_by_natural_key`; a model that defines
    `natural_key()` without it would come back as an unreadable list, so
    references to it keep the primary key, which the dump preserves anyway. References to rows
    the dump leaves out (content types, permissions) still use natural keys. A reference without
    a database constraint (the audit log's actor) may point at a deleted row: it keeps its id.
    """

    def _natural_to(self, field: Any) -> bool:
        model = field.remote_field.model
        return (
            getattr(field, "db_constraint", True)
            and hasattr(model, "natural_key")
            and hasattr(model._default_manager, "get_by_natural_key")
        )

    def handle_fk_field(self, obj: Any, field: Any) -> None:
        natural = self.use_natural_foreign_keys
        self.use_natural_foreign_keys = natural and self._natural_to(field)
        try:
            super().handle_fk_field(obj, field)
        finally:
            self.use_natural_foreign_keys = natural

    def handle_m2m_field(self, obj: Any, field: Any) -> None:
        natural = self.use_natural_foreign_keys
        self.use_natural_foreign_keys = natural and self._natural_to(field)
        try:
            super().handle_m2m_field(obj, field)
        finally:
            self.use_natural_foreign_keys = natural


def dump_rows() -> list[dict[str, Any]]:
    """Every row of the instance as portable JSON objects (also used to compare two instances)."""
    rows: list[dict[str, Any]] = []
    for model in _models():
        queryset = model._default_manager.order_by("pk")
        text = _Serializer().serialize(queryset, use_natural_foreign_keys=True, cls=_Encoder)
        rows.extend(json.loads(text))
    return rows


def _applied_migrations() -> dict[str, list[str]]:
    applied: dict[str, list[str]] = {}
    for app, name in MigrationRecorder(connection).applied_migrations():
        applied.setdefault(app, []).append(name)
    return {app: sorted(names) for app, names in sorted(applied.items())}


def backup_create(*, path: Path, progress: Progress | None = None) -> BackupResult:
    """Write an archive of the database and the uploaded files to `path`."""
    # One snapshot of the database (repeatable read on PostgreSQL). The level can only be set
    # by the outermost transaction; inside a caller's transaction its snapshot is used as is.
    outermost = not connection.in_atomic_block
    with transaction.atomic():
        if connection.vendor == "postgresql" and outermost:
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
        rows = dump_rows()
        migrations = _applied_migrations()
    db_bytes = json.dumps(rows, ensure_ascii=False, indent=0, sort_keys=True).encode()
    media_files = _stored_files()
    members: dict[str, str] = {"data/db.json": _sha256(db_bytes)}
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.name + ".partial")
    with tarfile.open(partial, "w:gz") as tar:
        _add_bytes(tar, "data/db.json", db_bytes)
        for index, (name, file) in enumerate(media_files, start=1):
            data = file.read_bytes()
            members[name] = _sha256(data)
            _add_bytes(tar, name, data)
            if progress:
                progress("files", index, len(media_files))
        manifest = {
            "format": FORMAT,
            "format_version": FORMAT_VERSION,
            "created_at": timezone.now().isoformat(),
            "app_version": almaty.__version__,
            "database_vendor": connection.vendor,
            "rows": len(rows),
            "migrations": migrations,
            "members": members,
        }
        _add_bytes(tar, "manifest.json", json.dumps(manifest, indent=2, sort_keys=True).encode())
    partial.replace(path)
    return BackupResult(
        path=path, rows=len(rows), files=len(media_files), bytes=path.stat().st_size
    )


def _add_bytes(tar: tarfile.TarFile, name: str, data: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size = len(data)
    info.mtime = int(timezone.now().timestamp())
    tar.addfile(info, io.BytesIO(data))


def _read_archive(path: Path) -> tuple[dict[str, Any], dict[str, bytes]]:
    """Read and check an archive completely; raise InvalidInput on anything wrong."""
    if not path.is_file():
        raise InvalidInput(_("There is no file %(path)s."), path=str(path))
    try:
        with tarfile.open(path, "r:gz") as tar:
            contents: dict[str, bytes] = {}
            for member in tar.getmembers():
                if (
                    not member.isfile()
                    or member.name.startswith("/")
                    or ".." in Path(member.name).parts
                ):
                    raise InvalidInput(_("%(path)s is not an almaty backup."), path=str(path))
                extracted = tar.extractfile(member)
                assert extracted is not None
                contents[member.name] = extracted.read()
    except (tarfile.TarError, EOFError, OSError, zlib.error):
        raise InvalidInput(
            _("%(path)s is not an almaty backup, or it is damaged."), path=str(path)
        ) from None
    try:
        manifest = json.loads(contents.pop("manifest.json"))
    except (KeyError, ValueError):
        raise InvalidInput(
            _("%(path)s is not an almaty backup: it has no manifest."), path=str(path)
        ) from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise InvalidInput(_("%(path)s is not an almaty backup."), path=str(path))
    if manifest.get("format_version") != FORMAT_VERSION:
        raise InvalidInput(
            _(
                "This backup has format version %(found)s; this version of almaty reads version %(expected)s."
            ),
            found=manifest.get("format_version"),
            expected=FORMAT_VERSION,
        )
    declared = manifest.get("members")
    migrations = manifest.get("migrations")
    if not isinstance(declared, dict) or not isinstance(migrations, dict):
        raise InvalidInput(_("%(path)s is not an almaty backup."), path=str(path))
    if "data/db.json" not in declared or set(declared) != set(contents):
        raise InvalidInput(_("The backup is damaged: its files do not match its manifest."))
    for name, digest in declared.items():
        if _sha256(contents[name]) != digest:
            raise InvalidInput(
                _("The backup is damaged: %(name)s does not match its checksum."), name=name
            )
    return manifest, contents


def _instance_is_empty() -> bool:
    from almaty.accounts.models import User
    from almaty.core.models import AuditEntry
    from almaty.process.models import State

    return not (User.objects.exists() or State.objects.exists() or AuditEntry.objects.exists())


def backup_restore(
    *, path: Path, actor: Any | None = None, progress: Progress | None = None
) -> int:
    """Restore an archive into an empty, migrated instance. Returns the number of rows restored."""
    manifest, contents = _read_archive(path)
    applied = _applied_migrations()
    missing = [
        f"{app}.{name}"
        for app, names in manifest["migrations"].items()
        for name in names
        if name not in applied.get(app, [])
    ]
    if missing:
        raise InvalidInput(
            _("This backup needs a newer version of almaty (unknown migrations: %(names)s)."),
            names=", ".join(missing[:5]),
        )
    if not _instance_is_empty():
        raise InvalidInput(_("Restore needs an empty instance: this one already has data."))
    roots = _file_roots()
    staging = Path(tempfile.mkdtemp(prefix="almaty-restore-"))
    try:
        media = {name: data for name, data in contents.items() if name.split("/", 1)[0] in roots}
        for name, data in media.items():
            target = staging / "files" / name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
        db_file = staging / "db.json"
        db_file.write_bytes(contents["data/db.json"])
        with transaction.atomic():
            if progress:
                progress("rows", 0, int(manifest.get("rows", 0)))
            try:
                call_command("loaddata", str(db_file), verbosity=0)
            except (DeserializationError, DatabaseError, ValidationError, ValueError) as exc:
                raise InvalidInput(
                    _("The backup's data could not be loaded: %(error)s"),
                    error=str(exc).splitlines()[0][:300],
                ) from None
            if progress:
                progress("rows", int(manifest.get("rows", 0)), int(manifest.get("rows", 0)))
            audit_record(
                actor=actor,
                action=AuditAction.RESTORE,
                object_type="core.backup",
                object_id=path.name,
                message_key="backup.restored",
                params={"created_at": manifest.get("created_at", "")},
            )
        db_file.unlink()
        for index, name in enumerate(media, start=1):
            prefix, relative = name.split("/", 1)
            target = roots[prefix] / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(staging / "files" / name, target)
            if progress:
                progress("files", index, len(media))
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    from almaty.archive import search

    search.rebuild()  # the index is derived data, not in the backup
    return int(manifest.get("rows", 0))
