"""Problems found in a submission, and the exception for a file that cannot be read at all."""

from __future__ import annotations

from dataclasses import dataclass, field

ERROR = "error"
WARNING = "warning"


@dataclass(frozen=True)
class Issue:
    """One problem, located by the row number a person sees in the file (header = row 1).

    `row` is None for problems of the whole file; `column` one of COLUMNS or None; `code`
    names the rule (see the table in `almaty.stats.engine.validate`); `params` holds the
    values its message shows. Warnings ("implausible") ask for confirmation, never refuse.
    """

    row: int | None
    column: str | None
    code: str
    params: dict[str, str] = field(default_factory=dict)
    severity: str = ERROR


class FileProblem(Exception):
    """The file cannot be read (encoding, format, header); carries the issues found."""

    def __init__(self, issue: Issue, *more: Issue) -> None:
        self.issues: list[Issue] = [issue, *more]
        super().__init__(f"{issue.code}: {issue.params}")

    @property
    def issue(self) -> Issue:
        return self.issues[0]
