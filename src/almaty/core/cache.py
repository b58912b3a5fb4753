"""Caching of public pages: whole responses for anonymous readers, per address (which holds the
language), dropped at once when public content changes.

`public_page` serves a view's stored response to anonymous GET/HEAD requests, and stores the
200 responses to anonymous GET requests, unless anything in them belongs to one reader: a
signed-in user (whose pages show their name, role and CSRF token) is never served from nor
stored in the cache; neither is a response that sets a cookie, holds a CSRF token, says
`Cache-Control: private` or `no-store`, or comes with a message ("Saved.") for its reader.

The key holds the address (scheme, host, path and query: `/en/...` and `/ru/...` apart), the
request headers the views vary on (htmx asks for fragments), today's date (lists split
"upcoming" from "past") and a generation token. `content_changed()` replaces the token, which
makes every stored page stale at once; it runs on every save or delete of the models in
`PUBLIC_MODELS` and when their many-to-many links change (`connect_signals`, called from
`CoreConfig.ready`), both at once and again when the transaction commits, so that no reader
who rendered the page in between keeps the old content. Writes that send no signals
(`QuerySet.update`, `bulk_update`) are caught by the audit entry their service writes in the
same transaction; anything else calls `content_changed()` itself or waits for
`TIMEOUT_SECONDS`, the longest a page is kept.

The setting `PUBLIC_PAGE_CACHE = False` turns the cache off (the benchmark's uncached run).
"""

from __future__ import annotations

import functools
import hashlib
import logging
import uuid
from collections.abc import Callable
from typing import Any

from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models import Model
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.cache import cc_delim_re

logger = logging.getLogger(__name__)

GENERATION_KEY = "almaty:public-pages:generation"
KEY_PREFIX = "almaty:public-page"
TIMEOUT_SECONDS = 600
# Request headers that change what a public view answers (htmx fragments of the search).
KEYED_HEADERS = ("HX-Request", "HX-History-Restore-Request")
# A response that varies on anything else than these is not stored.
ALLOWED_VARY = {"cookie", "accept-language", "accept-encoding", *(h.lower() for h in KEYED_HEADERS)}
# The response header telling whether the page came from the cache (for people and benchmarks).
STATUS_HEADER = "X-Public-Cache"

# Models whose change may show on a public page ("app_label.ModelName"). Labels of apps or
# models that do not exist (yet) are skipped. Left out on purpose: delegates (never public),
# notices sent, register numbering, users, roles, sign-in attempts, the audit log.
PUBLIC_MODELS = (
    # the Process: States, participation, chairs, coordinators, the Operating Modalities
    "process.State",
    "process.Participation",
    "process.ChairTerm",
    "process.ChairPass",
    "process.NationalCoordinator",
    "process.Organisation",
    "process.ProcessProfile",
    "process.ModalitiesVersion",
    "process.ReferenceDataset",
    # meetings: the meeting, its agenda, speakers, materials, outcomes
    "meetings.Meeting",
    "meetings.AgendaItem",
    "meetings.Speaker",
    "meetings.Person",
    "meetings.Material",
    "meetings.Outcome",
    # the archive
    "archive.Document",
    "archive.DocumentVersion",
    "archive.Topic",
    "archive.MediaItem",
    "archive.GlossaryTerm",
    # decisions: the public register and a decision's record
    "decisions.Proposal",
    "decisions.Position",
    "decisions.SilenceBreak",
    "decisions.DeadlineExtension",
    # the portal's own content (news and pages)
    "news.NewsItem",
    "pages.Page",
    "pages.MeetingPhoto",
    # statistics: published submissions and their sources (observations are written in bulk,
    # without signals: the submission's own save and audit entry come with them)
    "stats.Indicator",
    "stats.ExternalSource",
    "stats.Submission",
)


def is_enabled() -> bool:
    return bool(getattr(settings, "PUBLIC_PAGE_CACHE", True))


def _new_generation() -> str:
    # A fresh random token rather than a counter: a lost or evicted entry can never bring an
    # old generation (and its pages) back, and two processes bumping at once still change it.
    return uuid.uuid4().hex


def _bump() -> None:
    cache.set(GENERATION_KEY, _new_generation(), None)


def content_changed(**_: Any) -> None:
    """Make every cached public page stale, now and again once the transaction commits."""
    _bump()
    transaction.on_commit(_bump)


def _generation() -> str:
    value = cache.get(GENERATION_KEY)
    if value is None:
        cache.add(GENERATION_KEY, _new_generation(), None)
        value = cache.get(GENERATION_KEY) or _new_generation()
    return str(value)


def _may_be_served(request: HttpRequest) -> bool:
    if not is_enabled() or request.method not in ("GET", "HEAD"):
        return False
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return False
    return not _has_messages(request)


def _has_messages(request: HttpRequest) -> bool:
    storage = getattr(request, "_messages", None)
    return storage is not None and len(storage) > 0


def _may_be_stored(request: HttpRequest, response: HttpResponse) -> bool:
    if request.method != "GET" or response.status_code != 200:
        return False
    if getattr(response, "streaming", False) or response.cookies:
        return False
    # The page holds a CSRF token (a form): it belongs to this reader's cookie.
    if request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):
        return False
    session = getattr(request, "session", None)
    if session is not None and session.modified:
        return False
    if _has_messages(request):
        return False
    control = {
        d.strip().split("=")[0].lower()
        for d in cc_delim_re.split(response.get("Cache-Control", ""))
    }
    if control & {"private", "no-store", "no-cache"}:
        return False
    vary = {h.strip().lower() for h in cc_delim_re.split(response.get("Vary", "")) if h.strip()}
    return vary <= ALLOWED_VARY


def cache_key(request: HttpRequest) -> str:
    """The key of the page `request` asks for, in the current generation."""
    parts = [
        request.build_absolute_uri(),
        *(f"{h}={request.headers.get(h, '')}" for h in KEYED_HEADERS),
        timezone.localdate().isoformat(),
    ]
    digest = hashlib.sha256("\n".join(parts).encode()).hexdigest()
    return f"{KEY_PREFIX}:{_generation()}:{digest}"


def public_page(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Serve and store the view's responses for anonymous readers (see the module's text)."""

    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not _may_be_served(request):
            return view(request, *args, **kwargs)
        # The key (and its generation) is taken before the view reads anything, so a change
        # made while the page renders leaves the stored copy under a generation already gone.
        key = cache_key(request)
        cached = cache.get(key)
        if cached is not None:
            cached[STATUS_HEADER] = "hit"
            return cached
        response = view(request, *args, **kwargs)
        render = getattr(response, "render", None)
        if callable(render) and not getattr(response, "is_rendered", True):
            render()  # a TemplateResponse: the template may ask for a CSRF token
        if _may_be_stored(request, response):
            cache.set(key, response, TIMEOUT_SECONDS)
            response[STATUS_HEADER] = "miss"
        return response

    return wrapper


def _resolve(label: str) -> type[Model] | None:
    try:
        return apps.get_model(label)
    except (LookupError, ValueError):
        return None


def public_models() -> list[type[Model]]:
    """The models of `PUBLIC_MODELS` that exist in this installation."""
    return [model for model in map(_resolve, PUBLIC_MODELS) if model is not None]


DISPATCH_PREFIX = "almaty.core.cache"
# Audited actions that change content (not reads or sign-ins).
WRITE_ACTIONS = {"create", "update", "delete", "load", "restore"}


def _audited(sender: Any, instance: Any, created: bool = False, **_: Any) -> None:
    # Services write one audit entry per change, in the change's transaction: this also
    # catches their writes that send no model signals (`bulk_update`, `QuerySet.update`).
    if created and instance.action in WRITE_ACTIONS:
        app_label = str(instance.object_type).partition(".")[0]
        if app_label in {label.partition(".")[0].lower() for label in PUBLIC_MODELS}:
            content_changed()


def connect_signals() -> list[type[Model]]:
    """Connect `content_changed` to the writes of the public models; returns those connected."""
    models = public_models()
    for model in models:
        label = model._meta.label
        post_save.connect(
            content_changed, sender=model, dispatch_uid=f"{DISPATCH_PREFIX}:save:{label}"
        )
        post_delete.connect(
            content_changed, sender=model, dispatch_uid=f"{DISPATCH_PREFIX}:delete:{label}"
        )
        for field in model._meta.many_to_many:
            through = field.remote_field.through
            if through is None:
                continue
            m2m_changed.connect(
                content_changed,
                sender=through,
                dispatch_uid=f"{DISPATCH_PREFIX}:m2m:{through._meta.label}",
            )
    audit = _resolve("core.AuditEntry")
    if audit is not None:
        post_save.connect(_audited, sender=audit, dispatch_uid=f"{DISPATCH_PREFIX}:audit")
    missing = sorted(set(PUBLIC_MODELS) - {m._meta.label for m in models})
    if missing:
        logger.debug("Public page cache: no such models (yet): %s", ", ".join(missing))
    return models
