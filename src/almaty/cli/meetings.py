"""`almaty meetings list|show|ics|clone`: meetings, their agendas and calendars."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Annotated, Any

import click
import typer
from django.utils.translation import gettext as _
from rich.markup import escape
from rich.table import Table

from almaty.cli.common import out, user_errors
from almaty.core.errors import InvalidInput


def user_by_email(email: str) -> Any:
    """The account a command acts as (`--as`); an unknown address is a clear error."""
    from almaty.accounts.models import User

    user = User.objects.filter(email__iexact=email.strip(), is_active=True).first()
    if user is None:
        raise InvalidInput(_("There is no user %(email)s."), email=email)
    return user


def _time(value: dt.time | None) -> str:
    return value.strftime("%H:%M") if value else ""


def _slot(item: Any) -> str:
    if item.starts_at and item.ends_at:
        return f"{_time(item.starts_at)}–{_time(item.ends_at)}"
    return _time(item.starts_at)


def _speakers(item: Any) -> str:
    from almaty.meetings.choices import SpeakerRole

    return "; ".join(f"{s.person.name} ({SpeakerRole(s.role).label})" for s in item.speakers.all())


def build_meetings_app() -> typer.Typer:
    app = typer.Typer(
        help=_("Meetings: the calendar, agendas and iCalendar files."), no_args_is_help=True
    )

    @app.command("list", help=_("Meetings in date order."))
    def list_(
        upcoming: Annotated[
            bool,
            typer.Option("--upcoming", help=_("Only meetings that have not ended yet.")),
        ] = False,
    ) -> None:
        from django.utils import timezone

        from almaty.meetings import selectors
        from almaty.meetings.choices import MeetingKind

        rows = selectors.upcoming(timezone.localdate()) if upcoming else selectors.meetings()
        table = Table(
            _("Id"), _("From"), _("Until"), _("Kind"), _("Title"), _("Place"), _("Agenda")
        )
        for m in rows:
            table.add_row(
                str(m.pk), m.starts_on.isoformat(), m.ends_on.isoformat(),
                str(MeetingKind(m.kind).label), escape(m.title), escape(m.city or "—"),
                _("published") if m.is_agenda_published else _("draft"),
            )  # fmt: skip
        out.print(table)

    @app.command("show", help=_("One meeting and its agenda, day by day (venue time)."))
    def show(
        meeting_id: Annotated[int, typer.Argument(metavar="ID", help=_("Id of the meeting."))],
    ) -> None:
        from almaty.meetings import selectors
        from almaty.meetings.choices import ItemKind, MeetingKind

        with user_errors():
            meeting = selectors.meeting_by_id(meeting_id)
        out.print(f"[bold]{escape(meeting.title)}[/] ({MeetingKind(meeting.kind).label})")
        out.print(
            _("From %(start)s to %(end)s, %(place)s")
            % {
                "start": meeting.starts_on.isoformat(),
                "end": meeting.ends_on.isoformat(),
                "place": escape(", ".join(p for p in (meeting.venue, meeting.city) if p) or "—"),
            }
        )
        if meeting.theme:
            out.print(escape(meeting.theme))
        if not meeting.is_agenda_published:
            out.print(_("The agenda is a draft: it is not published yet."))
        days = selectors.agenda(meeting)
        if not any(day.items for day in days):
            out.print(_("The agenda has no items yet."))
            return
        for day in days:
            table = Table(
                _("Time (%(zone)s)") % {"zone": meeting.time_zone},
                _("Item"),
                _("Kind"),
                _("Speakers"),
                title=day.day.isoformat(),
            )
            for item in day.items:
                table.add_row(
                    _slot(item), f"[bold]{escape(item.title)}[/]",
                    str(ItemKind(item.kind).label), escape(_speakers(item)),
                )  # fmt: skip
                for talk in item.children.all():
                    table.add_row(
                        _slot(talk), "  " + escape(talk.title),
                        str(ItemKind(talk.kind).label), escape(_speakers(talk)),
                    )  # fmt: skip
            out.print(table)

    @app.command("ics", help=_("Write an iCalendar file of one meeting, or of every meeting."))
    def ics(
        output: Annotated[
            Path,
            typer.Option(
                "--output", "-o", dir_okay=False, help=_("File to write, e.g. meetings.ics.")
            ),
        ],
        meeting_id: Annotated[
            int | None,
            typer.Argument(metavar="[ID]", help=_("Id of the meeting (or --all).")),
        ] = None,
        every: Annotated[
            bool, typer.Option("--all", help=_("Every meeting, as one calendar."))
        ] = False,
    ) -> None:
        from django.conf import settings
        from django.utils.translation import ngettext

        from almaty.meetings import ical, selectors

        if (meeting_id is None) == (not every):
            raise click.UsageError(_("Give the id of one meeting, or --all, not both."))
        with user_errors():
            if every:
                rows = list(selectors.meetings())
                body = ical.meetings_feed_ics(rows, settings.SITE_URL)
                count = len(rows)
            else:
                assert meeting_id is not None
                body = ical.meeting_ics(selectors.meeting_by_id(meeting_id), settings.SITE_URL)
                count = 1
            try:
                output.write_bytes(body)
            except OSError as exc:
                raise InvalidInput(
                    _("Cannot write %(path)s: %(reason)s."), path=str(output), reason=exc.strerror
                ) from None
        out.print(
            ngettext(
                "%(n)s meeting written to %(path)s.", "%(n)s meetings written to %(path)s.", count
            )
            % {"n": count, "path": output}
        )

    @app.command(
        "clone",
        help=_(
            "Prepare a new meeting from an earlier one: the agenda (shifted, unpublished), organisers and funders."
        ),
    )
    def clone(
        meeting_id: Annotated[
            int, typer.Argument(metavar="ID", help=_("Id of the meeting to copy."))
        ],
        starts_on: Annotated[
            dt.datetime,
            typer.Option(
                "--starts-on", formats=["%Y-%m-%d"], help=_("First day of the new meeting.")
            ),
        ],
        actor: Annotated[
            str,
            typer.Option("--as", help=_("E-mail address of the user doing this (Support Unit).")),
        ],
    ) -> None:
        from almaty.meetings import selectors, services

        with user_errors():
            user = user_by_email(actor)
            source = selectors.meeting_by_id(meeting_id)
            made = services.meeting_clone(actor=user, meeting=source, starts_on=starts_on.date())
        out.print(
            _("Meeting %(id)s prepared from %(source)s: %(title)s, %(start)s to %(end)s.")
            % {
                "id": made.pk,
                "source": source.pk,
                "title": escape(made.title),
                "start": made.starts_on.isoformat(),
                "end": made.ends_on.isoformat(),
            }
        )

    return app
