"""The Operating Modalities at work on the recorded history: the chair rotation, recorded and
projected, and the obligations calendar, read from the database and computed by the engine."""

from __future__ import annotations

import datetime as dt

import pytest

from almaty.core.errors import InvalidInput
from almaty.meetings.models import Meeting
from almaty.process import computations, services
from almaty.process.models import ModalitiesVersion, State
from tests.factories.meetings import MeetingFactory
from tests.factories.process import ModalitiesVersionFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("reference_for_module")]

D = dt.date
RECORDED = [
    ("KAZ", D(2013, 6, 5), D(2016, 9, 20), "recorded", "extended"),
    ("KGZ", D(2016, 9, 20), D(2018, 9, 28), "recorded", "regular"),
    ("TJK", D(2018, 9, 28), D(2021, 1, 1), "recorded", "regular"),
    ("TUR", D(2021, 1, 1), D(2023, 1, 1), "recorded", "regular"),
    ("AZE", D(2023, 1, 1), D(2025, 4, 24), "recorded", "regular"),
    ("KAZ", D(2025, 4, 24), None, "recorded", "regular"),
]
ON = D(2017, 12, 31)
WINDOW_START, WINDOW_END = (
    D(2013, 1, 1),
    D(2036, 1, 1),
)  # `almaty process rotation --from 2013 --to 2035`
FUTURE_START = D(2026, 1, 1)


def rotation(start: dt.date = WINDOW_START, end: dt.date = WINDOW_END) -> list[tuple]:
    return [
        (t.state, t.start, t.end, t.basis, t.kind)
        for t in computations.rotation(start=start, end=end)
    ]


def projected(start: dt.date = FUTURE_START, end: dt.date = WINDOW_END) -> list[tuple]:
    return [
        (state, s, e) for state, s, e, basis, _kind in rotation(start, end) if basis == "projected"
    ]


def obligation(code: str, state: str | None = None, on: dt.date = ON):
    (found,) = [o for o in computations.obligations(on=on) if (o.code, o.state) == (code, state)]
    return found


def state(iso3: str) -> State:
    return State.objects.get(iso3=iso3)


# Rotation


def test_the_rotation_from_2013_to_2035_is_the_recorded_history_then_the_projection():
    assert rotation() == [
        *RECORDED,
        ("KGZ", D(2027, 4, 24), D(2029, 4, 24), "projected", "regular"),
        ("TJK", D(2029, 4, 24), D(2031, 4, 24), "projected", "regular"),
        ("TUR", D(2031, 4, 24), D(2033, 4, 24), "projected", "regular"),
        ("TKM", D(2033, 4, 24), D(2035, 4, 24), "projected", "regular"),
        ("AFG", D(2035, 4, 24), D(2037, 4, 24), "projected", "regular"),
    ]


@pytest.mark.parametrize(
    ("start", "end", "states"),
    [
        pytest.param(D(2019, 1, 1), D(2023, 1, 1), ["TJK", "TUR"], id="end-is-a-hand-over-day"),
        pytest.param(D(2019, 1, 1), D(2023, 1, 2), ["TJK", "TUR", "AZE"], id="day-after"),
        pytest.param(D(2016, 9, 20), D(2016, 9, 21), ["KGZ"], id="one-hand-over-day"),
    ],
)
def test_the_rotation_lists_the_terms_that_overlap_the_window(start, end, states):
    assert [term[0] for term in rotation(start, end)] == states


def test_a_pass_recorded_for_a_turn_gives_it_to_the_next_member():
    services.chair_pass_record(state_iso3="KGZ", turn_starts_on=D(2027, 4, 24), actor=None)

    assert projected()[:2] == [
        ("TJK", D(2027, 4, 24), D(2029, 4, 24)),
        ("TUR", D(2029, 4, 24), D(2031, 4, 24)),
    ]


def test_a_pass_for_another_turn_does_not_change_the_projection():
    services.chair_pass_record(state_iso3="KGZ", turn_starts_on=D(2029, 4, 24), actor=None)

    assert projected()[0] == ("KGZ", D(2027, 4, 24), D(2029, 4, 24))


def test_a_longer_term_in_a_later_version_of_the_modalities_lengthens_the_projected_terms():
    ModalitiesVersionFactory(number=2, effective_on=D(2027, 1, 1), term_years=3)

    assert projected() == [
        ("KGZ", D(2027, 4, 24), D(2030, 4, 24)),
        ("TJK", D(2030, 4, 24), D(2033, 4, 24)),
        ("TUR", D(2033, 4, 24), D(2036, 4, 24)),
    ]


def test_a_recorded_hand_over_is_where_the_projection_continues_from():
    services.chair_term_add(state_iso3="TJK", starts_on=D(2026, 6, 1), actor=None)

    assert projected()[:2] == [
        ("TUR", D(2028, 6, 1), D(2030, 6, 1)),
        ("TKM", D(2030, 6, 1), D(2032, 6, 1)),
    ]


def test_the_recorded_hand_overs_followed_the_order_with_the_2023_passes():
    hand_overs = computations.hand_overs()

    assert [(h.after, h.to, h.on, h.skipped_with_pass, h.follows_order) for h in hand_overs] == [
        ("KAZ", "KGZ", D(2016, 9, 20), (), True),
        ("KGZ", "TJK", D(2018, 9, 28), (), True),
        ("TJK", "TUR", D(2021, 1, 1), (), True),
        ("TUR", "AZE", D(2023, 1, 1), ("TKM", "AFG"), True),
        ("AZE", "KAZ", D(2025, 4, 24), (), True),
    ]


def test_without_modalities_the_rotation_says_how_to_load_them():
    ModalitiesVersion.objects.all().delete()

    with pytest.raises(InvalidInput) as refused:
        computations.rotation(start=D(2013, 1, 1), end=D(2036, 1, 1))

    assert refused.value.text == "No Operating Modalities are loaded. Run: almaty load-reference"


# Obligations


def test_on_31_december_2017_the_ministerial_conference_is_overdue():
    ministerial = obligation("ministerial")

    assert (ministerial.status, ministerial.due_on, ministerial.last_on) == (
        "overdue",
        D(2015, 6, 5),
        D(2013, 6, 5),
    )


def test_on_31_december_2017_the_senior_officials_meeting_of_the_year_is_due():
    som = obligation("som")

    assert (som.status, som.due_on, som.last_on) == ("due", D(2017, 12, 31), D(2016, 9, 19))


def test_on_31_december_2017_every_member_lacks_a_national_coordinator():
    coordinators = [o for o in computations.obligations(on=ON) if o.code == "coordinator"]

    assert [(o.state, o.status) for o in coordinators] == [
        (iso3, "overdue") for iso3 in ["AFG", "AZE", "KAZ", "KGZ", "TJK", "TKM", "TUR"]
    ]


def test_obligations_concern_only_the_members_of_the_day():
    states = {o.state for o in computations.obligations(on=ON)} - {None}

    assert states == {"AFG", "AZE", "KAZ", "KGZ", "TJK", "TKM", "TUR"}


def test_a_designated_coordinator_meets_the_obligation_with_the_designation_as_evidence():
    made = services.coordinator_designate(
        state_iso3="KAZ", full_name="Асель Нурланова", designated_on=D(2016, 1, 1), actor=None
    )

    kaz = obligation("coordinator", "KAZ")
    assert (kaz.status, [e.ref for e in kaz.evidence]) == ("met", [f"coordinator:{made.pk}"])


def test_a_coordinator_of_one_state_leaves_the_others_overdue():
    services.coordinator_designate(
        state_iso3="KAZ", full_name="Асель Нурланова", designated_on=D(2016, 1, 1), actor=None
    )

    assert obligation("coordinator", "KGZ").status == "overdue"


def test_a_coordinator_designated_after_the_day_does_not_count():
    services.coordinator_designate(
        state_iso3="KAZ", full_name="Асель Нурланова", designated_on=D(2018, 1, 1), actor=None
    )

    assert obligation("coordinator", "KAZ").status == "overdue"


def _consultation(iso3: str, on: dt.date) -> Meeting:
    return MeetingFactory(
        kind="national_consultation",
        host_state=state(iso3),
        starts_on=on,
        title_en="National consultation",
        city_en="Bishkek",
    )


def test_a_national_consultation_in_the_year_meets_the_obligation_of_its_host():
    meeting = _consultation("KGZ", D(2017, 5, 16))

    kgz = obligation("national_consultation", "KGZ")
    assert (kgz.status, [(e.ref, e.label) for e in kgz.evidence]) == (
        "met",
        [(f"meeting:{meeting.pk}", "National consultation, Bishkek")],
    )


def test_a_national_consultation_meets_only_its_hosts_obligation():
    _consultation("KGZ", D(2017, 5, 16))

    assert obligation("national_consultation", "TJK").status == "overdue"


def test_a_national_consultation_of_the_year_before_does_not_meet_this_years():
    _consultation("KGZ", D(2016, 5, 16))

    assert obligation("national_consultation", "KGZ").status == "due"


def test_the_2025_ministerial_conference_is_the_evidence_on_a_later_day():
    ministerial = obligation("ministerial", on=D(2025, 6, 1))

    assert (ministerial.status, [e.label for e in ministerial.evidence]) == (
        "met",
        ["3rd Ministerial Conference of the Almaty Process, Baku"],
    )


@pytest.mark.parametrize(
    ("on", "fees"), [(D(2016, 12, 31), 7), (D(2017, 12, 31), 0)], ids=["before", "after"]
)
def test_the_obligations_follow_the_version_of_the_modalities_in_force(on, fees):
    ModalitiesVersionFactory(number=2, effective_on=D(2017, 1, 1), has_voluntary_fee=False)

    assert sum(o.code == "fee" for o in computations.obligations(on=on)) == fees
