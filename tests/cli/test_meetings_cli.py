"""`almaty meetings list|show|ics|clone`: the calendar and agendas as an operator reads them."""

from __future__ import annotations

import datetime as dt

import pytest

from almaty.meetings.choices import ItemKind, MeetingKind, SpeakerRole
from almaty.meetings.models import Meeting
from tests.cli.running import table_rows
from tests.factories.accounts import UserFactory
from tests.factories.meetings import (
    AgendaItemFactory,
    MeetingFactory,
    PersonFactory,
    SpeakerFactory,
    row_counts,
)


@pytest.fixture(autouse=True)
def _today(time_machine):
    time_machine.move_to(dt.datetime(2026, 1, 15, 9, 0, tzinfo=dt.UTC), tick=False)


@pytest.fixture
def som(reference):
    """Next June's two-day meeting in Bishkek, numbered 7, its agenda drafted."""
    meeting = MeetingFactory(
        kind=MeetingKind.SOM,
        number=7,
        title_en="Senior Officials' Meeting 2026",
        title_ru="Совещание старших должностных лиц 2026",
        starts_on=dt.date(2026, 6, 10),
        ends_on=dt.date(2026, 6, 11),
        city_en="Bishkek",
        city_ru="Бишкек",
        time_zone="Asia/Bishkek",
    )
    session = AgendaItemFactory(
        meeting=meeting,
        starts_at=dt.time(10),
        ends_at=dt.time(12),
        title_en="Session 1: labour migration",
        title_ru="Сессия 1: трудовая миграция",
    )
    talk = AgendaItemFactory(
        parent=session,
        kind=ItemKind.TALK,
        starts_at=dt.time(10, 30),
        title_en="Findings of the survey",
        title_ru="Итоги обследования",
    )
    SpeakerFactory(
        item=talk,
        person=PersonFactory(name_en="Aliya Sadykova", name_ru="Алия Садыкова"),
        role=SpeakerRole.PRESENTER,
    )
    AgendaItemFactory(
        meeting=meeting,
        day=dt.date(2026, 6, 11),
        kind=ItemKind.CLOSING,
        starts_at=dt.time(16),
        title_en="Closing",
        title_ru="Закрытие",
    )
    return meeting


@pytest.fixture
def clerk(user_with_role):
    return user_with_role("support_unit")


# list


def test_list_shows_every_meeting_in_date_order(almaty, som):
    result = almaty("meetings", "list")

    assert result.exit_code == 0
    rows = table_rows(result.stdout)
    assert [row[1] for row in rows] == sorted(row[1] for row in rows)
    assert [str(som.pk), "2026-06-10", "2026-06-11", "Senior Officials' Meeting",
            "Senior Officials' Meeting 2026", "Bishkek", "draft"] in rows  # fmt: skip
    assert len(rows) == Meeting.objects.count()


def test_list_upcoming_leaves_out_meetings_that_ended(almaty, som):
    result = almaty("meetings", "list", "--upcoming")

    assert [row[0] for row in table_rows(result.stdout)] == [str(som.pk)]


def test_list_in_russian_gives_russian_titles(almaty, som):
    result = almaty("meetings", "list", "--upcoming", language="ru")

    assert "Совещание старших должностных лиц 2026" in result.out


# show


def test_show_prints_the_agenda_day_by_day(almaty, som):
    result = almaty("meetings", "show", str(som.pk))

    assert result.exit_code == 0
    assert "Senior Officials' Meeting 2026" in result.out
    assert "From 2026-06-10 to 2026-06-11, Bishkek" in result.out
    assert "The agenda is a draft: it is not published yet." in result.out
    agenda = result.out.split("not published yet.", 1)[1]
    positions = [agenda.index(text) for text in ("2026-06-10", "Session 1", "2026-06-11", "16:00")]
    assert positions == sorted(positions)
    rows = table_rows(result.stdout)
    assert ["10:00–12:00", "Session 1: labour migration", "Session", ""] in rows
    assert ["10:30", "Findings of the survey", "Presentation", "Aliya Sadykova (Presenter)"] in rows
    assert ["16:00", "Closing", "Closing", ""] in rows
    assert "Time (Asia/Bishkek)" in result.out


def test_show_a_meeting_without_agenda_says_so(almaty, reference):
    meeting = MeetingFactory(title_en="Empty meeting")

    result = almaty("meetings", "show", str(meeting.pk))

    assert result.exit_code == 0
    assert "The agenda has no items yet." in result.out


def test_show_an_unknown_meeting_is_a_clear_error(almaty, reference):
    result = almaty("meetings", "show", "999")

    assert result.exit_code == 1
    assert result.error == "Error: No meeting 999."


def test_show_in_russian_gives_the_russian_agenda(almaty, som):
    result = almaty("meetings", "show", str(som.pk), language="ru")

    assert "Сессия 1: трудовая миграция" in result.out
    assert "Алия Садыкова" in result.out


# ics


def test_ics_writes_one_meeting(almaty, som, tmp_path):
    target = tmp_path / "som.ics"

    result = almaty("meetings", "ics", str(som.pk), "-o", str(target))

    assert result.exit_code == 0
    assert f"1 meeting written to {target}." in result.out
    body = target.read_text()
    assert body.startswith("BEGIN:VCALENDAR")
    assert body.count("BEGIN:VEVENT") == 1
    assert "SUMMARY:Senior Officials' Meeting 2026" in body


def test_ics_all_writes_every_meeting(almaty, som, tmp_path):
    target = tmp_path / "all.ics"

    result = almaty("meetings", "ics", "--all", "--output", str(target))

    count = Meeting.objects.count()
    assert result.exit_code == 0
    assert f"{count} meetings written to {target}." in result.out
    assert target.read_text().count("BEGIN:VEVENT") == count


@pytest.mark.parametrize("args", [[], ["--all", "1"]], ids=["neither", "both"])
def test_ics_needs_one_meeting_or_all(almaty, som, tmp_path, args):
    target = tmp_path / "x.ics"

    result = almaty("meetings", "ics", *args, "-o", str(target))

    assert result.exit_code == 2
    assert "Give the id of one meeting, or --all, not both." in result.err
    assert not target.exists()


def test_ics_of_an_unknown_meeting_writes_nothing(almaty, reference, tmp_path):
    target = tmp_path / "x.ics"

    result = almaty("meetings", "ics", "999", "-o", str(target))

    assert result.exit_code == 1
    assert result.error == "Error: No meeting 999."
    assert not target.exists()


def test_ics_into_a_missing_folder_is_a_clear_error(almaty, som, tmp_path):
    target = tmp_path / "nowhere" / "x.ics"

    result = almaty("meetings", "ics", str(som.pk), "-o", str(target))

    assert result.exit_code == 1
    assert result.error.startswith(f"Error: Cannot write {target}:")


# clone


def test_clone_prepares_the_next_meeting_as_the_support_unit(almaty, som, clerk):
    result = almaty(
        "meetings", "clone", str(som.pk), "--starts-on", "2027-06-09", "--as", clerk.email
    )

    assert result.exit_code == 0
    made = Meeting.objects.get(cloned_from=som)
    assert (made.starts_on, made.ends_on, made.number, made.is_agenda_published) == (
        dt.date(2027, 6, 9),
        dt.date(2027, 6, 10),
        8,
        False,
    )
    assert made.agenda_items.count() == 3
    assert (
        f"Meeting {made.pk} prepared from {som.pk}: Senior Officials' Meeting 2026, "
        "2027-06-09 to 2027-06-10." in result.out
    )


@pytest.mark.parametrize(
    ("role", "state"), [("national_coordinator", "KAZ"), ("chair", "KAZ"), ("statistician", "KGZ")]
)
def test_clone_as_anyone_else_is_refused_and_changes_nothing(
    almaty, som, user_with_role, role, state
):
    user = user_with_role(role, state)
    before = row_counts()

    result = almaty(
        "meetings", "clone", str(som.pk), "--starts-on", "2027-06-09", "--as", user.email
    )

    assert result.exit_code == 1
    assert result.error == "Error: This needs the role Support Unit staff."
    assert row_counts() == before


@pytest.mark.parametrize(
    ("args", "error"),
    [
        (["--as", "nobody@example.org"], "Error: There is no user nobody@example.org."),
        (["--starts-on", "2026-06-10"], "Error: The new meeting must start on another day than 2026-06-10, the first day of this one."),
    ],
)  # fmt: skip
def test_clone_errors_are_clear_and_change_nothing(almaty, som, clerk, args, error):
    options = {"--starts-on": "2027-06-09", "--as": clerk.email}
    options.update(zip(args[::2], args[1::2], strict=True))
    before = row_counts()

    result = almaty("meetings", "clone", str(som.pk), *[x for kv in options.items() for x in kv])

    assert result.exit_code == 1
    assert result.error == error
    assert row_counts() == before


def test_clone_as_a_deactivated_user_is_refused(almaty, som):
    user = UserFactory(is_active=False)

    result = almaty(
        "meetings", "clone", str(som.pk), "--starts-on", "2027-06-09", "--as", user.email
    )

    assert result.exit_code == 1
    assert result.error == f"Error: There is no user {user.email}."


def test_clone_with_a_date_in_another_format_is_a_usage_error(almaty, som, clerk):
    result = almaty(
        "meetings", "clone", str(som.pk), "--starts-on", "09.06.2027", "--as", clerk.email
    )

    assert result.exit_code == 2
    assert not Meeting.objects.filter(cloned_from=som).exists()


# help


@pytest.mark.parametrize(
    ("command", "describes"),
    [
        (["meetings"], "Meetings: the calendar, agendas and iCalendar files."),
        (["meetings", "list"], "Meetings in date order."),
        (["meetings", "show"], "One meeting and its agenda, day by day (venue time)."),
        (["meetings", "ics"], "Write an iCalendar file of one meeting, or of every meeting."),
        (["meetings", "clone"], "Prepare a new meeting from an earlier one"),
    ],
)
def test_help_describes_each_meetings_command(almaty, command, describes):
    result = almaty(*command, "--help")

    assert result.exit_code == 0
    assert describes in result.out
