"""Pieces shared by the statisticians' pages: the role gate and the short-lived staged upload.

A file with issues is kept for an hour in DATA_DIR/stats-staging (never in the database, never
served): its issues page can be sorted and downloaded as CSV, and a file with warnings can be
confirmed without sending it again. Only the session that uploaded it knows its token."""

from __future__ import annotations

import functools
import json
import secrets
import time
from collections.abc import Callable
from dataclasses import asdict
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _

from almaty.core.errors import PermissionDenied
from almaty.core.views import error_page
from almaty.stats import access
from almaty.stats.engine.errors import Issue

STAGING_SECONDS = 3600
SESSION_KEY = "stats_staged"


def statistics_role_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Sign-in first; then the page is for statisticians, National Coordinators and the
    Support Unit, and others see the 403 page with the reason."""

    @functools.wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            access.require_submitter(request.user)
        except PermissionDenied as exc:
            return error_page(request, 403, _("Not allowed"), exc.text)
        return view(request, *args, **kwargs)

    return login_required(wrapped)


def _staging_dir() -> Path:
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


def stage(
    request: HttpRequest,
    *,
    data: bytes,
    filename: str,
    sharing: str,
    issues: list[Issue],
    needs_confirmation: bool,
) -> str:
    """Keep a refused file and its issues for this session; returns the token."""
    folder = _staging_dir()
    _sweep(folder)
    token = secrets.token_urlsafe(18)
    (folder / f"{token}.data").write_bytes(data)
    meta = {
        "filename": filename,
        "sharing": sharing,
        "needs_confirmation": needs_confirmation,
        "user": request.user.pk,
        "issues": [asdict(i) for i in issues],
    }
    (folder / f"{token}.json").write_text(json.dumps(meta), encoding="utf-8")
    tokens = [t for t in request.session.get(SESSION_KEY, []) if (folder / f"{t}.json").exists()]
    request.session[SESSION_KEY] = [*tokens[-9:], token]
    return token


def staged(request: HttpRequest, token: str) -> dict[str, Any] | None:
    """The staged upload's details (with its issues), if this session staged it lately."""
    if token not in request.session.get(SESSION_KEY, []):
        return None
    path = _staging_dir() / f"{token}.json"
    try:
        if path.stat().st_mtime < time.time() - STAGING_SECONDS:
            return None
        meta: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if meta.get("user") != request.user.pk:
        return None
    meta["issues"] = [Issue(**item) for item in meta.get("issues", [])]
    return meta


def staged_data(token: str) -> bytes | None:
    try:
        return (_staging_dir() / f"{token}.data").read_bytes()
    except OSError:
        return None


def discard(request: HttpRequest, token: str) -> None:
    for suffix in (".data", ".json"):
        (_staging_dir() / f"{token}{suffix}").unlink(missing_ok=True)
    request.session[SESSION_KEY] = [t for t in request.session.get(SESSION_KEY, []) if t != token]
