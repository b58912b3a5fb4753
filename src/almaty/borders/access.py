"""Who may load and read crossing records, and who may change the rules applied to them.

Record-level data (loads, their reports, stays, overstays) and the State's indicators before
they are submitted stay with the State: only its border analysts load and read them, not the
National Coordinator, not the Support Unit. Stay rules and movement-type settings are not
personal data: the Support Unit may change those of any State, and a State's border analysts
and National Coordinator those of their State; anyone holding a role may read them. A load
that does not exist and one the user may not see give the same error.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from almaty.accounts import access as accounts_access
from almaty.accounts.choices import RoleCode
from almaty.borders.models import CrossingLoad
from almaty.core.errors import NotFoundOrForbidden, PermissionDenied

RULE_EDITING_ROLES = (RoleCode.BORDER_ANALYST, RoleCode.NATIONAL_COORDINATOR)


def _roles(user: Any) -> list[tuple[str, str | None]]:
    return [
        (a.role.code, a.state.iso3 if a.state is not None else None)
        for a in accounts_access.active_assignments(user=user)
    ]


def load_states(user: Any) -> set[str]:
    """The States (ISO3) whose crossing records the user may load and read."""
    return {iso3 for code, iso3 in _roles(user) if code == RoleCode.BORDER_ANALYST and iso3}


def is_border_analyst(user: Any, iso3: str) -> bool:
    return iso3.upper() in load_states(user)


def require_border_analyst(user: Any, iso3: str) -> None:
    """PermissionDenied unless the user is a border analyst of the State today (saying when
    their role ended, if it did)."""
    if is_border_analyst(user, iso3):
        return
    accounts_access.require_role(user=user, role=RoleCode.BORDER_ANALYST, state_iso3=iso3.upper())
    raise PermissionDenied(_("This needs the role %(role)s."), role=RoleCode.BORDER_ANALYST.label)


def loads_visible_to(user: Any) -> QuerySet[CrossingLoad]:
    return CrossingLoad.objects.filter(state__iso3__in=sorted(load_states(user)))


def access_load_by_id(*, user: Any, load_id: int | str) -> CrossingLoad:
    """The load, if the user may see it; missing and forbidden are the same error."""
    found = None
    if str(load_id).isdigit():
        found = (
            loads_visible_to(user)
            .select_related("state", "created_by")
            .filter(pk=int(load_id))
            .first()
        )
    if found is None:
        raise NotFoundOrForbidden(_("No load of crossing records %(id)s."), id=load_id)
    return found


def rule_states(user: Any) -> set[str] | None:
    """The States whose stay rules and movement settings the user may change; None: any."""
    states: set[str] = set()
    for code, iso3 in _roles(user):
        if code == RoleCode.SUPPORT_UNIT:
            return None
        if code in RULE_EDITING_ROLES and iso3:
            states.add(iso3)
    return states


def can_edit_rules(user: Any, iso3: str) -> bool:
    states = rule_states(user)
    return states is None or iso3.upper() in states


def require_rule_editor(user: Any, iso3: str) -> None:
    if not can_edit_rules(user, iso3):
        raise PermissionDenied(
            _(
                "Only the Support Unit, or the border analysts and the National Coordinator of "
                "%(state)s, may change its stay rules and movement settings."
            ),
            state=iso3.upper(),
        )


def can_read_rules(user: Any) -> bool:
    """Stay rules are read by anyone holding a role in the Process."""
    return bool(_roles(user))


def require_rule_reader(user: Any) -> None:
    if not can_read_rules(user):
        raise PermissionDenied(_("Stay rules are for people holding a role in the Process."))
