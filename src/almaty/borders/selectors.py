"""Reads of border movements that check no rights themselves (callers use `access` first) and
read no record-level data (that is `services.overstays` and `services.stays_export`, which
audit the read)."""

from __future__ import annotations

import datetime as dt
import json
import time
from typing import Any

from django.db.models import Q, QuerySet

from almaty.borders import access, storage
from almaty.borders.choices import LoadStatus
from almaty.borders.engine.pipeline import MovementSettings
from almaty.borders.messages import step_label
from almaty.borders.models import CrossingLoad, MovementSettingsRecord, StayRule
from almaty.core.languages import current_language

QUEUE_PATIENCE_SECONDS = 30  # a load still queued after this: the queue may be down


def loads_for(user: Any, *, state: str | None = None) -> QuerySet[CrossingLoad]:
    """The loads of the States the user is a border analyst of, newest first."""
    found = access.loads_visible_to(user).select_related("state", "created_by")
    if state:
        found = found.filter(state__iso3=state.upper())
    return found


def error_text(load: CrossingLoad) -> str:
    """The load's error in the reader's language ("" when it has none)."""
    errors = load.error or {}
    return str(errors.get(current_language()) or errors.get("en") or "")


def progress(load: CrossingLoad) -> dict[str, Any]:
    """What the load's page shows while it runs, and once it ended."""
    done, total = int(load.done), int(load.total)
    waited = time.time() - load.created_at.timestamp() if load.created_at else 0.0
    return {
        "id": load.pk,
        "status": load.status,
        "status_label": LoadStatus(load.status).label,
        "running": load.is_running,
        "step": step_label(load.step) if load.step else "",
        "done": done,
        "total": total,
        "percent": round(100 * done / total) if total else 0,
        "error": error_text(load),
        "slow_queue": load.status == LoadStatus.QUEUED and waited > QUEUE_PATIENCE_SECONDS,
    }


def summary(iso3: str) -> dict[str, Any] | None:
    """The State's current aggregates (summary.json: counts, stays by type and month,
    overstays by nationality, crossings by BCP), or None before the first load."""
    _stays, _indicators, path = storage.derived_paths(iso3)
    try:
        found: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return found


def rules_of(iso3: str, *, on: dt.date | None = None) -> QuerySet[StayRule]:
    """The State's stay rules, every version (or those in force for entries on `on`)."""
    found = StayRule.objects.filter(state__iso3=iso3.upper()).select_related(
        "state", "replaces", "created_by"
    )
    if on is not None:
        found = found.filter(valid_from__lte=on).filter(
            Q(valid_to__isnull=True) | Q(valid_to__gte=on)
        )
    return found


def rule_by_id(rule_id: int | str) -> StayRule | None:
    if not str(rule_id).isdigit():
        return None
    return StayRule.objects.select_related("state").filter(pk=int(rule_id)).first()


def movement_settings(iso3: str) -> MovementSettings:
    """The State's movement-type thresholds (the engine's defaults where it set none)."""
    record = MovementSettingsRecord.objects.filter(state__iso3=iso3.upper()).first()
    return MovementSettings.from_dict(record.settings if record else None)


def has_records(iso3: str) -> bool:
    return bool(storage.batch_paths(iso3))
