"""Fixtures for the process's tests."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.db import transaction


@pytest.fixture(scope="module")
def reference_for_module(django_db_setup: None, django_db_blocker: Any) -> Iterator[None]:
    """The reference data, loaded once for a whole test module and rolled back after it.

    Each test still runs in its own savepoint (pytest-django's `db`), so what a test writes is
    gone before the next one. Use it in modules whose every test starts from the reference data:
    `pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("reference_for_module")]`.
    """
    from almaty.process.services import reference_load

    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        reference_load()
    yield
    with django_db_blocker.unblock():
        transaction.set_rollback(True)
        outer.__exit__(None, None, None)
