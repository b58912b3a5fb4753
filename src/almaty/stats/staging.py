"""Uploaded files waiting in DATA_DIR/stats-staging: the bytes and a small JSON record each.

A web upload is staged before it is checked: the task queue checks and stores it from here
(`import_jobs`), and writes its progress and outcome into the record, which the upload's
progress page reads. A refused file stays for its issues page (sortable, downloadable as CSV)
and, for warnings, for the confirmation, so it need not be sent again. Files are kept for an
hour and never served; records are replaced whole (write, then rename), so a reader never sees
half of one. Which session may see a token is the views' part (views.common).
"""

from __future__ import annotations

import json
import os
import secrets
import tempfile
import time
from pathlib import Path
from typing import Any

from django.conf import settings

STAGING_SECONDS = 3600


def staging_dir() -> Path:
    path = Path(settings.DATA_DIR) / "stats-staging"
    path.mkdir(parents=True, exist_ok=True)
    return path


def _sweep(folder: Path) -> None:
    """Remove what earlier uploads left behind after their hour."""
    limit = time.time() - STAGING_SECONDS
    for item in folder.iterdir():
        try:
            if item.stat().st_mtime < limit:
                item.unlink()
        except OSError:
            continue


def _write_record(token: str, record: dict[str, Any]) -> None:
    folder = staging_dir()
    handle, temporary = tempfile.mkstemp(dir=folder, prefix=f".{token}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            json.dump(record, out)
        os.replace(temporary, folder / f"{token}.json")
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def create(data: bytes, record: dict[str, Any]) -> str:
    """Stage a file with its record; returns the new token."""
    folder = staging_dir()
    _sweep(folder)
    token = secrets.token_urlsafe(18)
    (folder / f"{token}.data").write_bytes(data)
    _write_record(token, record)
    return token


def record(token: str) -> dict[str, Any] | None:
    """The token's record, unless it is missing, unreadable or older than an hour."""
    path = staging_dir() / f"{token}.json"
    try:
        if path.stat().st_mtime < time.time() - STAGING_SECONDS:
            return None
        found: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return found


def update(token: str, **changes: Any) -> dict[str, Any] | None:
    """Change some keys of the token's record (one writer at a time: the view before it queues
    the file, then the task); returns the new record, or None when it is gone."""
    current = record(token)
    if current is None:
        return None
    current.update(changes)
    _write_record(token, current)
    return current


def data(token: str) -> bytes | None:
    try:
        return (staging_dir() / f"{token}.data").read_bytes()
    except OSError:
        return None


def remove(token: str, *, keep_record: bool = False) -> None:
    """Forget the file (and its record, unless `keep_record`)."""
    (staging_dir() / f"{token}.data").unlink(missing_ok=True)
    if not keep_record:
        (staging_dir() / f"{token}.json").unlink(missing_ok=True)
