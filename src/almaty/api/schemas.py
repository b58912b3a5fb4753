"""Schemas shared by every router: the shape of error answers."""

from __future__ import annotations

from typing import Any

from ninja import Schema


class ErrorOut(Schema):
    """Every 4xx answer: a message in the request's language (Accept-Language)."""

    detail: str


class ValidationErrorOut(Schema):
    """422: the message, and per field what is wrong."""

    detail: str
    errors: list[dict[str, Any]]


PUBLIC_ERRORS: dict[int, type[Schema]] = {422: ValidationErrorOut}
SIGNED_IN_ERRORS: dict[int, type[Schema]] = {401: ErrorOut, 422: ValidationErrorOut}
