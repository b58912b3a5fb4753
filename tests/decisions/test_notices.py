"""National Coordinators are told, each in their language: start, reminders, breaks, outcome."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail

from almaty.accounts.models import Role
from almaty.decisions import services
from almaty.decisions.tasks import send_due_reminders
from almaty.process.models import State
from tests.factories.accounts import RoleAssignmentFactory, UserFactory

UTC = dt.UTC


def at(*args: int) -> dt.datetime:
    return dt.datetime(*args, tzinfo=UTC)


@pytest.fixture
def coordinators(reference):
    role = Role.objects.get(code="national_coordinator")
    made = {}
    for iso3, language in (("KAZ", "ru"), ("KGZ", "en")):
        user = UserFactory(email=f"nc.{iso3.lower()}@example.org", preferred_language=language)
        RoleAssignmentFactory(
            user=user, role=role, state=State.objects.get(iso3=iso3), valid_from=dt.date(2020, 1, 1)
        )
        made[iso3] = user
    return made


@pytest.fixture
def proposal(coordinators):
    made = services.proposal_draft(
        kind="general",
        title={"en": "Work plan 2027", "ru": "План работы на 2027 год"},
        text={"en": "The work plan is agreed.", "ru": "План работы согласован."},
        actor=None,
    )
    return made


def _start(proposal, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return services.silence_start(
            proposal=proposal, deadline_at=at(2027, 3, 31, 12), actor=None, now=at(2027, 3, 1, 9)
        )


def test_the_start_is_announced_to_each_coordinator_in_their_language(
    proposal, django_capture_on_commit_callbacks
):
    _start(proposal, django_capture_on_commit_callbacks)

    by_address = {m.to[0]: m for m in mail.outbox}
    assert set(by_address) == {"nc.kaz@example.org", "nc.kgz@example.org"}
    assert by_address["nc.kgz@example.org"].subject == "Silence procedure: Work plan 2027"
    assert by_address["nc.kaz@example.org"].subject == "Процедура молчания: План работы на 2027 год"
    assert "31 March 2027, 17:00 (Almaty time)" in by_address["nc.kgz@example.org"].body
    assert "Deadline in UTC: 2027-03-31 12:00." in by_address["nc.kgz@example.org"].body


def test_reminders_go_out_a_week_and_a_day_before_and_only_once(
    proposal, django_capture_on_commit_callbacks
):
    _start(proposal, django_capture_on_commit_callbacks)
    mail.outbox.clear()

    assert send_due_reminders(now=at(2027, 3, 20)) == 0
    assert send_due_reminders(now=at(2027, 3, 24, 12)) == 1
    assert send_due_reminders(now=at(2027, 3, 25)) == 0
    assert send_due_reminders(now=at(2027, 3, 30, 12)) == 1
    assert len(mail.outbox) == 4  # two reminders to two coordinators
    assert all(
        "ends soon" in m.subject or "скоро" in m.subject.lower() or "Напоминание" in m.subject
        for m in mail.outbox
    )


def test_a_break_and_the_outcome_are_announced(
    proposal, coordinators, django_capture_on_commit_callbacks
):
    started = _start(proposal, django_capture_on_commit_callbacks)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.silence_break(
            proposal=started,
            state_iso3="KGZ",
            kind="objection",
            text="Not yet.",
            actor=coordinators["KGZ"],
            now=at(2027, 3, 2),
        )
    with django_capture_on_commit_callbacks(execute=True):
        services.silence_close(proposal=started, now=at(2027, 4, 1))

    subjects = [m.subject for m in mail.outbox if m.to == ["nc.kgz@example.org"]]
    assert subjects == [
        "Silence broken: Work plan 2027",
        "Outcome of the silence procedure: Work plan 2027",
    ]
