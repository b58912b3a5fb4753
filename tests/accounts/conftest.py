"""Fixtures for the accounts tests: a plain user and a signed-in browser."""

from __future__ import annotations

from typing import Any

import pytest

from tests.factories.accounts import UserFactory


@pytest.fixture
def user(db: None) -> Any:
    return UserFactory(email="nurlan@example.org", full_name="Nurlan Abenov")


@pytest.fixture
def signed_in_client(client: Any, user: Any) -> Any:
    client.force_login(user)
    return client
