"""Django for benchmarks: settings, a temporary SQLite database, a fresh copy per run; and
PostgreSQL runs in a child process, on a database created and dropped for them."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import tempfile
from collections.abc import Callable, Sequence
from contextlib import closing
from pathlib import Path

import django
from django.conf import settings
from django.core.management import call_command
from django.db import connections

# The embedded default of settings/base.py, so figures match what a local instance does.
from almaty.config.settings.base import SQLITE_OPTIONS

DEFAULT_SETTINGS = "almaty.config.settings.test"


class FreshSqlite:
    """Gives the default connection a freshly migrated SQLite file, migrating only once.

    The first call migrates and keeps a copy; later calls restore that copy, which takes
    milliseconds instead of the seconds that migrating takes.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self.template = path.with_name(f"{path.stem}-migrated{path.suffix}")

    @staticmethod
    def _remove(path: Path) -> None:
        for leftover in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
            leftover.unlink(missing_ok=True)

    @staticmethod
    def _copy(source: Path, target: Path) -> None:
        with closing(sqlite3.connect(source)) as src, closing(sqlite3.connect(target)) as dst:
            src.backup(dst)

    def __call__(self) -> None:
        connections.close_all()
        self._remove(self.path)
        if self.template.exists():
            self._copy(self.template, self.path)
            return
        call_command("migrate", interactive=False, verbosity=0)
        connections.close_all()
        self._copy(self.path, self.template)


def django_setup(workdir: Path) -> FreshSqlite:
    """Configure Django for benchmarks: files and database in `workdir`, never in ./var."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", DEFAULT_SETTINGS)
    # The settings module is imported on first use below and reads DATA_DIR then: the
    # developer's instance data stays untouched.
    os.environ["DATA_DIR"] = str(workdir / "data")

    database = workdir / "bench.sqlite3"
    settings.DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": database,
            "OPTIONS": SQLITE_OPTIONS,
        }
    }
    settings.DEBUG = False  # with DEBUG on, Django keeps every query in memory
    django.setup()
    return FreshSqlite(database)


# --- PostgreSQL, in a child process ---------------------------------------------------------

REPO_ROOT = Path(__file__).resolve().parent.parent
Figures = dict[str, float]


def _database_url(server: str, name: str) -> str:
    base, _, _ = server.rpartition("/")
    return f"{base}/{name}"


def run_in_postgresql_child(
    module: str, server: str, *, label: str, timeout: float = 600
) -> Figures:
    """Run a benchmark module's workload on PostgreSQL in a child process; its figures.

    The child is `python -m <module> --postgresql <server> <name>` (the module hands its
    workload to `postgresql_child`), with the test settings, a temporary DATA_DIR removed
    afterwards, and DATABASE_URL naming the database `almaty_bench_<label>_<pid>`, created
    and dropped through `server` (the URL of any database on the server, e.g. `.../postgres`).
    A child keeps this process's Django, set up on SQLite, apart.
    RuntimeError (with the end of its stderr) when the child fails.
    """
    name = f"almaty_bench_{label}_{os.getpid()}"
    with tempfile.TemporaryDirectory(prefix=f"almaty-bench-{label}-") as data_dir:
        env = {
            **os.environ,
            "DATABASE_URL": _database_url(server, name),
            "DJANGO_SETTINGS_MODULE": DEFAULT_SETTINGS,
            "DATA_DIR": data_dir,
        }
        done = subprocess.run(
            [sys.executable, "-m", module, "--postgresql", server, name],
            cwd=REPO_ROOT,
            env=env,
            capture_output=True,
            text=True,
            check=False,
            timeout=timeout,
        )
    if done.returncode != 0:
        raise RuntimeError(f"the PostgreSQL run failed:\n{done.stderr[-3000:]}")
    figures: Figures = json.loads(done.stdout.strip().splitlines()[-1])
    return figures


def _in_new_database(server: str, name: str, workload: Callable[[], Figures]) -> Figures:
    """Create the database `name` on `server`, migrate it, run the workload, drop it."""
    import psycopg

    with psycopg.connect(server, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        django.setup()
        call_command("migrate", interactive=False, verbosity=0)
        figures = workload()
        connections.close_all()
    finally:
        with psycopg.connect(server, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    return figures


def postgresql_child(workload: Callable[[], Figures], argv: Sequence[str] | None = None) -> None:
    """The child's side of `run_in_postgresql_child`, for a module's `__main__`.

    Takes `--postgresql <server> <name>` (default: sys.argv), runs `workload` on a new
    database `name` (created, migrated, then dropped whatever happens) and prints its
    figures as one line of JSON.
    """
    args = list(sys.argv[1:] if argv is None else argv)
    if len(args) != 3 or args[0] != "--postgresql":
        raise SystemExit("usage: python -m bench.<module> --postgresql <server URL> <database>")
    print(json.dumps(_in_new_database(args[1], args[2], workload)))
