"""`almaty decisions list|show`: the register and the record of a decision."""

from __future__ import annotations

from typing import Annotated

import typer
from django.utils.translation import gettext as _
from rich.table import Table

from almaty.cli.common import out, user_errors


def build_decisions_app() -> typer.Typer:
    app = typer.Typer(
        help=_("Decisions: the register and the record of each proposal."), no_args_is_help=True
    )

    @app.command("list", help=_("Proposals and decisions, newest first."))
    def list_(
        adopted: Annotated[
            bool, typer.Option("--adopted", help=_("Only adopted decisions (the register)."))
        ] = False,
    ) -> None:
        from almaty.decisions import selectors
        from almaty.decisions.choices import ProposalKind, ProposalStatus

        rows = selectors.register() if adopted else selectors.proposals()
        table = Table(_("Number"), _("Title"), _("Kind"), _("Status"), _("Decided on"))
        for p in rows:
            table.add_row(
                p.register_number or str(p.pk), p.title, str(ProposalKind(p.kind).label), str(ProposalStatus(p.status).label),
                p.decided_on.isoformat() if p.decided_on else "—",
            )  # fmt: skip
        out.print(table)

    @app.command(
        "show",
        help=_("The record of one decision or proposal: positions, breaks of silence, extensions."),
    )
    def show(
        key: Annotated[str, typer.Argument(help=_("Register number (e.g. AP/2026/01) or id."))],
    ) -> None:
        from almaty.decisions import selectors
        from almaty.decisions.choices import BreakKind, ProposalStatus, Stance

        with user_errors():
            p = selectors.proposal_by_key(key)
        out.print(f"[bold]{p.register_number or p.pk}[/] {p.title}")
        out.print(_("Status: %(status)s") % {"status": ProposalStatus(p.status).label})
        if p.modalities_version:
            out.print(_("Under: %(title)s") % {"title": p.modalities_version.title})
        out.print(p.text)
        if p.silence_deadline_at:
            out.print(
                _("Silence deadline: %(deadline)s UTC")
                % {"deadline": p.silence_deadline_at.strftime("%Y-%m-%d %H:%M")}
            )
        for position in p.positions.all():
            line = f"{position.state.short_name}: {Stance(position.stance).label}"
            out.print(line + (f" — {position.statement}" if position.statement else ""))
        for b in p.breaks.all():
            withdrawn = (
                _(" (withdrawn %(at)s)") % {"at": b.withdrawn_at.strftime("%Y-%m-%d %H:%M")}
                if b.withdrawn_at
                else ""
            )
            out.print(f"{b.state.short_name}: {BreakKind(b.kind).label}{withdrawn} — {b.text}")

    return app
