"""The audit log's hash chain: appending entries, then verifying the whole chain.

Each entry is appended the way services append them, one `audit_record` call and one
transaction at a time, so the figure includes the commit that every audited change pays.
"""

from __future__ import annotations

from time import perf_counter

from almaty.core.audit import audit_record, audit_verify
from almaty.core.models import AuditAction
from bench.run import benchmark

ENTRIES = 5000


@benchmark(database=True, repeat=3, warmup=1)
def append_then_verify() -> dict[str, float]:
    start = perf_counter()
    for n in range(ENTRIES):
        audit_record(
            actor=None,
            action=AuditAction.CREATE,
            object_type="accounts.user",
            object_id=str(n + 1),
            message_key="user.created",
            params={"email": f"user{n + 1}@example.org"},
        )
    appended = perf_counter()
    verification = audit_verify()
    verified = perf_counter()
    # A fast but wrong chain is no result.
    if not verification.ok or verification.checked != ENTRIES:
        raise AssertionError(f"chain of {ENTRIES} did not verify: {verification}")
    return {
        "entries": ENTRIES,
        "append_seconds": appended - start,
        "append_per_second": ENTRIES / (appended - start),
        "verify_seconds": verified - appended,
        "verify_per_second": ENTRIES / (verified - appended),
    }


BENCHMARKS = [append_then_verify]
