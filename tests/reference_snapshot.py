"""The reference data for tests, loaded once per run and then copied in.

Loading the Almaty Process reference file checks and writes a few hundred rows through the
services (with their audit entries); more than a thousand tests start from it. The first load
in a run goes through `reference_load()`; its rows are remembered and later tests get the same
rows inserted directly, in their own transaction, which takes milliseconds. A test whose tables
already hold rows gets a real load instead, so the copy is only used where it equals one.
"""

from __future__ import annotations

import datetime as dt
import decimal
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.core.management.color import no_style
from django.db import connection, transaction


@dataclass
class Snapshot:
    result: Any
    tables: dict[str, tuple[list[str], list[tuple[Any, ...]]]]


_SNAPSHOTS: dict[str, Snapshot] = {}
# Filled by migrations in every test database; never part of the reference data.
MIGRATED = {"auth_permission", "django_content_type"}


def _tables() -> list[str]:
    return sorted(
        {m._meta.db_table for m in apps.get_models(include_auto_created=True) if m._meta.managed}
        - MIGRATED
    )


def _non_empty(tables: list[str]) -> set[str]:
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        found = set()
        for table in tables:
            cursor.execute(f"SELECT 1 FROM {quote(table)} LIMIT 1")  # noqa: S608 - table names from the models
            if cursor.fetchone():
                found.add(table)
    return found


def _adapt(value: Any) -> Any:
    """A value read back by the cursor, made fit to be written by it again."""
    if connection.vendor == "postgresql":
        if isinstance(value, (dict, list)):
            from psycopg.types.json import Jsonb

            return Jsonb(value)
        return value
    # SQLite hands back dates and times parsed (Django's converters) but has no adapters.
    if isinstance(value, dt.datetime):
        return connection.ops.adapt_datetimefield_value(value)
    if isinstance(value, dt.time):
        return connection.ops.adapt_timefield_value(value)
    if isinstance(value, dt.date):
        return connection.ops.adapt_datefield_value(value)
    if isinstance(value, decimal.Decimal):
        return str(value)
    return value


def _capture(tables: list[str]) -> dict[str, tuple[list[str], list[tuple[Any, ...]]]]:
    quote = connection.ops.quote_name
    captured = {}
    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(f"SELECT * FROM {quote(table)}")  # noqa: S608
            columns = [c[0] for c in cursor.description]
            captured[table] = (columns, [tuple(row) for row in cursor.fetchall()])
    return captured


def _restore(snapshot: Snapshot) -> None:
    quote = connection.ops.quote_name
    # One transaction: foreign keys are checked at its end, whatever the order of the tables
    # (transactional tests run in autocommit).
    with transaction.atomic(), connection.cursor() as cursor:
        for table, (columns, rows) in snapshot.tables.items():
            names = ", ".join(quote(c) for c in columns)
            marks = ", ".join(["%s"] * len(columns))
            cursor.executemany(
                f"INSERT INTO {quote(table)} ({names}) VALUES ({marks})",  # noqa: S608
                [tuple(_adapt(v) for v in row) for row in rows],
            )
        models = [
            m
            for m in apps.get_models(include_auto_created=True)
            if m._meta.db_table in snapshot.tables
        ]
        for sql in connection.ops.sequence_reset_sql(no_style(), models):
            cursor.execute(sql)


def load_reference() -> Any:
    """The reference data in the current test's database; returns what `reference_load` did."""
    from almaty.process.services import reference_load

    tables = _tables()
    if _non_empty(tables):
        return reference_load()
    snapshot = _SNAPSHOTS.get(connection.vendor)
    if snapshot is not None:
        _restore(snapshot)
        return snapshot.result
    result = reference_load()
    filled = sorted(_non_empty(tables))
    _SNAPSHOTS[connection.vendor] = Snapshot(result, _capture(filled))
    return result
