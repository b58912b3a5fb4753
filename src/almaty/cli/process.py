"""`almaty process ...`: the Operating Modalities at work, from the command line."""

from __future__ import annotations

import datetime as dt
import json
import re
from typing import Annotated

import click
import typer
from django.utils.translation import gettext as _
from rich.table import Table

from almaty.cli.common import out, user_errors
from almaty.core.errors import InvalidInput


def parse_day(value: str, *, end: bool = False) -> dt.date:
    """A year (2013), a month (2013-06) or a day (2013-06-05). As an end, a year or month means its last day."""
    text = (value or "").strip()
    try:
        if re.fullmatch(r"\d{4}", text):
            return dt.date(int(text), 12, 31) if end else dt.date(int(text), 1, 1)
        if re.fullmatch(r"\d{4}-\d{2}", text):
            year, month = map(int, text.split("-"))
            first = dt.date(year, month, 1)
            if not end:
                return first
            following = dt.date(year + (month == 12), month % 12 + 1, 1)
            return following - dt.timedelta(days=1)
        return dt.date.fromisoformat(text)
    except ValueError:
        raise InvalidInput(
            _("'%(value)s' is not a year, a month or a day (YYYY, YYYY-MM, YYYY-MM-DD)."),
            value=value,
        ) from None


def _format_option() -> typer.models.OptionInfo:
    # A choice, so that a mistyped format is refused rather than answered with a table.
    return typer.Option(
        "--format",
        click_type=click.Choice(["table", "json"]),
        help=_("Output: table (for people) or json (for programs)."),
    )


def build_process_app() -> typer.Typer:
    app = typer.Typer(
        help=_("The Operating Modalities at work: chair rotation, obligations, chair history."),
        no_args_is_help=True,
    )
    term = typer.Typer(help=_("Record chair terms."), no_args_is_help=True)
    app.add_typer(term, name="term")

    @app.command(help=_("Chair terms, recorded and projected, in a window of years."))
    def rotation(
        start: Annotated[
            str, typer.Option("--from", help=_("First year, month or day of the window."))
        ] = "2013",
        end: Annotated[
            str, typer.Option("--to", help=_("Last year, month or day of the window."))
        ] = "2035",
        output: Annotated[str, _format_option()] = "table",
    ) -> None:
        from almaty.process import computations
        from almaty.process.presenters import term_rows

        with user_errors():
            first, last = parse_day(start), parse_day(end, end=True)
            terms = computations.rotation(start=first, end=last + dt.timedelta(days=1))
        rows = term_rows(terms)
        if output == "json":
            print(json.dumps([row.as_json() for row in rows], ensure_ascii=False, indent=2))
            return
        table = Table(
            _("State"),
            _("From"),
            _("Until"),
            _("Basis"),
            _("Kind"),
            title=_("Chair of the process"),
        )
        for row in rows:
            table.add_row(
                row.state_name,
                row.start.isoformat(),
                row.end.isoformat() if row.end else "—",
                row.basis_label,
                row.kind_label,
            )
        out.print(table)

    @app.command(
        help=_(
            "Each obligation of the Operating Modalities on a day: met, due or overdue, with the evidence."
        )
    )
    def obligations(
        on: Annotated[str | None, typer.Option(help=_("The day (default: today)."))] = None,
        output: Annotated[str, _format_option()] = "table",
    ) -> None:
        from django.utils import timezone

        from almaty.process import computations
        from almaty.process.presenters import obligation_rows

        with user_errors():
            day = parse_day(on) if on else timezone.localdate()
            rows = obligation_rows(computations.obligations(on=day))
        if output == "json":
            print(json.dumps([row.as_json() for row in rows], ensure_ascii=False, indent=2))
            return
        table = Table(
            _("Obligation"),
            _("State"),
            _("Status"),
            _("Deadline"),
            _("Last"),
            _("Evidence"),
            title=_("Obligations on %(date)s") % {"date": day.isoformat()},
        )
        colours = {"met": "green", "due": "yellow", "overdue": "red"}
        for row in rows:
            table.add_row(
                row.label, row.state_name or "—", f"[{colours[row.status]}]{row.status_label}[/]",
                row.due_on.isoformat() if row.due_on else "—", row.last_on.isoformat() if row.last_on else "—",
                row.evidence_text or "—",
            )  # fmt: skip
        out.print(table)

    @term.command("add", help=_("Record a chair term; the current term ends on its first day."))
    def term_add(
        state: Annotated[str, typer.Option(help=_("ISO 3166 alpha-3 code of the chairing State."))],
        start: Annotated[str, typer.Option("--from", help=_("Hand-over day (YYYY-MM-DD)."))],
        end: Annotated[
            str | None, typer.Option("--to", help=_("Next hand-over day, if known."))
        ] = None,
        kind: Annotated[str, typer.Option(help=_("regular, extended or interim."))] = "regular",
        representative: Annotated[str, typer.Option(help=_("Designated representative."))] = "",
        decision: Annotated[
            str, typer.Option(help=_("The decision or meeting that made it."))
        ] = "",
    ) -> None:
        from almaty.process import services

        with user_errors():
            made = services.chair_term_add(
                state_iso3=state, starts_on=parse_day(start),
                ends_on=parse_day(end) if end else None, kind=kind, representative=representative,
                decision_ref=decision, actor=None,
            )  # fmt: skip
        out.print(
            _("Recorded: %(state)s chairs from %(start)s.")
            % {"state": made.state.iso3, "start": made.starts_on.isoformat()}
        )

    @term.command("end", help=_("Set the hand-over day that ends the current chair term."))
    def term_end(on: Annotated[str, typer.Option(help=_("Hand-over day (YYYY-MM-DD)."))]) -> None:
        from almaty.process import selectors, services

        with user_errors():
            day = parse_day(on)
            current = selectors.chair_terms().filter(ends_on__isnull=True).first()
            if current is None:
                raise InvalidInput(_("No chair term is open."))
            services.chair_term_end(term=current, ends_on=day, actor=None)
        out.print(
            _("The term of %(state)s ends on %(date)s.")
            % {"state": current.state.iso3, "date": day.isoformat()}
        )

    @app.command("pass", help=_("Record that a Member State does not take its turn to chair."))
    def chair_pass(
        state: Annotated[str, typer.Option(help=_("ISO 3166 alpha-3 code of the State."))],
        turn: Annotated[str, typer.Option(help=_("Day the declined turn begins (YYYY-MM-DD)."))],
        decision: Annotated[
            str, typer.Option(help=_("The decision or meeting that recorded it."))
        ] = "",
    ) -> None:
        from almaty.process import services

        with user_errors():
            made = services.chair_pass_record(
                state_iso3=state, turn_starts_on=parse_day(turn), decision_ref=decision, actor=None
            )
        out.print(
            _("Recorded: %(state)s passed the turn beginning on %(date)s.")
            % {"state": made.state.iso3, "date": made.turn_starts_on.isoformat()}
        )

    @app.command(
        "coordinator",
        help=_(
            "Designate a State's National Coordinator (the previous designation ends the day before)."
        ),
    )
    def coordinator(
        state: Annotated[str, typer.Option(help=_("ISO 3166 alpha-3 code of the State."))],
        name: Annotated[str, typer.Option(help=_("Full name."))],
        start: Annotated[str, typer.Option("--from", help=_("First day (YYYY-MM-DD)."))],
        email: Annotated[
            str | None, typer.Option(help=_("E-mail address of the person's account, if any."))
        ] = None,
    ) -> None:
        from almaty.accounts.models import User
        from almaty.process import services

        with user_errors():
            user = None
            if email:
                user = User.objects.filter(email__iexact=email.strip()).first()
                if user is None:
                    raise InvalidInput(_("There is no user %(email)s."), email=email)
            made = services.coordinator_designate(
                state_iso3=state,
                full_name=name,
                designated_on=parse_day(start),
                user=user,
                actor=None,
            )
        out.print(
            _("%(name)s is the National Coordinator of %(state)s from %(date)s.")
            % {
                "name": made.full_name,
                "state": made.state.iso3,
                "date": made.designated_on.isoformat(),
            }
        )

    return app
