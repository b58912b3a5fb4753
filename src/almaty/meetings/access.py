"""Who may edit meetings, read agendas and handle delegates (personal data).

Meetings are public facts and a published agenda is public. Everything that edits a meeting,
its agenda, materials or outcomes is for the Support Unit; the Chair may also read an agenda
before it is published. Delegates are read and written only through this module: the National
Coordinator of a State handles that State's delegates, the Support Unit everyone's.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from almaty.accounts import access as accounts_access
from almaty.accounts.choices import RoleCode
from almaty.core.errors import NotFoundOrForbidden, PermissionDenied
from almaty.meetings.models import Delegate, Meeting


def can_edit_meetings(user: Any) -> bool:
    return accounts_access.user_has_role(user=user, role=RoleCode.SUPPORT_UNIT)


def require_meeting_editor(user: Any) -> None:
    """Raise PermissionDenied unless the user is Support Unit staff (says when a role ended)."""
    accounts_access.require_role(user=user, role=RoleCode.SUPPORT_UNIT)


def can_read_agenda(user: Any, meeting: Meeting) -> bool:
    """A published agenda is public; a draft one is for the Support Unit and the Chair."""
    if meeting.is_agenda_published:
        return True
    return any(
        assignment.role.code in (RoleCode.SUPPORT_UNIT, RoleCode.CHAIR)
        for assignment in accounts_access.active_assignments(user=user)
    )


def coordinated_states(user: Any) -> set[str]:
    """ISO3 codes of the States whose National Coordinator the user is today."""
    return {
        assignment.state.iso3
        for assignment in accounts_access.active_assignments(user=user)
        if assignment.role.code == RoleCode.NATIONAL_COORDINATOR and assignment.state is not None
    }


def can_read_delegation_counts(user: Any) -> bool:
    """Counts by party and gender (no names) are for anyone holding a role."""
    return bool(accounts_access.active_assignments(user=user))


def require_delegate_registrar(
    user: Any, state_iso3: str | None = None, organisation_code: str | None = None
) -> None:
    """The Support Unit registers anyone; a National Coordinator only the delegates of the
    State they coordinate (never an organisation's)."""
    if can_edit_meetings(user):
        return
    if state_iso3 and organisation_code is None and state_iso3.upper() in coordinated_states(user):
        return
    if state_iso3 and organisation_code is None:
        raise PermissionDenied(
            _("Only the National Coordinator of %(state)s or the Support Unit can do this."),
            state=state_iso3.upper(),
        )
    raise PermissionDenied(
        _("Only the Support Unit can register the delegates of an organisation.")
    )


def require_delegate_manager(user: Any) -> None:
    """Approving and declining delegates, lists and badges: the Support Unit."""
    accounts_access.require_role(user=user, role=RoleCode.SUPPORT_UNIT)


def delegates_visible_to(*, user: Any, meeting: Meeting) -> QuerySet[Delegate]:
    """The delegates of `meeting` the user may read: all for the Support Unit, their own State's
    for a National Coordinator, none for anyone else."""
    queryset = Delegate.objects.filter(meeting=meeting).select_related(
        "meeting", "state", "organisation"
    )
    if can_edit_meetings(user):
        return queryset
    states = coordinated_states(user)
    if not states:
        return queryset.none()
    return queryset.filter(state__iso3__in=states)


def access_delegate_by_id(*, user: Any, delegate_id: int) -> Delegate:
    """The one way to fetch a delegate; missing and forbidden give the same error."""
    delegate = (
        Delegate.objects.select_related("meeting", "state", "organisation")
        .filter(pk=delegate_id)
        .first()
    )
    visible = delegate is not None and (
        can_edit_meetings(user)
        or (delegate.state is not None and delegate.state.iso3 in coordinated_states(user))
    )
    if not visible:
        raise NotFoundOrForbidden(_("No delegate %(id)s."), id=delegate_id)
    assert delegate is not None
    return delegate
