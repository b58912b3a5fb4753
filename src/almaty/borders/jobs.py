"""Running loads of crossing records: check, store, derive; for the task queue and the CLI.

A load is stored whole or not at all. Under the State's lock (one load or derivation of a
State at a time), each file is checked by the engine into a pending batch; a file with more
than BORDERS_MAX_REJECTED_SHARE of its rows rejected is refused (its report says why) and its
pending batch removed; otherwise the batch is renamed into place and the State's stays,
overstays and indicators are derived again from all its batches into a new folder, which
replaces the outputs in one step. Only then is the load `done`. If anything fails on the way,
the load's batch is removed and the earlier outputs stay as they were.

A load found `checking`, `storing` or `deriving` when the lock is taken was killed (nothing
else can be running): `sweep` removes its batch and marks it failed, and the outputs are
derived again without it. A file whose records were all loaded before stores nothing.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from almaty.borders import rules, selectors, storage
from almaty.borders.choices import RUNNING, STARTED, LoadStatus
from almaty.borders.engine.dialects import EngineUnavailable
from almaty.borders.engine.ingest import IngestError, IngestReport, ingest
from almaty.borders.engine.pipeline import DeriveResult, derive
from almaty.borders.messages import explain_file_error
from almaty.borders.models import CrossingLoad
from almaty.core.audit import audit_record
from almaty.core.languages import in_each_language
from almaty.core.models import AuditAction

logger = logging.getLogger(__name__)

StepProgress = Callable[[str, int, int], None]  # step ("ingest.check", ...), done, total
WRITE_EVERY_SECONDS = 0.5  # progress written to the load's row at most this often

UNEXPECTED = _(
    "The load failed because of an unexpected problem; nothing was stored. Try again later or "
    "tell the Support Unit."
)
INTERRUPTED = _(
    "The load was interrupted (the server stopped while it ran); nothing was stored. Load the "
    "file again."
)
NO_SPARK = _(
    "The Spark engine is not installed on this server; nothing was stored. Load the file with "
    "DuckDB, or ask the Support Unit to install Spark."
)
TOO_MANY_REJECTED = ngettext_lazy(
    "%(rejected)s of %(read)s row was rejected (%(share)s%%), more than the %(limit)s%% a load "
    "may have; nothing was stored. Correct the rows the report lists and load the file again.",
    "%(rejected)s of %(read)s rows were rejected (%(share)s%%), more than the %(limit)s%% a load "
    "may have; nothing was stored. Correct the rows the report lists and load the file again.",
    "read",
)


def max_rejected_share() -> float:
    return float(getattr(settings, "BORDERS_MAX_REJECTED_SHARE", 0.05))


class _Reporter:
    """Writes a load's step and progress to its row (for the progress page, at most every
    WRITE_EVERY_SECONDS) and passes them on to the caller's progress."""

    def __init__(self, loads: Sequence[CrossingLoad], outside: StepProgress | None) -> None:
        self.loads = [load.pk for load in loads]
        self.outside = outside
        self.last_step = ""
        self.last_write = 0.0

    def for_loads(self, loads: Sequence[CrossingLoad]) -> _Reporter:
        return _Reporter(loads, self.outside)

    def __call__(self, step: str, done: int, total: int) -> None:
        now = time.monotonic()
        if step != self.last_step or done >= total or now - self.last_write >= WRITE_EVERY_SECONDS:
            CrossingLoad.objects.filter(pk__in=self.loads).update(
                step=step[:40], done=max(done, 0), total=max(total, 0)
            )
            self.last_step, self.last_write = step, now
        if self.outside is not None:
            self.outside(step, done, total)

    def phase(self, phase: str) -> StepProgress:
        return lambda step, done, total: self(f"{phase}.{step}", done, total)


def _set(load: CrossingLoad, **values: Any) -> None:
    for name, value in values.items():
        setattr(load, name, value)
    CrossingLoad.objects.filter(pk=load.pk).update(**values)


def _audit_end(load: CrossingLoad, message_key: str, action: AuditAction) -> None:
    audit_record(
        actor=load.created_by,
        action=action,
        obj=load,
        message_key=message_key,
        params={
            "id": load.pk,
            "state": load.state.iso3,
            "file": load.file_name,
            "accepted": load.rows_accepted,
            "rejected": load.rows_rejected,
            "skipped": load.rows_already_loaded,
        },
    )


@transaction.atomic
def _finish(load: CrossingLoad, status: str, *, error: Any = None, **values: Any) -> None:
    """End the load: its status, error (in each language), counts; audited with them."""
    _set(
        load,
        status=status,
        error=in_each_language(error) if error is not None else {},
        finished_at=timezone.now(),
        **values,
    )
    if status == LoadStatus.DONE:
        _audit_end(load, "borders.loaded", AuditAction.LOAD)
    elif status == LoadStatus.REFUSED:
        _audit_end(load, "borders.load_refused", AuditAction.LOAD)
    else:
        _audit_end(load, "borders.load_failed", AuditAction.LOAD)
    if load.path:
        storage.unstage(load.path)


def _counts(report: IngestReport) -> dict[str, Any]:
    return {
        "report": report.to_dict(),
        "rows_read": report.rows_read,
        "rows_accepted": report.rows_accepted,
        "rows_rejected": report.rows_rejected,
        "rows_already_loaded": report.rows_already_loaded,
    }


def _percent(share: float) -> str:
    return number_format(round(100 * share, 1), decimal_pos=1)


def sweep(iso3: str, *, keep: Sequence[int] = ()) -> bool:
    """With the State's lock held: fail loads that were killed while at work, remove what they
    and others left behind. True when a stored batch was removed (derive again)."""
    removed = False
    killed = (
        CrossingLoad.objects.filter(state__iso3=iso3, status__in=list(STARTED))
        .exclude(pk__in=list(keep))
        .select_related("state", "created_by")
    )
    for load in killed:
        removed |= storage.discard(iso3, load.pk)
        _finish(load, LoadStatus.FAILED, error=INTERRUPTED)
    storage.sweep_leftovers(iso3)
    return removed


def _check(load: CrossingLoad, progress: StepProgress) -> bool:
    """Check the load's file into its pending batch; True when it has new records to store,
    False when it ended here (refused, or nothing new)."""
    iso3 = load.state.iso3
    _set(load, status=LoadStatus.CHECKING, step="", done=0, total=0)
    try:
        report = ingest(
            [Path(load.path)],
            recording_state=iso3,
            out=storage.pending_path(iso3, load.pk),
            known=storage.batch_paths(iso3),
            progress=progress,
        )
    except IngestError as exc:
        params = {**exc.params, "file": load.file_name}  # (the engine read the staged copy)
        code = exc.code
        _finish(load, LoadStatus.REFUSED, error=lambda: explain_file_error(code, params))
        return False
    for sample in report.samples:
        sample["file"] = load.file_name
    share = report.rows_rejected / report.rows_read if report.rows_read else 0.0
    if share > max_rejected_share():
        storage.discard(iso3, load.pk)
        params = {
            "rejected": report.rows_rejected,
            "read": report.rows_read,
            "share": _percent(share),
            "limit": _percent(max_rejected_share()),
        }
        _finish(
            load,
            LoadStatus.REFUSED,
            error=lambda: TOO_MANY_REJECTED % params,
            **_counts(report),
        )
        return False
    if report.rows_accepted == 0:
        storage.discard(iso3, load.pk)
        current = selectors.summary(iso3) or {}
        _finish(load, LoadStatus.DONE, derive=current.get("counts") or {}, **_counts(report))
        return False
    _set(load, status=LoadStatus.STORING, **_counts(report))
    storage.promote(iso3, load.pk)
    _set(load, status=LoadStatus.DERIVING)
    return True


def derive_into(
    iso3: str, out_dir: Path, *, engine: str = "duckdb", progress: StepProgress | None = None
) -> DeriveResult:
    """Derive the State's outputs from all its batches into `out_dir` (not published), with
    its stay rules and movement settings. Call with the State's lock held."""
    from almaty.borders.engine.bcps import counterparts

    return derive(
        storage.batch_paths(iso3),
        rules=rules.rules_for_engine(iso3),
        movement=selectors.movement_settings(iso3),
        as_of_day=None,
        out_dir=out_dir,
        engine=engine,
        bcp_counterparts=counterparts(),
        progress=progress,
    )


def _derive_and_publish(
    iso3: str, *, engine: str, progress: StepProgress | None
) -> DeriveResult | None:
    """New outputs from the State's batches (None, and no outputs, when it has none left)."""
    if not storage.batch_paths(iso3):
        storage.clear_derived(iso3)
        return None
    built = storage.new_build_dir(iso3)
    try:
        result = derive_into(iso3, built, engine=engine, progress=progress)
        storage.publish(iso3, built)
    except BaseException:
        storage.drop(built)
        raise
    return result


def fail_unfinished(loads: Sequence[CrossingLoad], error: Any) -> None:
    """Fail the loads that had not ended, removing whatever they stored."""
    for load in loads:
        load.refresh_from_db(fields=["status"])
        if load.status in RUNNING:
            storage.discard(load.state.iso3, load.pk)
            _finish(load, LoadStatus.FAILED, error=error)


def run_loads(
    loads: Sequence[CrossingLoad], *, progress: StepProgress | None = None
) -> list[CrossingLoad]:
    """Check, store and derive queued loads of one State (several files from the command
    line are derived once, after the last). Returns them as they ended."""
    if not loads:
        return []
    iso3 = loads[0].state.iso3
    engine = loads[0].engine
    reporter = _Reporter(loads, progress)
    with storage.state_lock(iso3):
        pending: list[CrossingLoad] = []
        try:
            removed = sweep(iso3, keep=[load.pk for load in loads])
            for load in loads:
                if _check(load, reporter.for_loads([load]).phase("ingest")):
                    pending.append(load)
            if pending or removed:
                result = _derive_and_publish(
                    iso3, engine=engine, progress=reporter.for_loads(pending).phase("derive")
                )
                counts = result.to_dict() if result is not None else {}
                for load in pending:
                    _finish(load, LoadStatus.DONE, derive=counts)
        except EngineUnavailable:
            fail_unfinished(loads, NO_SPARK)
        except Exception:  # recorded on the load, whose page must never show a 500
            logger.exception("Loading crossing records of %s failed", iso3)
            fail_unfinished(loads, UNEXPECTED)
    for load in loads:
        load.refresh_from_db()
    return list(loads)


def load_run(load_id: int, progress: StepProgress | None = None) -> CrossingLoad | None:
    """Run a queued load (the task queue's work); a load that already ran is left as it is."""
    load = CrossingLoad.objects.select_related("state", "created_by").filter(pk=load_id).first()
    if load is None:
        return None
    if load.status == LoadStatus.QUEUED:
        run_loads([load], progress=progress)
        load.refresh_from_db()
    return load


def derive_state(
    iso3: str, *, engine: str = "duckdb", progress: StepProgress | None = None
) -> DeriveResult | None:
    """Derive the State's outputs again (after its stay rules or movement settings changed)."""
    with storage.state_lock(iso3):
        sweep(iso3)
        return _derive_and_publish(iso3, engine=engine, progress=progress)
