"""Users of the statistics exchange, one per role that matters to it."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest


@pytest.fixture
def statistician(user_with_role: Callable[..., Any]) -> Any:
    return user_with_role("statistician", "KGZ")


@pytest.fixture
def coordinator(user_with_role: Callable[..., Any]) -> Any:
    return user_with_role("national_coordinator", "KGZ")


@pytest.fixture
def support(user_with_role: Callable[..., Any]) -> Any:
    return user_with_role("support_unit")
