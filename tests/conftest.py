"""Shared fixtures and guards: no network, reference data on demand, a user per role."""

from __future__ import annotations

import socket
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.utils import translation

from tests.factories.accounts import RoleAssignmentFactory, UserFactory


@pytest.fixture(autouse=True)
def _no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests never reach outside this machine (loopback stays allowed for the live server)."""
    real_connect = socket.socket.connect

    def guarded(self: socket.socket, address: Any) -> Any:
        host = address[0] if isinstance(address, tuple) else address
        if (
            isinstance(host, str)
            and host not in {"127.0.0.1", "localhost", "::1"}
            and not host.startswith("/")
        ):
            raise RuntimeError(f"Network access in tests is not allowed: {address!r}")
        return real_connect(self, address)

    monkeypatch.setattr(socket.socket, "connect", guarded)


@pytest.fixture(autouse=True)
def _empty_cache() -> Iterator[None]:
    """Each test starts with no cached page (the public page cache would carry pages over)."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _english_by_default() -> Iterator[None]:
    with translation.override("en"):
        yield


@pytest.fixture
def reference(db: None) -> Any:
    """The Almaty Process reference data, loaded as `make run` loads it (once per run, then
    copied: tests/reference_snapshot.py)."""
    from tests.reference_snapshot import load_reference

    return load_reference()


@pytest.fixture
def user_with_role(reference: Any) -> Callable[..., Any]:
    """Make a user holding `role` (for `state` where the role needs one), active today."""

    def make(role: str, state: str | None = None, **assignment: Any) -> Any:
        from almaty.accounts.models import Role
        from almaty.process.models import State

        user = UserFactory()
        RoleAssignmentFactory(
            user=user,
            role=Role.objects.get(code=role),
            state=State.objects.get(iso3=state) if state else None,
            **assignment,
        )
        return user

    return make
