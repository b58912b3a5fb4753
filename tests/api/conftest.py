"""Fixtures for the API tests."""

from __future__ import annotations

from typing import Any

import pytest


@pytest.fixture
def api_get(client: Any) -> Any:
    """GET an API path (under /api/v1) and return the response."""

    def get(path: str, **headers: Any) -> Any:
        return client.get("/api/v1" + path, **headers)

    return get
