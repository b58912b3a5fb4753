"""What the reference file records of the Process's history: the 2013 Operating Modalities,
the chair terms and passes, the meetings, and the names the rotation is ordered by."""

from __future__ import annotations

import datetime as dt

import pytest

from almaty.meetings.models import Meeting
from almaty.process.models import ChairPass, ChairTerm, ModalitiesVersion, State

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("reference_for_module")]

D = dt.date


def test_the_2013_operating_modalities_are_the_only_version():
    assert list(ModalitiesVersion.objects.values_list("number", "effective_on", "reference")) == [
        (1, D(2013, 6, 5), "Almaty Process/02/01/2013")
    ]


def test_the_2013_operating_modalities_carry_their_rules():
    version = ModalitiesVersion.objects.get()

    assert {
        "term_years": version.term_years,
        "order_key": version.order_key,
        "listed_order": version.listed_order,
        "eligible_statuses": version.eligible_statuses,
        "ministerial_every_years": version.ministerial_every_years,
        "som_every_years": version.som_every_years,
        "national_consultation_every_years": version.national_consultation_every_years,
        "support_unit_review_years": version.support_unit_review_years,
        "has_voluntary_fee": version.has_voluntary_fee,
        "deputy_chairs": version.deputy_chairs,
        "technical_group_size": version.technical_group_size,
        "amended_by": version.amended_by,
    } == {
        "term_years": 2,
        "order_key": "name_en",
        "listed_order": [],
        "eligible_statuses": ["member"],
        "ministerial_every_years": 2,
        "som_every_years": 1,
        "national_consultation_every_years": 1,
        "support_unit_review_years": 2,
        "has_voluntary_fee": True,
        "deputy_chairs": 0,
        "technical_group_size": 0,
        "amended_by": "ministerial",
    }


@pytest.mark.parametrize(
    ("field", "start"),
    [
        ("title_en", "Operating Modalities of the Almaty Process (2013)"),
        ("title_ru", "Порядок работы Алматинского процесса (2013)"),
        ("text_en", "Membership. The participating States take part as equals."),
        ("text_ru", "Участие. Государства-участники участвуют на равных."),
        ("adopted_by_ref_en", "Ministerial Conference, Almaty, 5 June 2013"),
        ("adopted_by_ref_ru", "Министерская конференция, Алматы, 5 июня 2013 года"),
    ],
)
def test_the_2013_operating_modalities_have_their_texts_in_both_languages(field, start):
    assert getattr(ModalitiesVersion.objects.get(), field).startswith(start)


def test_the_chair_terms_are_recorded_from_kazakhstan_to_kazakhstan_again():
    terms = ChairTerm.objects.order_by("starts_on").values_list(
        "state__iso3", "starts_on", "ends_on", "kind"
    )

    assert list(terms) == [
        ("KAZ", D(2013, 6, 5), D(2016, 9, 20), "extended"),
        ("KGZ", D(2016, 9, 20), D(2018, 9, 28), "regular"),
        ("TJK", D(2018, 9, 28), D(2021, 1, 1), "regular"),
        ("TUR", D(2021, 1, 1), D(2023, 1, 1), "regular"),
        ("AZE", D(2023, 1, 1), D(2025, 4, 24), "regular"),
        ("KAZ", D(2025, 4, 24), None, "regular"),
    ]


def test_the_terms_with_approximate_dates_are_marked():
    approximate = ChairTerm.objects.filter(dates_approximate=True).values_list(
        "state__iso3", flat=True
    )

    assert sorted(approximate) == ["AZE", "TJK", "TUR"]


def test_a_chair_term_keeps_its_representative_in_both_languages():
    kgz = ChairTerm.objects.get(state__iso3="KGZ")

    assert (kgz.representative_en, kgz.representative_ru) == (
        "State Migration Service of the Kyrgyz Republic",
        "Государственная миграционная служба Кыргызской Республики",
    )


def test_turkmenistan_and_afghanistan_passed_the_turn_that_began_in_2023():
    passes = ChairPass.objects.values_list("state__iso3", "turn_starts_on")

    assert sorted(passes) == [("AFG", D(2023, 1, 1)), ("TKM", D(2023, 1, 1))]


def test_twelve_meetings_are_recorded_in_date_order():
    meetings = Meeting.objects.order_by("starts_on").values_list("reference_key", "kind")

    assert list(meetings) == [
        ("ministerial-2011", "conference"),
        ("coordinators-2012", "coordinators"),
        ("ministerial-2013", "ministerial"),
        ("som-1", "som"),
        ("training-2015-03", "training"),
        ("forum-2015-06", "forum"),
        ("training-2015-09", "training"),
        ("som-2", "som"),
        ("som-3", "som"),
        ("simulation-2018", "simulation"),
        ("som-5", "som"),
        ("ministerial-2025", "ministerial"),
    ]


@pytest.mark.parametrize(
    ("key", "expected"),
    [
        pytest.param(
            "som-3",
            (3, D(2016, 9, 19), D(2016, 9, 20), "KAZ", "Astana", "Астана"),
            id="two-days",
        ),
        pytest.param(
            "coordinators-2012",
            (None, D(2012, 9, 7), D(2012, 9, 7), "KAZ", "Almaty", "Алматы"),
            id="one-day-without-number",
        ),
        pytest.param(
            "ministerial-2025",
            (3, D(2025, 4, 24), D(2025, 4, 24), "AZE", "Baku", "Баку"),
            id="hosted-abroad",
        ),
        pytest.param(
            "simulation-2018",
            (None, D(2018, 4, 10), D(2018, 4, 12), "TJK", "", ""),
            id="without-city",
        ),
    ],
)
def test_a_meeting_has_its_number_dates_host_and_city(key, expected):
    meeting = Meeting.objects.select_related("host_state").get(reference_key=key)

    assert (
        meeting.number,
        meeting.starts_on,
        meeting.ends_on,
        meeting.host_state.iso3,
        meeting.city_en,
        meeting.city_ru,
    ) == expected


def test_a_meeting_has_its_title_in_both_languages():
    meeting = Meeting.objects.get(reference_key="som-5")

    assert (meeting.title_en, meeting.title_ru, meeting.venue_en) == (
        "5th Senior Officials' Meeting",
        "5-е совещание старших должностных лиц",
        "Orion Hotel",
    )


@pytest.mark.parametrize(
    ("iso3", "rotation_name"),
    [
        ("TUR", "Türkiye"),
        ("KGZ", "Kyrgyzstan"),
        ("AFG", "Afghanistan"),
        ("TKM", "Turkmenistan"),
        ("IRN", "Iran"),
        ("USA", "United States"),
    ],
)
def test_a_state_is_ordered_in_the_rotation_by_its_english_short_name(iso3, rotation_name):
    assert State.objects.get(iso3=iso3).rotation_name == rotation_name
