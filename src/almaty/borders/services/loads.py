"""Loads of crossing records: `load_queue` (the web: the file staged under the State's
incoming folder, then checked and stored in the task queue) and `load_files` (the command line:
checked and stored at once). Both refuse a file already loaded for the State (AlreadyLoaded,
nothing changed); `jobs` does the work and audits how each load ended."""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy as _

from almaty.borders import access, jobs, storage
from almaty.borders.choices import UNSTORED, Engine
from almaty.borders.models import CrossingLoad
from almaty.core.audit import audit_record
from almaty.core.errors import InvalidInput
from almaty.core.models import AuditAction
from almaty.process.models import State

logger = logging.getLogger(__name__)

StepProgress = Callable[[str, int, int], None]
QUEUE_DOWN = _(
    "The task queue is not available, so the file was not loaded: try again in a few minutes."
)


class AlreadyLoaded(InvalidInput):
    """The same file (by SHA-256) was loaded for the State before; nothing was changed."""

    def __init__(self, load: CrossingLoad) -> None:
        self.load = load
        super().__init__(
            _("This file was already loaded for %(state)s (load %(id)s); nothing was changed."),
            state=load.state.iso3,
            id=load.pk,
        )


def state_of(iso3: str) -> State:
    found = State.objects.filter(iso3=str(iso3).strip().upper()).first()
    if found is None:
        raise InvalidInput(_("There is no State %(state)s."), state=iso3)
    return found


def valid_engine(engine: str) -> str:
    if engine not in Engine.values:
        raise InvalidInput(
            _("Unknown engine '%(value)s': use one of %(allowed)s."),
            value=engine,
            allowed=", ".join(Engine.values),
        )
    return engine


def _refuse_same_file(state: State, sha256: str) -> None:
    same = (
        CrossingLoad.objects.filter(state=state, sha256=sha256)
        .exclude(status__in=list(UNSTORED))
        .select_related("state")
        .first()
    )
    if same is not None:
        raise AlreadyLoaded(same)


def _enqueue(load_id: int) -> None:
    """Queue the load (once its row is committed); a queue that is down fails it, saying so."""
    from almaty.borders.tasks import load_task

    try:
        load_task(load_id)
    except Exception:
        logger.exception("The load %s of crossing records could not be queued", load_id)
        load = CrossingLoad.objects.select_related("state", "created_by").get(pk=load_id)
        if load.is_running:
            jobs.fail_unfinished([load], QUEUE_DOWN)


def load_queue(
    *,
    user: Any,
    state: str,
    data: bytes | Path | IO[bytes],
    filename: str,
    engine: str = Engine.DUCKDB,
) -> CrossingLoad:
    """Stage a file of the State's crossing records and queue its load (the web's upload).

    Only the State's border analysts load. The same file loaded before for the State is
    refused (AlreadyLoaded) and nothing is changed; so is a file larger than
    BORDERS_MAX_UPLOAD_BYTES."""
    access.require_border_analyst(user, state)
    found = state_of(state)
    valid_engine(engine)
    limit = int(getattr(settings, "BORDERS_MAX_UPLOAD_BYTES", 2 * 1024**3))
    staged = storage.stage_upload(found.iso3, data, limit=limit)
    if staged is None:
        raise InvalidInput(
            _("The file is larger than %(limit)s MB: load it from the command line."),
            limit=limit // (1024 * 1024),
        )
    temporary, sha256, size = staged
    placed: Path | None = None
    try:
        with transaction.atomic():
            _refuse_same_file(found, sha256)
            load = CrossingLoad.objects.create(
                state=found,
                file_name=Path(filename).name[:255] or "upload",
                sha256=sha256,
                size_bytes=size,
                engine=engine,
                created_by=user,
            )
            placed = storage.place_upload(found.iso3, load.pk, temporary, filename)
            load.path = str(placed)
            load.save(update_fields=["path"])
            audit_record(
                actor=user,
                action=AuditAction.CREATE,
                obj=load,
                message_key="borders.load_queued",
                params={"id": load.pk, "state": found.iso3, "file": load.file_name},
            )
            transaction.on_commit(lambda: _enqueue(load.pk))
    except BaseException as exc:
        for path in (temporary, placed):
            if path is not None:
                path.unlink(missing_ok=True)
        if isinstance(exc, IntegrityError):  # the same file, uploaded twice at once
            _refuse_same_file(found, sha256)
        raise
    return load


@dataclass
class FilesLoaded:
    """What `load_files` did: the loads run (each ended done, refused or failed) and the files
    skipped because they were loaded before."""

    loads: list[CrossingLoad] = field(default_factory=list)
    already_loaded: list[tuple[Path, AlreadyLoaded]] = field(default_factory=list)


def _readable(path: Path) -> Path:
    if not path.exists():
        raise InvalidInput(_("There is no file %(path)s."), path=str(path))
    if path.is_dir():
        raise InvalidInput(_("%(path)s is a folder, not a file."), path=str(path))
    try:
        with path.open("rb"):
            pass
    except OSError as exc:
        raise InvalidInput(
            _("Cannot read %(path)s: %(reason)s."), path=str(path), reason=exc.strerror or exc
        ) from None
    return path.resolve()


def load_files(
    *,
    state: str,
    paths: Sequence[Path],
    engine: str = Engine.DUCKDB,
    user: Any | None = None,
    progress: StepProgress | None = None,
) -> FilesLoaded:
    """Load files of the State's crossing records now (the command line): one load per file,
    the outputs derived once after the last. Files loaded before are skipped. `user`, when
    given, must be a border analyst of the State; without one the operator of the server
    loads (audited as the system)."""
    if user is not None:
        access.require_border_analyst(user, state)
    found = state_of(state)
    valid_engine(engine)
    files = [_readable(Path(p)) for p in paths]
    done = FilesLoaded()
    seen: dict[str, CrossingLoad] = {}
    queued = []
    for path in files:
        sha256, size = storage.digest(path)
        try:
            if sha256 in seen:
                raise AlreadyLoaded(seen[sha256])
            _refuse_same_file(found, sha256)
        except AlreadyLoaded as exc:
            done.already_loaded.append((path, exc))
            continue
        load = CrossingLoad.objects.create(
            state=found,
            file_name=path.name[:255],
            path=str(path),
            sha256=sha256,
            size_bytes=size,
            engine=engine,
            created_by=user,
        )
        seen[sha256] = load
        queued.append(load)
    done.loads = jobs.run_loads(queued, progress=progress)
    return done
