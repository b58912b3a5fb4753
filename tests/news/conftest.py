"""Fixtures for the news tests: the Support Unit's client, the API."""

from __future__ import annotations

from typing import Any

import pytest


@pytest.fixture
def editor(user_with_role: Any) -> Any:
    """A Support Unit user (may write news)."""
    return user_with_role("support_unit")


@pytest.fixture
def staff(client: Any, editor: Any) -> Any:
    client.force_login(editor)
    return client


@pytest.fixture
def api_get(client: Any) -> Any:
    """GET an API path (under /api/v1) and return the response."""
    return lambda path, **headers: client.get("/api/v1" + path, **headers)


@pytest.fixture(autouse=True)
def _fresh_page_cache() -> Any:
    """Public pages are cached per address: each test starts with none."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()
