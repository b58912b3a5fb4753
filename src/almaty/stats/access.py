"""Who may submit, approve and read statistics.

A statistician, a border analyst (the monthly border indicators their State derives from its
crossing records, ADR 0021) or the National Coordinator of a State submits for that State; the
Support Unit for any State. The State's National Coordinator approves and publishes its data;
the Support Unit may too. Published data shared with members is read by anyone holding an
active role; public data by everyone; unpublished data by the State's own roles and the Support
Unit. A submission that does not exist and one the user may not see give the same error.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from almaty.accounts import access as accounts_access
from almaty.accounts.choices import RoleCode
from almaty.core.errors import NotFoundOrForbidden, PermissionDenied
from almaty.stats.models import Sharing, Submission

SUBMITTING_ROLES = (
    RoleCode.STATISTICIAN,
    RoleCode.BORDER_ANALYST,
    RoleCode.NATIONAL_COORDINATOR,
)


def _roles(user: Any) -> list[tuple[str, str | None]]:
    return [
        (a.role.code, a.state.iso3 if a.state is not None else None)
        for a in accounts_access.active_assignments(user=user)
    ]


def is_support_unit(user: Any) -> bool:
    return accounts_access.user_has_role(user=user, role=RoleCode.SUPPORT_UNIT)


def submit_areas(user: Any) -> set[str] | None:
    """The ISO3 codes the user may report for; None means any State (the Support Unit)."""
    areas: set[str] = set()
    for code, iso3 in _roles(user):
        if code == RoleCode.SUPPORT_UNIT:
            return None
        if code in SUBMITTING_ROLES and iso3:
            areas.add(iso3)
    return areas


def require_submitter(user: Any) -> set[str] | None:
    """The areas the user may report for; PermissionDenied when there are none."""
    areas = submit_areas(user)
    if areas is None or areas:
        return areas
    # require_role explains the refusal (e.g. "Your role Statistician ended on ...").
    accounts_access.require_role(user=user, role=RoleCode.STATISTICIAN)
    raise PermissionDenied(_("This needs the role %(role)s."), role=RoleCode.STATISTICIAN.label)


def approve_areas(user: Any) -> set[str] | None:
    """The States whose data the user may approve and publish; None means any."""
    areas: set[str] = set()
    for code, iso3 in _roles(user):
        if code == RoleCode.SUPPORT_UNIT:
            return None
        if code == RoleCode.NATIONAL_COORDINATOR and iso3:
            areas.add(iso3)
    return areas


def can_approve(user: Any, submission: Submission) -> bool:
    if submission.source_id is not None:
        return False  # external sources are reference data, loaded already published
    areas = approve_areas(user)
    if areas is None:
        return True
    return submission.state is not None and submission.state.iso3 in areas


def require_approver(user: Any, submission: Submission) -> None:
    if not can_approve(user, submission):
        raise PermissionDenied(
            _("Only the National Coordinator of the State or the Support Unit may do this.")
        )


def visible_filter(user: Any, prefix: str = "") -> Q:
    """A filter on submissions (or, with prefix 'submission__', on observations)."""
    roles = _roles(user)
    # Published once is shown for good (a superseded submission keeps its earlier values
    # visible); approved but never published data stays with its State.
    published, sharing = f"{prefix}published_at__isnull", f"{prefix}sharing"
    allowed = Q(**{published: False, sharing: Sharing.PUBLIC})
    if any(code == RoleCode.SUPPORT_UNIT for code, _iso3 in roles):
        return Q(**{f"{prefix}pk__isnull": False})
    if roles:
        allowed |= Q(**{published: False, sharing: Sharing.MEMBERS})
        own = {iso3 for code, iso3 in roles if code in SUBMITTING_ROLES and iso3}
        if own:
            allowed |= Q(**{f"{prefix}state__iso3__in": sorted(own)})
    return allowed


def submissions_visible_to(user: Any) -> QuerySet[Submission]:
    return Submission.objects.filter(visible_filter(user))


def access_submission_by_id(*, user: Any, submission_id: int | str) -> Submission:
    """The submission, if the user may see it; missing and forbidden are the same error."""
    submission = None
    if str(submission_id).isdigit():
        submission = (
            submissions_visible_to(user)
            .select_related("state", "source", "revision_of")
            .filter(pk=int(submission_id))
            .first()
        )
    if submission is None:
        raise NotFoundOrForbidden(_("No statistics submission %(id)s."), id=submission_id)
    return submission
