"""The commands of `almaty`. Built after the language is activated, so help is translated."""

from __future__ import annotations

import datetime as dt
import os
import signal
import subprocess
import sys
from pathlib import Path
from typing import Annotated

import typer
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from rich.table import Table

from almaty.cli.common import err, out, progress_bar, user_errors


def build_app() -> typer.Typer:
    app = typer.Typer(
        help=_("Run and manage the Almaty Process platform."),
        no_args_is_help=True,
        add_completion=False,
        rich_markup_mode="rich",
    )
    users = typer.Typer(help=_("Manage user accounts, roles and API tokens."), no_args_is_help=True)
    audit = typer.Typer(help=_("Check the audit log."), no_args_is_help=True)
    app.add_typer(users, name="users")
    from almaty.cli.process import build_process_app

    app.add_typer(build_process_app(), name="process")
    from almaty.cli.decisions import build_decisions_app

    app.add_typer(build_decisions_app(), name="decisions")
    from almaty.cli.meetings import build_meetings_app

    app.add_typer(build_meetings_app(), name="meetings")
    from almaty.cli.archive import build_archive_app

    app.add_typer(build_archive_app(), name="archive")
    from almaty.cli.stats import build_stats_app

    app.add_typer(build_stats_app(), name="stats")
    from almaty.cli.borders import build_borders_app

    app.add_typer(build_borders_app(), name="borders")
    app.add_typer(audit, name="audit")

    @app.callback()
    def main(
        lang: Annotated[
            str | None,
            typer.Option("--lang", help=_("Language of messages: en or ru (default: from LANG).")),
        ] = None,
    ) -> None:
        """The language was already chosen before the commands were built."""

    @app.command(help=_("Serve the platform with gunicorn, and run the task worker beside it."))
    def serve(
        host: Annotated[str, typer.Option(help=_("Address to listen on."))] = "127.0.0.1",
        port: Annotated[int, typer.Option(help=_("Port to listen on."))] = 8000,
        workers: Annotated[int, typer.Option(help=_("Number of web worker processes."))] = 2,
        worker: Annotated[
            bool, typer.Option(help=_("Also run the background task worker."))
        ] = True,
    ) -> None:
        env = {**os.environ, "DJANGO_SETTINGS_MODULE": os.environ["DJANGO_SETTINGS_MODULE"]}
        children: list[subprocess.Popen[bytes]] = []
        if worker:
            children.append(
                subprocess.Popen([sys.executable, "-m", "django", "run_huey", "--quiet"], env=env)
            )
        web = [
            sys.executable, "-m", "gunicorn", "almaty.config.wsgi:application",
            "--bind", f"{host}:{port}", "--workers", str(workers), "--access-logfile", "-",
        ]  # fmt: skip
        out.print(
            _("Serving on http://%(host)s:%(port)s/ (Ctrl+C stops).") % {"host": host, "port": port}
        )
        server = subprocess.Popen(web, env=env)  # noqa: S603
        try:
            code = server.wait()
        except KeyboardInterrupt:
            server.send_signal(signal.SIGTERM)
            code = server.wait()
        finally:
            for child in children:
                child.terminate()
                child.wait(timeout=10)
        raise typer.Exit(code)

    @app.command(
        help=_(
            "Prepare this instance: migrate, collect static files, load reference data, create the first administrator."
        )
    )
    def init(
        admin_email: Annotated[
            str, typer.Option(help=_("E-mail address of the first administrator."))
        ] = "admin@localhost",
    ) -> None:
        from django.core.management import call_command

        from almaty.cli import setup

        call_command("migrate", verbosity=0, interactive=False)
        call_command("collectstatic", verbosity=0, interactive=False)
        with user_errors(), progress_bar(_("Loading reference data")) as update:
            result = setup.load_reference(progress=update)
        out.print(setup.describe_load(result))
        from almaty.cli.stats import load_public_statistics

        load_public_statistics()
        from almaty.cli.borders import describe_stay_rules

        with user_errors():
            out.print(describe_stay_rules(setup.load_stay_rules()))
            if setup.queue_first_forecasts():
                out.print(_("The first forecasts are made in the task queue (about a minute)."))
            out.print(setup.ensure_admin(email=admin_email))

    @app.command(
        "load-reference",
        help=_("Load the reference data (States, organisations, roles). Safe to run again."),
    )
    def load_reference(
        file: Annotated[
            Path | None, typer.Option(help=_("Another reference data file (YAML)."))
        ] = None,
        force: Annotated[
            bool, typer.Option(help=_("Load even if this version was already loaded."))
        ] = False,
    ) -> None:
        from almaty.cli import setup

        with user_errors(), progress_bar(_("Loading reference data")) as update:
            result = setup.load_reference(path=file, force=force, progress=update)
        out.print(setup.describe_load(result))

    @users.command("add", help=_("Create a user and give them a role."))
    def users_add(
        email: Annotated[
            str, typer.Argument(help=_("E-mail address; it is also the sign-in name."))
        ],
        role: Annotated[
            str, typer.Option(help=_("Role code, e.g. support_unit, national_coordinator."))
        ],
        state: Annotated[
            str | None,
            typer.Option(help=_("ISO 3166 alpha-3 code of the State the role is held for.")),
        ] = None,
        name: Annotated[str, typer.Option(help=_("Full name."))] = "",
        language: Annotated[
            str, typer.Option(help=_("Preferred language of the user: en or ru."))
        ] = "en",
        valid_from: Annotated[
            dt.datetime | None,
            typer.Option(formats=["%Y-%m-%d"], help=_("First day of the role (default: today).")),
        ] = None,
        valid_to: Annotated[
            dt.datetime | None,
            typer.Option(formats=["%Y-%m-%d"], help=_("Last day of the role (default: open).")),
        ] = None,
        print_token: Annotated[
            bool,
            typer.Option("--print-token", help=_("Issue an API token and print it (shown once).")),
        ] = False,
        invite: Annotated[
            bool, typer.Option("--invite", help=_("E-mail the user a link to set a password."))
        ] = False,
    ) -> None:
        from almaty.cli import setup

        with user_errors():
            user, token = setup.add_user(
                email=email, role=role, state=state, full_name=name, language=language,
                valid_from=valid_from.date() if valid_from else None,
                valid_to=valid_to.date() if valid_to else None,
                print_token=print_token, invite=invite,
            )  # fmt: skip
        out.print(
            _("User %(email)s created with the role %(role)s.")
            % {"email": user.email, "role": role}
        )
        if token:
            out.print(_("API token (shown once, keep it secret):"))
            print(token)  # plain, so scripts can capture it
        if invite:
            out.print(_("An e-mail with a link to set a password was queued."))

    @users.command("reset-password", help=_("Give a user a new one-time password, printed here."))
    def users_reset_password(
        email: Annotated[str, typer.Argument(help=_("E-mail address of the user."))],
    ) -> None:
        from almaty.cli import setup

        with user_errors():
            password = setup.reset_password(email=email)
        out.print(
            _("One-time password for %(email)s (to be changed at the first sign-in):")
            % {"email": email}
        )
        print(password)

    @users.command("list", help=_("List users and their active roles."))
    def users_list() -> None:
        from almaty.cli import setup

        table = Table(_("E-mail address"), _("Name"), _("Active roles"))
        for email, full_name, roles in setup.list_users():
            table.add_row(email, full_name, roles)
        out.print(table)

    @app.command(
        help=_("Write a backup archive (database, uploaded files, manifest with checksums).")
    )
    def backup(
        file: Annotated[
            Path, typer.Argument(help=_("Archive to write, e.g. almaty-backup.tar.gz."))
        ],
    ) -> None:
        from almaty.core.backup import backup_create

        with user_errors(), progress_bar(_("Writing the backup")) as update:
            result = backup_create(
                path=file, progress=lambda _step, done, total: update(done, total)
            )
        out.print(
            _("Backup written to %(path)s: %(rows)s, %(files)s, %(size)s.")
            % {
                "path": result.path,
                "rows": ngettext("%(n)s row", "%(n)s rows", result.rows) % {"n": result.rows},
                "files": ngettext("%(n)s file", "%(n)s files", result.files) % {"n": result.files},
                "size": ngettext("%(n)s byte", "%(n)s bytes", result.bytes) % {"n": result.bytes},
            }
        )

    @app.command(help=_("Restore a backup archive into this instance, which must be empty."))
    def restore(
        file: Annotated[Path, typer.Argument(help=_("Archive written by almaty backup."))],
    ) -> None:
        from django.core.management import call_command

        from almaty.core.backup import backup_restore

        call_command("migrate", verbosity=0, interactive=False)
        with user_errors(), progress_bar(_("Restoring the backup")) as update:
            rows = backup_restore(
                path=file, progress=lambda _step, done, total: update(done, total)
            )
        out.print(ngettext("Restored %(n)s row.", "Restored %(n)s rows.", rows) % {"n": rows})

    @audit.command(
        "verify",
        help=_("Recompute the audit log's hash chain; exit 1 if any entry was changed or removed."),
    )
    def audit_verify() -> None:
        from almaty.core.audit import audit_total, audit_verify
        from almaty.core.audit_messages import PROBLEMS

        with progress_bar(_("Checking the audit log")) as update:
            total = audit_total()
            count = {"n": 0}

            def step(n: int) -> None:
                count["n"] += n
                update(count["n"], total)

            result = audit_verify(progress=step)
        if result.ok:
            out.print(
                ngettext(
                    "The audit log is intact: %(n)s entry checked.",
                    "The audit log is intact: %(n)s entries checked.",
                    result.checked,
                )
                % {"n": result.checked}
            )
            return
        for problem in result.problems:
            err.print(
                "[red]" + str(PROBLEMS[problem.reason]) % {"sequence": problem.sequence} + "[/]"
            )
        err.print(
            ngettext(
                "The audit log was tampered with: %(n)s problem found.",
                "The audit log was tampered with: %(n)s problems found.",
                len(result.problems),
            )
            % {"n": len(result.problems)}
        )
        raise typer.Exit(1)

    @app.command("config", help=_("List the environment variables the platform reads."))
    def config() -> None:
        from almaty.config.env import registry

        table = Table(_("Variable"), _("Meaning"), _("Default"))
        for name, text, default in registry():
            table.add_row(name, text, "" if default is None else str(default))
        out.print(table)

    return app
