"""Who may see and change the process's records beyond what is public."""

from __future__ import annotations

from typing import Any

from almaty.accounts import access as accounts_access
from almaty.accounts.choices import RoleCode

STAFF_ROLES = (
    RoleCode.SUPPORT_UNIT,
    RoleCode.CHAIR,
    RoleCode.DEPUTY_CHAIR,
    RoleCode.NATIONAL_COORDINATOR,
)


def can_see_obligations(*, user: Any) -> bool:
    """The obligations dashboard is for the Support Unit, the Chair(s) and National Coordinators."""
    return any(accounts_access.user_has_role(user=user, role=role) for role in STAFF_ROLES)


def can_record_history(*, user: Any) -> bool:
    """Recording chair terms, passes and designations is the Support Unit's job."""
    return accounts_access.user_has_role(user=user, role=RoleCode.SUPPORT_UNIT)
