"""The task queue really queues: SQLite storage by default, Redis when REDIS_URL is set."""

import os
import socket
import subprocess
import sys

import pytest
from huey import RedisHuey, SqliteHuey


def _redis_reachable() -> bool:
    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=0.5):
            return True
    except OSError:
        return False


def _roundtrip(huey) -> int:
    @huey.task()
    def add(a: int, b: int) -> int:
        return a + b

    result = add(2, 3)
    assert huey.pending_count() == 1
    message = huey.dequeue()
    huey.execute(message)
    return result.get()


def test_sqlite_queue_stores_and_runs_a_task(tmp_path):
    huey = SqliteHuey(name="t", filename=str(tmp_path / "tasks.sqlite3"))
    assert _roundtrip(huey) == 5


@pytest.mark.skipif(
    not _redis_reachable() and not os.environ.get("CI"), reason="no Redis on 127.0.0.1:6379"
)
def test_redis_queue_stores_and_runs_a_task():
    huey = RedisHuey(name=f"almaty-test-{os.getpid()}", url="redis://127.0.0.1:6379/15")
    huey.flush()
    try:
        assert _roundtrip(huey) == 5
    finally:
        huey.flush()


@pytest.mark.parametrize(
    ("extra_env", "expected_class"),
    [({"REDIS_URL": "redis://127.0.0.1:6379/3"}, "huey.RedisHuey"), ({}, "huey.SqliteHuey")],
)
def test_settings_choose_the_queue_storage(tmp_path, extra_env, expected_class):
    code = (
        "import os; os.environ['DJANGO_SETTINGS_MODULE']='almaty.config.settings.base'; "
        "from django.conf import settings; print(settings.HUEY['huey_class']); "
        "print(settings.HUEY.get('url') or settings.HUEY.get('filename'))"
    )
    environ = {"PATH": "/usr/bin:/bin", "DATA_DIR": str(tmp_path), **extra_env}
    result = subprocess.run(
        [sys.executable, "-c", code], env=environ, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    huey_class, where = result.stdout.split()
    assert huey_class == expected_class
    assert where == extra_env.get("REDIS_URL", str(tmp_path / "tasks.sqlite3"))
