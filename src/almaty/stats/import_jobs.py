"""Web uploads checked and stored in the task queue, with their progress for the upload page.

The view stages the file (`staging`) with a record in state `queued` and queues
`import_staged`; the task runs `services.submission_create` and writes into the record what it
is doing (`checking`, then `storing`, with how far it got) and how it ended: `stored` (with the
submission), `refused` (with the issues by row and column, and whether they are warnings to
confirm) or `failed` (with the message in each language of the site). The file is stored whole
or not at all, as from the command line or the API.
"""

from __future__ import annotations

import logging
import time
from dataclasses import asdict
from typing import Any

from django.utils.translation import gettext_lazy as _
from huey.contrib.djhuey import db_task

from almaty.core.errors import AlmatyError
from almaty.core.languages import in_each_language
from almaty.stats import services, staging

logger = logging.getLogger(__name__)

QUEUED, CHECKING, STORING = "queued", "checking", "storing"
STORED, REFUSED, FAILED = "stored", "refused", "failed"
RUNNING = (QUEUED, CHECKING, STORING)
STEP_STATE = {"check": CHECKING, "store": STORING}


def new_record(*, user_id: int | None, filename: str, sharing: str) -> dict[str, Any]:
    """The record of a file about to be queued."""
    return {
        "filename": filename,
        "sharing": sharing,
        "user": user_id,
        "issues": [],
        "needs_confirmation": False,
        **queued(),
    }


def queued() -> dict[str, Any]:
    """The record's keys for a file (again) waiting in the queue."""
    return {
        "state": QUEUED,
        "done": 0,
        "total": 0,
        "submission": None,
        "error": None,
        "queued_at": time.time(),
    }


UNEXPECTED = _(
    "The file could not be stored because of an unexpected problem; nothing was stored. "
    "Try again later or tell the Support Unit."
)
GONE = _("The uploaded file is no longer available: upload it again.")


def run(token: str, *, confirm: bool = False) -> str:
    """Check and store the staged file `token`; returns the state it ended in."""
    from almaty.accounts.models import User

    meta = staging.record(token)
    if meta is None:
        return FAILED
    data = staging.data(token)
    user = User.objects.filter(pk=int(meta.get("user") or 0), is_active=True).first()
    if data is None or user is None:
        staging.update(token, state=FAILED, error=in_each_language(GONE))
        return FAILED

    def progress(step: str, done: int, total: int) -> None:
        staging.update(token, state=STEP_STATE.get(step, CHECKING), done=done, total=total)

    try:
        submission = services.submission_create(
            user=user,
            data=data,
            filename=meta["filename"],
            sharing=meta["sharing"],
            confirm=confirm,
            progress=progress,
        )
    except services.StatsValidationError as exc:
        staging.update(
            token,
            state=REFUSED,
            issues=[asdict(i) for i in exc.issues],
            needs_confirmation=exc.needs_confirmation,
        )
        return REFUSED
    except AlmatyError as exc:
        refusal = exc
        staging.update(token, state=FAILED, error=in_each_language(lambda: refusal.text))
        return FAILED
    except Exception:  # recorded for the page, which must never show a 500
        logger.exception("Storing the staged statistics file %s failed", token)
        staging.update(token, state=FAILED, error=in_each_language(UNEXPECTED))
        return FAILED
    staging.remove(token, keep_record=True)
    staging.update(token, state=STORED, submission=submission.pk)
    return STORED


@db_task()
def import_staged(token: str, confirm: bool = False) -> str:
    return run(token, confirm=confirm)
