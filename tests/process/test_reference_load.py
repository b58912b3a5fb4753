"""Loading the reference data file: all or nothing, idempotent, and clear about what is wrong."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from almaty.accounts.models import Role
from almaty.archive.models import Topic
from almaty.core.audit_messages import render
from almaty.core.errors import InvalidInput
from almaty.core.models import AuditEntry
from almaty.meetings.models import AgendaItem, Meeting, Person, Speaker
from almaty.process.choices import ParticipationStatus
from almaty.process.models import (
    ChairPass,
    ChairTerm,
    ModalitiesVersion,
    Organisation,
    Participation,
    ProcessProfile,
    ReferenceDataset,
    State,
)
from almaty.process.selectors import process_profile
from almaty.process.services import LoadResult, chair_term_add, reference_load
from tests.process import reference_files as files
from tests.process.reference_files import item, original, position

pytestmark = pytest.mark.django_db

VERSION = 3
# profile, roles, States, organisations, participations; modalities, chair terms, passes; topics,
# people, meetings (a meeting's agenda is part of its record)
ALL_RECORDS = 1 + 9 + 13 + 17 + 14 + 1 + 6 + 2 + 11 + 28 + 12
LOADED_MODELS = (
    ProcessProfile,
    Role,
    State,
    Organisation,
    Participation,
    ModalitiesVersion,
    ChairTerm,
    ChairPass,
    Topic,
    Person,
    Meeting,
    Meeting.organisers.through,
    Meeting.funders.through,
    AgendaItem,
    Speaker,
)


def counts() -> dict[str, int]:
    """How many rows of each loaded kind, and audit entries, there are."""
    return {model.__name__: model.objects.count() for model in (*LOADED_MODELS, AuditEntry)}


NOTHING = dict.fromkeys([model.__name__ for model in LOADED_MODELS] + ["AuditEntry"], 0)


def snapshot() -> dict[str, list[dict[str, Any]]]:
    """Every loaded row with all its fields, to show what a load did or did not touch."""
    return {
        model.__name__: list(model.objects.order_by("pk").values())
        for model in (*LOADED_MODELS, ReferenceDataset, AuditEntry)
    }


# A first load of the shipped file


def test_first_load_creates_every_record():
    assert reference_load() == LoadResult(
        version=VERSION, created=ALL_RECORDS, updated=0, skipped=False
    )


@pytest.mark.parametrize(
    ("model", "count"),
    [
        (ProcessProfile, 1),
        (Role, 9),
        (State, 13),
        (Organisation, 17),
        (Participation, 14),
        (ModalitiesVersion, 1),
        (ChairTerm, 6),
        (ChairPass, 2),
        (Topic, 11),
        (Person, 28),
        (Meeting, 12),
        (Meeting.organisers.through, 2),
        (AgendaItem, 30),
        (Speaker, 33),
    ],
)
def test_first_load_creates_the_records_of_each_kind(model, count):
    reference_load()

    assert model.objects.count() == count


@pytest.mark.parametrize(
    ("status", "iso3s"),
    [
        (ParticipationStatus.MEMBER, {"AFG", "AZE", "KAZ", "KGZ", "TJK", "TUR", "TKM"}),
        (ParticipationStatus.OBSERVER, {"IRN", "PAK"}),
        (ParticipationStatus.GUEST, {"CHN", "RUS", "USA"}),
    ],
)
def test_first_load_gives_each_state_its_status(status, iso3s):
    reference_load()

    assert (
        set(Participation.objects.filter(status=status).values_list("state__iso3", flat=True))
        == iso3s
    )


def test_a_state_without_participation_is_loaded_without_status():
    reference_load()

    assert (
        State.objects.filter(iso3="UZB").exists(),
        Participation.objects.filter(state__iso3="UZB").count(),
    ) == (True, 0)


def test_a_state_gets_its_iso_codes_and_official_names_in_both_languages():
    reference_load()

    kgz = State.objects.get(iso3="KGZ")
    assert (kgz.iso2, kgz.numeric, kgz.is_central_asian, kgz.name_en, kgz.name_ru) == (
        "KG",
        417,
        True,
        "Kyrgyz Republic",
        "Кыргызская Республика",
    )


def test_there_is_no_process_profile_before_reference_data_is_loaded():
    assert process_profile() is None


def test_the_process_profile_gets_its_names_and_launch_date():
    reference_load()

    profile = ProcessProfile.objects.get()
    assert (profile.code, profile.name_ru, str(profile.launched_on)) == (
        "almaty",
        "Алматинский процесс по защите беженцев и международной миграции",
        "2013-06-05",
    )


def test_first_load_writes_one_audit_entry_saying_what_it_did():
    reference_load()

    entry = AuditEntry.objects.get()
    assert render(entry.message_key, entry.params) == (
        f"Reference data version {VERSION} was loaded: {ALL_RECORDS} records created, 0 changed."
    )


def test_load_reports_progress_up_to_every_record():
    steps: list[tuple[int, int]] = []

    reference_load(progress=lambda done, total: steps.append((done, total)))

    assert (len(steps), steps[-1]) == (ALL_RECORDS, (ALL_RECORDS, ALL_RECORDS))


# Loading again


def test_second_load_of_the_same_file_is_skipped():
    reference_load()

    assert reference_load() == LoadResult(version=VERSION, created=0, updated=0, skipped=True)


def test_second_load_of_the_same_file_writes_nothing_not_even_an_audit_entry():
    reference_load()
    before = snapshot()

    reference_load()

    assert snapshot() == before


def test_forced_reload_of_the_same_file_creates_and_changes_nothing():
    reference_load()

    assert reference_load(force=True) == LoadResult(
        version=VERSION, created=0, updated=0, skipped=False
    )


def test_forced_reload_leaves_every_record_untouched():
    reference_load()
    before = snapshot()

    reference_load(force=True)

    after = snapshot()
    assert {k: v for k, v in after.items() if k not in {"AuditEntry", "ReferenceDataset"}} == {
        k: v for k, v in before.items() if k not in {"AuditEntry", "ReferenceDataset"}
    }


def test_forced_reload_is_audited():
    reference_load()

    reference_load(force=True)

    assert list(AuditEntry.objects.values_list("params__created", "params__updated")) == [
        (ALL_RECORDS, 0),
        (0, 0),
    ]


@pytest.fixture
def kgz_renamed(tmp_path: Path) -> Path:
    data = original()
    item(data, "states", iso3="KGZ")["name"]["ru"] = "Кыргызская Республика (новое название)"
    return files.write(tmp_path, data)


def test_a_changed_file_updates_just_the_changed_record(kgz_renamed):
    reference_load()

    assert reference_load(path=kgz_renamed) == LoadResult(
        version=VERSION, created=0, updated=1, skipped=False
    )


def test_a_changed_russian_name_is_stored(kgz_renamed):
    reference_load()

    reference_load(path=kgz_renamed)

    assert State.objects.get(iso3="KGZ").name_ru == "Кыргызская Республика (новое название)"


def test_a_changed_file_leaves_the_other_records_untouched(kgz_renamed):
    reference_load()
    before = snapshot()["State"]

    reference_load(path=kgz_renamed)

    after = snapshot()["State"]
    assert [s for s in after if s["iso3"] != "KGZ"] == [s for s in before if s["iso3"] != "KGZ"]


def test_a_changed_record_gets_a_new_updated_at(kgz_renamed):
    reference_load()
    before = State.objects.get(iso3="KGZ").updated_at

    reference_load(path=kgz_renamed)

    assert State.objects.get(iso3="KGZ").updated_at > before


def test_a_state_added_to_the_file_is_created_with_its_participation(tmp_path):
    reference_load()
    data = original()
    data["states"].append({"iso3": "MNG", "name": {"en": "Mongolia", "ru": "Монголия"}})
    data["participations"].append({"state": "MNG", "status": "guest", "from": "2024-01-01"})

    result = reference_load(path=files.write(tmp_path, data))

    assert (result.created, result.updated) == (2, 0)
    assert Participation.objects.get(state__iso3="MNG").status == ParticipationStatus.GUEST


# Bad files: refused with a message naming the problem; nothing is written.


def at(data: dict[str, Any], section: str, **match: Any) -> str:
    """Where a load error says a record is, e.g. states[4]."""
    return f"{section}[{position(data, section, **match)}]"


def _edit(change: Callable[[dict[str, Any]], Any]) -> Callable[[Path], tuple[Path, dict[str, Any]]]:
    def make(directory: Path) -> tuple[Path, dict[str, Any]]:
        data = original()
        change(data)
        return files.write(directory, data), data

    return make


def _edit_text(old: str, new: str) -> Callable[[Path], tuple[Path, dict[str, Any]]]:
    def make(directory: Path) -> tuple[Path, dict[str, Any]]:
        text = files.original_text()
        assert old in text
        return files.write(directory, text.replace(old, new, 1)), original()

    return make


def _delete(data: dict[str, Any], key: str) -> None:
    del data[key]


def _drop_russian(record: dict[str, Any], key: str) -> None:
    del record[key]["ru"]


def _remove_state(data: dict[str, Any], iso3: str) -> None:
    data["states"].remove(item(data, "states", iso3=iso3))


def _rules(data: dict[str, Any]) -> dict[str, Any]:
    return data["modalities"][0]["rules"]


def _term(data: dict[str, Any], iso3: str) -> dict[str, Any]:
    """The one chair term of a State that chaired once (not KAZ)."""
    return item(data, "chair_terms", state=iso3)


BAD_FILES = [
    pytest.param(
        _edit_text("version: 3", "version: 3\nprocess: [unclosed"),
        lambda d: "The reference file is not valid YAML",
        id="invalid-yaml",
    ),
    pytest.param(
        _edit_text("version: 3\n", "\n"),
        lambda d: "The reference file has no integer 'version'.",
        id="no-version",
    ),
    pytest.param(
        _edit_text("version: 3\n", "version: one\n"),
        lambda d: "The reference file has no integer 'version'.",
        id="version-not-a-number",
    ),
    pytest.param(
        _edit_text("version: 3\n", "version: 0\n"),
        lambda d: "The reference file has no integer 'version'.",
        id="version-zero",
    ),
    pytest.param(
        _edit(lambda d: _delete(d, "organisations")),
        lambda d: "The reference file has no 'organisations' section.",
        id="missing-section",
    ),
    pytest.param(
        _edit(lambda d: d.update(states={"KGZ": "Kyrgyz Republic"})),
        lambda d: "The reference file's 'states' section is not a list.",
        id="section-not-a-list",
    ),
    pytest.param(
        _edit(lambda d: d["states"].append("UZB")),
        lambda d: f"states[{len(d['states'])}]: not a record with fields.",
        id="record-not-a-mapping",
    ),
    pytest.param(
        _edit(lambda d: d.update(process="Almaty Process")),
        lambda d: "process: not a record with fields.",
        id="process-not-a-mapping",
    ),
    pytest.param(
        _edit(lambda d: _delete(item(d, "organisations", code="OSCE"), "code")),
        lambda d: "organisations[3]: an organisation needs a code.",
        id="organisation-without-code",
    ),
    pytest.param(
        _edit(lambda d: item(d, "states", iso3="KGZ").update(iso3="XKG")),
        lambda d: at(d, "states", iso3="XKG") + ": 'XKG' is not an ISO 3166 alpha-3 code.",
        id="unknown-iso3",
    ),
    pytest.param(
        _edit(lambda d: _drop_russian(item(d, "states", iso3="KGZ"), "name")),
        lambda d: at(d, "states", iso3="KGZ") + ": 'name' needs an English and a Russian text.",
        id="state-name-without-russian",
    ),
    pytest.param(
        _edit(lambda d: _drop_russian(d["process"], "name")),
        lambda d: "process: 'name' needs an English and a Russian text.",
        id="process-name-without-russian",
    ),
    pytest.param(
        _edit(lambda d: _drop_russian(item(d, "roles", code="national_coordinator"), "name")),
        lambda d: (
            at(d, "roles", code="national_coordinator")
            + ": 'name' needs an English and a Russian text."
        ),
        id="role-name-without-russian",
    ),
    pytest.param(
        _edit_text(
            "{state: KGZ, status: member, from: 2013-06-05}",
            "{state: KGZ, status: member, from: 2013-02-30}",
        ),
        lambda d: (
            at(d, "participations", state="KGZ") + ": '2013-02-30' is not a date (YYYY-MM-DD)."
        ),
        id="impossible-date",
    ),
    pytest.param(
        _edit(lambda d: item(d, "participations", state="KGZ").update({"from": "5 June 2013"})),
        lambda d: (
            at(d, "participations", state="KGZ") + ": '5 June 2013' is not a date (YYYY-MM-DD)."
        ),
        id="date-in-words",
    ),
    pytest.param(
        _edit_text("launched_on: 2013-06-05", "launched_on: 2013-13-05"),
        lambda d: "process: '2013-13-05' is not a date (YYYY-MM-DD).",
        id="impossible-launch-date",
    ),
    pytest.param(
        _edit(lambda d: item(d, "participations", state="AFG").update(to="2010-01-01")),
        lambda d: at(d, "participations", state="AFG") + ": the period ends before it starts.",
        id="period-ends-before-it-starts",
    ),
    pytest.param(
        _edit(lambda d: item(d, "participations", state="USA").update(state="KOR")),
        lambda d: (
            at(d, "participations", state="KOR") + ": State 'KOR' is not in the file's States."
        ),
        id="participation-of-a-state-not-in-the-file",
    ),
    pytest.param(
        _edit(lambda d: _remove_state(d, "AFG")),
        lambda d: (
            at(d, "participations", state="AFG") + ": State 'AFG' is not in the file's States."
        ),
        id="participation-of-a-removed-state",
    ),
    pytest.param(
        _edit(
            lambda d: item(d, "participations", organisation="UNHCR").update(organisation="UNICEF")
        ),
        lambda d: (
            at(d, "participations", organisation="UNICEF") + ": "
            "organisation 'UNICEF' is not in the file's organisations."
        ),
        id="participation-of-an-organisation-not-in-the-file",
    ),
    pytest.param(
        _edit(lambda d: item(d, "participations", state="USA").update(status="partner")),
        lambda d: (
            at(d, "participations", state="USA") + ": unknown participation status 'partner'."
        ),
        id="unknown-status",
    ),
    pytest.param(
        _edit(lambda d: d["participations"].append({"status": "guest", "from": "2020-01-01"})),
        lambda d: (
            f"participations[{len(d['participations'])}]: "
            "a participation names a State or an organisation."
        ),
        id="participation-of-nobody",
    ),
    pytest.param(
        _edit(lambda d: item(d, "organisations", code="OSCE").update(kind="ngo")),
        lambda d: at(d, "organisations", code="OSCE") + ": unknown organisation kind 'ngo'.",
        id="unknown-organisation-kind",
    ),
    pytest.param(
        _edit(lambda d: _delete(item(d, "roles", code="chair"), "code")),
        lambda d: "roles[2]: a role needs a code.",
        id="role-without-code",
    ),
    # The Operating Modalities, chair history and meetings.
    pytest.param(
        _edit(lambda d: _delete(_rules(d), "term_years")),
        lambda d: "modalities[1]: the rule 'term_years' is missing.",
        id="modalities-missing-a-rule",
    ),
    pytest.param(
        _edit(lambda d: _rules(d).update(order_key="population")),
        lambda d: "modalities[1]: unknown rotation order 'population'.",
        id="modalities-unknown-order-key",
    ),
    pytest.param(
        _edit(lambda d: _rules(d).update(term_years=0)),
        lambda d: "modalities[1]: 'term_years' must be a whole number of at least 1.",
        id="modalities-term-of-zero-years",
    ),
    pytest.param(
        _edit(lambda d: _rules(d).update(has_voluntary_fee="yes")),
        lambda d: "modalities[1]: the rule 'has_voluntary_fee' must be true or false.",
        id="modalities-fee-not-a-boolean",
    ),
    pytest.param(
        _edit(lambda d: _rules(d).update(eligible_statuses=["member", "president"])),
        lambda d: "modalities[1]: 'eligible_statuses' must list participation statuses.",
        id="modalities-unknown-eligible-status",
    ),
    pytest.param(
        _edit(lambda d: _rules(d).update(amended_by="parliament")),
        lambda d: "modalities[1]: unknown amending body 'parliament'.",
        id="modalities-unknown-amending-body",
    ),
    pytest.param(
        _edit(lambda d: _rules(d).update(order_key="listed", listed_order="KAZ KGZ")),
        lambda d: "modalities[1]: 'listed_order' must be a list of ISO 3166 alpha-3 codes.",
        id="modalities-listed-order-not-a-list",
    ),
    pytest.param(
        _edit(lambda d: _rules(d).update(order_key="listed", listed_order=["KAZ", "MNG"])),
        lambda d: "modalities[1]: State 'MNG' is not in the file's States.",
        id="modalities-listed-order-names-a-state-not-in-the-file",
    ),
    pytest.param(
        _edit(lambda d: _drop_russian(d["modalities"][0], "text")),
        lambda d: "modalities[1]: 'text' needs an English and a Russian text.",
        id="modalities-text-without-russian",
    ),
    pytest.param(
        _edit(lambda d: d["modalities"].append({**d["modalities"][0], "number": 2})),
        lambda d: "modalities[2]: effective_on '2013-06-05' is already used by modalities[1].",
        id="two-modalities-in-force-from-the-same-day",
    ),
    pytest.param(
        _edit(lambda d: _term(d, "KGZ").update({"from": "2016-01-01"})),
        lambda d: "chair_terms[2] overlaps chair_terms[1].",
        id="chair-terms-overlap",
    ),
    pytest.param(
        _edit(lambda d: _delete(_term(d, "AZE"), "to")),
        lambda d: "chair_terms[6] overlaps chair_terms[5].",
        id="an-open-chair-term-before-another",
    ),
    pytest.param(
        _edit(lambda d: _term(d, "KGZ").update(to="2016-01-01")),
        lambda d: "chair_terms[2]: the period ends before it starts.",
        id="chair-term-ends-before-it-starts",
    ),
    pytest.param(
        _edit(lambda d: _term(d, "KGZ").update(to="2016-09-20")),
        lambda d: "chair_terms[2]: the period ends before it starts.",
        id="chair-term-ends-the-day-it-starts",
    ),
    pytest.param(
        _edit(lambda d: _term(d, "KGZ").update(kind="acting")),
        lambda d: "chair_terms[2]: unknown kind of term 'acting'.",
        id="chair-term-of-unknown-kind",
    ),
    pytest.param(
        _edit(lambda d: _term(d, "KGZ").update(state="MNG")),
        lambda d: "chair_terms[2]: State 'MNG' is not in the file's States.",
        id="chair-term-of-a-state-not-in-the-file",
    ),
    pytest.param(
        _edit(lambda d: item(d, "chair_passes", state="AFG").update(state="MNG")),
        lambda d: "chair_passes[2]: State 'MNG' is not in the file's States.",
        id="pass-by-a-state-not-in-the-file",
    ),
    pytest.param(
        _edit(lambda d: item(d, "chair_passes", state="AFG").update(state="TKM")),
        lambda d: (
            "chair_passes[2]: state, turn_starts_on 'TKM, 2023-01-01' is already used by "
            "chair_passes[1]."
        ),
        id="the-same-pass-twice",
    ),
    pytest.param(
        _edit(lambda d: item(d, "chair_passes", state="TKM").update(turn_starts_on="2023")),
        lambda d: "chair_passes[1]: '2023' is not a date (YYYY-MM-DD).",
        id="pass-without-a-date",
    ),
    pytest.param(
        _edit(lambda d: item(d, "meetings", key="som-5").update(kind="party")),
        lambda d: at(d, "meetings", key="som-5") + ": unknown kind of meeting 'party'.",
        id="meeting-of-unknown-kind",
    ),
    pytest.param(
        _edit(lambda d: item(d, "meetings", key="som-3").update(to="2016-09-18")),
        lambda d: at(d, "meetings", key="som-3") + ": the period ends before it starts.",
        id="meeting-ends-before-it-starts",
    ),
    pytest.param(
        _edit(lambda d: _delete(item(d, "meetings", key="som-1"), "key")),
        lambda d: "meetings[4]: a meeting needs a key.",
        id="meeting-without-a-key",
    ),
    pytest.param(
        _edit(lambda d: item(d, "meetings", key="som-2").update(key="som-1")),
        lambda d: "meetings[8]: key 'som-1' is already used by meetings[4].",
        id="two-meetings-with-one-key",
    ),
    pytest.param(
        _edit(lambda d: item(d, "meetings", key="som-5").update(host="MNG")),
        lambda d: at(d, "meetings", key="som-5") + ": State 'MNG' is not in the file's States.",
        id="meeting-hosted-by-a-state-not-in-the-file",
    ),
    pytest.param(
        _edit(lambda d: _drop_russian(item(d, "meetings", key="som-5"), "title")),
        lambda d: at(d, "meetings", key="som-5") + ": 'title' needs an English and a Russian text.",
        id="meeting-title-without-russian",
    ),
    pytest.param(
        _edit(lambda d: d.update(meetings={"som-1": "2014-11-21"})),
        lambda d: "The reference file's 'meetings' section is not a list.",
        id="meetings-not-a-list",
    ),
]


@pytest.mark.parametrize(("make_file", "message"), BAD_FILES)
def test_a_bad_file_is_refused_with_a_message_naming_the_problem(tmp_path, make_file, message):
    path, data = make_file(tmp_path)

    with pytest.raises(InvalidInput) as refused:
        reference_load(path=path)

    assert refused.value.text.startswith(message(data))


@pytest.mark.parametrize(("make_file", "message"), BAD_FILES)
def test_a_bad_file_writes_nothing_into_an_empty_instance(tmp_path, make_file, message):
    path, _ = make_file(tmp_path)

    with pytest.raises(InvalidInput):
        reference_load(path=path)

    assert counts() == NOTHING


def test_an_error_late_in_the_file_leaves_a_loaded_instance_as_it_was(tmp_path):
    reference_load()
    before = snapshot()
    data = original()
    data["participations"][-1]["status"] = "partner"
    item(data, "states", iso3="KGZ")["name"]["ru"] = "Изменено, но не загружено"

    with pytest.raises(InvalidInput, match=r"participations\[14\]: unknown participation status"):
        reference_load(path=files.write(tmp_path, data), force=True)

    assert snapshot() == before


def test_an_error_while_writing_rolls_back_every_record():
    def fail_at_the_end(done: int, total: int) -> None:
        if done == total:
            raise RuntimeError("disk full")

    with pytest.raises(RuntimeError, match="disk full"):
        reference_load(progress=fail_at_the_end)

    assert counts() == NOTHING


def test_a_missing_file_is_refused(tmp_path):
    missing = tmp_path / "nowhere.yaml"

    with pytest.raises(InvalidInput, match=f"Cannot read the reference file {missing}"):
        reference_load(path=missing)


def test_a_file_that_is_not_utf8_is_refused(tmp_path):
    path = tmp_path / "latin1.yaml"
    path.write_bytes(
        files.original_text().replace("Алматы", "Almaty").encode("utf-8") + "é".encode("latin-1")
    )

    with pytest.raises(InvalidInput, match="not valid YAML"):
        reference_load(path=path)


# Hypothesis: however a record is damaged, the load succeeds or says what is wrong; it never
# fails with anything else and never writes half a file.

_SECTIONS = [
    "process",
    "roles",
    "states",
    "organisations",
    "participations",
    "modalities",
    "chair_terms",
    "chair_passes",
    "topics",
    "people",
    "meetings",
]
# Fields some records may have and the shipped file leaves out (or gives one record only).
_OPTIONAL_FIELDS = [
    "listed_order",
    "to",
    "host",
    "number",
    "declared_on",
    "representative",
    "organisation",
    "state",
    "time_zone",
    "chair",
    "organisers",
    "funders",
    "agenda",
]
_junk = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-3, 3000),
    st.text(alphabet="abcKGZ-019 ", max_size=12),
    st.dates(dt.date(2010, 1, 1), dt.date(2030, 12, 31)).map(dt.date.isoformat),
    st.sampled_from(["KAZ", "IRN", "MNG", "listed", "member", "som"]),
    st.lists(st.integers(0, 3), max_size=2),
    st.dictionaries(
        st.sampled_from(["en", "ru", "x"]),
        st.one_of(st.none(), st.integers(0, 3), st.text(max_size=5)),
        max_size=3,
    ),
)


@st.composite
def damaged_files(draw: st.DrawFn) -> dict[str, Any]:
    data = original()
    where = draw(st.sampled_from(["top", "section", "record", "field", "field"]))
    if where == "top":
        data[draw(st.sampled_from(["version", *_SECTIONS]))] = draw(_junk)
        return data
    section = draw(st.sampled_from(_SECTIONS))
    if where == "section":
        data[section] = draw(_junk)
        return data
    if section == "process":
        record = data["process"]
    else:
        index = draw(st.integers(0, len(data[section]) - 1))
        if where == "record":
            data[section][index] = draw(_junk)
            return data
        record = data[section][index]
    key = draw(st.sampled_from(sorted(record) + _OPTIONAL_FIELDS))
    # One level down too: a rule of the modalities, or one language of a text.
    if isinstance(record.get(key), dict) and draw(st.booleans()):
        record = record[key]
        key = draw(st.sampled_from(sorted(record) + _OPTIONAL_FIELDS))
    if key in record and draw(st.booleans()):
        del record[key]
    else:
        record[key] = draw(_junk)
    return data


@settings(
    max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=damaged_files())
def test_a_damaged_file_is_loaded_or_refused_with_invalid_input(tmp_path, data):
    path = files.write(tmp_path, data)
    with transaction.atomic():
        try:
            reference_load(path=path)
        except InvalidInput:
            assert counts() == NOTHING
        else:
            assert AuditEntry.objects.count() == 1
        transaction.set_rollback(True)


# Reloading after history was recorded on this instance


def _hand_over_to_kgz_in_2027() -> None:
    chair_term_add(state_iso3="KGZ", starts_on=dt.date(2027, 4, 24), actor=None)


def _terms() -> list[tuple[str, str, str | None]]:
    return [
        (iso3, str(starts_on), str(ends_on) if ends_on else None)
        for iso3, starts_on, ends_on in ChairTerm.objects.order_by("starts_on").values_list(
            "state__iso3", "starts_on", "ends_on"
        )
    ]


def test_a_reload_keeps_a_hand_over_recorded_since_the_file_was_written():
    reference_load()
    _hand_over_to_kgz_in_2027()

    reference_load(force=True)

    assert _terms()[-2:] == [("KAZ", "2025-04-24", "2027-04-24"), ("KGZ", "2027-04-24", None)]


def test_a_reload_after_a_recorded_hand_over_changes_nothing():
    reference_load()
    _hand_over_to_kgz_in_2027()

    assert reference_load(force=True) == LoadResult(
        version=VERSION, created=0, updated=0, skipped=False
    )


@pytest.fixture
def kaz_extended_to_2028(tmp_path: Path) -> Path:
    data = original()
    data["chair_terms"][-1]["to"] = "2028-01-01"
    return files.write(tmp_path, data)


def test_a_file_term_overlapping_a_recorded_term_is_refused(kaz_extended_to_2028):
    reference_load()
    _hand_over_to_kgz_in_2027()

    with pytest.raises(InvalidInput) as refused:
        reference_load(path=kaz_extended_to_2028)

    assert refused.value.text == (
        "chair_terms[6] overlaps the recorded term of KGZ from 2027-04-24."
    )


def test_a_file_term_overlapping_a_recorded_term_writes_nothing(kaz_extended_to_2028):
    reference_load()
    _hand_over_to_kgz_in_2027()
    before = snapshot()

    with pytest.raises(InvalidInput):
        reference_load(path=kaz_extended_to_2028)

    assert snapshot() == before


def test_a_changed_chair_term_in_the_file_updates_just_that_term(tmp_path):
    reference_load()
    data = original()
    item(data, "chair_terms", state="TJK")["representative"] = {
        "en": "Migration Service of Tajikistan",
        "ru": "Миграционная служба Таджикистана",
    }

    result = reference_load(path=files.write(tmp_path, data))

    assert (result.created, result.updated) == (0, 1)
    assert ChairTerm.objects.get(state__iso3="TJK").representative_ru == (
        "Миграционная служба Таджикистана"
    )


def test_a_state_gets_the_rotation_name_the_file_gives_it(tmp_path):
    data = original()
    item(data, "states", iso3="TUR")["rotation_name"] = "Turkey"

    reference_load(path=files.write(tmp_path, data))

    assert State.objects.get(iso3="TUR").rotation_name == "Turkey"
