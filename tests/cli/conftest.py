"""Running `almaty` commands in-process, in a chosen language, against the test database."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.utils import translation

from tests.cli.running import CliRunner, Run


@pytest.fixture(autouse=True)
def _process_locale_restored(monkeypatch: pytest.MonkeyPatch) -> None:
    """`almaty.cli.main.run` sets the process's LANGUAGE and gettext domain (for click's own
    texts); whatever a test runs, the next test starts from the locale it had before."""
    import gettext

    monkeypatch.delenv("LANGUAGE", raising=False)
    monkeypatch.setattr(gettext, "_localedirs", dict(gettext._localedirs))


@pytest.fixture
def almaty(monkeypatch: pytest.MonkeyPatch) -> Callable[..., Run]:
    """`almaty(*args, language="en")` runs a command as `almaty.cli.main.run` would."""
    from almaty.cli import common

    # rich reads COLUMNS once, when the console is made: on import, which may come before
    # any command runs (another test module imported it), so the width is set here too.
    for console in (common.out, common.err):
        monkeypatch.setattr(console, "_width", 240)
    runner = CliRunner()

    def run(*args: str, language: str = "en", **invoke: Any) -> Run:
        from almaty.cli.app import build_app

        env = {"COLUMNS": "240", "LANGUAGE": language}  # set for the command only
        with translation.override(language):
            result = runner.invoke(build_app(), list(args), prog_name="almaty", env=env, **invoke)
        if result.exception is not None and not isinstance(result.exception, SystemExit):
            raise result.exception
        return Run(result)

    return run


@pytest.fixture
def no_collectstatic(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """`init` collects static files; tests skip that one step and note it was asked for."""
    from django.core import management

    real = management.call_command
    skipped: list[str] = []

    def call_command(name: str, *args: Any, **options: Any) -> Any:
        if name == "collectstatic":
            skipped.append(name)
            return None
        return real(name, *args, **options)

    monkeypatch.setattr(management, "call_command", call_command)
    return skipped
