"""Small helpers shared by the API tests."""

from __future__ import annotations


def bearer(raw: str) -> dict[str, str]:
    """Test client keyword arguments that send `Authorization: Bearer <raw>`."""
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}
