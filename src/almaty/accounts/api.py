"""API: the current user and their roles."""

from __future__ import annotations

import datetime as dt

from django.http import HttpRequest
from ninja import Router, Schema

from almaty.accounts import access
from almaty.api.schemas import SIGNED_IN_ERRORS

router = Router(tags=["accounts"])


class RoleOut(Schema):
    role: str
    role_name: str
    state: str | None
    valid_from: dt.date
    valid_to: dt.date | None


class MeOut(Schema):
    email: str
    full_name: str
    preferred_language: str
    roles: list[RoleOut]


@router.get(
    "/me",
    response={200: MeOut, **SIGNED_IN_ERRORS},
    summary="The signed-in user and their active roles",
)
def me(request: HttpRequest) -> MeOut:
    user = request.user
    roles = [
        RoleOut(
            role=a.role.code,
            role_name=a.role.name,
            state=a.state.iso3 if a.state else None,
            valid_from=a.valid_from,
            valid_to=a.valid_to,
        )
        for a in access.active_assignments(user=user)
    ]
    return MeOut(
        email=user.email,  # type: ignore[union-attr]
        full_name=user.full_name,  # type: ignore[union-attr]
        preferred_language=user.preferred_language,  # type: ignore[union-attr]
        roles=roles,
    )
