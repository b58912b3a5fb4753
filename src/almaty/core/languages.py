"""The language of the request being served, as one of the site's languages."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.utils import translation
from django.utils.translation import get_language


def current_language() -> str:
    """The active language as one of settings.LANGUAGES ("en", "ru"); English for any other."""
    language = (get_language() or "en").split("-")[0]
    return language if language in {code for code, _name in settings.LANGUAGES} else "en"


def in_each_language(text: Any | Callable[[], Any]) -> dict[str, str]:
    """A translatable text (or a function making one) rendered in each of the site's
    languages, for work done outside a request that a reader sees later in theirs."""
    texts = {}
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            texts[code] = str(text() if callable(text) else text)
    return texts
