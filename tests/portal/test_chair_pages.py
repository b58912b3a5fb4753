"""The chairmanship page (public) and the obligations dashboard (staff), in English and Russian.

Russian assertions use texts from the database or CLDR (names of States, the title of the
Operating Modalities, dates), not the message catalogue.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from almaty.accounts.models import Role
from almaty.process.services import chair_pass_record, chair_term_add
from tests.factories.accounts import RoleAssignmentFactory, UserFactory
from tests.portal.page import Element, parse

TITLE_EN = "Operating Modalities of the Almaty Process (2013)"
TITLE_RU = "Порядок работы Алматинского процесса (2013)"
MEMBERS = ["AFG", "AZE", "KAZ", "KGZ", "TJK", "TKM", "TUR"]
STAFF = [
    ("support_unit", None),
    ("chair", "KAZ"),
    ("deputy_chair", "KAZ"),
    ("national_coordinator", "KGZ"),
]
NOT_STAFF = [
    ("technical_officer", "KGZ"),
    ("statistician", "KGZ"),
    ("border_analyst", "TJK"),
    ("protection_officer", "TJK"),
    ("observer_delegate", "IRN"),
]
TERMS_EN = [
    ("KAZ", "recorded", "Kazakhstan", "5 June 2013", "20 September 2016", "extended"),
    ("KGZ", "recorded", "Kyrgyzstan", "20 September 2016", "28 September 2018", "regular"),
    ("TJK", "recorded", "Tajikistan", "28 September 2018", "1 January 2021", "regular"),
    ("TUR", "recorded", "Türkiye", "1 January 2021", "1 January 2023", "regular"),
    ("AZE", "recorded", "Azerbaijan", "1 January 2023", "24 April 2025", "regular"),
    ("KAZ", "recorded", "Kazakhstan", "24 April 2025", "—", "regular"),
    ("KGZ", "projected", "Kyrgyzstan", "24 April 2027", "24 April 2029", "regular"),
    ("TJK", "projected", "Tajikistan", "24 April 2029", "24 April 2031", "regular"),
    ("TUR", "projected", "Türkiye", "24 April 2031", "24 April 2033", "regular"),
    ("TKM", "projected", "Turkmenistan", "24 April 2033", "24 April 2035", "regular"),
    ("AFG", "projected", "Afghanistan", "24 April 2035", "24 April 2037", "regular"),
    ("AZE", "projected", "Azerbaijan", "24 April 2037", "24 April 2039", "regular"),
]


@pytest.fixture(autouse=True)
def _today(time_machine):
    time_machine.move_to(dt.datetime(2026, 1, 15, 9, 0, tzinfo=dt.UTC), tick=False)


def get(client, path: str) -> Element:
    response = client.get(path)
    assert response.status_code == 200, (path, response.status_code)
    return parse(response.content)


def term_rows(page: Element) -> list[tuple[str, ...]]:
    """The chair page's table: (code, recorded/projected, State, from, until, kind)."""
    return [
        (row.attrs["data-state"], row.attrs["class"], *[cell.text for cell in row.find_all("td")][:4])
        for row in page.find("tbody").find_all("tr")
    ]  # fmt: skip


def bars(page: Element) -> list[tuple[str, str]]:
    """The timeline's bars: (code shown, classes)."""
    timeline = page.find("div", class_="timeline")
    return [
        (bar.text, bar.attrs["class"])
        for bar in timeline.find_all("div")
        if bar.attrs.get("class", "").startswith("bar")
    ]


def percent(style: str, name: str) -> float:
    declarations = dict(part.split(":") for part in style.rstrip(";").split(";"))
    return float({k.strip(): v for k, v in declarations.items()}[name].strip().rstrip("%"))


def obligation_rows(page: Element) -> dict[tuple[str, str], list[str]]:
    """(code, ISO3 or "") → the texts of the row's cells."""
    return {
        (row.attrs["data-code"], row.attrs["data-state"]): [cell.text for cell in row.find_all("td")]
        for row in page.find("tbody").find_all("tr")
    }  # fmt: skip


def sign_in_as(client, role: str, state: str | None, **assignment) -> None:
    user = UserFactory()
    RoleAssignmentFactory(
        user=user,
        role=Role.objects.get(code=role),
        state=_state(state),
        **assignment,
    )
    client.force_login(user)


def _state(iso3: str | None):
    from almaty.process.models import State

    return State.objects.get(iso3=iso3) if iso3 else None


# The chair page: who chairs today


def test_chair_page_shows_kazakhstan_as_the_chair_today(client, reference):
    card = get(client, "/en/chair/").find("section", class_="card current-chair")

    assert card.text == "Chair today Kazakhstan since 24 April 2025"


def test_chair_page_in_russian_names_the_chair_in_russian(client, reference):
    card = get(client, "/ru/chair/").find("section", class_="card current-chair")

    assert card.find("p", class_="figure").text == "Казахстан"
    assert "24 апреля 2025" in card.text


def test_chair_page_shows_the_chairs_representative(client, reference, time_machine):
    chair_term_add(
        state_iso3="KGZ",
        starts_on=dt.date(2027, 4, 24),
        representative="State Migration Service of the Kyrgyz Republic",
        actor=None,
    )
    time_machine.move_to(dt.datetime(2027, 5, 1, 9, 0, tzinfo=dt.UTC), tick=False)

    card = get(client, "/en/chair/").find("section", class_="card current-chair")

    assert card.text == (
        "Chair today Kyrgyzstan since 24 April 2027 · State Migration Service of the Kyrgyz Republic"
    )


def test_chair_page_without_reference_data_shows_no_chair(client, db):
    page = get(client, "/en/chair/")

    assert page.find_all("section", class_="card current-chair") == []
    assert page.find("tbody").find_all("tr") == []


@pytest.mark.parametrize(("path", "title"), [("/en/chair/", TITLE_EN), ("/ru/chair/", TITLE_RU)])
def test_chair_page_names_the_modalities_it_reads(client, reference, path, title):
    assert title in get(client, path).find("main").text


# The chair page: the table of terms


def test_chair_page_lists_recorded_terms_then_projected_ones(client, reference):
    assert term_rows(get(client, "/en/chair/")) == TERMS_EN


def test_chair_page_in_russian_lists_the_states_and_dates_in_russian(client, reference):
    rows = term_rows(get(client, "/ru/chair/"))

    assert [row[2:5] for row in rows[:6]] == [
        ("Казахстан", "5 июня 2013", "20 сентября 2016"),
        ("Кыргызстан", "20 сентября 2016", "28 сентября 2018"),
        ("Таджикистан", "28 сентября 2018", "1 января 2021"),
        ("Турция", "1 января 2021", "1 января 2023"),
        ("Азербайджан", "1 января 2023", "24 апреля 2025"),
        ("Казахстан", "24 апреля 2025", "—"),
    ]


def test_chair_page_projects_around_a_recorded_pass(client, reference):
    chair_pass_record(state_iso3="KGZ", turn_starts_on=dt.date(2027, 4, 24), actor=None)

    projected = [row for row in term_rows(get(client, "/en/chair/")) if row[1] == "projected"]

    assert [(row[0], row[3]) for row in projected[:2]] == [
        ("TJK", "24 April 2027"),
        ("TUR", "24 April 2029"),
    ]


# The chair page: passes


def test_chair_page_lists_the_turns_passed_in_2023(client, reference):
    passes = get(client, "/en/chair/").find("ul", class_="passes").find_all("li")

    assert [(item.attrs["data-state"], item.text) for item in passes] == [
        (
            "AFG",
            "Afghanistan passed its turn beginning on 1 January 2023. "
            "Afghanistan's turn came next; it did not take the chair either.",
        ),
        (
            "TKM",
            "Turkmenistan passed its turn beginning on 1 January 2023. "
            "Turkmenistan's turn followed Türkiye's term; the chair went to Azerbaijan.",
        ),
    ]


def test_chair_page_in_russian_gives_the_passes_with_their_russian_notes(client, reference):
    passes = get(client, "/ru/chair/").find("ul", class_="passes").find_all("li")

    assert [item.attrs["data-state"] for item in passes] == ["AFG", "TKM"]
    assert passes[0].text.startswith("Афганистан")
    assert passes[0].find("span", class_="muted").text == (
        "Затем наступила очередь Афганистана; он также не принял председательство."
    )


# The chair page: the timeline


@pytest.mark.parametrize("path", ["/en/chair/", "/ru/chair/"])
def test_timeline_has_one_bar_per_term_in_order(client, reference, path):
    assert [code for code, _ in bars(get(client, path))] == [row[0] for row in TERMS_EN]


def test_timeline_marks_recorded_projected_and_current_bars(client, reference):
    classes = [css for _, css in bars(get(client, "/en/chair/"))]

    assert classes == [
        *["bar recorded"] * 5,
        "bar recorded current",
        *["bar projected"] * 6,
    ]


def test_timeline_bars_follow_each_other_without_overlapping(client, reference):
    timeline = get(client, "/en/chair/").find("div", class_="timeline")
    placed = [
        (percent(bar.attrs["style"], "left"), percent(bar.attrs["style"], "width"))
        for bar in timeline.find_all("div")
        if bar.attrs.get("class", "").startswith("bar")
    ]

    lefts = [left for left, _ in placed]
    ends = [left + width for left, width in placed]
    assert lefts[0] > 0
    assert ends[-1] <= 100
    assert all(width > 0 for _, width in placed)
    assert ends[:-1] == pytest.approx(lefts[1:], abs=0.02)


def test_timeline_puts_today_inside_the_current_bar(client, reference):
    timeline = get(client, "/en/chair/").find("div", class_="timeline")
    today = percent(timeline.find("div", class_="today").attrs["style"], "left")
    current = timeline.find("div", class_="bar recorded current").attrs["style"]

    assert percent(current, "left") < today < percent(current, "left") + percent(current, "width")


def test_timeline_marks_only_the_recorded_chair_current_after_its_expected_end(
    client, reference, time_machine
):
    """In 2028 Kazakhstan still chairs (no hand-over recorded), though the projection had
    Kyrgyzstan from April 2027: the card and the timeline agree on Kazakhstan."""
    time_machine.move_to(dt.datetime(2028, 1, 15, 9, 0, tzinfo=dt.UTC), tick=False)
    page = get(client, "/en/chair/")

    assert page.find("section", class_="card current-chair").find("p", class_="figure").text == (
        "Kazakhstan"
    )
    assert [(code, css) for code, css in bars(page) if "current" in css] == [
        ("KAZ", "bar recorded current")
    ]


@pytest.mark.parametrize("more_history", [False, True])
def test_chair_page_needs_the_same_queries_however_long_the_history(
    client, reference, more_history
):
    if more_history:
        for state, start in [("KGZ", dt.date(2027, 4, 24)), ("TJK", dt.date(2029, 4, 24))]:
            chair_term_add(
                state_iso3=state,
                starts_on=start,
                ends_on=start.replace(year=start.year + 2),
                actor=None,
            )
        for state, turn in [("TUR", 2031), ("TKM", 2031), ("AFG", 2031)]:
            chair_pass_record(state_iso3=state, turn_starts_on=dt.date(turn, 4, 24), actor=None)

    with CaptureQueriesContext(connection) as queries:
        page = get(client, "/en/chair/")

    assert len(term_rows(page)) == 12
    assert len(queries) == 13


# The obligations dashboard: who may see it


@pytest.mark.parametrize("path", ["/en/obligations/", "/ru/obligations/?on=2017-12-31"])
def test_obligations_send_an_anonymous_visitor_to_sign_in(client, reference, path):
    response = client.get(path)

    assert response.status_code == 302
    language = path[1:3]
    assert response["Location"] == (
        f"/{language}/account/sign-in/?next={path.replace('?', '%3F').replace('=', '%3D')}"
    )


@pytest.mark.parametrize(("role", "state"), STAFF)
def test_obligations_open_for_staff_of_the_process(client, reference, role, state):
    sign_in_as(client, role, state)

    page = get(client, "/en/obligations/")

    assert page.find("h1").text == "Obligations of the Operating Modalities"
    assert len(obligation_rows(page)) == 3 + 3 * len(MEMBERS)


@pytest.mark.parametrize(("role", "state"), NOT_STAFF)
def test_obligations_are_refused_to_other_roles(client, reference, role, state):
    sign_in_as(client, role, state)

    response = client.get("/en/obligations/")

    assert response.status_code == 403
    page = parse(response.content)
    assert page.find("h1").text == "Not allowed"
    assert "The obligations dashboard is for the Support Unit" in page.find("main").text
    assert page.find_all("tbody") == []


def test_obligations_are_refused_to_a_signed_in_user_without_a_role(client, reference):
    client.force_login(UserFactory())

    assert client.get("/en/obligations/").status_code == 403


def test_obligations_are_refused_once_the_staff_role_ended(client, reference):
    sign_in_as(
        client,
        "national_coordinator",
        "KGZ",
        valid_from=dt.date(2020, 1, 1),
        valid_to=dt.date(2025, 12, 31),
    )

    assert client.get("/en/obligations/").status_code == 403


# The obligations dashboard: what it shows


@pytest.fixture
def staff(client, reference):
    sign_in_as(client, "support_unit", None)


def test_obligations_on_2017_12_31_show_the_ministerial_overdue(client, staff):
    rows = obligation_rows(get(client, "/en/obligations/?on=2017-12-31"))

    assert rows[("ministerial", "")] == [
        "Ministerial review and planning conference",
        "—",
        "overdue",
        "5 June 2015",
        "5 June 2013",
        "—",
    ]


def test_obligations_cards_count_the_rows_by_status(client, staff):
    page = get(client, "/en/obligations/?on=2017-12-31")
    statuses = [row[2] for row in obligation_rows(page).values()]

    cards = {
        card.attrs["class"].removeprefix("card status-"): int(card.find("span").text)
        for card in page.find("div", class_="cards").find_all("div")
    }
    assert cards == {status: statuses.count(status) for status in ("met", "due", "overdue")}
    assert cards == {"met": 0, "due": 8, "overdue": 16}


def test_obligations_default_to_today_with_the_evidence_of_what_was_met(client, staff):
    page = get(client, "/en/obligations/")

    assert page.find("input", id="on").attrs["value"] == "2026-01-15"
    assert obligation_rows(page)[("ministerial", "")][2:] == [
        "met",
        "24 April 2027",
        "24 April 2025",
        "3rd Ministerial Conference of the Almaty Process, Baku (2025-04-24)",
    ]


def test_obligations_keep_the_day_asked_for_in_the_form(client, staff):
    page = get(client, "/en/obligations/?on=2017-12-31")

    assert page.find("input", id="on").attrs["value"] == "2017-12-31"


@pytest.mark.parametrize("day", ["31.12.2017", "2017-02-30", "yesterday"])
def test_obligations_with_a_bad_date_say_so_and_show_today(client, staff, day):
    page = get(client, f"/en/obligations/?on={day}")

    assert page.find("ul", class_="messages").text == f"'{day}' is not a date (YYYY-MM-DD)."
    assert page.find("input", id="on").attrs["value"] == "2026-01-15"
    assert obligation_rows(page)[("ministerial", "")][2] == "met"


def test_obligations_name_the_modalities_they_read(client, staff):
    assert TITLE_EN in get(client, "/en/obligations/?on=2017-12-31").find("main").text


def test_obligations_in_russian_name_the_states_and_modalities_in_russian(client, staff):
    page = get(client, "/ru/obligations/?on=2017-12-31")

    assert TITLE_RU in page.find("main").text
    rows = obligation_rows(page)
    assert [rows[("coordinator", iso3)][1] for iso3 in MEMBERS] == [
        "Афганистан",
        "Азербайджан",
        "Казахстан",
        "Кыргызстан",
        "Таджикистан",
        "Туркменистан",
        "Турция",
    ]
