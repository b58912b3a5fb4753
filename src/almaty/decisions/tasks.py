"""Background work of decisions: closing silence procedures whose deadline has passed.

The outcome never depends on this task running on time (`silence_outcome` computes it from
the record); the task only writes it down and so triggers what follows adoption.
"""

from __future__ import annotations

from django.utils import timezone
from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from almaty.decisions.choices import ProposalStatus
from almaty.decisions.models import Proposal


def close_due_silences() -> int:
    """Close every procedure past its deadline; returns how many were closed."""
    from almaty.core.errors import AlmatyError
    from almaty.decisions.services import silence_close

    closed = 0
    due = Proposal.objects.filter(
        status=ProposalStatus.UNDER_SILENCE, silence_deadline_at__lte=timezone.now()
    )
    for proposal in due:
        try:
            silence_close(proposal=proposal)
            closed += 1
        except AlmatyError:
            # e.g. the effects of adoption were refused: the proposal stays under silence and
            # shows in the register with its computed outcome for the Support Unit to resolve.
            continue
    return closed


@db_periodic_task(crontab(minute="*"))
def close_due_silences_every_minute() -> int:
    return close_due_silences()
