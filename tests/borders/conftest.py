"""Users of border movements, one per role that matters to it, and a data folder per test (the
crossing records live under DATA_DIR/borders)."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.cli.conftest import _process_locale_restored, almaty  # noqa: F401 - fixtures


@pytest.fixture
def data_dir(settings: Any, tmp_path: Path) -> Path:
    """A DATA_DIR of the test's own, so that no crossing records carry over."""
    settings.DATA_DIR = tmp_path
    return tmp_path


@pytest.fixture
def analyst(user_with_role: Callable[..., Any]) -> Any:
    """A border analyst of Kazakhstan."""
    return user_with_role("border_analyst", "KAZ")


@pytest.fixture
def other_analyst(user_with_role: Callable[..., Any]) -> Any:
    """A border analyst of Kyrgyzstan."""
    return user_with_role("border_analyst", "KGZ")


@pytest.fixture
def coordinator(user_with_role: Callable[..., Any]) -> Any:
    """The National Coordinator of Kazakhstan."""
    return user_with_role("national_coordinator", "KAZ")


@pytest.fixture
def support(user_with_role: Callable[..., Any]) -> Any:
    return user_with_role("support_unit")


@pytest.fixture
def loaded(analyst: Any, data_dir: Path, django_capture_on_commit_callbacks: Any) -> Any:
    """Kazakhstan's January records, loaded through the web's queue by its analyst, under
    Kazakhstan's default stay rules."""
    from almaty.borders import services
    from tests.factories.borders import csv_bytes, january

    services.stay_rules_sync(states=["KAZ"])
    with django_capture_on_commit_callbacks(execute=True):
        load = services.load_queue(
            user=analyst, state="KAZ", data=csv_bytes(january()), filename="january.csv"
        )
    load.refresh_from_db()
    return load


_COPY: dict[str, Any] = {}  # Kazakhstan's January, as the first `kaz_records` of a run left it
LOAD_FIELDS = ("file_name", "sha256", "size_bytes", "status", "rows_read", "rows_accepted",
               "rows_rejected", "rows_already_loaded", "report", "derive", "finished_at")  # fmt: skip


@pytest.fixture
def kaz_records(
    analyst: Any, data_dir: Path, tmp_path_factory: Any, django_capture_on_commit_callbacks: Any
) -> Any:
    """Kazakhstan's January records as `loaded` leaves them (its load, batch and outputs), for
    tests that only read them. A load takes a third of a second, so the first one of a run is
    real and later tests get a copy of its files and of its load (not of its audit entries)."""
    from almaty.borders import services, storage
    from almaty.borders.models import CrossingLoad
    from almaty.process.models import State

    services.stay_rules_sync(states=["KAZ"])
    if not _COPY:
        from tests.factories.borders import csv_bytes, january

        with django_capture_on_commit_callbacks(execute=True):
            load = services.load_queue(
                user=analyst, state="KAZ", data=csv_bytes(january()), filename="january.csv"
            )
        load.refresh_from_db()
        kept = tmp_path_factory.mktemp("kaz-records") / "KAZ"
        shutil.copytree(storage.state_dir("KAZ"), kept, symlinks=True)
        _COPY.update(path=kept, id=load.pk, fields={f: getattr(load, f) for f in LOAD_FIELDS})
        return load
    shutil.copytree(_COPY["path"], storage.state_dir("KAZ"), symlinks=True, dirs_exist_ok=True)
    load = CrossingLoad.objects.create(
        state=State.objects.get(iso3="KAZ"), created_by=analyst, **_COPY["fields"]
    )
    storage.batch_path("KAZ", _COPY["id"]).rename(storage.batch_path("KAZ", load.pk))
    return load
