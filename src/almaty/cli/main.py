"""Entry point of the `almaty` command.

The language is chosen before the commands are built (`--lang ru`, else LANG/LC_ALL), so help
texts, progress and errors are all in that language. Commands only parse, call a service and
print; errors of services are shown translated with a non-zero exit code.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from pathlib import Path


def detect_language(
    argv: Sequence[str], environ: dict[str, str] | os._Environ[str] = os.environ
) -> str:
    """`--lang xx` / `--lang=xx` wins; then LC_ALL, LC_MESSAGES, LANG; English by default."""
    for index, arg in enumerate(argv):
        if arg == "--lang" and index + 1 < len(argv):
            return _supported(argv[index + 1])
        if arg.startswith("--lang="):
            return _supported(arg.split("=", 1)[1])
    # As in POSIX, the first variable that is set decides: `LC_ALL=C almaty ...` means English
    # even when LANG names another language.
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = environ.get(name, "")
        if value:
            if value in {"C", "POSIX"} or value.startswith("C."):
                return "en"
            return _supported(value)
    return "en"


def _supported(value: str) -> str:
    code = value.split(".")[0].split("_")[0].split("-")[0].lower()
    return code if code in {"en", "ru"} else "en"


def setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "almaty.config.settings.base")
    import django

    django.setup()


def use_language(language: str) -> None:
    """Activate a language for our texts and for click's and Typer's (stdlib gettext)."""
    import gettext

    from django.utils import translation

    translation.activate(language)
    os.environ["LANGUAGE"] = language
    gettext.bindtextdomain("messages", str(Path(__file__).resolve().parents[1] / "locale"))


def run(argv: Sequence[str] | None = None) -> None:
    argv = list(sys.argv[1:] if argv is None else argv)
    setup_django()
    use_language(detect_language(argv))
    from almaty.cli.app import build_app

    build_app()(args=argv, prog_name="almaty")


if __name__ == "__main__":
    run()
