"""`almaty decisions list|show`: the register as an operator reads it."""

from __future__ import annotations

import datetime as dt

import pytest

from almaty.decisions import services
from tests.factories.accounts import UserFactory

UTC = dt.UTC


@pytest.fixture
def adopted(reference):
    """A general decision adopted by silence on 2026-03-31 (register number AP/2026/01)."""
    proposal = services.proposal_draft(
        kind="general",
        title={"en": "Work plan 2026", "ru": "План работы на 2026 год"},
        text={"en": "The work plan is agreed.", "ru": "План работы согласован."},
        actor=UserFactory(),
    )
    proposal = services.silence_start(
        proposal=proposal,
        deadline_at=dt.datetime(2026, 3, 31, 12, tzinfo=UTC),
        actor=None,
        now=dt.datetime(2026, 3, 1, tzinfo=UTC),
    )
    return services.silence_close(proposal=proposal, now=dt.datetime(2026, 4, 1, tzinfo=UTC))


def test_list_shows_the_register(almaty, adopted):
    result = almaty("decisions", "list", "--adopted")

    assert result.exit_code == 0
    assert "AP/2026/01" in result.out
    assert "Work plan 2026" in result.out
    assert "2026-03-31" in result.out


def test_list_in_russian_shows_the_russian_title(almaty, adopted):
    result = almaty("decisions", "list", language="ru")

    assert "План работы на 2026 год" in result.out


def test_show_prints_the_record(almaty, adopted):
    result = almaty("decisions", "show", "AP/2026/01")

    assert result.exit_code == 0
    assert "The work plan is agreed." in result.out
    assert "Operating Modalities of the Almaty Process (2013)" in result.out


def test_show_an_unknown_number_is_a_clear_error(almaty, reference):
    result = almaty("decisions", "show", "AP/1999/99")

    assert result.exit_code == 1
    assert "No decision or proposal 'AP/1999/99'." in result.err
