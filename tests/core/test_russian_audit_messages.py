"""Audit history and chain problems are shown in Russian to a Russian reader.

These texts come from the Russian message catalogue (gettext)."""

from __future__ import annotations

import re

import pytest
from django.utils import translation

from almaty.core.audit_messages import MESSAGES, PROBLEMS, render

CYRILLIC = re.compile("[\u0430-\u044f\u0451]", re.IGNORECASE)  # Cyrillic letters
PARAMS = {
    "email": "a@example.org",
    "role": "national_coordinator",
    "state_suffix": " (KGZ)",
    "valid_from": "2024-05-01",
    "valid_to": "2025-05-01",
    "prefix": "alm_Xy12Zz90",
    "version": 7,
    "created": 54,
    "updated": 3,
    "created_at": "2024-05-01T10:00:00+00:00",
    "state": "KGZ",
    "name": "Aida Osmonova",
    "kind": "regular",
    "starts_on": "2027-04-24",
    "ends_on": "2029-04-24",
    "turn_starts_on": "2027-04-24",
    "designated_on": "2026-01-10",
    "ended_on": "2027-01-09",
    "number": 2,
    "effective_on": "2027-05-01",
    "changes": "deputy_chairs",
    "status": "observer",
    "title": "Admission of Uzbekistan",
    "action": "silence broken",
    "stance": "objects",
    "deadline": "2026-05-15T07:00:00+00:00",
    "language": "ru",
    "time_zone": "Europe/Istanbul",
    "fields": "title, theme",
    "source": "5th Senior Officials' Meeting",
    "meeting": "6th Senior Officials' Meeting",
    "item": "Coffee break",
    "day": "2019-09-26",
    "id": 17,
    "party": "KGZ",
    "document": "Concluding remarks",
    "due_on": "2019-09-12",
    "outlet": "Kabar",
    "term": "mixed migration",
    # news (helper 1 inserts below this line)
    "publish_at": "2026-05-01T10:00+05:00",
    # pages and photos (helper 2 inserts below this line)
    # statistics (helper 6)
    "file": "kgz-2024.csv",
    "rows": 1200,
    "areas": "KGZ",
    "replaced": 12,
    "sharing": "members",
    "page": "about",
    "languages": "en, ru",
    "forecasts": 12,
    "warnings": 2,
    # border movements
    "accepted": 1180,
    "skipped": 12,
    "rejected": 8,
    "as_of": "2024-12-31",
    "scope": "EAEU/*/WORK",
    "new_id": 18,
}


@pytest.mark.parametrize("key", sorted(MESSAGES))
def test_each_audit_message_reads_in_russian(key):
    english = render(key, PARAMS)
    with translation.override("ru"):
        russian = render(key, PARAMS)

    assert russian != english
    assert CYRILLIC.search(russian)
    assert "%(" not in russian


@pytest.mark.parametrize("reason", sorted(PROBLEMS))
def test_each_chain_problem_reads_in_russian_and_names_the_entry(reason):
    with translation.override("ru"):
        text = str(PROBLEMS[reason]) % {"sequence": 12}

    assert CYRILLIC.search(text)
    assert "12" in text
