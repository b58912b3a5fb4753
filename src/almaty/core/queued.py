"""Pages of work done in the task queue (uploads checked, files forecast): what their
progress page shows, and redirects that htmx's polling follows as whole pages."""

from __future__ import annotations

import time
from collections.abc import Collection
from typing import Any

from django.http import HttpRequest, HttpResponse

from almaty.core.languages import current_language

QUEUE_PATIENCE_SECONDS = 30  # a file still queued after this: say the queue may be down


def follow(request: HttpRequest, response: HttpResponse) -> HttpResponse:
    """`response` (a redirect) as it is, or, to htmx's polling, as HX-Redirect."""
    if request.headers.get("HX-Request"):
        followed = HttpResponse()
        followed["HX-Redirect"] = response["Location"]
        return followed
    return response


def progress_context(
    token: str, record: dict[str, Any], *, running: Collection[str], queued: str
) -> dict[str, Any]:
    """What a progress page shows of a staged record (`almaty.stats.staging`): its state, how
    far it got, its error in the reader's language, and whether it waited too long."""
    state = record.get("state")
    done, total = int(record.get("done") or 0), int(record.get("total") or 0)
    waited = time.time() - float(record.get("queued_at") or time.time())
    errors = record.get("error") or {}
    return {
        "token": token,
        "filename": record.get("filename", ""),
        "state": state,
        "running": state in running,
        "done": done,
        "total": total,
        "percent": round(100 * done / total) if total else 0,
        "error": errors.get(current_language()) or errors.get("en", ""),
        "slow_queue": state == queued and waited > QUEUE_PATIENCE_SECONDS,
    }
