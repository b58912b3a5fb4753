"""`almaty stats validate|import|export`: the statistics exchange from the command line (the
forecasts' commands come from `almaty.cli.forecasts`)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import click
import typer
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from rich.markup import escape
from rich.table import Table

from almaty.cli.common import err, out, progress_bar, user_errors
from almaty.cli.forecasts import add_forecast_commands
from almaty.cli.meetings import user_by_email

FORMATS = ["sdmx-csv", "csv", "xlsx", "sdmx-ml"]  # as almaty.stats.exports.FORMATS
SHARING = ["members", "public"]


def _severity(value: str) -> str:
    return _("error") if value == "error" else _("warning")


def issues_table(issues: list[Any]) -> Table:
    """The issues in the user's language, by row and column."""
    from almaty.stats.messages import render_message

    table = Table(_("Row"), _("Column"), _("Severity"), _("Problem"))
    for issue in issues:
        table.add_row(
            "" if issue.row is None else str(issue.row),
            issue.column or "",
            _severity(issue.severity),
            escape(render_message(issue)),
        )
    return table


def _read(path: Path) -> bytes:
    return path.read_bytes()


def _write_issues(path: Path, issues: list[Any]) -> None:
    from almaty.stats.engine.validate import issues_csv
    from almaty.stats.messages import render_message

    path.write_bytes(issues_csv(issues, render_message))


def _summary(issues: list[Any]) -> tuple[int, int]:
    errors = sum(1 for i in issues if i.severity == "error")
    return errors, len(issues) - errors


def _file_argument() -> Any:
    """Made when the commands are built, so that its help is in the chosen language."""
    return typer.Argument(
        exists=True,
        dir_okay=False,
        readable=True,
        help=_("SDMX-CSV (.csv) or XLSX (.xlsx) file with the exchange columns."),
    )


def load_public_statistics() -> None:
    """Store the public statistics shipped with the platform, with a progress bar, and say how
    many sources were loaded anew (`almaty init` and `almaty stats load-external`)."""
    from almaty.cli import setup

    with user_errors(), progress_bar(_("Loading public statistics")) as update:
        loaded = setup.load_public_statistics(progress=update)
    out.print(
        ngettext(
            "%(count)s source of public statistics loaded.",
            "%(count)s sources of public statistics loaded.",
            loaded,
        )
        % {"count": loaded}
    )


def build_stats_app() -> typer.Typer:
    app = typer.Typer(
        help=_("Migration statistics: check, import and export SDMX-CSV or XLSX files."),
        no_args_is_help=True,
    )

    @app.command("validate", help=_("Check a file; nothing is stored. Exit 1 if it has errors."))
    def validate(
        file: Annotated[Path, _file_argument()],
        state: Annotated[
            str | None,
            typer.Option(help=_("Only this State (ISO 3166 alpha-3) may be reported.")),
        ] = None,
        errors_csv: Annotated[
            Path | None,
            typer.Option("--errors-csv", help=_("Also write the problems to this CSV file.")),
        ] = None,
    ) -> None:
        from almaty.stats import services

        with user_errors(), progress_bar(_("Checking the file")) as update:
            result = services.file_check(
                data=_read(file),
                filename=file.name,
                areas={state.upper()} if state else None,
                progress=update,
            )
        if result.issues:
            out.print(issues_table(result.issues))
        if errors_csv is not None:
            _write_issues(errors_csv, result.issues)
        errors, warnings = _summary(result.issues)
        rows = ngettext("%(n)s row", "%(n)s rows", result.rows) % {"n": result.rows}
        if errors:
            err.print(
                ngettext(
                    "%(rows)s checked: %(n)s error.",
                    "%(rows)s checked: %(n)s errors.",
                    errors,
                )
                % {"rows": rows, "n": errors}
            )
            raise typer.Exit(1)
        out.print(
            ngettext(
                "%(rows)s checked: no errors, %(n)s warning.",
                "%(rows)s checked: no errors, %(n)s warnings.",
                warnings,
            )
            % {"rows": rows, "n": warnings}
        )

    @app.command(
        "import",
        help=_("Check and store a file as a submission of the user; all rows or none."),
    )
    def import_(
        file: Annotated[Path, _file_argument()],
        actor: Annotated[
            str,
            typer.Option("--as", help=_("E-mail address of the submitting user.")),
        ],
        sharing: Annotated[
            str,
            typer.Option(
                click_type=click.Choice(SHARING),
                help=_("Who may read the data once published: members or public."),
            ),
        ] = "members",
        confirm: Annotated[
            bool,
            typer.Option("--confirm", help=_("Store the file even if it has warnings.")),
        ] = False,
    ) -> None:
        from almaty.stats import services

        with user_errors():
            user = user_by_email(actor)
            try:
                with progress_bar(_("Importing")) as update:
                    submission = services.submission_create(
                        user=user,
                        data=_read(file),
                        filename=file.name,
                        sharing=sharing,
                        confirm=confirm,
                        progress=lambda _step, done, total: update(done, total),
                    )
            except services.StatsValidationError as exc:
                out.print(issues_table(exc.issues))
                raise
        out.print(
            ngettext(
                "Submission %(id)s stored: %(n)s row, awaiting approval.",
                "Submission %(id)s stored: %(n)s rows, awaiting approval.",
                submission.rows,
            )
            % {"id": submission.pk, "n": submission.rows}
        )
        if submission.revision_of_id:
            out.print(
                _("It revises approved data (submission %(id)s); the earlier values are kept.")
                % {"id": submission.revision_of_id}
            )

    @app.command("export", help=_("Write the observations of an indicator to a file."))
    def export(
        indicator: Annotated[str, typer.Option(help=_("Indicator code, e.g. ENTRIES."))],
        output: Annotated[Path, typer.Option("--output", "-o", help=_("File to write."))],
        state: Annotated[
            str | None, typer.Option(help=_("Only this State (ISO 3166 alpha-3)."))
        ] = None,
        fmt: Annotated[
            str,
            typer.Option("--format", click_type=click.Choice(FORMATS), help=_("File format.")),
        ] = "sdmx-csv",
        actor: Annotated[
            str | None,
            typer.Option("--as", help=_("Export as this user (default: public data only).")),
        ] = None,
    ) -> None:
        from django.contrib.auth.models import AnonymousUser

        from almaty.stats import selectors

        with user_errors():
            user = user_by_email(actor) if actor else AnonymousUser()
            frame = selectors.observations_frame(
                user=user, indicator=indicator.upper(), state=state
            )
            output.write_bytes(selectors.export_bytes(frame, fmt))
        out.print(
            ngettext(
                "%(n)s observation written to %(path)s.",
                "%(n)s observations written to %(path)s.",
                frame.height,
            )
            % {"n": frame.height, "path": output}
        )

    @app.command(
        "load-external",
        help=_(
            "Store the public statistics shipped with the platform (UNHCR, UN DESA, World Bank). Safe to run again."
        ),
    )
    def load_external() -> None:
        load_public_statistics()

    @app.command(
        "refresh-analytics",
        help=_("Rebuild the dashboards' snapshot of published statistics from the database."),
    )
    def refresh_analytics() -> None:
        from almaty.stats import analytics

        with user_errors():
            done = analytics.rebuild()
        out.print(
            _("%(rows)s observations in %(files)s files, in %(seconds)s s.")
            % {
                "rows": int(done["rows"]),
                "files": int(done["files"]),
                "seconds": f"{done['seconds']:.1f}",
            }
        )

    add_forecast_commands(app)
    return app
