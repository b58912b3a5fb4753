"""A reference file with a bad topic, person or agenda is refused with a message naming the place;
nothing is written, whether the instance is empty or already loaded."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from almaty.archive.models import Topic
from almaty.core.errors import InvalidInput
from almaty.core.models import AuditEntry
from almaty.meetings.models import AgendaItem, Meeting, Person, Speaker
from almaty.process.models import ReferenceDataset
from almaty.process.services import reference_load
from tests.process import reference_files as files
from tests.process.reference_files import agenda_at, agenda_item, item, original, position

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("reference_for_module")]

# Where errors name the records, worked out from the shipped file.
_DATA = original()
SOM5 = f"meetings[{position(_DATA, 'meetings', key='som-5')}]"
OPENING = agenda_at(_DATA, "som-5", "2018-09-27", "14:00")
IOM_SESSION = agenda_at(_DATA, "som-5", "2018-09-27", "15:00")
EMERGENCY = agenda_at(_DATA, "som-5", "2018-09-27", "16:30")
DIALOGUE = agenda_at(_DATA, "som-5", "2018-09-28", "09:30")
AGENDA_LENGTH = len(item(_DATA, "meetings", key="som-5")["agenda"])
PEOPLE = len(_DATA["people"])
TOPICS = len(_DATA["topics"])
STIMMLER = f"people[{position(_DATA, 'people', key='brian-stimmler')}]"
KASABYAN = f"people[{position(_DATA, 'people', key='victoria-kasabyan')}]"


def som5(data: dict[str, Any]) -> dict[str, Any]:
    return item(data, "meetings", key="som-5")


def opening(data: dict[str, Any]) -> dict[str, Any]:
    return agenda_item(data, "som-5", "2018-09-27", "14:00")


def iom_session(data: dict[str, Any]) -> dict[str, Any]:
    return agenda_item(data, "som-5", "2018-09-27", "15:00")


def dialogue(data: dict[str, Any]) -> dict[str, Any]:
    return agenda_item(data, "som-5", "2018-09-28", "09:30")


def emergency(data: dict[str, Any]) -> dict[str, Any]:
    return agenda_item(data, "som-5", "2018-09-27", "16:30")


def _set(get: Callable[[dict[str, Any]], Any], **values: Any) -> Callable[[dict[str, Any]], None]:
    return lambda data: get(data).update(values)


def _title_without_russian(data: dict[str, Any]) -> None:
    del opening(data)["title"]["ru"]


def _part_with_parts(data: dict[str, Any]) -> None:
    talk = iom_session(data)["items"][0]
    talk["items"] = [{"kind": "talk", "title": {"en": "More", "ru": "Ещё"}}]


def _speaker(data: dict[str, Any], get: Callable[[dict[str, Any]], Any], index: int = 0) -> Any:
    return get(data)["speakers"][index]


def _person(key: str) -> Callable[[dict[str, Any]], dict[str, Any]]:
    return lambda data: item(data, "people", key=key)


BAD = [
    # People on the agenda
    pytest.param(
        lambda d: _speaker(d, opening).update(person="nobody"),
        f"{OPENING}.speakers[1].person: person 'nobody' is not in the file's people.",
        id="unknown-person",
    ),
    pytest.param(
        lambda d: iom_session(d)["items"][1]["speakers"][0].update(person="d-martineau"),
        f"{IOM_SESSION}.items[2].speakers[1].person: person 'd-martineau' is not in the file's "
        "people.",
        id="unknown-person-in-a-talk",
    ),
    pytest.param(
        lambda d: _speaker(d, opening).update(role="chair"),
        f"{OPENING}.speakers[1].role: unknown speaker role 'chair'.",
        id="unknown-role",
    ),
    pytest.param(
        lambda d: opening(d)["speakers"].append(
            {"person": "bolotbek-ibraimzhanov", "role": "speaker"}
        ),
        f"{OPENING}.speakers[5]: person, role 'bolotbek-ibraimzhanov, speaker' is already used by "
        f"{OPENING}.speakers[1].",
        id="same-person-twice-in-one-role",
    ),
    pytest.param(
        lambda d: _speaker(d, emergency).update(note={"en": "x" * 101, "ru": "уточняется"}),
        f"{EMERGENCY}.speakers[1]: 'note' is longer than 100 characters.",
        id="note-too-long",
    ),
    pytest.param(
        lambda d: opening(d).update(speakers="Bolotbek Ibraimzhanov"),
        f"{OPENING}.speakers: not a list.",
        id="speakers-not-a-list",
    ),
    # Times and days
    pytest.param(
        _set(opening, ends_at="25:00"),
        f"{OPENING}.ends_at: '25:00' is not a time (HH:MM).",
        id="impossible-time",
    ),
    pytest.param(
        _set(opening, starts_at="2:00"),
        f"{OPENING}.starts_at: '2:00' is not a time (HH:MM).",
        id="time-without-two-digit-hour",
    ),
    pytest.param(
        _set(opening, starts_at="14.00"),
        f"{OPENING}.starts_at: '14.00' is not a time (HH:MM).",
        id="time-with-a-dot",
    ),
    pytest.param(
        # What YAML makes of an unquoted 14:00 (a number in base 60).
        _set(opening, starts_at=840),
        f'{OPENING}.starts_at: write the time in quotes, as "HH:MM"; without them YAML reads a '
        "number.",
        id="time-as-a-number",
    ),
    pytest.param(
        _set(opening, ends_at="13:30"),
        f"{OPENING}.ends_at: the item must end after it starts.",
        id="ends-before-it-starts",
    ),
    pytest.param(
        _set(opening, ends_at="14:00"),
        f"{OPENING}.ends_at: the item must end after it starts.",
        id="ends-when-it-starts",
    ),
    pytest.param(
        lambda d: iom_session(d)["items"][0].update(starts_at="15:30", ends_at="15:10"),
        f"{IOM_SESSION}.items[1].ends_at: the item must end after it starts.",
        id="talk-ends-before-it-starts",
    ),
    pytest.param(
        _set(opening, day="2018-09-29"),
        f"{OPENING}.day: 2018-09-29 is not a day of the meeting (2018-09-27 to 2018-09-28).",
        id="day-after-the-meeting",
    ),
    pytest.param(
        _set(opening, day="2018-09-26"),
        f"{OPENING}.day: 2018-09-26 is not a day of the meeting (2018-09-27 to 2018-09-28).",
        id="day-before-the-meeting",
    ),
    pytest.param(
        _set(opening, day="2018-09-31"),
        f"{OPENING}.day: '2018-09-31' is not a date (YYYY-MM-DD).",
        id="impossible-day",
    ),
    # Items
    pytest.param(
        _set(opening, kind="party"),
        f"{OPENING}.kind: unknown kind of agenda item 'party'.",
        id="unknown-kind",
    ),
    pytest.param(
        lambda d: iom_session(d)["items"][0].update(kind="lecture"),
        f"{IOM_SESSION}.items[1].kind: unknown kind of agenda item 'lecture'.",
        id="unknown-kind-of-talk",
    ),
    pytest.param(
        _part_with_parts,
        f"{IOM_SESSION}.items[1]: a part of an item cannot have parts of its own.",
        id="talk-with-talks",
    ),
    pytest.param(
        lambda d: iom_session(d)["items"][0].update(day="2018-09-27"),
        f"{IOM_SESSION}.items[1]: unknown field 'day'.",
        id="talk-with-its-own-day",
    ),
    pytest.param(
        lambda d: opening(d).update(start_at="14:00"),
        f"{OPENING}: unknown field 'start_at'.",
        id="misspelt-field",
    ),
    pytest.param(
        _title_without_russian,
        f"{OPENING}: 'title' needs an English and a Russian text.",
        id="title-without-russian",
    ),
    pytest.param(
        lambda d: opening(d)["title"].update(en=" "),
        f"{OPENING}: 'title' needs an English and a Russian text.",
        id="blank-title",
    ),
    pytest.param(
        lambda d: dialogue(d)["title"].update(en="x" * 301),
        f"{DIALOGUE}: 'title' is longer than 300 characters.",
        id="title-too-long",
    ),
    pytest.param(
        lambda d: som5(d)["agenda"].append("Farewell dinner"),
        f"{SOM5}.agenda[{AGENDA_LENGTH + 1}]: not a record with fields.",
        id="agenda-item-not-a-record",
    ),
    pytest.param(
        _set(som5, agenda="See the PDF."),
        f"{SOM5}.agenda: not a list.",
        id="agenda-not-a-list",
    ),
    # The meeting
    pytest.param(
        _set(som5, organisers=["IOM", "WHO"]),
        f"{SOM5}.organisers[2]: organisation 'WHO' is not in the file's organisations.",
        id="unknown-organiser",
    ),
    pytest.param(
        _set(som5, funders=["BPRM"]),
        f"{SOM5}.funders[1]: organisation 'BPRM' is not in the file's organisations.",
        id="unknown-funder",
    ),
    pytest.param(
        _set(som5, organisers="IOM"),
        f"{SOM5}.organisers: not a list.",
        id="organisers-not-a-list",
    ),
    pytest.param(
        _set(som5, chair="MNG"),
        f"{SOM5}.chair: State 'MNG' is not in the file's States.",
        id="unknown-chair",
    ),
    pytest.param(
        _set(som5, time_zone="Asia/Frunze"),
        f"{SOM5}.time_zone: 'Asia/Frunze' is not a time zone (an IANA name such as Asia/Bishkek).",
        id="unknown-time-zone",
    ),
    pytest.param(
        lambda d: som5(d).update(timezone="Asia/Bishkek"),
        f"{SOM5}: unknown field 'timezone'.",
        id="misspelt-meeting-field",
    ),
    # People
    pytest.param(
        _set(_person("victoria-kasabyan"), organisation="IOM Almaty"),
        f"{KASABYAN}.organisation: organisation 'IOM Almaty' is not in the file's organisations.",
        id="person-of-an-unknown-organisation",
    ),
    pytest.param(
        _set(_person("brian-stimmler"), state="GBR"),
        f"{STIMMLER}.state: State 'GBR' is not in the file's States.",
        id="person-of-a-state-not-in-the-file",
    ),
    pytest.param(
        lambda d: d["people"].append(dict(d["people"][0])),
        f"people[{PEOPLE + 1}]: key 'bolotbek-ibraimzhanov' is already used by people[1].",
        id="two-people-with-one-key",
    ),
    pytest.param(
        lambda d: d["people"][0].update(key="Bolotbek Ibraimzhanov"),
        "people[1].key: 'Bolotbek Ibraimzhanov' is not a key: lowercase letters, digits and "
        "hyphens, at most 60 characters.",
        id="person-key-with-spaces",
    ),
    pytest.param(
        lambda d: d["people"][0]["name"].update(ru=None),
        "people[1]: 'name' needs an English and a Russian text.",
        id="person-without-russian-name",
    ),
    # Topics
    pytest.param(
        lambda d: d["topics"].append(dict(d["topics"][1])),
        f"topics[{TOPICS + 1}]: code 'refugee-protection' is already used by topics[2].",
        id="two-topics-with-one-code",
    ),
    pytest.param(
        lambda d: d["topics"][1].update(code="Refugee protection"),
        "topics[2].code: 'Refugee protection' is not a key: lowercase letters, digits and "
        "hyphens, at most 60 characters.",
        id="topic-code-with-spaces",
    ),
    pytest.param(
        lambda d: d["topics"][0].update(position=-1),
        "topics[1].position: 'position' must be a whole number from 0 to 32767.",
        id="topic-at-a-negative-position",
    ),
    pytest.param(
        lambda d: d["topics"][0].update(position=40000),
        "topics[1].position: 'position' must be a whole number from 0 to 32767.",
        id="topic-at-a-position-too-large",
    ),
    pytest.param(
        lambda d: d["topics"][2].update(name="Border management"),
        "topics[3]: 'name' needs an English and a Russian text.",
        id="topic-name-in-english-only",
    ),
    pytest.param(
        lambda d: d.update(topics={"refugee-protection": "Refugee protection"}),
        "The reference file's 'topics' section is not a list.",
        id="topics-not-a-list",
    ),
]


def _bad_file(directory: Path, change: Callable[[dict[str, Any]], Any]) -> Path:
    data = original()
    change(data)
    return files.write(directory, data)


def snapshot() -> dict[str, list[dict[str, Any]]]:
    models = (
        Topic,
        Person,
        Meeting,
        Meeting.organisers.through,
        Meeting.funders.through,
        AgendaItem,
        Speaker,
        ReferenceDataset,
        AuditEntry,
    )
    return {model.__name__: list(model.objects.order_by("pk").values()) for model in models}


@pytest.mark.parametrize(("change", "message"), BAD)
def test_a_bad_file_is_refused_with_a_message_naming_the_place(tmp_path, change, message):
    with pytest.raises(InvalidInput) as refused:
        reference_load(path=_bad_file(tmp_path, change))

    assert refused.value.text == message


@pytest.mark.parametrize(("change", "message"), BAD)
def test_a_bad_file_leaves_the_loaded_instance_as_it_was(tmp_path, change, message):
    before = snapshot()

    with pytest.raises(InvalidInput):
        reference_load(path=_bad_file(tmp_path, change))

    assert snapshot() == before
