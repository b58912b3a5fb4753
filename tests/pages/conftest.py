from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest


@pytest.fixture(autouse=True)
def media(settings: Any, tmp_path: Path) -> Path:
    """Each test stores its photos in its own media folder."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def clerk(user_with_role: Callable[..., Any]) -> Any:
    """A Support Unit staff member."""
    return user_with_role("support_unit")


@pytest.fixture
def coordinator(user_with_role: Callable[..., Any]) -> Any:
    """Someone signed in with a role that does not edit the portal."""
    return user_with_role("national_coordinator", "KGZ")


def stored_files(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*") if p.is_file()) if root.exists() else []


@pytest.fixture(autouse=True)
def _fresh_page_cache() -> None:
    """Public pages are cached per address; a page cached by an earlier test must not answer."""
    from django.core.cache import cache

    cache.clear()
