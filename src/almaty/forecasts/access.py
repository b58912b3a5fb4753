"""Who may read forecasts and warnings: anyone holding an active role in the Process (they
are made from published values shared with members). Subscriptions belong to their user."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from almaty.accounts import access as accounts_access
from almaty.core.errors import PermissionDenied


def can_read(user: Any) -> bool:
    return bool(accounts_access.active_assignments(user=user))


def require_reader(user: Any) -> None:
    if not can_read(user):
        raise PermissionDenied(
            _("Forecasts and early warnings are for people holding a role in the Process.")
        )
