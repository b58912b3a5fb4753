"""`almaty stats forecast` (a CSV file of series forecast offline, written in the exchange
spec's output format) and `almaty stats refresh-forecasts` (the platform's series forecast
again, early warnings raised). Added to the `stats` group by `almaty.cli.stats`."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any

import click
import typer
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from rich.markup import escape
from rich.table import Table

from almaty.cli.common import err, out, progress_bar, user_errors
from almaty.core.errors import AlmatyError, InvalidInput

FORECAST_GAPS = {"refuse": "refuse", "latest-run": "latest_run"}
FORECAST_EXIT = 2  # like a usage error: the command was given something it cannot use


@contextmanager
def forecast_errors() -> Iterator[None]:
    """A file that cannot be forecast: its problems by row, then the error; exit status 2."""
    from almaty.forecasts.engine.errors import ForecastInputError
    from almaty.forecasts.messages import render_issue

    label = _("Error")
    try:
        yield
    except ForecastInputError as exc:
        table = Table(_("Row"), _("Problem"))
        for issue in exc.issues:
            table.add_row("" if issue.row is None else str(issue.row), escape(render_issue(issue)))
        out.print(table)
        count = len(exc.issues)
        text = ngettext(
            "The file cannot be forecast: %(count)s problem.",
            "The file cannot be forecast: %(count)s problems.",
            count,
        ) % {"count": count}
        err.print(f"[bold red]{label}:[/] {escape(text)}")
        raise typer.Exit(FORECAST_EXIT) from None
    except AlmatyError as exc:
        err.print(f"[bold red]{label}:[/] {escape(exc.text)}")
        raise typer.Exit(FORECAST_EXIT) from None
    except csv.Error:  # e.g. a field longer than the csv module's limit: not a data file
        text = _("The file cannot be read as CSV.")
        err.print(f"[bold red]{label}:[/] {escape(text)}")
        raise typer.Exit(FORECAST_EXIT) from None


def read_forecast_input(path: Path) -> bytes:
    """The input file's bytes; a missing or unreadable file is the user's error, not a crash."""
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise InvalidInput(_("There is no file %(path)s."), path=str(path)) from None
    except IsADirectoryError:
        raise InvalidInput(_("%(path)s is a folder, not a file."), path=str(path)) from None
    except OSError as exc:
        raise InvalidInput(
            _("Cannot read %(path)s: %(reason)s."), path=str(path), reason=exc.strerror or exc
        ) from None


def write_forecast_output(path: Path, data: bytes) -> None:
    try:
        path.write_bytes(data)
    except OSError as exc:
        raise InvalidInput(
            _("Cannot write %(path)s: %(reason)s."), path=str(path), reason=exc.strerror or exc
        ) from None


def forecast_table(made: Any) -> Table:
    """One line per series: its model and the first period ahead with the 80% interval."""
    from almaty.portal.charts import format_value

    table = Table(_("Series"), _("Model"), _("First period"), _("Mean"), _("80% interval"))
    first: dict[str, dict[str, Any]] = {}
    for row in made.rows:
        first.setdefault(row["series_id"], row)
    # in the file's order (history keeps it), then any series only the outcomes or rows name
    for series_id in dict.fromkeys([*made.history, *made.outcomes, *first]):
        row = first.get(series_id)
        if row is None:
            table.add_row(escape(series_id), _("not forecast"), "", "", "")
            continue
        table.add_row(
            escape(series_id),
            escape(str(row["model"])),
            row["period"],
            format_value(row["mean"]),
            f"{format_value(row['lo_80'])} – {format_value(row['hi_80'])}",
        )
    return table


def skip_reason(code: str) -> str:
    """Why the platform's series was not forecast, in a few words (engine codes)."""
    reasons = {
        "too_short": _("too few values"),
        "not_aligned": _("does not end with its total"),
        "failed": _("the method gave no forecast"),
    }
    return reasons.get(code, code)


def add_forecast_commands(app: typer.Typer) -> None:
    """Add `forecast` and `refresh-forecasts` to the `stats` group."""

    @app.command(
        "forecast",
        help=_(
            "Forecast each series of a CSV file (series_id, period, value) and write the "
            "forecasts with 80% and 95% intervals. Needs no database. Exit 2 if the file "
            "cannot be forecast."
        ),
    )
    def forecast(
        file: Annotated[
            Path,
            typer.Argument(
                metavar="INPUT.csv",
                help=_("CSV file with the columns series_id, period, value; one frequency."),
            ),
        ],
        output: Annotated[
            Path,
            typer.Option(
                "--output",
                "-o",
                help=_("CSV file to write: series_id, period, model, mean, lo_80 ... hi_95."),
            ),
        ],
        horizon: Annotated[int, typer.Option(help=_("Periods ahead: 1 to 12."))] = 12,
        gaps: Annotated[
            str,
            typer.Option(
                click_type=click.Choice(list(FORECAST_GAPS)),
                help=_(
                    "Series with missing periods: refuse the file, or forecast each from the "
                    "part after its last gap."
                ),
            ),
        ] = "refuse",
    ) -> None:
        from almaty.forecasts import compute
        from almaty.forecasts.api import check_options
        from almaty.forecasts.messages import render_issue

        with forecast_errors():
            check_options(horizon=horizon, gaps=FORECAST_GAPS[gaps])
            data = read_forecast_input(file)
            with progress_bar(_("Forecasting")) as update:
                made = compute.forecast_file(
                    data, horizon=horizon, gaps=FORECAST_GAPS[gaps], progress=update
                )
            write_forecast_output(output, compute.output_csv(made.rows))
        out.print(forecast_table(made))
        for note in made.notes:
            out.print(escape(render_issue(note)))
        done = len({row["series_id"] for row in made.rows})
        out.print(
            ngettext(
                "%(n)s series forecast %(horizon)s periods ahead, written to %(path)s.",
                "%(n)s series forecast %(horizon)s periods ahead, written to %(path)s.",
                done,
            )
            % {"n": done, "horizon": horizon, "path": escape(str(output))}
        )

    @app.command(
        "refresh-forecasts",
        help=_(
            "Forecast the published series whose values changed since their last forecast, "
            "and raise the early warnings the new forecasts show."
        ),
    )
    def refresh_forecasts(
        indicator: Annotated[
            list[str] | None,
            typer.Option(
                "--indicator",
                help=_("Only this indicator (repeat for several); default: every series."),
            ),
        ] = None,
    ) -> None:
        from almaty.forecasts import compute, services
        from almaty.forecasts.messages import explain

        with user_errors():
            codes = sorted({code.strip().upper() for code in indicator}) if indicator else None
            known = compute.known_indicators() if codes else set()
            for code in codes or []:
                if code not in known:
                    raise InvalidInput(_("Unknown indicator '%(value)s'."), value=code)
            with progress_bar(_("Forecasting")) as update:
                result = services.refresh(indicators=codes, progress=update)
        made = len(result.forecasts)
        out.print(ngettext("%(n)s forecast made.", "%(n)s forecasts made.", made) % {"n": made})
        out.print(
            ngettext(
                "%(n)s series unchanged since its last forecast.",
                "%(n)s series unchanged since their last forecast.",
                result.unchanged,
            )
            % {"n": result.unchanged}
        )
        skipped = len(result.skipped)
        out.print(
            ngettext("%(n)s series not forecast.", "%(n)s series not forecast.", skipped)
            % {"n": skipped}
        )
        if result.skipped:
            table = Table(_("Series"), _("Reason"))
            for series_id, reason in sorted(result.skipped.items()):
                table.add_row(escape(series_id), skip_reason(reason))
            out.print(table)
        raised = len(result.warnings)
        out.print(
            ngettext("%(n)s early warning raised.", "%(n)s early warnings raised.", raised)
            % {"n": raised}
        )
        if result.warnings:
            table = Table(_("Series"), _("Severity"), _("Warning"))
            for warning in result.warnings:
                table.add_row(
                    escape(warning.series_id),
                    str(warning.get_severity_display()),
                    escape(explain(warning.kind, warning.period, warning.params)),
                )
            out.print(table)
