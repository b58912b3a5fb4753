"""Loading the topics, people and agendas of the reference file: idempotent, the file wins for what
it gives, and what it leaves out stays as recorded on the instance."""

from __future__ import annotations

import copy
import datetime as dt
from typing import Any

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from almaty.archive.models import Topic
from almaty.core.errors import InvalidInput
from almaty.core.models import AuditEntry
from almaty.meetings.models import AgendaItem, Meeting, Person, Speaker
from almaty.process.services import LoadResult, reference_load
from tests.process import reference_files as files
from tests.process.reference_files import agenda_item, item, original

pytestmark = pytest.mark.django_db

VERSION = 3
MODELS = (
    Topic,
    Person,
    Meeting,
    Meeting.organisers.through,
    Meeting.funders.through,
    AgendaItem,
    Speaker,
)


def rows() -> dict[str, list[dict[str, Any]]]:
    """Every row of the kinds this part of the file loads, with all its fields (pks included: an
    agenda written again would have new ones)."""
    return {model.__name__: list(model.objects.order_by("pk").values()) for model in MODELS}


def som5() -> Meeting:
    return Meeting.objects.get(reference_key="som-5")


def test_a_forced_reload_leaves_topics_people_and_the_agenda_as_they_were():
    reference_load()
    before = rows()

    reference_load(force=True)

    assert rows() == before


def test_a_forced_reload_counts_nothing_created_or_changed():
    reference_load()

    assert reference_load(force=True) == LoadResult(
        version=VERSION, created=0, updated=0, skipped=False
    )


def test_loading_the_file_twice_writes_one_audit_entry():
    reference_load()

    reference_load()

    assert AuditEntry.objects.count() == 1


def test_a_changed_agenda_item_counts_as_one_changed_meeting(tmp_path):
    reference_load()
    data = original()
    agenda_item(data, "som-5", "2018-09-28", "18:00")["title"]["en"] = "Farewell reception"

    result = reference_load(path=files.write(tmp_path, data))

    assert (result.created, result.updated) == (0, 1)


def test_a_changed_agenda_item_is_stored_and_the_rest_of_the_agenda_kept(tmp_path):
    reference_load()
    data = original()
    agenda_item(data, "som-5", "2018-09-28", "18:00")["title"]["en"] = "Farewell reception"

    reference_load(path=files.write(tmp_path, data))

    assert (
        AgendaItem.objects.get(starts_at=dt.time(18)).title_en,
        AgendaItem.objects.count(),
        Speaker.objects.count(),
    ) == ("Farewell reception", 30, 33)


def test_a_speaker_removed_from_the_file_is_removed_from_the_agenda(tmp_path):
    reference_load()
    data = original()
    agenda_item(data, "som-5", "2018-09-27", "14:00")["speakers"].pop()

    reference_load(path=files.write(tmp_path, data))

    opening = AgendaItem.objects.get(day=dt.date(2018, 9, 27), starts_at=dt.time(14))
    assert "Brian Stimmler" not in [s.person.name_en for s in opening.speakers.all()]


def test_an_agenda_changed_by_hand_is_restored_by_a_forced_reload():
    reference_load()
    AgendaItem.objects.filter(kind="photo").delete()

    result = reference_load(force=True)

    assert (result.updated, AgendaItem.objects.filter(kind="photo").count()) == (1, 1)


def test_an_unpublished_reference_agenda_is_published_again_by_a_forced_reload():
    reference_load()
    Meeting.objects.filter(reference_key="som-5").update(agenda_published_at=None)

    reference_load(force=True)

    assert som5().is_agenda_published


def test_a_reload_keeps_what_was_recorded_for_a_meeting_the_file_gives_no_agenda():
    reference_load()
    som3 = Meeting.objects.get(reference_key="som-3")
    som3.time_zone = "Asia/Tashkent"
    som3.save()
    AgendaItem.objects.create(
        meeting=som3, day=som3.starts_on, kind="session", title_en="Review", title_ru="Обзор"
    )

    reference_load(force=True)

    som3.refresh_from_db()
    assert (som3.time_zone, som3.agenda_items.count()) == ("Asia/Tashkent", 1)


def test_a_person_renamed_in_the_file_is_changed_in_place(tmp_path):
    reference_load()
    person = Person.objects.get(reference_key="halina-turina")
    data = original()
    item(data, "people", key="halina-turina")["name"]["ru"] = "Галина Турина-Иванова"

    result = reference_load(path=files.write(tmp_path, data))

    assert (result.created, result.updated) == (0, 1)
    assert Person.objects.get(pk=person.pk).name_ru == "Галина Турина-Иванова"


def test_an_organiser_added_to_the_file_changes_the_meeting(tmp_path):
    reference_load()
    data = original()
    item(data, "meetings", key="som-5")["funders"] = ["PRM"]

    result = reference_load(path=files.write(tmp_path, data))

    assert result.updated == 1
    assert list(som5().funders.values_list("code", flat=True)) == ["PRM"]


def test_a_topic_added_to_the_file_is_created(tmp_path):
    reference_load()
    data = original()
    data["topics"].append(
        {
            "code": "statelessness",
            "position": 12,
            "name": {"en": "Statelessness", "ru": "Безгражданство"},
        }
    )

    result = reference_load(path=files.write(tmp_path, data))

    assert (result.created, result.updated) == (1, 0)
    assert Topic.objects.get(code="statelessness").name_ru == "Безгражданство"


def test_an_agenda_given_to_another_meeting_is_written_on_a_first_load(tmp_path):
    data = original()
    item(data, "meetings", key="som-3")["agenda"] = [
        {
            "day": "2016-09-20",
            "starts_at": "10:00",
            "ends_at": "11:00",
            "kind": "session",
            "title": {"en": "Concluding remarks", "ru": "Заключительные замечания"},
            "speakers": [{"person": "bolotbek-ibraimzhanov", "role": "moderator"}],
        }
    ]

    reference_load(path=files.write(tmp_path, data))

    som3 = Meeting.objects.get(reference_key="som-3")
    assert (
        som3.agenda_items.get().speakers.get().person.reference_key,
        som3.agenda_published_at,
    ) == ("bolotbek-ibraimzhanov", dt.datetime(2016, 9, 18, tzinfo=dt.UTC))


# Hypothesis: however an agenda is damaged, the load succeeds or says what is wrong; it never
# fails with anything else and never writes half a file.

_junk = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-3, 3000),
    st.text(alphabet="abc:0129 -", max_size=8),
    st.sampled_from(
        ["12:30", "24:00", "2018-09-27", "2018-09-29", "talk", "moderator", "yasuko-oda", "IOM"]
    ),
    st.lists(st.integers(0, 3), max_size=2),
    st.dictionaries(
        st.sampled_from(["en", "ru", "x"]),
        st.one_of(st.none(), st.integers(0, 3), st.text(max_size=5)),
        max_size=3,
    ),
)
_ITEM_FIELDS = ["day", "starts_at", "ends_at", "kind", "title", "description", "speakers", "items"]
_SPEAKER_FIELDS = ["person", "role", "note"]


def _nodes(data: dict[str, Any]) -> list[tuple[dict[str, Any], list[str]]]:
    """Every agenda item, part and speaker of the 5th SOM, with the fields it may have."""
    found = []
    for top in item(data, "meetings", key="som-5")["agenda"]:
        for node in [top, *top.get("items", [])]:
            found.append((node, _ITEM_FIELDS))
            found += [(speaker, _SPEAKER_FIELDS) for speaker in node.get("speakers", [])]
    return found


_NODE_COUNT = len(_nodes(original()))


@st.composite
def damaged_agendas(draw: st.DrawFn) -> dict[str, Any]:
    data = original()
    node, fields = _nodes(data)[draw(st.integers(0, _NODE_COUNT - 1))]
    key = draw(st.sampled_from(sorted(set(node) | set(fields))))
    if key in node and draw(st.booleans()):
        del node[key]
    elif isinstance(node.get(key), list) and node[key] and draw(st.booleans()):
        # A record of a list replaced by junk, or copied twice.
        index = draw(st.integers(0, len(node[key]) - 1))
        node[key][index] = draw(st.one_of(_junk, st.just(copy.deepcopy(node[key][0]))))
    else:
        node[key] = draw(_junk)
    return data


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=damaged_agendas())
def test_a_damaged_agenda_is_loaded_or_refused_with_invalid_input(tmp_path, data):
    path = files.write(tmp_path, data)
    with transaction.atomic():
        try:
            reference_load(path=path)
        except InvalidInput:
            assert (Meeting.objects.count(), AgendaItem.objects.count()) == (0, 0)
        else:
            assert AuditEntry.objects.count() == 1
        transaction.set_rollback(True)
