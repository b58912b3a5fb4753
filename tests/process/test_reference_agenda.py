"""What the reference file records of topics, people and the agenda of the 5th Senior Officials'
Meeting (Bishkek, 27–28 September 2018)."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from almaty.archive.models import Topic
from almaty.meetings.models import AgendaItem, Meeting, Person

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("reference_for_module")]

D = dt.date
T = dt.time
DAY_ONE = D(2018, 9, 27)
DAY_TWO = D(2018, 9, 28)
CYRILLIC = re.compile(r"[А-Яа-яЁё]")


def som5() -> Meeting:
    return Meeting.objects.get(reference_key="som-5")


def slot(day: dt.date, starts_at: dt.time) -> AgendaItem:
    return AgendaItem.objects.get(meeting=som5(), parent=None, day=day, starts_at=starts_at)


def speaker_names(item: AgendaItem, role: str) -> list[str]:
    return [s.person.name_en for s in item.speakers.filter(role=role).order_by("position", "pk")]


# Topics


def test_the_eleven_preliminary_topics_are_loaded_in_their_order():
    assert list(Topic.objects.order_by("position").values_list("code", flat=True)) == [
        "emergency-preparedness",
        "refugee-protection",
        "border-management",
        "migrant-smuggling",
        "labour-migration",
        "migration-and-development",
        "data-and-information-sharing",
        "differentiated-procedures",
        "gender-and-migration",
        "migration-and-health",
        "migration-environment-climate",
    ]


@pytest.mark.parametrize(
    ("code", "names"),
    [
        ("refugee-protection", ("Refugee protection", "Защита беженцев")),
        ("migrant-smuggling", ("Migrant smuggling", "Незаконный ввоз мигрантов")),
        (
            "migration-environment-climate",
            (
                "Migration, environment and climate change",
                "Миграция, окружающая среда и изменение климата",
            ),
        ),
    ],
)
def test_a_topic_has_its_name_in_both_languages(code, names):
    topic = Topic.objects.get(code=code)

    assert (topic.name_en, topic.name_ru) == names


# The 5th SOM as a meeting


def test_the_5th_som_keeps_its_times_in_bishkek_time():
    assert som5().time_zone == "Asia/Bishkek"


def test_the_5th_som_was_chaired_by_the_kyrgyz_republic():
    assert som5().chair_state.iso3 == "KGZ"


def test_iom_and_unhcr_organised_the_5th_som_and_no_funder_is_recorded():
    meeting = som5()

    assert (
        sorted(meeting.organisers.values_list("code", flat=True)),
        list(meeting.funders.all()),
    ) == (["IOM", "UNHCR"], [])


def test_the_agenda_of_the_5th_som_is_published_from_the_day_before_it():
    assert som5().agenda_published_at == dt.datetime(2018, 9, 26, tzinfo=dt.UTC)


def test_a_meeting_without_agenda_in_the_file_keeps_the_defaults():
    meeting = Meeting.objects.get(reference_key="som-3")

    assert (
        meeting.time_zone,
        meeting.chair_state,
        meeting.agenda_published_at,
        meeting.agenda_items.count(),
        meeting.organisers.count(),
    ) == ("Asia/Almaty", None, None, 0, 0)


# The agenda, slot by slot


def test_the_5th_som_agenda_has_every_slot_of_both_days():
    slots = [
        (item.day, item.starts_at, item.ends_at, item.kind)
        for item in som5().agenda_items.filter(parent=None).order_by("day", "starts_at")
    ]

    assert slots == [
        (DAY_ONE, T(12, 30), T(13), "registration"),
        (DAY_ONE, T(13), T(14), "meal"),
        (DAY_ONE, T(14), T(14, 30), "opening"),
        (DAY_ONE, T(14, 30), T(15), "photo"),
        (DAY_ONE, T(15), T(16), "session"),
        (DAY_ONE, T(16), T(16, 30), "break"),
        (DAY_ONE, T(16, 30), T(17, 30), "session"),
        (DAY_ONE, T(17, 30), T(18), "discussion"),
        (DAY_TWO, T(8, 30), T(9), "registration"),
        (DAY_TWO, T(9), T(9, 30), "opening"),
        (DAY_TWO, T(9, 30), T(11), "session"),
        (DAY_TWO, T(11), T(11, 30), "break"),
        (DAY_TWO, T(11, 30), T(13), "session"),
        (DAY_TWO, T(13), T(14), "meal"),
        (DAY_TWO, T(14), T(16), "session"),
        (DAY_TWO, T(16), T(16, 30), "break"),
        (DAY_TWO, T(16, 30), T(17, 30), "session"),
        (DAY_TWO, T(17, 30), T(18), "ceremony"),
        (DAY_TWO, T(18), None, "reception"),
    ]


def test_the_last_slot_of_day_two_is_the_ceremony_handing_the_chair_to_tajikistan():
    item = slot(DAY_TWO, T(17, 30))

    assert (item.kind, item.ends_at) == ("ceremony", T(18))
    assert "Tajikistan" in item.title_en
    assert "Таджикистан" in item.title_ru
    assert "Tajikistan" in item.description_en
    assert "Таджикистан" in item.description_ru


def test_the_chair_of_the_process_closes_the_meeting():
    assert speaker_names(slot(DAY_TWO, T(17, 30)), "speaker") == ["Bolotbek Ibraimzhanov"]


def test_the_iom_session_has_two_talks_each_with_its_presenter():
    session = slot(DAY_ONE, T(15))

    talks = [
        (talk.kind, speaker_names(talk, "presenter"))
        for talk in session.children.order_by("position")
    ]

    assert talks == [("talk", ["Kristina Galstyan"]), ("talk", ["David Martineau"])]


def test_the_iom_session_is_moderated_by_the_head_of_the_iom_almaty_office():
    moderator = slot(DAY_ONE, T(15)).speakers.get(role="moderator").person

    assert (moderator.name_en, moderator.organisation.code) == ("Victoria Kasabyan", "IOM")


def test_the_dialogue_is_moderated_by_the_deputy_chair_of_the_kyrgyz_state_migration_service():
    moderator = slot(DAY_TWO, T(9, 30)).speakers.get(role="moderator").person

    assert (moderator.name_en, moderator.name_ru, moderator.position_en, moderator.state.iso3) == (
        "Samat Toktobolotov",
        "Самат Токтоболотов",
        "Deputy Chair of the State Migration Service under the Government of the Kyrgyz Republic",
        "KGZ",
    )


def test_the_dialogue_takes_up_the_five_proposals_a_to_e():
    points = slot(DAY_TWO, T(9, 30)).children.order_by("position")

    assert [(p.kind, p.title_en[:3], p.title_ru[:2]) for p in points] == [
        ("discussion", "(a)", "а)"),
        ("discussion", "(b)", "б)"),
        ("discussion", "(c)", "в)"),
        ("discussion", "(d)", "г)"),
        ("discussion", "(e)", "д)"),
    ]


def test_the_dialogue_hears_five_states_then_three_more_after_the_break():
    def states(item: AgendaItem) -> list[str]:
        people = [s.person for s in item.speakers.filter(role="presenter").order_by("position")]
        return [p.state.iso3 if p.state else p.organisation.code for p in people]

    assert (states(slot(DAY_TWO, T(9, 30))), states(slot(DAY_TWO, T(11, 30)))) == (
        ["KGZ", "AFG", "AZE", "KAZ", "TJK"],
        ["TKM", "PAK", "ADD"],
    )


def test_the_vulnerabilities_session_has_two_research_talks_with_their_own_moderators():
    session = slot(DAY_TWO, T(14))

    talks = [
        (talk.kind, speaker_names(talk, "moderator"), len(speaker_names(talk, "presenter")))
        for talk in session.children.order_by("position")
    ]

    assert talks == [("talk", ["Yevgeniy Khon"], 5), ("talk", ["Damira Umetbaeva"], 2)]


def test_the_refugee_rights_session_has_the_qai_and_the_unhcr_work_plan_talks():
    session = slot(DAY_TWO, T(16, 30))

    talks = [
        (talk.title_en.split(":")[0], speaker_names(talk, "presenter"))
        for talk in session.children.order_by("position")
    ]

    assert talks == [
        ("Quality Assurance Initiative", ["Marin Roman"]),
        ("UNHCR's work plan for enhancing refugee protection, 2017–2019", ["Urara Furukawa"]),
    ]


@pytest.mark.parametrize(
    ("day", "starts_at", "person", "note"),
    [
        (DAY_ONE, T(16, 30), "Rustam Nazarzoda", ("to be confirmed", "уточняется")),
        (DAY_TWO, T(11, 30), "Aliyar Lebbe Abdul Azeez", ("by video", "по видеосвязи")),
    ],
)
def test_a_speaker_carries_the_agendas_note_in_both_languages(day, starts_at, person, note):
    speaker = slot(day, starts_at).speakers.get(person__name_en=person)

    assert (speaker.note_en, speaker.note_ru) == note


def test_welcome_addresses_open_the_first_day_in_the_agendas_order():
    assert speaker_names(slot(DAY_ONE, T(14)), "speaker") == [
        "Bolotbek Ibraimzhanov",
        "Victoria Kasabyan",
        "Yasuko Oda",
        "Brian Stimmler",
    ]


def test_every_agenda_item_has_a_title_in_both_languages():
    titles = som5().agenda_items.values_list("title_en", "title_ru")

    assert [t for t in titles if not (t[0] and CYRILLIC.search(t[1]))] == []


# People


def test_every_person_has_a_name_and_position_in_both_languages():
    people = Person.objects.filter(reference_key__isnull=False).values_list(
        "name_en", "name_ru", "position_en", "position_ru"
    )

    assert len(people) == 28
    assert [
        p for p in people if not (p[0] and p[2] and CYRILLIC.search(p[1]) and CYRILLIC.search(p[3]))
    ] == []


@pytest.mark.parametrize(
    ("key", "organisation", "state"),
    [
        ("victoria-kasabyan", "IOM", None),
        ("vito-trani", "UNHCR", None),
        ("jonathan-hayes", "PRM", None),
        ("brian-stimmler", None, "USA"),
        ("rustam-nazarzoda", None, "TJK"),
        ("gulnara-ibraeva", None, None),
    ],
)
def test_a_person_is_linked_to_their_organisation_or_state(key, organisation, state):
    person = Person.objects.select_related("organisation", "state").get(reference_key=key)

    assert (
        person.organisation.code if person.organisation else None,
        person.state.iso3 if person.state else None,
    ) == (organisation, state)
