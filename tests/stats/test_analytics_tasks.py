"""The analytics snapshot refreshed in the task queue: the pending marker, the write lock, and
what readers see meanwhile."""

from __future__ import annotations

import datetime as dt
import logging
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse
from huey.contrib.djhuey import HUEY

from almaty.stats import analytics, services
from almaty.stats.engine import dashboard
from almaty.stats.tasks import refresh_analytics
from tests.factories import stats as files


@pytest.fixture(autouse=True)
def _own_data_dir(settings: Any, tmp_path: Path) -> None:
    settings.DATA_DIR = tmp_path


def _published(user: Any, indicator: str, values: dict[str, int]) -> Any:
    rows = [
        files.row(INDICATOR=indicator, REF_AREA="KGZ", TIME_PERIOD=m, OBS_VALUE=v)
        for m, v in values.items()
    ]
    data = files.sdmx_csv(rows)
    submission = services.submission_create(user=user, data=data, filename="f.csv")
    services.submission_approve(user=user, submission=submission)
    return services.submission_publish(user=user, submission=submission, sharing="public")


def _regional(indicator: str) -> list[tuple[str, float]]:
    points = analytics.reader(AnonymousUser()).regional_series(indicator)
    return [(p.period_start.isoformat(), p.value) for p in points]


@pytest.fixture
def writes(monkeypatch: pytest.MonkeyPatch) -> list[list[str] | None]:
    """The indicators of each snapshot write (None: the whole snapshot)."""
    seen: list[list[str] | None] = []
    write = dashboard.write_snapshot

    def spy(frame: Any, directory: Path, indicators: Any = None) -> int:
        seen.append(None if indicators is None else sorted(indicators))
        return write(frame, directory, indicators)

    monkeypatch.setattr(dashboard, "write_snapshot", spy)
    return seen


@pytest.fixture
def queue_down(monkeypatch: pytest.MonkeyPatch) -> None:
    """The task queue cannot be reached (e.g. Redis is down)."""

    def refuse(task: Any) -> None:
        raise ConnectionError("the queue is down")

    monkeypatch.setattr(HUEY, "enqueue", refuse)


@pytest.fixture
def two_indicators(support: Any) -> Any:
    """ENTRIES and EXITS published, the snapshot built (no refresh pending)."""
    _published(support, "ENTRIES", {"2024-01": 100})
    _published(support, "EXITS", {"2024-01": 40})
    analytics.rebuild()
    return support


def test_scheduling_records_the_indicators_then_the_task_refreshes_them(
    two_indicators, django_capture_on_commit_callbacks, monkeypatch
):
    queued: list[Any] = []
    monkeypatch.setattr(HUEY, "enqueue", queued.append)
    with django_capture_on_commit_callbacks(execute=True):
        _published(two_indicators, "ENTRIES", {"2024-02": 120})
    directory = analytics.snapshot_dir()

    assert set(analytics.read_pending(directory).indicators) == {"ENTRIES"}
    tasks = [t for t in queued if isinstance(t, refresh_analytics.task_class)]
    assert len(tasks) == 1

    monkeypatch.undo()
    HUEY.execute(tasks[0])

    assert analytics.read_pending(directory).empty
    manifest = dashboard.read_manifest(directory)
    assert manifest is not None
    assert manifest["fingerprint"] == analytics.fingerprint()
    assert _regional("ENTRIES") == [("2024-01-01", 100.0), ("2024-02-01", 120.0)]


def test_the_task_does_nothing_when_the_snapshot_is_already_fresh(two_indicators, writes):
    assert analytics.catch_up() == {}
    refresh_analytics.call_local()

    assert writes == []


def test_a_reader_refreshes_only_the_pending_indicators(
    two_indicators, queue_down, writes, django_capture_on_commit_callbacks
):
    directory = analytics.snapshot_dir()
    exits = [dashboard.file_for(directory, "EXITS", headline=h).stat() for h in (False, True)]
    with django_capture_on_commit_callbacks(execute=True):
        _published(two_indicators, "ENTRIES", {"2024-02": 120})
    assert writes == []  # the queue is down: nothing was refreshed yet

    assert _regional("ENTRIES") == [("2024-01-01", 100.0), ("2024-02-01", 120.0)]
    assert writes == [["ENTRIES"]]
    after = [dashboard.file_for(directory, "EXITS", headline=h).stat() for h in (False, True)]
    assert [(s.st_ino, s.st_mtime_ns) for s in after] == [(s.st_ino, s.st_mtime_ns) for s in exits]
    assert _regional("EXITS") == [("2024-01-01", 40.0)]
    assert analytics.read_pending(directory).empty


def test_a_queue_that_cannot_be_reached_is_logged_and_readers_still_see_the_values(
    two_indicators, queue_down, django_capture_on_commit_callbacks, caplog
):
    with (
        caplog.at_level(logging.ERROR, logger="almaty.stats.analytics"),
        django_capture_on_commit_callbacks(execute=True),
    ):
        _published(two_indicators, "EXITS", {"2024-02": 55})

    assert "could not be queued" in caplog.text
    assert _regional("EXITS") == [("2024-01-01", 40.0), ("2024-02-01", 55.0)]


def test_everything_pending_rebuilds_the_whole_snapshot(two_indicators, queue_down, writes):
    analytics.schedule_refresh(["ENTRIES"])
    analytics.schedule_refresh(None)

    analytics.ensure_fresh()

    assert writes == [None]
    assert analytics.read_pending(analytics.snapshot_dir()).empty


def test_a_stale_snapshot_with_nothing_pending_is_rebuilt_whole(two_indicators, writes):
    submission = _published(two_indicators, "EXITS", {"2024-02": 55})
    # Written outside the services: nothing asks for a refresh.
    type(submission).objects.filter(pk=submission.pk).update(
        published_at=dt.datetime(2024, 3, 1, tzinfo=dt.UTC)
    )
    assert analytics.read_pending(analytics.snapshot_dir()).empty

    assert _regional("EXITS") == [("2024-01-01", 40.0), ("2024-02-01", 55.0)]
    assert writes == [None]


def test_a_refresh_of_other_indicators_does_not_hide_a_pending_one(two_indicators, queue_down):
    """The commit lands before a refresh of EXITS reads the fingerprint, its request after:
    the manifest matches the database, yet ENTRIES' file is behind until it is refreshed."""
    _published(two_indicators, "ENTRIES", {"2024-02": 120})
    analytics.refresh(["EXITS"])
    analytics.schedule_refresh(["ENTRIES"])

    assert _regional("ENTRIES") == [("2024-01-01", 100.0), ("2024-02-01", 120.0)]


def test_a_request_made_during_a_refresh_stays_pending():
    seen = analytics.Pending().add(["ENTRIES"])  # what the refresh read before the database
    later = seen.add(["ENTRIES", "EXITS"])  # asked for again while it ran

    assert later.without(["ENTRIES"], seen.seq).indicators == {"ENTRIES": 2, "EXITS": 2}
    assert later.without(None, later.seq).empty
    assert seen.add(None).without(["ENTRIES"], seen.seq + 1).everything == 2


def test_pending_requests_add_up(queue_down):
    analytics.schedule_refresh(["ENTRIES", "not a code"])
    analytics.schedule_refresh(["EXITS"])

    pending = analytics.read_pending(analytics.snapshot_dir())
    assert sorted(pending.indicators) == ["ENTRIES", "EXITS"]
    assert pending.everything is None


def test_an_unreadable_marker_asks_for_everything():
    directory = analytics.snapshot_dir()
    directory.mkdir(parents=True)
    (directory / analytics.PENDING).write_text("{not json", encoding="utf-8")

    assert analytics.read_pending(directory).everything == 0


HOLD_LOCK = """
import fcntl, sys
lock = open(sys.argv[1], "a")
fcntl.flock(lock, fcntl.LOCK_EX)
print("held", flush=True)
sys.stdin.read()
"""


def test_a_writer_waits_for_the_lock_another_process_holds(two_indicators):
    directory = analytics.snapshot_dir()
    released: list[float] = []
    with subprocess.Popen(
        [sys.executable, "-c", HOLD_LOCK, str(directory / analytics.WRITE_LOCK)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    ) as holder:
        assert holder.stdout is not None
        assert holder.stdin is not None
        assert holder.stdout.readline().strip() == "held"
        stdin = holder.stdin

        def release() -> None:
            time.sleep(0.5)
            released.append(time.time())
            stdin.close()  # the holder exits, and its lock goes with it

        releaser = threading.Thread(target=release)
        releaser.start()
        try:
            analytics.rebuild()
        finally:
            releaser.join()
    manifest = dashboard.read_manifest(directory)

    assert manifest is not None
    assert manifest["built_at"] >= released[0]


def test_the_dashboard_shows_what_was_just_published(
    client, two_indicators, django_capture_on_commit_callbacks, writes
):
    with django_capture_on_commit_callbacks(execute=True):
        _published(two_indicators, "ENTRIES", {"2024-02": 777})
    assert writes == [["ENTRIES"]]  # by the task, before any reader came

    response = client.get(reverse("dashboards:indicator", args=["ENTRIES"]))

    assert response.status_code == 200
    assert "777" in response.text
    assert writes == [["ENTRIES"]]
