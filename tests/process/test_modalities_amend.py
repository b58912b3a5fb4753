"""Amending the Operating Modalities: only at the body the version in force names; a new version."""

from __future__ import annotations

import datetime as dt

import pytest

from almaty.core.errors import InvalidInput
from almaty.core.models import AuditEntry
from almaty.meetings.models import Meeting
from almaty.process import computations, selectors
from almaty.process.models import ModalitiesVersion
from almaty.process.services import modalities_amend
from tests.factories.meetings import MeetingFactory

TITLE = {"en": "Operating Modalities (2027)", "ru": "Порядок работы (2027)"}
TEXT = {
    "en": "Two deputy chairs; a technical group.",
    "ru": "Два заместителя Председателя; техническая группа.",
}


@pytest.fixture
def ministerial(reference) -> Meeting:
    return MeetingFactory(
        kind="ministerial", starts_on=dt.date(2027, 4, 20), ends_on=dt.date(2027, 4, 20)
    )


def _amend(meeting: Meeting, **overrides):
    arguments = {
        "adopted_at": meeting,
        "effective_on": dt.date(2027, 5, 1),
        "title": TITLE,
        "text": TEXT,
        "changes": {"deputy_chairs": 2, "technical_group_size": 2},
        "actor": None,
    }
    return modalities_amend(**{**arguments, **overrides})


def test_an_amendment_at_a_ministerial_makes_a_new_version(ministerial):
    version = _amend(ministerial)

    assert (version.number, version.effective_on, version.deputy_chairs, version.term_years) == (
        2,
        dt.date(2027, 5, 1),
        2,
        2,
    )
    assert selectors.modalities_in_force(on=dt.date(2027, 4, 30)).number == 1
    assert selectors.modalities_in_force(on=dt.date(2027, 5, 1)).number == 2
    assert AuditEntry.objects.order_by("-sequence").first().message_key == "modalities.amended"


def test_the_earlier_version_is_left_as_it_was(ministerial):
    before = ModalitiesVersion.objects.get(number=1).__dict__.copy()
    _amend(ministerial)
    after = ModalitiesVersion.objects.get(number=1).__dict__
    assert {k: v for k, v in after.items() if k != "_state"} == {
        k: v for k, v in before.items() if k != "_state"
    }


def test_a_longer_term_changes_the_projection_from_its_date(ministerial):
    _amend(ministerial, changes={"term_years": 3}, effective_on=dt.date(2027, 4, 24))

    projected = [
        t
        for t in computations.rotation(start=dt.date(2027, 1, 1), end=dt.date(2034, 1, 1))
        if t.basis == "projected"
    ]
    assert [(t.state, t.start, t.end) for t in projected[:2]] == [
        ("KGZ", dt.date(2027, 4, 24), dt.date(2030, 4, 24)),
        ("TJK", dt.date(2030, 4, 24), dt.date(2033, 4, 24)),
    ]


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"changes": {"term_years": 0}}, "'term_years' must be a whole number of at least 1."),
        (
            {"changes": {"chair_colour": "blue"}},
            "'chair_colour' is not a rule of the Operating Modalities.",
        ),
        ({"changes": {"order_key": "random"}}, "Unknown rotation order 'random'."),
        (
            {"effective_on": dt.date(2027, 4, 1)},
            "An amendment takes effect on or after the meeting that adopts it",
        ),
        (
            {"title": {"en": "Only English", "ru": ""}},
            "An amendment needs its title and text in English and in Russian.",
        ),
    ],
)
def test_a_bad_amendment_is_refused_and_nothing_changes(ministerial, overrides, message):
    entries = AuditEntry.objects.count()

    with pytest.raises(InvalidInput) as refused:
        _amend(ministerial, **overrides)

    assert refused.value.text.startswith(message)
    assert (ModalitiesVersion.objects.count(), AuditEntry.objects.count()) == (1, entries)


def test_a_senior_officials_meeting_cannot_amend(reference):
    som = MeetingFactory(
        kind="som", starts_on=dt.date(2027, 9, 1), ends_on=dt.date(2027, 9, 1), title_en="7th SOM"
    )

    with pytest.raises(InvalidInput) as refused:
        _amend(som, effective_on=dt.date(2027, 10, 1))

    assert (
        refused.value.text
        == "The Operating Modalities can be amended only by a Ministerial meeting; 7th SOM is not one."
    )
    assert ModalitiesVersion.objects.count() == 1


def test_the_api_records_an_amendment_for_the_support_unit(client, ministerial, user_with_role):
    client.force_login(user_with_role("support_unit"))
    payload = {
        "meeting_id": ministerial.pk,
        "effective_on": "2027-05-01",
        "title_en": TITLE["en"],
        "title_ru": TITLE["ru"],
        "text_en": TEXT["en"],
        "text_ru": TEXT["ru"],
        "changes": {"deputy_chairs": 2},
    }

    response = client.post("/api/v1/modalities", payload, content_type="application/json")

    assert response.status_code == 201
    assert response.json()["number"] == 2


@pytest.mark.parametrize(
    ("role", "state", "status"), [("national_coordinator", "KAZ", 403), (None, None, 401)]
)
def test_the_api_refuses_amendments_from_others(
    client, ministerial, user_with_role, role, state, status
):
    if role:
        client.force_login(user_with_role(role, state))
    payload = {
        "meeting_id": ministerial.pk,
        "effective_on": "2027-05-01",
        "title_en": "t",
        "title_ru": "т",
        "text_en": "x",
        "text_ru": "х",
        "changes": {},
    }

    response = client.post("/api/v1/modalities", payload, content_type="application/json")

    assert response.status_code == status
    assert ModalitiesVersion.objects.count() == 1


def test_the_api_says_when_the_meeting_is_unknown(client, reference, user_with_role):
    client.force_login(user_with_role("support_unit"))
    payload = {
        "meeting_id": 999999,
        "effective_on": "2027-05-01",
        "title_en": "t",
        "title_ru": "т",
        "text_en": "x",
        "text_ru": "х",
        "changes": {},
    }

    response = client.post("/api/v1/modalities", payload, content_type="application/json")

    assert (response.status_code, response.json()) == (404, {"detail": "No meeting 999999."})
