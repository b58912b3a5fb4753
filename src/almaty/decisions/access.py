"""Who may do what with proposals."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from almaty.accounts import access as accounts_access
from almaty.accounts.choices import RoleCode
from almaty.core.errors import NotFoundOrForbidden, PermissionDenied
from almaty.decisions.choices import ProposalStatus
from almaty.decisions.models import Proposal


def has_any_role(user: Any) -> bool:
    return bool(accounts_access.active_assignments(user=user))


def require_drafter(user: Any) -> None:
    """The Chair or the Support Unit drafts, circulates and puts proposals to meetings."""
    if not (
        accounts_access.user_has_role(user=user, role=RoleCode.CHAIR)
        or accounts_access.user_has_role(user=user, role=RoleCode.SUPPORT_UNIT)
    ):
        raise PermissionDenied(_("Only the Chair or the Support Unit can do this."))


def require_secretariat(user: Any) -> None:
    accounts_access.require_role(user=user, role=RoleCode.SUPPORT_UNIT)


def access_proposal_by_id(*, user: Any, proposal_id: int) -> Proposal:
    """Adopted public decisions are for everyone; the rest for people holding a role."""
    proposal = (
        Proposal.objects.select_related("meeting", "modalities_version")
        .filter(pk=proposal_id)
        .first()
    )
    visible = proposal is not None and (
        (proposal.status == ProposalStatus.ADOPTED and proposal.is_public) or has_any_role(user)
    )
    if not visible:
        raise NotFoundOrForbidden(_("No decision or proposal '%(key)s'."), key=proposal_id)
    assert proposal is not None
    return proposal
