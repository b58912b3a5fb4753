"""Concurrent breaks and closing on PostgreSQL: no position lost, never two outcomes or numbers.

Each thread has its own database connection (closed at its end); a barrier starts them together.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection

from almaty.core.errors import AlmatyError
from almaty.core.models import AuditEntry
from almaty.decisions import services
from almaty.decisions.choices import ProposalStatus
from almaty.decisions.models import Proposal, RegisterYear
from tests.factories.accounts import RoleAssignmentFactory, UserFactory

pytestmark = [
    pytest.mark.skipif(connection.vendor != "postgresql", reason="row locking needs PostgreSQL"),
    pytest.mark.django_db(transaction=True),
]

UTC = dt.UTC
START = dt.datetime(2026, 3, 1, 9, tzinfo=UTC)
DEADLINE = dt.datetime(2026, 3, 31, 12, tzinfo=UTC)
BEFORE = DEADLINE - dt.timedelta(seconds=1)
ROUNDS = 6


@pytest.fixture
def coordinators(reference):
    from almaty.accounts.models import Role
    from almaty.process.models import State

    role = Role.objects.get(code="national_coordinator")
    made = {}
    for iso3 in ("AFG", "KAZ", "TKM"):
        user = UserFactory()
        RoleAssignmentFactory(
            user=user, role=role, state=State.objects.get(iso3=iso3), valid_from=dt.date(2026, 1, 1)
        )
        made[iso3] = user
    return made


def circulate(title: str = "A") -> Proposal:
    proposal = services.proposal_draft(
        kind="general",
        title={"en": title, "ru": title},
        text={"en": "text", "ru": "текст"},
        actor=None,
    )
    return services.silence_start(proposal=proposal, deadline_at=DEADLINE, actor=None, now=START)


def run_together(*calls: Callable[[], Any]) -> list[Any]:
    """Run the calls at the same moment; each result is a value or the AlmatyError raised."""
    barrier = threading.Barrier(len(calls))
    results: list[Any] = [None] * len(calls)

    def worker(index: int, call: Callable[[], Any]) -> None:
        try:
            barrier.wait(timeout=10)
            results[index] = call()
        except Exception as error:  # an unexpected one fails the assertion below
            results[index] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=pair) for pair in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert not any(thread.is_alive() for thread in threads)
    unexpected = [r for r in results if isinstance(r, Exception) and not isinstance(r, AlmatyError)]
    assert not unexpected
    return results


def break_call(proposal: Proposal, coordinators: dict, iso3: str) -> Callable[[], Any]:
    return lambda: services.silence_break(
        proposal=proposal, state_iso3=iso3, kind="objection", text=f"{iso3} objects.",
        actor=coordinators[iso3], now=BEFORE,
    )  # fmt: skip


def test_two_coordinators_breaking_at_the_same_moment_are_both_recorded(coordinators):
    for round_ in range(ROUNDS):
        proposal = circulate(f"P{round_}")
        before = AuditEntry.objects.count()
        results = run_together(
            break_call(proposal, coordinators, "AFG"), break_call(proposal, coordinators, "TKM")
        )
        assert not any(isinstance(r, Exception) for r in results)
        assert sorted(proposal.breaks.values_list("state__iso3", flat=True)) == ["AFG", "TKM"]
        assert AuditEntry.objects.count() == before + 2
    assert services.silence_outcome(proposal=proposal, at=DEADLINE) == "broken"


def test_a_break_racing_the_closing_never_gives_two_outcomes(coordinators):
    adopted = 0
    for round_ in range(ROUNDS):
        proposal = circulate(f"P{round_}")
        made, _closed = run_together(
            break_call(proposal, coordinators, "KAZ"),
            lambda p=proposal: services.silence_close(proposal=p, now=DEADLINE),
        )
        proposal.refresh_from_db()
        if isinstance(made, AlmatyError):  # closed first: the break came too late
            assert "not under a silence procedure" in made.text
            assert proposal.breaks.count() == 0
            assert proposal.status == ProposalStatus.ADOPTED
            assert proposal.register_number == f"AP/2026/{adopted + 1:02d}"
            adopted += 1
        else:  # the break was recorded first, and it counts
            assert proposal.breaks.count() == 1
            assert (proposal.status, proposal.register_number) == (ProposalStatus.BROKEN, None)
        outcomes = AuditEntry.objects.filter(
            message_key="proposal.transition", params__title=proposal.title_en
        ).count()
        assert outcomes == 2  # circulated, then exactly one outcome
    last = RegisterYear.objects.filter(year=2026).values_list("last", flat=True).first() or 0
    assert last == adopted == Proposal.objects.filter(status=ProposalStatus.ADOPTED).count()


def test_two_closings_at_the_same_moment_give_one_outcome_and_one_number(reference):
    for round_ in range(ROUNDS):
        proposal = circulate(f"P{round_}")
        run_together(
            lambda p=proposal: services.silence_close(proposal=p, now=DEADLINE),
            lambda p=proposal: services.silence_close(proposal=p, now=DEADLINE),
        )
        proposal.refresh_from_db()
        assert (proposal.status, proposal.register_number) == (
            ProposalStatus.ADOPTED,
            f"AP/2026/{round_ + 1:02d}",
        )
        assert (
            AuditEntry.objects.filter(
                message_key="proposal.adopted", params__title=proposal.title_en
            ).count()
            == 1
        )
    assert RegisterYear.objects.get(year=2026).last == ROUNDS
