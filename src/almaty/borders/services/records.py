"""Reads of a State's record-level data (stays, overstays), each audited, and of its
indicators, which its border analysts may submit to the statistics exchange."""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import polars as pl
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from almaty.borders import access, jobs, storage
from almaty.borders.choices import Engine
from almaty.borders.engine.dialects import EngineUnavailable
from almaty.borders.engine.overstays import overstays_as_of
from almaty.borders.engine.schema import day_of
from almaty.borders.services.loads import StepProgress, state_of, valid_engine
from almaty.core.audit import audit_record
from almaty.core.errors import InvalidInput, NotFoundOrForbidden
from almaty.core.models import AuditAction

NO_DATA = _("No crossing records of %(state)s have been loaded yet.")


def _derived(iso3: str) -> tuple[Path, Path, Path]:
    if not storage.has_derived(iso3):
        raise NotFoundOrForbidden(NO_DATA, state=iso3.upper())
    return storage.derived_paths(iso3)


def derived_paths(iso3: str) -> tuple[Path, Path, Path]:
    """(stays.parquet, indicators.csv, summary.json) of the State; no rights are checked."""
    return storage.derived_paths(iso3)


def record_read(
    *, user: Any | None, state: str, what: str, rows: int, as_of: dt.date | None = None
) -> None:
    """Audit a read of record-level data: `what` is "stays" or "overstays" (with `as_of`).
    The web, the API and the command line (as the system, or `--as` a user) all call it."""
    iso3 = state.upper()
    params: dict[str, Any] = {"state": iso3, "rows": int(rows)}
    if as_of is not None:
        params["as_of"] = as_of.isoformat()
    with transaction.atomic():
        audit_record(
            actor=user,
            action=AuditAction.READ,
            object_type=f"borders.{what}",
            object_id=iso3,
            message_key=f"borders.{what}_read",
            params=params,
        )


def stays_export(*, user: Any, state: str) -> Path:
    """The State's stays file (Parquet), for its border analysts; the read is audited."""
    access.require_border_analyst(user, state)
    stays, _indicators, _summary = _derived(state.upper())
    rows = pl.scan_parquet(stays).select(pl.len()).collect().item()
    record_read(user=user, state=state, what="stays", rows=rows)
    return stays


def overstays(*, user: Any, state: str, as_of: dt.date) -> pl.DataFrame:
    """Every overstay of the State as of a date (suspected in-country, and out-of-country),
    longest first, for its border analysts; the read is audited."""
    access.require_border_analyst(user, state)
    stays, _indicators, _summary = _derived(state.upper())
    frame = overstays_as_of(stays, day_of(as_of))
    record_read(user=user, state=state, what="overstays", rows=frame.height, as_of=as_of)
    return frame


@contextlib.contextmanager
def recomputed(
    *,
    state: str,
    engine: str = Engine.DUCKDB,
    user: Any | None = None,
    progress: StepProgress | None = None,
) -> Iterator[Path]:
    """Derive the State's outputs afresh from its batches with `engine`, into a folder that is
    removed after the `with` block (the command line's exports; nothing is published). A
    `user`, when given, must be a border analyst of the State."""
    if user is not None:
        access.require_border_analyst(user, state)
    iso3 = state_of(state).iso3
    valid_engine(engine)
    with storage.state_lock(iso3):
        if not storage.batch_paths(iso3):
            raise NotFoundOrForbidden(NO_DATA, state=iso3)
        built = storage.new_build_dir(iso3)
        try:
            try:
                jobs.derive_into(iso3, built, engine=engine, progress=progress)
            except EngineUnavailable:
                raise InvalidInput(
                    _("The %(engine)s engine is not installed here: use --engine duckdb."),
                    engine=engine,
                ) from None
            yield built
        finally:
            storage.drop(built)


def indicators_csv(*, user: Any, state: str) -> bytes:
    """The State's monthly indicators (SDMX-CSV) as derived, for its border analysts."""
    access.require_border_analyst(user, state)
    _stays, indicators, _summary = _derived(state.upper())
    return indicators.read_bytes()


def indicators_submit(
    *, user: Any, state: str, sharing: str = "members", confirm: bool = False
) -> Any:
    """Submit the State's derived indicators to the statistics exchange (a border analyst of
    the State); the submission then awaits the National Coordinator's approval like any
    other. Refusals are the exchange's (StatsValidationError with the issues)."""
    from almaty.stats import services as stats_services

    data = indicators_csv(user=user, state=state)
    if data.count(b"\n") < 2:
        raise InvalidInput(
            _("There are no complete months of %(state)s to submit yet."), state=state.upper()
        )
    return stats_services.submission_create(
        user=user,
        data=data,
        filename=f"borders-{state.upper()}-indicators.csv",
        sharing=sharing,
        confirm=confirm,
    )
