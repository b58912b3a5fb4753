"""Background work of decisions: closing silence procedures whose deadline has passed.

The outcome never depends on this task running on time (`silence_outcome` computes it from
the record); the task only writes it down and so triggers what follows adoption.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone
from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

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


REMINDERS = {"reminder_7": 7, "reminder_1": 1}


def recipients() -> list[Any]:
    """The active National Coordinators (by role) of the States that are members today."""
    from almaty.accounts.models import RoleAssignment

    today = timezone.localdate()
    assignments = RoleAssignment.objects.active_on(today).filter(
        role__code="national_coordinator", user__is_active=True
    )
    return sorted({a.user for a in assignments.select_related("user")}, key=lambda u: u.email)


@db_task(retries=3, retry_delay=60)
def send_silence_notice(proposal_id: int, event: str) -> int:
    """E-mail every National Coordinator, each in their language, about a silence procedure."""
    from django.conf import settings
    from django.core.mail import send_mail
    from django.template.loader import render_to_string
    from django.utils import translation

    from almaty.decisions.choices import ProposalStatus as S

    proposal = Proposal.objects.filter(pk=proposal_id).first()
    if proposal is None:
        return 0
    sent = 0
    for user in recipients():
        with translation.override(user.preferred_language):
            context = {
                "proposal": proposal,
                "event": event,
                "status_label": S(proposal.status).label,
                "deadline_utc": proposal.silence_deadline_at.strftime("%Y-%m-%d %H:%M")
                if proposal.silence_deadline_at
                else "",
            }
            subject = render_to_string("decisions/email/notice_subject.txt", context).strip()
            body = render_to_string("decisions/email/notice.txt", context)
        send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [user.email])
        sent += 1
    return sent


def send_due_reminders(*, now: dt.datetime | None = None) -> int:
    """Reminders a week and a day before a deadline, each sent once per procedure."""
    from django.db import IntegrityError, transaction

    from almaty.decisions.models import NoticeSent

    now = now or timezone.now()
    sent = 0
    for proposal in Proposal.objects.filter(
        status=ProposalStatus.UNDER_SILENCE, silence_deadline_at__gt=now
    ):
        assert proposal.silence_deadline_at is not None
        for key, days in REMINDERS.items():
            if (
                proposal.silence_deadline_at - dt.timedelta(days=days) <= now
                and proposal.silence_started_at
                and proposal.silence_started_at
                < proposal.silence_deadline_at - dt.timedelta(days=days)
            ):
                try:
                    with transaction.atomic():
                        NoticeSent.objects.create(
                            proposal=proposal,
                            key=f"{key}:{proposal.silence_deadline_at.isoformat()}",
                            sent_at=now,
                        )
                except IntegrityError:
                    continue
                send_silence_notice(proposal.pk, key)
                sent += 1
    return sent


@db_periodic_task(crontab(minute="*/15"))
def send_due_reminders_periodically() -> int:
    return send_due_reminders()
