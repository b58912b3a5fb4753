"""Changing the audit log behind the ORM's back, as someone with database access could."""

from __future__ import annotations

from typing import Any

from django.db import connection

from almaty.core.models import AuditEntry


def _table() -> str:
    return connection.ops.quote_name(AuditEntry._meta.db_table)


def sql(statement: str, params: list[Any] | tuple[Any, ...] = ()) -> None:
    with connection.cursor() as cursor:
        cursor.execute(statement.replace("{table}", _table()), params)


def change(sequence: int, column: str, value: Any) -> None:
    sql(
        f"UPDATE {{table}} SET {connection.ops.quote_name(column)} = %s WHERE sequence = %s",  # noqa: S608
        [value, sequence],
    )


def delete(sequence: int) -> None:
    sql("DELETE FROM {table} WHERE sequence = %s", [sequence])


def move(sequence: int, to: int) -> None:
    change(sequence, "sequence", to)


def swap(first: int, second: int) -> None:
    """Exchange the places of two entries (sequence numbers are unique, hence the detour)."""
    parking = 10**9
    move(first, parking)
    move(second, first)
    move(parking, second)


def shift_from(sequence: int, by: int = 1) -> None:
    """Make room before `sequence` by moving it and every later entry up."""
    parking = 10**9
    sql("UPDATE {table} SET sequence = sequence + %s WHERE sequence >= %s", [parking, sequence])
    sql("UPDATE {table} SET sequence = sequence - %s WHERE sequence >= %s", [parking - by, parking])
