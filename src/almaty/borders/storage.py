"""Where a State's crossing records live: DATA_DIR/borders/<ISO3>/.

    incoming/<load>.<ext>      uploaded files waiting for the task queue (removed once read)
    batches/<load>.parquet     the accepted records of each load, normalised (engine.schema)
    batches/.pending/          a load's batch while it is checked, before it counts
    derived -> derived-<tag>/  stays.parquet, indicators.csv, summary.json of all batches
    .lock                      held by whoever adds or removes batches or derives

Every file appears whole or not at all: written under another name, then renamed. `derived`
is a symbolic link switched in one step to a newly built folder, so a reader sees the old
outputs or the new ones, never a mix. Nothing here checks rights or writes audit entries.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import os
import re
import secrets
import shutil
import time
from collections.abc import Iterator
from pathlib import Path
from typing import IO

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from almaty.core.errors import InvalidInput

BATCH_NAME = re.compile(r"^(\d+)\.parquet$")
ISO3 = re.compile(r"[A-Z]{3}")
DERIVED = "derived"
DERIVED_FILES = ("stays.parquet", "indicators.csv", "summary.json")
CHUNK = 1024 * 1024
ABANDONED_UPLOAD_SECONDS = 24 * 3600


def borders_dir() -> Path:
    return Path(settings.DATA_DIR) / "borders"


def state_dir(iso3: str) -> Path:
    """The State's folder; a code that is not three letters is refused (it names a folder)."""
    code = str(iso3).strip().upper()
    if not ISO3.fullmatch(code):
        raise InvalidInput(_("There is no State %(state)s."), state=iso3)
    path = borders_dir() / code
    path.mkdir(parents=True, exist_ok=True)
    return path


def _folder(iso3: str, *parts: str) -> Path:
    path = state_dir(iso3).joinpath(*parts)
    path.mkdir(parents=True, exist_ok=True)
    return path


def incoming_dir(iso3: str) -> Path:
    return _folder(iso3, "incoming")


def batches_dir(iso3: str) -> Path:
    return _folder(iso3, "batches")


def pending_dir(iso3: str) -> Path:
    return _folder(iso3, "batches", ".pending")


def batch_path(iso3: str, load_id: int) -> Path:
    return batches_dir(iso3) / f"{load_id}.parquet"


def pending_path(iso3: str, load_id: int) -> Path:
    return pending_dir(iso3) / f"{load_id}.parquet"


def batch_paths(iso3: str) -> list[Path]:
    """The State's stored batches, oldest load first."""
    found = []
    for item in batches_dir(iso3).iterdir():
        match = BATCH_NAME.match(item.name)
        if match and item.is_file():
            found.append((int(match.group(1)), item))
    return [path for _id, path in sorted(found)]


def batch_ids(iso3: str) -> set[int]:
    return {int(BATCH_NAME.match(p.name).group(1)) for p in batch_paths(iso3)}  # type: ignore[union-attr]


def promote(iso3: str, load_id: int) -> bool:
    """Make a load's pending batch count (one rename); False when it has none (no new rows)."""
    pending = pending_path(iso3, load_id)
    if not pending.exists():
        return False
    os.replace(pending, batch_path(iso3, load_id))
    return True


def discard(iso3: str, load_id: int) -> bool:
    """Remove whatever a load stored or left pending; True when a stored batch was removed."""
    pending_path(iso3, load_id).unlink(missing_ok=True)
    stored = batch_path(iso3, load_id)
    existed = stored.exists()
    stored.unlink(missing_ok=True)
    return existed


def _suffix(filename: str) -> str:
    suffix = Path(filename).suffix.lower()
    return suffix if re.fullmatch(r"\.[a-z0-9]{1,10}", suffix) else ""


def _chunks(data: Path | IO[bytes]) -> Iterator[bytes]:
    if isinstance(data, Path):
        with data.open("rb") as handle:
            while chunk := handle.read(CHUNK):
                yield chunk
        return
    chunks = getattr(data, "chunks", None)
    if callable(chunks):  # a Django upload, possibly on disk already
        yield from chunks(CHUNK)
        return
    while chunk := data.read(CHUNK):
        yield chunk


def stage_upload(
    iso3: str, data: bytes | Path | IO[bytes], *, limit: int | None = None
) -> tuple[Path, str, int] | None:
    """Copy an uploaded file under a temporary name in the State's incoming folder, with its
    SHA-256 and size; None (and nothing kept) when it is larger than `limit` bytes."""
    folder = incoming_dir(iso3)
    temporary = folder / f".upload.{secrets.token_hex(8)}.tmp"
    hasher = hashlib.sha256()
    size = 0
    try:
        with temporary.open("wb") as out:
            for chunk in [data] if isinstance(data, bytes) else _chunks(data):
                size += len(chunk)
                if limit is not None and size > limit:
                    temporary.unlink(missing_ok=True)
                    return None
                hasher.update(chunk)
                out.write(chunk)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    return temporary, hasher.hexdigest(), size


def place_upload(iso3: str, load_id: int, temporary: Path, filename: str) -> Path:
    """Give a staged upload its load's name, keeping the file's own extension (the engine
    reads CSV or Parquet by it)."""
    target = incoming_dir(iso3) / f"{load_id}{_suffix(filename)}"
    os.replace(temporary, target)
    return target


def unstage(path: str | Path) -> None:
    """Remove a staged upload (never a file outside the incoming folders)."""
    candidate = Path(path)
    if candidate.parent.name == "incoming" and candidate.parent.parent.parent == borders_dir():
        candidate.unlink(missing_ok=True)


def digest(data: bytes | Path) -> tuple[str, int]:
    """SHA-256 and size of bytes or of a file (read in chunks)."""
    hasher = hashlib.sha256()
    if isinstance(data, bytes):
        hasher.update(data)
        return hasher.hexdigest(), len(data)
    size = 0
    with data.open("rb") as handle:
        while chunk := handle.read(CHUNK):
            hasher.update(chunk)
            size += len(chunk)
    return hasher.hexdigest(), size


@contextlib.contextmanager
def state_lock(iso3: str) -> Iterator[None]:
    """Hold the State's lock (waiting for it): one load or derivation of a State at a time.
    The operating system releases it when the process dies, so a killed load never blocks the
    next one."""
    with (state_dir(iso3) / ".lock").open("a") as handle:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle.fileno(), fcntl.LOCK_UN)


# --- derived outputs -------------------------------------------------------------------------


def derived_dir(iso3: str) -> Path:
    """The current outputs (a link to the folder last built); may not exist yet."""
    return state_dir(iso3) / DERIVED


def derived_paths(iso3: str) -> tuple[Path, Path, Path]:
    """(stays.parquet, indicators.csv, summary.json) of the State's current outputs."""
    folder = derived_dir(iso3)
    stays, indicators, summary = (folder / name for name in DERIVED_FILES)
    return stays, indicators, summary


def has_derived(iso3: str) -> bool:
    return all(path.exists() for path in derived_paths(iso3))


def new_build_dir(iso3: str) -> Path:
    """A new folder's name to derive into (the engine creates it whole); then `publish` it,
    or `drop` it."""
    return state_dir(iso3) / f"{DERIVED}-{secrets.token_hex(6)}"


def drop(path: Path) -> None:
    shutil.rmtree(path, ignore_errors=True)


def publish(iso3: str, built: Path) -> None:
    """Make `built` the current outputs in one step; the folder it replaces is kept until the
    next publication (a reader may still be in it), older ones are removed."""
    link = derived_dir(iso3)
    previous = link.resolve() if link.is_symlink() else None
    temporary = link.with_name(f".{DERIVED}.{secrets.token_hex(4)}")
    temporary.symlink_to(built.name)
    try:
        if link.exists() and not link.is_symlink():
            drop(link)  # (a folder left by hand: replaced by the link)
        os.replace(temporary, link)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    keep = {built.resolve(), previous}
    for item in state_dir(iso3).glob(f"{DERIVED}-*"):
        if item.resolve() not in keep:
            drop(item)


def clear_derived(iso3: str) -> None:
    """No outputs any more (the State has no batches left)."""
    link = derived_dir(iso3)
    if link.is_symlink():
        link.unlink()
    for item in state_dir(iso3).glob(f"{DERIVED}-*"):
        drop(item)


def sweep_leftovers(iso3: str) -> None:
    """Remove what killed work left behind: pending batches, half-built outputs, temporary
    files. Call with the State's lock held."""
    for item in pending_dir(iso3).iterdir():
        item.unlink(missing_ok=True)
    link = derived_dir(iso3)
    current = link.resolve() if link.is_symlink() else None
    # No one builds while the lock is held: any folder but the current outputs is a half-built
    # one, or one replaced at least a load ago.
    for item in state_dir(iso3).glob(f"{DERIVED}-*"):
        if item.resolve() != current:
            drop(item)
    for item in state_dir(iso3).glob(f".{DERIVED}*"):  # link being switched, engine's partials
        if item.is_dir() and not item.is_symlink():
            drop(item)
        else:
            item.unlink(missing_ok=True)
    # Uploads are staged without the lock: only those abandoned long ago are removed.
    limit = time.time() - ABANDONED_UPLOAD_SECONDS
    for item in incoming_dir(iso3).glob(".*.tmp"):
        with contextlib.suppress(OSError):
            if item.stat().st_mtime < limit:
                item.unlink()
