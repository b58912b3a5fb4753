"""Reading and rewriting backup archives, to damage them in controlled ways."""

from __future__ import annotations

import hashlib
import io
import json
import tarfile
from pathlib import Path
from typing import Any


def read_members(path: Path) -> dict[str, bytes]:
    with tarfile.open(path, "r:gz") as tar:
        return {m.name: tar.extractfile(m).read() for m in tar.getmembers()}  # type: ignore[union-attr]


def write_members(path: Path, members: dict[str, bytes], *, mode: str = "w:gz") -> Path:
    with tarfile.open(path, mode) as tar:
        for name, data in members.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    return path


def manifest_of(members: dict[str, bytes]) -> dict[str, Any]:
    return json.loads(members["manifest.json"])


def with_manifest(members: dict[str, bytes], manifest: dict[str, Any]) -> dict[str, bytes]:
    return {**members, "manifest.json": json.dumps(manifest).encode()}


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()
