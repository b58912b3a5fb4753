"""Pieces shared by the statisticians' pages: the role gate and which staged uploads a session
may see (the files themselves are kept by `almaty.stats.staging`). Only the session that
uploaded a file knows its token, and only its user may open it."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _

from almaty.core.errors import PermissionDenied
from almaty.core.views import error_page
from almaty.stats import access, staging
from almaty.stats.engine.errors import Issue

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


def remember(request: HttpRequest, token: str) -> None:
    """Let this session see the staged upload `token` (the last ten only)."""
    tokens = [t for t in request.session.get(SESSION_KEY, []) if staging.record(t) is not None]
    request.session[SESSION_KEY] = [*[t for t in tokens if t != token][-9:], token]


def staged(request: HttpRequest, token: str) -> dict[str, Any] | None:
    """The staged upload's record (its issues as Issue objects), if this session staged it
    lately and its user is the one signed in."""
    if token not in request.session.get(SESSION_KEY, []):
        return None
    meta = staging.record(token)
    if meta is None or meta.get("user") != request.user.pk:
        return None
    meta["issues"] = [Issue(**item) for item in meta.get("issues", [])]
    return meta


def discard(request: HttpRequest, token: str) -> None:
    staging.remove(token)
    request.session[SESSION_KEY] = [t for t in request.session.get(SESSION_KEY, []) if t != token]
