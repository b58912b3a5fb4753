"""The Almaty Process as the engine sees it: the chair history, passes and meetings on record."""

from __future__ import annotations

import datetime as dt

from almaty.process.engine.obligations import Event, ObligationRules
from almaty.process.engine.rotation import Pass, RotationRules, Term

D = dt.date

# English rotation names, as the 2013 Operating Modalities order them.
NAMES = {
    "AFG": "Afghanistan",
    "AZE": "Azerbaijan",
    "KAZ": "Kazakhstan",
    "KGZ": "Kyrgyzstan",
    "TJK": "Tajikistan",
    "TUR": "Türkiye",
    "TKM": "Turkmenistan",
}
MEMBERS = sorted(NAMES)
PROCESS_STARTED_ON = D(2013, 6, 5)

ROTATION_2013 = RotationRules(effective_on=PROCESS_STARTED_ON, term_years=2, order_key="name_en")

CHAIR_HISTORY = [
    Term("KAZ", D(2013, 6, 5), D(2016, 9, 20), "recorded", "extended"),
    Term("KGZ", D(2016, 9, 20), D(2018, 9, 28), "recorded", "regular"),
    Term("TJK", D(2018, 9, 28), D(2021, 1, 1), "recorded", "regular"),
    Term("TUR", D(2021, 1, 1), D(2023, 1, 1), "recorded", "regular"),
    Term("AZE", D(2023, 1, 1), D(2025, 4, 24), "recorded", "regular"),
    Term("KAZ", D(2025, 4, 24), None, "recorded", "regular"),
]
CHAIR_PASSES = [Pass("TKM", D(2023, 1, 1)), Pass("AFG", D(2023, 1, 1))]

OBLIGATIONS_2013 = ObligationRules(
    effective_on=PROCESS_STARTED_ON,
    ministerial_every_years=2,
    som_every_years=1,
    national_consultation_every_years=1,
    support_unit_review_years=2,
    has_voluntary_fee=True,
)

MEETINGS = [
    Event("ministerial", D(2013, 6, 5), ref="meeting:ministerial-1", label="Ministerial, Almaty"),
    Event("som", D(2014, 11, 21), ref="meeting:som-1", label="1st SOM, Almaty"),
    Event("som", D(2015, 9, 22), ref="meeting:som-2", label="2nd SOM, Astana"),
    Event("som", D(2016, 9, 19), ref="meeting:som-3", label="3rd SOM, Astana"),
    Event("som", D(2018, 9, 27), ref="meeting:som-5", label="5th SOM, Bishkek"),
    Event(
        "ministerial", D(2025, 4, 24), ref="meeting:ministerial-3", label="3rd Ministerial, Baku"
    ),
]


def all_members(day: dt.date) -> set[str]:
    return set(NAMES)


def rules_2013(day: dt.date) -> RotationRules:
    return ROTATION_2013
