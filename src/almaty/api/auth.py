from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja.security import HttpBearer, SessionAuth

from almaty.accounts.services import token_authenticate


class BearerToken(HttpBearer):
    """`Authorization: Bearer alm_...` for machine clients (tokens from `almaty users add`)."""

    def authenticate(self, request: HttpRequest, token: str) -> Any | None:
        user = token_authenticate(token)
        if user is not None:
            request.user = user
        return user


class Session(SessionAuth):
    """Browsers use their signed-in session (with CSRF on writes)."""


AUTH = [BearerToken(), Session()]


def anonymous(request: HttpRequest) -> bool:
    """Last in a list of authenticators: lets anonymous readers through to a public read."""
    return True


# Reads open to everyone, where a token or a session shows the signed-in user more.
PUBLIC_OR_SIGNED_IN = [BearerToken(), Session(), anonymous]
