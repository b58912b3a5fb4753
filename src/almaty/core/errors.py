"""Errors that services and access functions raise; views, the API and the CLI translate them."""

from __future__ import annotations

from typing import Any

from django.utils.functional import Promise


class AlmatyError(Exception):
    """A user-facing error: a translatable message with named parameters."""

    status = 400

    def __init__(self, message: Promise | str, **params: Any) -> None:
        self.message = message
        self.params = params
        super().__init__(self.text)

    @property
    def text(self) -> str:
        # `%` on the message itself, so that a lazy plural (ngettext_lazy with a named number)
        # picks its form from the parameters.
        return str(self.message % self.params) if self.params else str(self.message)


class NotFoundOrForbidden(AlmatyError):
    """The row does not exist or the user may not see it; the two are never told apart."""

    status = 404


class PermissionDenied(AlmatyError):
    """The user is known and the action is not allowed (e.g. an expired role)."""

    status = 403


class InvalidInput(AlmatyError):
    """The request, file or form is wrong; nothing was changed."""

    status = 400
