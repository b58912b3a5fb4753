"""The language of the request being served, as one of the site's languages."""

from __future__ import annotations

from django.conf import settings
from django.utils.translation import get_language


def current_language() -> str:
    """The active language as one of settings.LANGUAGES ("en", "ru"); English for any other."""
    language = (get_language() or "en").split("-")[0]
    return language if language in {code for code, _name in settings.LANGUAGES} else "en"
