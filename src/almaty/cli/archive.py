"""`almaty archive add|search|reindex`: the document archive from the command line."""

from __future__ import annotations

import datetime as dt
import html
import re
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any

import click
import typer
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from rich.markup import escape
from rich.table import Table

from almaty.archive.choices import Access, DocumentKind, Language
from almaty.cli.common import out, progress_bar, user_errors
from almaty.cli.meetings import user_by_email


def _choice(values: list[str]) -> click.Choice:
    return click.Choice(values)


def add_files(
    *,
    actor: Any,
    files: list[Path],
    titles: list[str],
    kind: str,
    issued_on: dt.date,
    language: str,
    access: str,
    meeting_id: int | None,
    progress: Callable[[int, int], None],
) -> list[Any]:
    """One document per file, each with its version in `language`; all of them or none. A file
    the archive refuses undoes the ones before it, their stored files included."""
    from django.core.files import File
    from django.db import transaction

    from almaty.archive import services
    from almaty.meetings.selectors import meeting_by_id

    stored: list[Any] = []
    made: list[Any] = []
    try:
        with transaction.atomic():
            meeting = meeting_by_id(meeting_id) if meeting_id is not None else None
            progress(0, len(files))
            for done, (path, title) in enumerate(zip(files, titles, strict=True), start=1):
                document = services.document_create(
                    actor=actor, kind=kind, issued_on=issued_on, access=access, meeting=meeting
                )
                with path.open("rb") as handle:
                    version = services.version_save(
                        actor=actor,
                        document=document,
                        language=language,
                        title=title,
                        upload=File(handle, name=path.name),
                    )
                if version.file:
                    stored.append(version.file)
                made.append(version)
                progress(done, len(files))
    except BaseException:
        for file in stored:
            file.storage.delete(file.name)
        raise
    return made


def rich_snippet(snippet: str) -> str:
    """The search's snippet (escaped HTML, the words found in <mark>) as rich markup."""
    parts, marked = [], False
    for part in re.split(r"(</?mark>)", snippet):
        if part in ("<mark>", "</mark>"):
            marked = part == "<mark>"
            continue
        text = escape(html.unescape(part))
        parts.append(f"[bold yellow]{text}[/]" if marked and text else text)
    return "".join(parts)


def build_archive_app() -> typer.Typer:
    app = typer.Typer(
        help=_("The document archive: add files, search, rebuild the search index."),
        no_args_is_help=True,
    )

    @app.command(
        "add",
        help=_(
            "Add files to the archive, one document each, with their text extracted; all of them or none."
        ),
    )
    def add(
        files: Annotated[
            list[Path],
            typer.Argument(
                metavar="FILE...",
                exists=True,
                dir_okay=False,
                readable=True,
                help=_("PDF, Word (DOCX) or plain text files."),
            ),
        ],
        kind: Annotated[
            str,
            typer.Option(click_type=_choice(DocumentKind.values), help=_("Type of document.")),
        ],
        date: Annotated[
            dt.datetime,
            typer.Option(formats=["%Y-%m-%d"], help=_("Date of the document (YYYY-MM-DD).")),
        ],
        language: Annotated[
            str,
            typer.Option(click_type=_choice(Language.values), help=_("Language of the files.")),
        ],
        actor: Annotated[
            str,
            typer.Option("--as", help=_("E-mail address of the user doing this (Support Unit).")),
        ],
        title: Annotated[
            list[str] | None,
            typer.Option(
                help=_("Title, once per file in the same order (default: the file name).")
            ),
        ] = None,
        meeting: Annotated[
            int | None, typer.Option(help=_("Id of the meeting the documents belong to."))
        ] = None,
        access: Annotated[
            str,
            typer.Option(
                click_type=_choice(Access.values),
                help=_("Who may read them: public, members or draft (Support Unit only)."),
            ),
        ] = Access.DRAFT.value,
    ) -> None:
        titles = list(title or [])
        if titles and len(titles) != len(files):
            raise click.UsageError(_("Give one --title for each file, or none."))
        titles = titles or [path.stem for path in files]
        with user_errors():
            user = user_by_email(actor)
            with progress_bar(_("Extracting text")) as update:
                made = add_files(
                    actor=user,
                    files=files,
                    titles=titles,
                    kind=kind,
                    issued_on=date.date(),
                    language=language,
                    access=access,
                    meeting_id=meeting,
                    progress=update,
                )
        table = Table(_("Id"), _("Title"), _("Language"), _("File"), _("Extracted text"))
        for version in made:
            table.add_row(
                str(version.document_id),
                escape(version.title),
                version.language,
                escape(version.file_name),
                ngettext("%(n)s character", "%(n)s characters", len(version.extracted_text))
                % {"n": len(version.extracted_text)},
            )
        out.print(table)
        out.print(
            ngettext(
                "%(n)s document added to the archive.",
                "%(n)s documents added to the archive.",
                len(made),
            )
            % {"n": len(made)}
        )

    @app.command("search", help=_("Search the archive's documents (full text)."))
    def search_(
        query: Annotated[str, typer.Argument(help=_("Words to look for."))] = "",
        kind: Annotated[
            str | None,
            typer.Option(click_type=_choice(DocumentKind.values), help=_("Type of document.")),
        ] = None,
        year: Annotated[int | None, typer.Option(help=_("Year of the document."))] = None,
        meeting: Annotated[int | None, typer.Option(help=_("Id of a meeting."))] = None,
        topic: Annotated[str | None, typer.Option(help=_("Code of a topic."))] = None,
        state: Annotated[
            str | None, typer.Option(help=_("ISO 3166 alpha-3 code of a State concerned."))
        ] = None,
        language: Annotated[
            str | None,
            typer.Option(
                click_type=_choice(Language.values), help=_("Language of the text found.")
            ),
        ] = None,
        limit: Annotated[
            int, typer.Option(min=1, max=100, help=_("At most this many results."))
        ] = 20,
        offset: Annotated[int, typer.Option(min=0, help=_("Skip this many results."))] = 0,
        actor: Annotated[
            str | None,
            typer.Option(
                "--as",
                help=_("Search as this user (default: public documents only)."),
            ),
        ] = None,
    ) -> None:
        from django.contrib.auth.models import AnonymousUser

        from almaty.archive import search

        with user_errors():
            user = user_by_email(actor) if actor else AnonymousUser()
            page = search.search(
                user=user,
                query=query,
                kind=kind,
                year=year,
                meeting_id=meeting,
                topic=topic,
                state_iso3=state,
                language=language,
                limit=limit,
                offset=offset,
            )
        table = Table(_("Id"), _("Date"), _("Kind"), _("Language"), _("Title"), _("Found in"))
        for hit in page.hits:
            table.add_row(
                str(hit.document.pk),
                hit.document.issued_on.isoformat(),
                str(DocumentKind(hit.document.kind).label),
                hit.version.language,
                escape(hit.version.title),
                rich_snippet(hit.snippet),
            )
        out.print(table)
        out.print(
            ngettext("%(n)s document found.", "%(n)s documents found.", page.total)
            % {"n": page.total}
        )

    @app.command(
        "reindex",
        help=_("Rebuild the search index from every document version. Safe to run again."),
    )
    def reindex() -> None:
        from almaty.archive import search

        with user_errors(), progress_bar(_("Indexing documents")) as update:
            count = search.rebuild(progress=update)
        out.print(
            ngettext("%(n)s document version indexed.", "%(n)s document versions indexed.", count)
            % {"n": count}
        )

    return app
