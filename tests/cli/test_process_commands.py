"""`almaty process ...`: the rotation, the obligations and recording the chair's history."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from almaty.accounts.models import RoleAssignment
from almaty.core.models import AuditEntry
from almaty.process.models import ChairPass, ChairTerm, NationalCoordinator
from tests.cli.running import table_rows
from tests.factories.accounts import UserFactory

ROTATION_2013_2035 = [
    {"state": "KAZ", "start": "2013-06-05", "end": "2016-09-20", "basis": "recorded", "kind": "extended"},
    {"state": "KGZ", "start": "2016-09-20", "end": "2018-09-28", "basis": "recorded", "kind": "regular"},
    {"state": "TJK", "start": "2018-09-28", "end": "2021-01-01", "basis": "recorded", "kind": "regular"},
    {"state": "TUR", "start": "2021-01-01", "end": "2023-01-01", "basis": "recorded", "kind": "regular"},
    {"state": "AZE", "start": "2023-01-01", "end": "2025-04-24", "basis": "recorded", "kind": "regular"},
    {"state": "KAZ", "start": "2025-04-24", "end": None, "basis": "recorded", "kind": "regular"},
    {"state": "KGZ", "start": "2027-04-24", "end": "2029-04-24", "basis": "projected", "kind": "regular"},
    {"state": "TJK", "start": "2029-04-24", "end": "2031-04-24", "basis": "projected", "kind": "regular"},
    {"state": "TUR", "start": "2031-04-24", "end": "2033-04-24", "basis": "projected", "kind": "regular"},
    {"state": "TKM", "start": "2033-04-24", "end": "2035-04-24", "basis": "projected", "kind": "regular"},
    {"state": "AFG", "start": "2035-04-24", "end": "2037-04-24", "basis": "projected", "kind": "regular"},
]  # fmt: skip
MEMBERS = ["AFG", "AZE", "KAZ", "KGZ", "TJK", "TKM", "TUR"]


@pytest.fixture(autouse=True)
def _today(time_machine):
    time_machine.move_to(dt.datetime(2026, 1, 15, 9, 0, tzinfo=dt.UTC), tick=False)


def stored():
    """What the writing commands could have changed."""
    return (
        list(ChairTerm.objects.order_by("starts_on").values_list("state__iso3", "ends_on")),
        list(ChairPass.objects.values_list("state__iso3", "turn_starts_on")),
        list(NationalCoordinator.objects.values_list("state__iso3", "ended_on")),
        RoleAssignment.objects.count(),
        AuditEntry.objects.count(),
    )


# almaty process rotation


def test_rotation_2013_to_2035_as_json_is_every_term_recorded_then_projected(almaty, reference):
    result = almaty("process", "rotation", "--from", "2013", "--to", "2035", "--format", "json")

    assert result.exit_code == 0
    assert json.loads(result.stdout) == ROTATION_2013_2035


def test_a_window_that_ends_before_it_starts_is_refused(almaty, reference):
    result = almaty("process", "rotation", "--from", "2030", "--to", "2029")

    assert result.exit_code == 1
    assert "The window ends before it starts." in result.err


@pytest.mark.parametrize(
    ("start", "end", "states"),
    [
        ("2020", "2026", ["TJK", "TUR", "AZE", "KAZ"]),
        ("2027-04-24", "2029-04-23", ["KGZ"]),  # the open term runs until the next one begins
        ("2027-04-23", "2027-04-23", ["KAZ"]),  # ... and up to the day before
        ("2031", "2032", ["TJK", "TUR"]),  # long after the current term, no stale open term
        ("2016-09", "2016-09", ["KAZ", "KGZ"]),  # a month with a hand-over
        ("2017", "2017", ["KGZ"]),
    ],
)
def test_rotation_gives_the_terms_that_overlap_the_window(almaty, reference, start, end, states):
    result = almaty("process", "rotation", "--from", start, "--to", end, "--format", "json")

    assert [term["state"] for term in json.loads(result.stdout)] == states


def test_rotation_table_in_english_is_the_default(almaty, reference):
    result = almaty("process", "rotation", "--from", "2013", "--to", "2035")

    assert result.exit_code == 0
    assert "Chair of the process" in result.out
    assert "┃ State" in result.stdout
    assert table_rows(result.stdout) == [
        ["Kazakhstan", "2013-06-05", "2016-09-20", "recorded", "extended"],
        ["Kyrgyzstan", "2016-09-20", "2018-09-28", "recorded", "regular"],
        ["Tajikistan", "2018-09-28", "2021-01-01", "recorded", "regular"],
        ["Türkiye", "2021-01-01", "2023-01-01", "recorded", "regular"],
        ["Azerbaijan", "2023-01-01", "2025-04-24", "recorded", "regular"],
        ["Kazakhstan", "2025-04-24", "—", "recorded", "regular"],
        ["Kyrgyzstan", "2027-04-24", "2029-04-24", "projected", "regular"],
        ["Tajikistan", "2029-04-24", "2031-04-24", "projected", "regular"],
        ["Türkiye", "2031-04-24", "2033-04-24", "projected", "regular"],
        ["Turkmenistan", "2033-04-24", "2035-04-24", "projected", "regular"],
        ["Afghanistan", "2035-04-24", "2037-04-24", "projected", "regular"],
    ]


def test_rotation_table_in_russian_names_the_states_in_russian(almaty, reference):
    result = almaty(
        "--lang", "ru", "process", "rotation", "--from", "2013", "--to", "2035", language="ru"
    )

    assert result.exit_code == 0
    assert [row[:3] for row in table_rows(result.stdout)] == [
        ["Казахстан", "2013-06-05", "2016-09-20"],
        ["Кыргызстан", "2016-09-20", "2018-09-28"],
        ["Таджикистан", "2018-09-28", "2021-01-01"],
        ["Турция", "2021-01-01", "2023-01-01"],
        ["Азербайджан", "2023-01-01", "2025-04-24"],
        ["Казахстан", "2025-04-24", "—"],
        ["Кыргызстан", "2027-04-24", "2029-04-24"],
        ["Таджикистан", "2029-04-24", "2031-04-24"],
        ["Турция", "2031-04-24", "2033-04-24"],
        ["Туркменистан", "2033-04-24", "2035-04-24"],
        ["Афганистан", "2035-04-24", "2037-04-24"],
    ]


def test_rotation_json_is_the_same_in_russian(almaty, reference):
    result = almaty(
        "--lang", "ru", "process", "rotation", "--format", "json", "--to", "2035", language="ru"
    )

    assert json.loads(result.stdout) == ROTATION_2013_2035


@pytest.mark.parametrize("option", ["--from", "--to"])
def test_rotation_with_a_bad_year_says_what_it_expects(almaty, reference, option):
    result = almaty("process", "rotation", option, "20x5")

    assert result.exit_code == 1
    assert result.error == (
        "Error: '20x5' is not a year, a month or a day (YYYY, YYYY-MM, YYYY-MM-DD)."
    )
    assert result.stdout == ""


@pytest.mark.parametrize("command", ["rotation", "obligations"])
def test_an_unknown_format_is_refused(almaty, reference, command):
    result = almaty("process", command, "--format", "xml")

    assert result.exit_code == 2
    assert "Invalid value for '--format': 'xml' is not one of 'table', 'json'." in result.err
    assert result.stdout == ""


def test_rotation_without_reference_data_says_how_to_load_it(almaty, db):
    result = almaty("process", "rotation")

    assert result.exit_code == 1
    assert result.error == "Error: No Operating Modalities are loaded. Run: almaty load-reference"


# almaty process obligations


def test_obligations_on_2017_12_31_have_the_ministerial_overdue(almaty, reference):
    result = almaty("process", "obligations", "--on", "2017-12-31", "--format", "json")

    assert result.exit_code == 0
    assert json.loads(result.stdout)[0] == {
        "code": "ministerial",
        "state": None,
        "status": "overdue",
        "due_on": "2015-06-05",
        "last_on": "2013-06-05",
        "evidence": [],
    }


def test_obligations_json_lists_the_process_then_each_member(almaty, reference):
    result = almaty("process", "obligations", "--on", "2017-12-31", "--format", "json")

    assert [(row["code"], row["state"]) for row in json.loads(result.stdout)] == [
        ("ministerial", None),
        ("som", None),
        ("support_unit_review", None),
        *[(code, iso3) for iso3 in MEMBERS for code in ("coordinator", "national_consultation", "fee")],
    ]  # fmt: skip


def test_obligations_json_gives_the_meeting_that_met_one_as_evidence(almaty, reference):
    result = almaty("process", "obligations", "--format", "json")  # today

    (evidence,) = json.loads(result.stdout)[0]["evidence"]
    assert (evidence["kind"], evidence["on"], evidence["label"]) == (
        "ministerial",
        "2025-04-24",
        "3rd Ministerial Conference of the Almaty Process, Baku",
    )


def test_obligations_table_shows_the_overdue_ministerial_with_its_deadline(almaty, reference):
    result = almaty("process", "obligations", "--on", "2017-12-31")

    assert result.exit_code == 0
    assert "Obligations on 2017-12-31" in result.out
    rows = table_rows(result.stdout)
    assert rows[0] == [
        "Ministerial review and planning conference",
        "—",
        "overdue",
        "2015-06-05",
        "2013-06-05",
        "—",
    ]
    assert [row[1] for row in rows if row[0] == "Voluntary fee"] == [
        "Afghanistan", "Azerbaijan", "Kazakhstan", "Kyrgyzstan", "Tajikistan", "Turkmenistan",
        "Türkiye",
    ]  # fmt: skip


def test_obligations_table_in_russian_names_the_states_in_russian(almaty, reference):
    result = almaty("--lang", "ru", "process", "obligations", "--on", "2017-12-31", language="ru")

    assert result.exit_code == 0
    states = [row[1] for row in table_rows(result.stdout)]
    assert states[3::3] == [
        "Афганистан", "Азербайджан", "Казахстан", "Кыргызстан", "Таджикистан", "Туркменистан",
        "Турция",
    ]  # fmt: skip


def test_obligations_with_a_bad_day_say_what_they_expect(almaty, reference):
    result = almaty("process", "obligations", "--on", "31.12.2017")

    assert result.exit_code == 1
    assert result.error == (
        "Error: '31.12.2017' is not a year, a month or a day (YYYY, YYYY-MM, YYYY-MM-DD)."
    )


# almaty process term add | term end


def test_term_add_records_the_term_and_ends_the_open_one(almaty, reference):
    result = almaty(
        "process", "term", "add", "--state", "KGZ", "--from", "2027-04-24",
        "--representative", "State Migration Service", "--decision", "7th SOM",
    )  # fmt: skip

    assert result.exit_code == 0
    assert result.out == "Recorded: KGZ chairs from 2027-04-24."
    assert list(
        ChairTerm.objects.filter(starts_on__year__gte=2025)
        .order_by("starts_on")
        .values_list("state__iso3", "ends_on", "representative", "decision_ref")
    ) == [
        ("KAZ", dt.date(2027, 4, 24), "", ""),
        ("KGZ", None, "State Migration Service", "7th SOM"),
    ]


def test_term_add_is_audited_as_the_system(almaty, reference):
    almaty("process", "term", "add", "--state", "KGZ", "--from", "2027-04-24", "--kind", "interim")

    entry = AuditEntry.objects.get(message_key="chair.term_added")
    assert (entry.actor_id, entry.actor_label, entry.params) == (
        None,
        "system",
        {"state": "KGZ", "starts_on": "2027-04-24", "kind": "interim"},
    )


def test_term_add_then_rotation_projects_from_the_new_term(almaty, reference):
    almaty("process", "term", "add", "--state", "KGZ", "--from", "2027-04-24", "--to", "2029-04-24")

    result = almaty("process", "rotation", "--from", "2027", "--to", "2031", "--format", "json")

    assert [(t["state"], t["start"], t["basis"]) for t in json.loads(result.stdout)] == [
        ("KAZ", "2025-04-24", "recorded"),
        ("KGZ", "2027-04-24", "recorded"),
        ("TJK", "2029-04-24", "projected"),
        ("TUR", "2031-04-24", "projected"),
    ]


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (
            ["--state", "IRN", "--from", "2027-04-24"],
            "IRN cannot chair on 2027-04-24: only Member State may, and it is Observer.",
        ),
        (
            ["--state", "KGZ", "--from", "2020-01-01", "--to", "2020-06-01"],
            "This term overlaps the term of TJK from 2018-09-28.",
        ),
        (
            ["--state", "KGZ", "--from", "2024-06-01"],
            "This term overlaps the term of AZE from 2023-01-01.",
        ),
        (
            ["--state", "KGZ", "--from", "2027-04-24", "--to", "2026-04-24"],
            "A term must end after it starts.",
        ),
        (
            ["--state", "KGZ", "--from", "2027-04-24", "--kind", "honorary"],
            "Unknown kind of term 'honorary'.",
        ),
        (["--state", "XYZ", "--from", "2027-04-24"], "Unknown State code 'XYZ'."),
        (
            ["--state", "KGZ", "--from", "2027-02-30"],
            "'2027-02-30' is not a year, a month or a day (YYYY, YYYY-MM, YYYY-MM-DD).",
        ),
    ],
    ids=[
        "observer",
        "inside a recorded term",
        "over the last closed term",
        "ends before it starts",
        "unknown kind",
        "unknown state",
        "not a date",
    ],
)
def test_term_add_with_bad_input_exits_1_saying_why_and_stores_nothing(
    almaty, reference, options, message
):
    before = stored()

    result = almaty("process", "term", "add", *options)

    assert result.exit_code == 1
    assert result.error == f"Error: {message}"
    assert result.stdout == ""
    assert stored() == before


def test_term_end_sets_the_hand_over_day_of_the_open_term(almaty, reference):
    result = almaty("process", "term", "end", "--on", "2027-04-24")

    assert result.exit_code == 0
    assert result.out == "The term of KAZ ends on 2027-04-24."
    assert ChairTerm.objects.get(state__iso3="KAZ", starts_on="2025-04-24").ends_on == dt.date(
        2027, 4, 24
    )
    assert AuditEntry.objects.get(message_key="chair.term_ended").params == {
        "state": "KAZ",
        "ends_on": "2027-04-24",
    }


@pytest.mark.parametrize("day", ["2025-04-24", "2024-12-31"])
def test_term_end_before_the_term_starts_exits_1_and_changes_nothing(almaty, reference, day):
    before = stored()

    result = almaty("process", "term", "end", "--on", day)

    assert result.exit_code == 1
    assert result.error == "Error: A term must end after it starts."
    assert stored() == before


def test_term_end_without_an_open_term_says_so(almaty, reference):
    almaty("process", "term", "end", "--on", "2027-04-24")
    before = stored()

    result = almaty("process", "term", "end", "--on", "2027-05-01")

    assert result.exit_code == 1
    assert result.error == "Error: No chair term is open."
    assert stored() == before


# almaty process pass


def test_pass_records_the_declined_turn_and_the_rotation_skips_it(almaty, reference):
    result = almaty("process", "pass", "--state", "KGZ", "--turn", "2027-04-24")

    assert result.exit_code == 0
    assert result.out == "Recorded: KGZ passed the turn beginning on 2027-04-24."
    assert AuditEntry.objects.get(message_key="chair.pass_recorded").params == {
        "state": "KGZ",
        "turn_starts_on": "2027-04-24",
    }
    rotation = almaty("process", "rotation", "--from", "2027", "--to", "2030", "--format", "json")
    projected = [t for t in json.loads(rotation.stdout) if t["basis"] == "projected"]
    assert [(t["state"], t["start"]) for t in projected] == [
        ("TJK", "2027-04-24"),
        ("TUR", "2029-04-24"),
    ]


@pytest.mark.parametrize(
    ("state", "turn", "message"),
    [
        (
            "IRN",
            "2027-04-24",
            "Only a Member State can pass its turn; IRN is not a member on 2027-04-24.",
        ),
        (
            "UZB",
            "2027-04-24",
            "Only a Member State can pass its turn; UZB is not a member on 2027-04-24.",
        ),
        ("TKM", "2023-01-01", "TKM already passed the turn beginning on 2023-01-01."),
        (
            "KGZ",
            "soon",
            "'soon' is not a year, a month or a day (YYYY, YYYY-MM, YYYY-MM-DD).",
        ),
    ],
    ids=["observer", "non-participant", "twice", "not a date"],
)
def test_pass_with_bad_input_exits_1_saying_why_and_stores_nothing(
    almaty, reference, state, turn, message
):
    before = stored()

    result = almaty("process", "pass", "--state", state, "--turn", turn)

    assert result.exit_code == 1
    assert result.error == f"Error: {message}"
    assert stored() == before


# almaty process coordinator


def test_coordinator_designates_the_states_national_coordinator(almaty, reference):
    result = almaty(
        "process", "coordinator", "--state", "KGZ", "--name", "Aibek Isaev", "--from", "2026-01-10"
    )

    assert result.exit_code == 0
    assert result.out == "Aibek Isaev is the National Coordinator of KGZ from 2026-01-10."
    assert list(
        NationalCoordinator.objects.values_list("state__iso3", "full_name", "designated_on")
    ) == [("KGZ", "Aibek Isaev", dt.date(2026, 1, 10))]
    assert AuditEntry.objects.get(message_key="coordinator.designated").params == {
        "state": "KGZ",
        "name": "Aibek Isaev",
        "designated_on": "2026-01-10",
    }


def test_coordinator_with_an_account_gives_it_the_role(almaty, reference):
    person = UserFactory(email="aibek@example.org")

    almaty(
        "process", "coordinator", "--state", "KGZ", "--name", "Aibek Isaev", "--from",
        "2026-01-10", "--email", "AIBEK@example.org",
    )  # fmt: skip

    assert list(
        RoleAssignment.objects.filter(user=person).values_list(
            "role__code", "state__iso3", "valid_from", "valid_to"
        )
    ) == [("national_coordinator", "KGZ", dt.date(2026, 1, 10), None)]


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (
            ["--state", "IRN", "--name", "A. Rahimi", "--from", "2026-01-10"],
            "Only a Member State designates a National Coordinator; IRN is not a member on 2026-01-10.",
        ),
        (
            ["--state", "KGZ", "--name", " ", "--from", "2026-01-10"],
            "Give the National Coordinator's full name.",
        ),
        (
            ["--state", "KGZ", "--name", "A. Isaev", "--from", "2026-01-10", "--email", "x@example.org"],
            "There is no user x@example.org.",
        ),
    ],
    ids=["observer", "no name", "unknown account"],
)  # fmt: skip
def test_coordinator_with_bad_input_exits_1_saying_why_and_stores_nothing(
    almaty, reference, options, message
):
    before = stored()

    result = almaty("process", "coordinator", *options)

    assert result.exit_code == 1
    assert result.error == f"Error: {message}"
    assert stored() == before


def test_a_second_coordinator_on_the_same_day_is_refused(almaty, reference):
    almaty("process", "coordinator", "--state", "KGZ", "--name", "A. Isaev", "--from", "2026-01-10")
    before = stored()

    result = almaty(
        "process", "coordinator", "--state", "KGZ", "--name", "B. Asanov", "--from", "2026-01-10"
    )

    assert result.exit_code == 1
    assert result.error == (
        "Error: A. Isaev is the National Coordinator of KGZ since 2026-01-10; choose a later day."
    )
    assert stored() == before


# Help


@pytest.mark.parametrize(
    ("command", "options"),
    [
        (["rotation"], ["--from", "--to", "--format"]),
        (["obligations"], ["--on", "--format"]),
        (
            ["term", "add"],
            ["--state", "--from", "--to", "--kind", "--representative", "--decision"],
        ),
        (["term", "end"], ["--on"]),
        (["pass"], ["--state", "--turn", "--decision"]),
        (["coordinator"], ["--state", "--name", "--from", "--email"]),
    ],
    ids=lambda v: " ".join(v) if isinstance(v, list) and not v[0].startswith("-") else None,
)
def test_help_lists_each_commands_options(almaty, command, options):
    result = almaty("process", *command, "--help")

    assert result.exit_code == 0
    for option in options:
        assert option in result.out
