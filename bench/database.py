"""Django for benchmarks: settings, a temporary SQLite database, a fresh copy per run."""

from __future__ import annotations

import os
import sqlite3
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
