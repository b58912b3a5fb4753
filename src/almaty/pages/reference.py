"""The first texts of the editable pages, created with the reference data.

`pages_seed()` creates each page that does not exist yet from `content/initial-pages.yaml`,
published at once. A page that exists is left as it is, whatever it holds: from its creation on,
the Support Unit owns the text. The reference load that calls it writes the audit entry.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import yaml
from django.utils import timezone

from almaty.pages.choices import PageKey, PageStatus
from almaty.pages.models import LANGUAGES, Page

INITIAL_FILE = Path(__file__).parent / "content" / "initial-pages.yaml"


def initial_texts(path: Path = INITIAL_FILE) -> dict[str, dict[str, str]]:
    """The shipped texts by page key: title_en, title_ru, body_en, body_ru."""
    data: dict[str, Any] = yaml.safe_load(path.read_text(encoding="utf-8"))
    texts = {}
    for key in PageKey.values:
        record = data[key]
        texts[key] = {
            f"{field}_{code}": str(record[field][code]).strip()
            for field in ("title", "body")
            for code in LANGUAGES
        }
    return texts


def pages_seed(*, now: dt.datetime | None = None) -> int:
    """Create the missing pages with their shipped texts; returns how many were created."""
    existing = set(Page.objects.values_list("key", flat=True))
    missing = [key for key in PageKey.values if key not in existing]
    if not missing:
        return 0
    texts = initial_texts()
    when = now or timezone.now()
    Page.objects.bulk_create(
        Page(key=key, status=PageStatus.PUBLISHED, publish_at=when, **texts[key]) for key in missing
    )
    return len(missing)
