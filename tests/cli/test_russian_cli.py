"""`almaty` speaks Russian when asked (--lang ru or a Russian locale): help, results, errors.

These texts come from the Russian message catalogue (gettext)."""

from __future__ import annotations

import re

import pytest

from almaty.cli.main import run
from almaty.core.models import AuditEntry
from tests.cli.running import RECORDS
from tests.core import tampering

CYRILLIC = re.compile("[\u0430-\u044f\u0451]", re.IGNORECASE)  # Cyrillic letters


@pytest.mark.parametrize(
    "command",
    [
        [],
        ["init"],
        ["load-reference"],
        ["users"],
        ["users", "add"],
        ["users", "reset-password"],
        ["backup"],
        ["restore"],
        ["audit", "verify"],
        ["config"],
    ],
    ids=lambda c: " ".join(c) or "almaty",
)
def test_help_is_in_russian(almaty, command):
    english = almaty(*command, "--help").out

    russian = almaty(*command, "--help", language="ru")

    assert russian.exit_code == 0
    assert russian.out != english
    assert CYRILLIC.search(russian.out)


@pytest.mark.parametrize("argv", [["--lang", "ru", "--help"], ["--lang=ru", "--help"]])
def test_the_lang_option_makes_the_entry_point_speak_russian(db, capsys, monkeypatch, argv):
    monkeypatch.setenv("LANG", "en_US.UTF-8")

    with pytest.raises(SystemExit):
        run(argv)

    assert CYRILLIC.search(capsys.readouterr().out)


def test_a_russian_locale_makes_the_entry_point_speak_russian(db, capsys, monkeypatch):
    monkeypatch.delenv("LC_ALL", raising=False)
    monkeypatch.delenv("LC_MESSAGES", raising=False)
    monkeypatch.setenv("LANG", "ru_RU.UTF-8")

    with pytest.raises(SystemExit):
        run(["--help"])

    assert CYRILLIC.search(capsys.readouterr().out)


def test_load_reference_reports_in_russian(almaty, db):
    first = almaty("load-reference", language="ru")
    second = almaty("load-reference", language="ru")

    assert CYRILLIC.search(first.out)
    assert f"создано {RECORDS}" in first.out
    assert CYRILLIC.search(second.out)
    assert second.out != first.out


def test_an_error_is_shown_in_russian(almaty, reference):
    result = almaty(
        "users",
        "add",
        "new@example.org",
        "--role",
        "national_coordinator",
        "--state",
        "XYZ",
        language="ru",
    )

    assert result.exit_code == 1
    assert CYRILLIC.search(result.err)
    assert "XYZ" in result.err
    assert "Error" not in result.err


def test_users_add_confirms_in_russian(almaty, reference):
    result = almaty(
        "users", "add", "new@example.org", "--role", "support_unit", "--print-token", language="ru"
    )

    assert result.exit_code == 0
    assert CYRILLIC.search(result.out)
    assert "new@example.org" in result.out


def test_audit_verify_reports_tampering_in_russian(almaty, reference):
    tampering.change(1, "actor_label", "someone.else@example.org")

    result = almaty("audit", "verify", language="ru")

    assert result.exit_code == 1
    assert CYRILLIC.search(result.err)
    assert "1" in result.err


def test_audit_verify_reports_an_intact_log_in_russian(almaty, reference):
    result = almaty("audit", "verify", language="ru")

    assert (result.exit_code, bool(CYRILLIC.search(result.out)), AuditEntry.objects.count()) == (
        0,
        True,
        1,
    )
