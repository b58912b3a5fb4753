"""Reads of decisions: the register and proposals with what a reader needs."""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet
from django.utils.translation import gettext_lazy as _

from almaty.core.errors import NotFoundOrForbidden
from almaty.decisions.choices import ProposalStatus
from almaty.decisions.models import Position, Proposal


def proposals() -> QuerySet[Proposal]:
    return Proposal.objects.select_related("meeting", "modalities_version").order_by("-created_at")


def register() -> QuerySet[Proposal]:
    """Adopted decisions in register order."""
    return (
        proposals().filter(status=ProposalStatus.ADOPTED).order_by("decided_on", "register_number")
    )


def proposal_by_key(key: str) -> Proposal:
    """A proposal by its register number (e.g. AP/2026/01) or by its id."""
    queryset = proposals().prefetch_related(
        Prefetch("positions", queryset=Position.objects.select_related("state")),
        "breaks__state",
        "extensions",
    )
    found = queryset.filter(register_number=key).first() or (
        queryset.filter(pk=int(key)).first() if key.isdigit() else None
    )
    if found is None:
        raise NotFoundOrForbidden(_("No decision or proposal '%(key)s'."), key=key)
    return found
