"""Two people acting on the same delegation at once, on PostgreSQL: the delegate's row (or the
meeting's) is locked, so never both an approval and a refusal, never the same person twice.

Each thread has its own database connection (closed at its end); a barrier starts them together.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection
from django.utils import timezone

from almaty.core.errors import AlmatyError, InvalidInput
from almaty.core.models import AuditEntry
from almaty.meetings import services
from almaty.meetings.models import Delegate
from almaty.process.models import State
from tests.factories.meetings import DelegateFactory, MeetingFactory

pytestmark = [
    pytest.mark.skipif(connection.vendor != "postgresql", reason="row locking needs PostgreSQL"),
    pytest.mark.django_db(transaction=True),
]


def run_together(*calls: Callable[[], Any]) -> list[Any]:
    """Run the calls at the same moment; each result is a value or the error raised."""
    barrier = threading.Barrier(len(calls))
    results: list[Any] = [None] * len(calls)

    def worker(index: int, call: Callable[[], Any]) -> None:
        try:
            barrier.wait(timeout=10)
            results[index] = call()
        except Exception as error:  # an unexpected one fails the assertions below
            results[index] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=pair) for pair in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert not any(thread.is_alive() for thread in threads)
    return results


@pytest.fixture
def meeting(reference):
    starts_on = timezone.localdate() + dt.timedelta(days=30)
    return MeetingFactory(title_en="12th SOM", starts_on=starts_on)


def test_an_approval_and_a_refusal_at_once_leave_one_decision(user_with_role, meeting):
    first, second = user_with_role("support_unit"), user_with_role("support_unit")
    delegate = DelegateFactory(meeting=meeting, state=State.objects.get(iso3="KAZ"))
    before = AuditEntry.objects.filter(message_key="delegate.decided").count()

    results = run_together(
        lambda: services.delegate_decide(actor=first, delegate=delegate, status="approved"),
        lambda: services.delegate_decide(actor=second, delegate=delegate, status="declined"),
    )

    decided = [r for r in results if isinstance(r, Delegate)]
    refused = [r for r in results if isinstance(r, AlmatyError)]
    assert (len(decided), len(refused)) == (1, 1)
    assert isinstance(refused[0], InvalidInput)
    delegate.refresh_from_db()
    assert delegate.status == decided[0].status
    assert AuditEntry.objects.filter(message_key="delegate.decided").count() == before + 1


def test_the_same_person_registered_twice_at_once_is_stored_once(user_with_role, meeting):
    coordinator = user_with_role("national_coordinator", "KAZ")
    support_unit = user_with_role("support_unit")

    def register(actor: Any, name: str) -> Callable[[], Any]:
        return lambda: services.delegate_register(
            actor=actor, meeting=meeting, full_name=name, gender="male", state_iso3="KAZ"
        )

    results = run_together(
        register(coordinator, "Nurlan Abenov"), register(support_unit, "NURLAN ABENOV")
    )

    assert sum(isinstance(r, Delegate) for r in results) == 1
    assert sum(isinstance(r, InvalidInput) for r in results) == 1
    assert Delegate.objects.filter(meeting=meeting).count() == 1
