"""Compile and check the Russian message catalogue, without needing GNU gettext to compile.

`python -m almaty.core.catalogue compile` writes the .mo files from the .po files (Babel).
`python -m almaty.core.catalogue check` fails if a message is untranslated or fuzzy, or if the
source has a message the catalogue lacks (this part runs `makemessages`, which needs xgettext).
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

PACKAGE = Path(__file__).resolve().parents[1]  # src/almaty
LOCALE = PACKAGE / "locale"
LANGUAGES = ["ru"]


def _po_files() -> list[Path]:
    return sorted(LOCALE.glob("*/LC_MESSAGES/*.po"))


def compile_all() -> int:
    for po in _po_files():
        with po.open("rb") as handle:
            catalog = read_po(handle)
        with po.with_suffix(".mo").open("wb") as handle:
            write_mo(handle, catalog)
        # click and Typer read the standard library's gettext domain "messages" (cli/click_texts.py).
        shutil.copyfile(po.with_suffix(".mo"), po.with_name("messages.mo"))
    return 0


def _msgids(po: Path) -> tuple[set[str], list[str]]:
    with po.open("rb") as handle:
        catalog = read_po(handle)
    ids: set[str] = set()
    problems: list[str] = []
    for message in catalog:
        if not message.id:
            continue
        key = message.id if isinstance(message.id, str) else message.id[0]
        ids.add(key)
        strings = message.string if isinstance(message.string, tuple | list) else (message.string,)
        if message.fuzzy:
            problems.append(f"fuzzy: {key!r}")
        elif not all(strings):
            problems.append(f"untranslated: {key!r}")
    return ids, problems


def check() -> int:
    problems: list[str] = []
    for language in LANGUAGES:
        po = LOCALE / language / "LC_MESSAGES" / "django.po"
        if not po.exists():
            problems.append(f"missing catalogue: {po}")
            continue
        ids, found = _msgids(po)
        problems += [f"{language}: {p}" for p in found]
        if shutil.which("xgettext") is None:
            problems.append(
                "xgettext (GNU gettext) is needed to compare the catalogue with the source"
            )
            continue
        with tempfile.TemporaryDirectory() as tmp:
            copy = Path(tmp) / "almaty"
            shutil.copytree(
                PACKAGE, copy, ignore=shutil.ignore_patterns("__pycache__", "*.mo", "static")
            )
            subprocess.run(  # noqa: S603
                [
                    sys.executable,
                    "-m",
                    "django",
                    "makemessages",
                    "--locale",
                    language,
                    "--no-obsolete",
                ],
                cwd=copy,
                check=True,
                capture_output=True,
            )
            fresh, _ = _msgids(copy / "locale" / language / "LC_MESSAGES" / "django.po")
        problems += [
            f"{language}: not in the catalogue (run make messages): {m!r}"
            for m in sorted(fresh - ids)
        ]
    for problem in problems:
        print(problem)
    if problems:
        print(f"Russian catalogue check failed: {len(problems)} problem(s).")
        return 1
    print("Russian catalogue complete.")
    return 0


if __name__ == "__main__":
    command = sys.argv[1] if len(sys.argv) > 1 else "check"
    sys.exit(compile_all() if command == "compile" else check())
