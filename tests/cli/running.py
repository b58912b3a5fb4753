"""Reading what `almaty` printed, as an operator would."""

from __future__ import annotations

from typing import Any

import yaml
from typer.testing import CliRunner as CliRunner

from almaty.process.reference_loader import DEFAULT_FILE

# What the shipped reference file holds: its version, and one record per entry of each section
# (a meeting's agenda is part of the meeting's record).
_REFERENCE = yaml.safe_load(DEFAULT_FILE.read_text())
VERSION = _REFERENCE["version"]
RECORDS = 1 + sum(
    len(_REFERENCE.get(section) or [])
    for section in (
        "roles",
        "states",
        "organisations",
        "participations",
        "modalities",
        "chair_terms",
        "chair_passes",
        "topics",
        "people",
        "meetings",
    )
)


def one_line(text: str) -> str:
    """Rich wraps long lines; tests read the output as one line of words."""
    return " ".join(text.split())


def table_rows(text: str) -> list[list[str]]:
    """The body rows of a table rich printed, as lists of cell texts."""
    return [
        [cell.strip() for cell in line.strip().strip("│").split("│")]
        for line in text.splitlines()
        if line.startswith("│")
    ]


class Run:
    """The outcome of one command: exit code, and stdout/stderr as one line each."""

    def __init__(self, result: Any) -> None:
        self.result = result
        self.exit_code: int = result.exit_code
        self.stdout: str = result.stdout
        self.stderr: str = result.stderr
        self.out = one_line(result.stdout)
        self.err = one_line(result.stderr)
        # An error is printed last, after any progress bar the command had started.
        self.error = self.err[self.err.rindex("Error: ") :] if "Error: " in self.err else ""

    def __repr__(self) -> str:
        return f"<exit {self.exit_code}\nstdout: {self.stdout}\nstderr: {self.stderr}>"
