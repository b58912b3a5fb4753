"""Who may act in which role: the only place where role checks are decided."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from almaty.accounts.choices import RoleCode
from almaty.accounts.models import RoleAssignment
from almaty.core.errors import PermissionDenied


def active_assignments(*, user: Any, day: dt.date | None = None) -> list[RoleAssignment]:
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return []
    day = day or timezone.localdate()
    return list(
        RoleAssignment.objects.active_on(day).filter(user=user).select_related("role", "state")
    )


def user_has_role(
    *, user: Any, role: RoleCode | str, state_iso3: str | None = None, day: dt.date | None = None
) -> bool:
    return any(
        a.role.code == role
        and (state_iso3 is None or (a.state is not None and a.state.iso3 == state_iso3))
        for a in active_assignments(user=user, day=day)
    )


def require_role(
    *, user: Any, role: RoleCode | str, state_iso3: str | None = None, day: dt.date | None = None
) -> None:
    """Raise PermissionDenied unless the user holds the role on the day; says when it ended."""
    day = day or timezone.localdate()
    if user_has_role(user=user, role=role, state_iso3=state_iso3, day=day):
        return
    ended = None
    if getattr(user, "is_authenticated", False):
        past = RoleAssignment.objects.filter(user=user, role__code=role, valid_to__lt=day)
        if state_iso3 is not None:
            # A role that ended for another State says nothing about this one.
            past = past.filter(state__iso3=state_iso3)
        ended = past.order_by("-valid_to").first()
    if ended is not None and ended.valid_to is not None:
        raise PermissionDenied(
            _("Your role %(role)s ended on %(date)s."),
            role=ended.role.name,
            date=ended.valid_to.isoformat(),
        )
    label = RoleCode(role).label if role in RoleCode.values else str(role)
    raise PermissionDenied(_("This needs the role %(role)s."), role=label)


def can_manage_users(*, user: Any) -> bool:
    return user_has_role(user=user, role=RoleCode.SUPPORT_UNIT)
