"""Addresses of news items: ASCII slugs from an English or Russian title."""

from __future__ import annotations

import re

from django.utils.text import slugify

# Russian and Kazakh/Kyrgyz letters to Latin, after the usual passport-style spelling.
_CYRILLIC = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "e", "ж": "zh", "з": "z",
    "и": "i", "й": "y", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r",
    "с": "s", "т": "t", "у": "u", "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh",
    "щ": "shch", "ъ": "", "ы": "y", "ь": "", "э": "e", "ю": "yu", "я": "ya",
    "ә": "a", "ғ": "g", "қ": "k", "ң": "ng", "ө": "o", "ұ": "u", "ү": "u", "һ": "h", "і": "i",
}  # fmt: skip
MAX_LENGTH = 80
# Paths of the news app that a slug must not take.
RESERVED = frozenset({"desk", "feed", "new"})


def transliterate(text: str) -> str:
    out = []
    for char in text:
        latin = _CYRILLIC.get(char.lower())
        if latin is None:
            out.append(char)
        else:
            out.append(latin.capitalize() if char.isupper() and latin else latin)
    return "".join(out)


def slug_from(text: str) -> str:
    """A lowercase ASCII slug, cut at a word boundary; "" when nothing usable is left."""
    slug = re.sub(r"[-_]+", "-", slugify(transliterate(text or ""))).strip("-")
    if len(slug) > MAX_LENGTH:
        slug = slug[:MAX_LENGTH].rsplit("-", 1)[0] or slug[:MAX_LENGTH]
    return slug.strip("-")
