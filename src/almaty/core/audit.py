"""Writing and verifying the audit log.

Every service that changes a shared record calls `audit_record` inside its own transaction, so
the entry and the change commit or roll back together. Entries hold a message key and
parameters; the text is translated when shown (see `audit_messages`).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from typing import Any

from django.db import models, transaction
from django.utils import timezone

from almaty.core.audit_messages import MESSAGES
from almaty.core.models import AuditAction, AuditChainHead, AuditEntry

GENESIS = "0" * 64


def _digest(*, prev_hash: str, entry: AuditEntry) -> str:
    payload = {
        "sequence": entry.sequence,
        "created_at": entry.created_at.isoformat(),
        "actor_id": entry.actor_id,
        "actor_label": entry.actor_label,
        "action": entry.action,
        "object_type": entry.object_type,
        "object_id": entry.object_id,
        "message_key": entry.message_key,
        "params": entry.params,
    }
    canonical = json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256((prev_hash + canonical).encode()).hexdigest()


def _portable(value: Any) -> Any:
    """Parameters as JSON that reads back exactly as written from any database: PostgreSQL's
    jsonb rewrites some numbers (1e100 comes back as an integer), which would change the hash,
    so floats are kept as text."""
    if isinstance(value, float):
        return repr(value)
    if isinstance(value, dict):
        return {key: _portable(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_portable(item) for item in value]
    return value


def audit_record(
    *,
    actor: Any | None,
    action: AuditAction,
    obj: models.Model | None = None,
    object_type: str = "",
    object_id: str = "",
    message_key: str,
    params: dict[str, Any] | None = None,
) -> AuditEntry:
    """Append one entry to the chain. Must run inside the caller's transaction."""
    if message_key not in MESSAGES:
        raise KeyError(f"Unknown audit message key: {message_key}")
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = object_id or str(obj.pk)
    is_user = actor is not None and getattr(actor, "is_authenticated", False)
    with transaction.atomic():
        head, _ = AuditChainHead.objects.select_for_update().get_or_create(id=1)
        entry = AuditEntry(
            sequence=head.length + 1,
            created_at=timezone.now(),
            actor=actor if is_user else None,
            actor_label=str(getattr(actor, "email", "") or "") if is_user else "system",
            action=action,
            object_type=object_type,
            object_id=object_id,
            message_key=message_key,
            params=_portable(json.loads(json.dumps(params or {}, default=str))),
            prev_hash=head.last_hash or GENESIS,
        )
        entry.hash = _digest(prev_hash=entry.prev_hash, entry=entry)
        entry.save()
        AuditChainHead.objects.filter(id=1).update(length=entry.sequence, last_hash=entry.hash)
    return entry


@dataclass(frozen=True)
class AuditProblem:
    sequence: int
    reason: str  # a message key of audit_messages.PROBLEMS


@dataclass(frozen=True)
class AuditVerification:
    checked: int
    problems: list[AuditProblem]

    @property
    def ok(self) -> bool:
        return not self.problems


def audit_verify(*, progress: Any | None = None) -> AuditVerification:
    """Recompute the chain; report changed, deleted or inserted rows. `progress(n)` is optional."""
    problems: list[AuditProblem] = []
    prev_hash = GENESIS
    expected_sequence = 1
    checked = 0
    for entry in AuditEntry.objects.order_by("sequence").iterator(chunk_size=2000):
        if entry.sequence != expected_sequence:
            problems.append(AuditProblem(expected_sequence, "missing"))
            expected_sequence = entry.sequence
        if entry.prev_hash != prev_hash:
            problems.append(AuditProblem(entry.sequence, "broken_link"))
        if _digest(prev_hash=entry.prev_hash, entry=entry) != entry.hash:
            problems.append(AuditProblem(entry.sequence, "changed"))
        prev_hash = entry.hash
        expected_sequence += 1
        checked += 1
        if progress is not None:
            progress(1)
    head = AuditChainHead.objects.filter(id=1).first()
    head_length = head.length if head else 0
    head_hash = (head.last_hash if head else "") or GENESIS
    # Compared with the last sequence, not the number of rows, so that a row deleted in the
    # middle is reported once (as missing), not also as a cut end.
    if head_length != expected_sequence - 1 or head_hash != prev_hash:
        problems.append(AuditProblem(head_length, "truncated"))
    return AuditVerification(checked=checked, problems=problems)


def audit_total() -> int:
    return AuditEntry.objects.count()
