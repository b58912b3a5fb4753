"""Loading the reference data file: all or nothing, idempotent, and clear about what is wrong."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from almaty.accounts.models import Role
from almaty.core.audit_messages import render
from almaty.core.errors import InvalidInput
from almaty.core.models import AuditEntry
from almaty.process.choices import ParticipationStatus
from almaty.process.models import (
    Organisation,
    Participation,
    ProcessProfile,
    ReferenceDataset,
    State,
)
from almaty.process.services import LoadResult, reference_load
from tests.process import reference_files as files
from tests.process.reference_files import item, original, position

pytestmark = pytest.mark.django_db

ALL_RECORDS = 1 + 9 + 13 + 17 + 14  # profile, roles, States, organisations, participations


def snapshot() -> dict[str, list[dict[str, Any]]]:
    """Every loaded row with all its fields, to show what a load did or did not touch."""
    return {
        model.__name__: list(model.objects.order_by("pk").values())
        for model in (
            ProcessProfile,
            Role,
            State,
            Organisation,
            Participation,
            ReferenceDataset,
            AuditEntry,
        )
    }


# A first load of the shipped file


def test_first_load_creates_every_record():
    assert reference_load() == LoadResult(version=1, created=ALL_RECORDS, updated=0, skipped=False)


@pytest.mark.parametrize(
    ("model", "count"),
    [(ProcessProfile, 1), (Role, 9), (State, 13), (Organisation, 17), (Participation, 14)],
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
        f"Reference data version 1 was loaded: {ALL_RECORDS} records created, 0 changed."
    )


def test_load_reports_progress_up_to_every_record():
    steps: list[tuple[int, int]] = []

    reference_load(progress=lambda done, total: steps.append((done, total)))

    assert (len(steps), steps[-1]) == (ALL_RECORDS, (ALL_RECORDS, ALL_RECORDS))


# Loading again


def test_second_load_of_the_same_file_is_skipped():
    reference_load()

    assert reference_load() == LoadResult(version=1, created=0, updated=0, skipped=True)


def test_second_load_of_the_same_file_writes_nothing_not_even_an_audit_entry():
    reference_load()
    before = snapshot()

    reference_load()

    assert snapshot() == before


def test_forced_reload_of_the_same_file_creates_and_changes_nothing():
    reference_load()

    assert reference_load(force=True) == LoadResult(version=1, created=0, updated=0, skipped=False)


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
        version=1, created=0, updated=1, skipped=False
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


BAD_FILES = [
    pytest.param(
        _edit_text("version: 1", "version: 1\nprocess: [unclosed"),
        lambda d: "The reference file is not valid YAML",
        id="invalid-yaml",
    ),
    pytest.param(
        _edit_text("version: 1\n", "\n"),
        lambda d: "The reference file has no integer 'version'.",
        id="no-version",
    ),
    pytest.param(
        _edit_text("version: 1\n", "version: one\n"),
        lambda d: "The reference file has no integer 'version'.",
        id="version-not-a-number",
    ),
    pytest.param(
        _edit_text("version: 1\n", "version: 0\n"),
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

    assert (State.objects.count(), Role.objects.count(), AuditEntry.objects.count()) == (0, 0, 0)


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

    assert (State.objects.count(), Role.objects.count(), AuditEntry.objects.count()) == (0, 0, 0)


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

_SECTIONS = ["process", "roles", "states", "organisations", "participations"]
_junk = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-3, 3000),
    st.text(alphabet="abcKGZ-019 ", max_size=12),
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
    key = draw(st.sampled_from(sorted(record)))
    if draw(st.booleans()):
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
            assert (State.objects.count(), Role.objects.count(), AuditEntry.objects.count()) == (
                0,
                0,
                0,
            )
        else:
            assert AuditEntry.objects.count() == 1
        transaction.set_rollback(True)
