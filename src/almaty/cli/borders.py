"""`almaty borders load|stays|overstays|indicators|generate|sync-rules`: a State's crossing
records from the command line.

`load` checks and stores files at once (the same way as the web's task queue); `stays`,
`overstays` and `indicators` derive the State's outputs afresh from its stored batches with
the engine asked for, and write the file asked for. Reading stays or overstays is audited, as
the system or as the user given with `--as`. Input the command cannot use (a missing file, an
unknown State, a refused load) exits with status 2 and says why.
"""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any

import click
import typer
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from almaty.cli.common import err, out
from almaty.core.errors import AlmatyError, InvalidInput

BAD_INPUT = 2  # like a usage error: the command was given something it cannot use
ENGINES = ["duckdb", "spark"]  # as almaty.borders.choices.Engine
TABLE_FORMATS = (".parquet", ".csv")


@contextmanager
def border_errors() -> Iterator[None]:
    """A service's refusal in the user's language; exit status 2."""
    try:
        yield
    except AlmatyError as exc:
        label = _("Error")
        err.print(f"[bold red]{label}:[/] {escape(exc.text)}")
        raise typer.Exit(BAD_INPUT) from None


@contextmanager
def steps_bar() -> Iterator[Callable[[str, int, int], None]]:
    """A progress bar whose label follows the engine's steps (reading, checking, pairing...)."""
    from almaty.borders.messages import step_label

    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=err,
    ) as bar:
        task = bar.add_task(_("Starting"), total=None)

        def update(step: str, done: int, total: int) -> None:
            bar.update(task, description=step_label(step), completed=done, total=total or None)

        yield update


def _user(email: str | None) -> Any:
    from almaty.cli.meetings import user_by_email

    return user_by_email(email) if email else None


def _output(path: Path, allowed: tuple[str, ...]) -> Path:
    if path.suffix.lower() not in allowed:
        raise InvalidInput(
            _("Name the output file %(path)s with one of the extensions %(allowed)s."),
            path=str(path),
            allowed=", ".join(allowed),
        )
    if path.is_dir():
        raise InvalidInput(_("%(path)s is a folder, not a file."), path=str(path))
    return path


def _write_table(frame: Any, path: Path) -> None:
    try:
        if path.suffix.lower() == ".csv":
            frame.write_csv(path)
        else:
            frame.write_parquet(path)
    except OSError as exc:
        raise InvalidInput(
            _("Cannot write %(path)s: %(reason)s."), path=str(path), reason=exc.strerror or exc
        ) from None


def _copy(source: Path, path: Path) -> None:
    try:
        shutil.copyfile(source, path)
    except OSError as exc:
        raise InvalidInput(
            _("Cannot write %(path)s: %(reason)s."), path=str(path), reason=exc.strerror or exc
        ) from None


def _loads_table(loads: list[Any]) -> Table:
    from almaty.borders.choices import LoadStatus

    table = Table(_("Load"), _("File"), _("Status"), _("New"), _("Already loaded"), _("Rejected"))
    for load in loads:
        table.add_row(
            str(load.pk),
            escape(load.file_name),
            str(LoadStatus(load.status).label),
            str(load.rows_accepted),
            str(load.rows_already_loaded),
            str(load.rows_rejected),
        )
    return table


def _reasons_table(load: Any) -> Table:
    from almaty.borders.messages import explain_reason

    table = Table(_("Row"), _("Column"), _("Value"), _("Problem"))
    for sample in (load.report or {}).get("samples", [])[:20]:
        table.add_row(
            str(sample.get("row", "")),
            escape(str(sample.get("column") or "")),
            escape(str(sample.get("value") or "")),
            escape(explain_reason(str(sample.get("reason") or ""))),
        )
    return table


def _state_option() -> Any:
    return typer.Option(help=_("The recording State (ISO 3166 alpha-3), e.g. KAZ."))


def _engine_option() -> Any:
    return typer.Option(
        click_type=click.Choice(ENGINES),
        help=_("The engine: duckdb (one machine) or spark (a cluster)."),
    )


def _as_option() -> Any:
    return typer.Option(
        "--as", help=_("Act as this user, a border analyst of the State (default: the system).")
    )


def build_borders_app() -> typer.Typer:
    app = typer.Typer(
        help=_(
            "Border movements: load a State's crossing records; write its stays, overstays and "
            "monthly indicators."
        ),
        no_args_is_help=True,
    )

    @app.command(
        "load",
        help=_(
            "Check and store files of crossing records (CSV or Parquet) of a State. A file "
            "loaded before changes nothing; a file with too many bad rows stores nothing."
        ),
    )
    def load(
        files: Annotated[
            list[Path],
            typer.Argument(help=_("Files of crossing records (.csv or .parquet).")),
        ],
        state: Annotated[str, _state_option()],
        engine: Annotated[str, _engine_option()] = "duckdb",
        actor: Annotated[str | None, _as_option()] = None,
    ) -> None:
        from almaty.borders import services
        from almaty.borders.choices import LoadStatus
        from almaty.borders.selectors import error_text

        with border_errors():
            user = _user(actor)
            with steps_bar() as update:
                done = services.load_files(
                    state=state, paths=files, engine=engine, user=user, progress=update
                )
        for _path, skipped in done.already_loaded:
            out.print(escape(skipped.text))
        if done.loads:
            out.print(_loads_table(done.loads))
        refused = False
        for item in done.loads:
            if item.status == LoadStatus.DONE:
                continue
            refused = True
            if item.report.get("samples"):
                out.print(_reasons_table(item))
            label = _("Error")
            err.print(f"[bold red]{label}:[/] {escape(error_text(item))}")
        stored = [item for item in done.loads if item.status == LoadStatus.DONE and item.derive]
        if stored:
            counts = stored[-1].derive
            out.print(
                _(
                    "Stays: %(stays)s (open: %(open)s); overstays in the country: %(in_country)s, "
                    "after leaving: %(out_of_country)s; as of %(as_of)s."
                )
                % {
                    "stays": counts.get("stays", 0),
                    "open": counts.get("open_stays", 0),
                    "in_country": counts.get("overstays_in_country", 0),
                    "out_of_country": counts.get("overstays_out_of_country", 0),
                    "as_of": counts.get("as_of", ""),
                }
            )
        if refused:
            raise typer.Exit(BAD_INPUT)

    @app.command(
        "stays",
        help=_("Write the stays of a State's foreign nationals (record-level; audited)."),
    )
    def stays(
        state: Annotated[str, _state_option()],
        output: Annotated[
            Path, typer.Option("--output", "-o", help=_("File to write: .parquet or .csv."))
        ],
        engine: Annotated[str, _engine_option()] = "duckdb",
        actor: Annotated[str | None, _as_option()] = None,
    ) -> None:
        import polars as pl

        from almaty.borders import services

        with border_errors():
            user = _user(actor)
            _output(output, TABLE_FORMATS)
            with (
                steps_bar() as update,
                services.recomputed(
                    state=state, engine=engine, user=user, progress=update
                ) as folder,
            ):
                frame = pl.read_parquet(folder / "stays.parquet")
                _write_table(frame, output)
            services.record_read(user=user, state=state, what="stays", rows=frame.height)
        out.print(
            ngettext(
                "%(n)s stay written to %(path)s.", "%(n)s stays written to %(path)s.", frame.height
            )
            % {"n": frame.height, "path": output}
        )

    @app.command(
        "overstays",
        help=_(
            "Write the overstays of a State as of a date: still in the country, or left late "
            "(record-level; audited)."
        ),
    )
    def overstays(
        state: Annotated[str, _state_option()],
        as_of: Annotated[
            dt.datetime,
            typer.Option("--as-of", formats=["%Y-%m-%d"], help=_("The day, e.g. 2024-12-31.")),
        ],
        output: Annotated[
            Path, typer.Option("--output", "-o", help=_("File to write: .csv or .parquet."))
        ],
        engine: Annotated[str, _engine_option()] = "duckdb",
        actor: Annotated[str | None, _as_option()] = None,
    ) -> None:
        from almaty.borders import services
        from almaty.borders.engine.overstays import overstays_as_of
        from almaty.borders.engine.schema import day_of

        day = as_of.date()
        with border_errors():
            user = _user(actor)
            _output(output, TABLE_FORMATS)
            with (
                steps_bar() as update,
                services.recomputed(
                    state=state, engine=engine, user=user, progress=update
                ) as folder,
            ):
                frame = overstays_as_of(folder / "stays.parquet", day_of(day))
                _write_table(frame, output)
            services.record_read(
                user=user, state=state, what="overstays", rows=frame.height, as_of=day
            )
        out.print(
            ngettext(
                "%(n)s overstay as of %(as_of)s written to %(path)s.",
                "%(n)s overstays as of %(as_of)s written to %(path)s.",
                frame.height,
            )
            % {"n": frame.height, "as_of": day.isoformat(), "path": output}
        )

    @app.command(
        "indicators",
        help=_("Write a State's monthly border indicators as SDMX-CSV (aggregates only)."),
    )
    def indicators(
        state: Annotated[str, _state_option()],
        output: Annotated[Path, typer.Option("--output", "-o", help=_("File to write: .csv."))],
        engine: Annotated[str, _engine_option()] = "duckdb",
        actor: Annotated[str | None, _as_option()] = None,
    ) -> None:
        from almaty.borders import services

        with border_errors():
            user = _user(actor)
            _output(output, (".csv",))
            with (
                steps_bar() as update,
                services.recomputed(
                    state=state, engine=engine, user=user, progress=update
                ) as folder,
            ):
                _copy(folder / "indicators.csv", output)
        rows = max(len(output.read_text(encoding="utf-8").splitlines()) - 1, 0)
        out.print(
            ngettext(
                "%(n)s indicator value written to %(path)s.",
                "%(n)s indicator values written to %(path)s.",
                rows,
            )
            % {"n": rows, "path": output}
        )

    @app.command(
        "sync-rules",
        help=_(
            "Load the default stay rules of the region's States; rules loaded or changed "
            "before are left alone. Safe to run again."
        ),
    )
    def sync_rules() -> None:
        from almaty.cli.setup import load_stay_rules

        with border_errors():
            created = load_stay_rules()
        out.print(describe_stay_rules(created))

    add_generate_command(app)
    return app


def describe_stay_rules(created: int) -> str:
    if not created:
        return _("The default stay rules are already loaded; nothing to do.")
    return ngettext(
        "%(n)s default stay rule loaded.", "%(n)s default stay rules loaded.", created
    ) % {"n": created}


def add_generate_command(app: typer.Typer) -> None:
    """`almaty borders generate`: synthetic crossing records with their ground truth."""

    @app.command(
        "generate",
        help=_(
            "Write synthetic crossing records of a State (realistic names, documents and the "
            "five movement patterns), for trying the platform out and for tests."
        ),
    )
    def generate(
        state: Annotated[str, _state_option()],
        output: Annotated[
            Path, typer.Option("--output", "-o", help=_("File to write: .csv or .parquet."))
        ],
        persons: Annotated[
            int, typer.Option(min=1, help=_("How many travellers to make up."))
        ] = 1000,
        start: Annotated[
            dt.datetime,
            typer.Option(formats=["%Y-%m-%d"], help=_("First day of the records.")),
        ] = dt.datetime(2024, 1, 1),
        end: Annotated[
            dt.datetime,
            typer.Option(formats=["%Y-%m-%d"], help=_("Last day of the records.")),
        ] = dt.datetime(2024, 12, 31),
        noise: Annotated[
            float,
            typer.Option(
                min=0.0, max=0.2, help=_("Share of faulty rows and missing crossings, 0 to 0.2.")
            ),
        ] = 0.0,
        seed: Annotated[int, typer.Option(help=_("Seed of the random draws."))] = 1,
    ) -> None:
        from almaty.borders.engine import generator

        with border_errors():
            _output(output, TABLE_FORMATS)
            code = state.strip().upper()
            if code not in generator.OFFSETS:
                raise InvalidInput(
                    _("Records can be made up for %(states)s, not %(state)s."),
                    states=", ".join(sorted(generator.OFFSETS)),
                    state=state,
                )
            if (end - start).days < 60:
                raise InvalidInput(_("Make up records of at least 60 days."))
            made = generator.generate(
                recording_state=code,
                persons=persons,
                start=start.date(),
                end=end.date(),
                seed=seed,
                noise=noise,
            )
            try:
                generator.write(made, output, format=output.suffix.lower().lstrip("."))
            except OSError as exc:
                raise InvalidInput(
                    _("Cannot write %(path)s: %(reason)s."),
                    path=str(output),
                    reason=exc.strerror or exc,
                ) from None
            records = made.records.height
        out.print(
            ngettext(
                "%(n)s crossing record written to %(path)s.",
                "%(n)s crossing records written to %(path)s.",
                records,
            )
            % {"n": records, "path": output}
        )
