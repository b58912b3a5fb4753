"""The members map, a State's page, the statistics page and the home page's news, decisions,
next meeting and figures."""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET

import pytest
from django.utils import timezone

from almaty.decisions.choices import ProposalKind, ProposalStatus
from almaty.decisions.models import Proposal
from almaty.meetings.models import Meeting
from almaty.portal import indicators
from almaty.portal.indicators import IndicatorPoint, IndicatorSeries
from almaty.process.models import State
from tests.factories.archive import DocumentFactory, DocumentVersionFactory
from tests.factories.meetings import MeetingFactory
from tests.factories.news import NewsItemFactory
from tests.factories.process import NationalCoordinatorFactory
from tests.portal.page import Element, parse
from tests.portal.page import svg as svg_element

SVG = "{http://www.w3.org/2000/svg}"
MEMBERS = ["AFG", "AZE", "KAZ", "KGZ", "TJK", "TKM", "TUR"]
OBSERVERS = ["IRN", "PAK"]


@pytest.fixture(autouse=True)
def _today(time_machine):
    time_machine.move_to(dt.datetime(2026, 1, 15, 9, 0, tzinfo=dt.UTC), tick=False)


def get(client, path: str) -> Element:
    response = client.get(path)
    assert response.status_code == 200, (path, response.status_code)
    return parse(response.content)


def map_svg(client, path: str) -> ET.Element:
    return svg_element(client.get(path).content)


def state(iso3: str) -> State:
    return State.objects.get(iso3=iso3)


def sample_series() -> list[IndicatorSeries]:
    return [
        IndicatorSeries(
            code="refugees",
            name="Refugees hosted",
            unit="persons",
            source="UNHCR",
            points=(
                IndicatorPoint("2023", 100, "KAZ"),
                IndicatorPoint("2024", 150, "KAZ"),
                IndicatorPoint("2023", 80, "KGZ"),
                IndicatorPoint("2024", 90, "KGZ"),
            ),
        ),
        IndicatorSeries(
            code="returns",
            name="Returns",
            unit="",
            source="IOM",
            points=(IndicatorPoint("2024", 5, "KAZ"), IndicatorPoint("2024", 7, "TJK")),
        ),
    ]


# The members map


@pytest.mark.parametrize("language", ["en", "ru"])
def test_the_map_links_the_nine_states_to_their_pages_filled_by_status(client, reference, language):
    svg = map_svg(client, f"/{language}/states/")
    links = {
        a.get("data-iso3"): (a.get("href"), a.find(f"{SVG}path").get("fill"))
        for a in svg.iter(f"{SVG}a")
    }

    assert {iso3: links[iso3] for iso3 in MEMBERS + OBSERVERS} == {
        **{i: (f"/{language}/states/{i}/", "url(#map-member)") for i in MEMBERS},
        **{i: (f"/{language}/states/{i}/", "url(#map-observer)") for i in OBSERVERS},
    }
    assert {i: links[i][1] for i in ("CHN", "RUS")} == {
        "CHN": "url(#map-guest)",
        "RUS": "url(#map-guest)",
    }


@pytest.mark.parametrize(
    ("path", "kgz", "irn"),
    [
        ("/en/states/", "Kyrgyzstan: Member State", "Iran: Observer State"),
        ("/ru/states/", "Кыргызстан", "Иран"),
    ],
)
def test_each_link_on_the_map_is_named_in_the_page_language(client, reference, path, kgz, irn):
    titles = {
        a.get("data-iso3"): a.find(f"{SVG}title").text
        for a in map_svg(client, path).iter(f"{SVG}a")
    }

    assert titles["KGZ"].startswith(kgz)
    assert titles["IRN"].startswith(irn)


def test_the_map_says_which_participant_it_cannot_show(client, reference):
    caption = (
        get(client, "/en/states/").find("figure", class_="members-map-figure").find("figcaption")
    )

    assert "Not on the map (outside the region): United States." in caption.text


def test_the_states_tables_link_each_state_to_its_page(client, reference):
    row = get(client, "/en/states/").find("tr", data_iso3="TKM")

    assert row.find("a").attrs["href"] == "/en/states/TKM/"


def test_the_states_page_without_reference_data_has_no_map(client, db):
    assert "<svg" not in client.get("/en/states/").content.decode()


def test_the_map_changes_when_a_participation_changes(client, reference):
    from almaty.process.models import Participation

    before = {a.get("data-iso3") for a in map_svg(client, "/en/states/").iter(f"{SVG}a")}
    Participation.objects.create(
        state=State.objects.get(iso3="UZB"), status="observer", valid_from=dt.date(2025, 1, 1)
    )
    from django.core.cache import cache

    cache.clear()  # the page cache; the map's own cache follows the participations
    after = {a.get("data-iso3") for a in map_svg(client, "/en/states/").iter(f"{SVG}a")}

    assert after - before == {"UZB"}


# A State's page


def test_a_state_page_names_the_state_and_its_status(client, reference):
    page = get(client, "/en/states/KGZ/")

    assert page.find("h1").text == "Kyrgyzstan"
    assert page.find("p", class_="lead").text == "Kyrgyz Republic (KGZ)"
    assert page.find("p", class_="status").text == (
        "Member State of the Almaty Process since 5 June 2013."
    )


def test_a_state_page_shows_the_coordinators_office_not_the_person(client, reference):
    NationalCoordinatorFactory(
        state=state("KGZ"),
        full_name="Айгуль Асанова",
        office_en="State Migration Service",
        office_ru="Государственная миграционная служба",
    )

    section = get(client, "/en/states/KGZ/").find("section", id="coordinator")

    assert section.find("p", class_="office").text == "State Migration Service"
    assert "Асанова" not in section.text


def test_a_member_without_coordinator_shows_the_slot_vacant(client, reference):
    section = get(client, "/en/states/KGZ/").find("section", id="coordinator")

    assert section.find("p", class_="office").text == "Vacant"


def test_an_observer_page_has_no_coordinator_section(client, reference):
    page = get(client, "/en/states/IRN/")

    assert page.find_all("section", id="coordinator") == []
    assert page.find("p", class_="status").text.startswith("Observer State")


def test_a_state_page_lists_its_chair_terms_recorded_and_projected(client, reference):
    rows = get(client, "/en/states/KAZ/").find("section", id="chair-terms").find("tbody")

    assert [(tr.attrs["class"], tr.find_all("td")[0].text) for tr in rows.find_all("tr")] == [
        ("recorded", "5 June 2013"),
        ("recorded", "24 April 2025"),
    ]


def test_a_state_page_lists_the_meetings_it_hosted_latest_first(client, reference):
    MeetingFactory(title_en="Later meeting", host_state=state("TJK"), starts_on=dt.date(2026, 5, 4))
    expected = list(
        Meeting.objects.filter(host_state__iso3="TJK")
        .order_by("-starts_on")
        .values_list("title_en", flat=True)
    )

    items = get(client, "/en/states/TJK/").find("section", id="meetings").find_all("li")

    assert [li.find("a").text for li in items] == expected
    assert expected[0] == "Later meeting"
    assert items[0].find("span", class_="badge").text == "upcoming"


def test_a_state_page_lists_public_documents_about_it_only(client, reference):
    public = DocumentFactory(states=[state("AZE")])
    DocumentVersionFactory(document=public, title="Baku report")
    hidden = DocumentFactory(states=[state("AZE")], access="members")
    DocumentVersionFactory(document=hidden, title="Members-only note")
    other = DocumentFactory(states=[state("KAZ")])
    DocumentVersionFactory(document=other, title="Astana report")

    items = get(client, "/en/states/AZE/").find("section", id="documents").find_all("li")

    assert [li.find("a").text for li in items] == ["Baku report"]
    assert items[0].find("a").attrs["href"] == f"/en/documents/{public.pk}/"


def test_a_state_page_says_statistics_will_come(client, reference, monkeypatch):
    monkeypatch.setattr(indicators, "public_indicators", lambda state=None: [])

    section = get(client, "/en/states/KAZ/").find("section", id="statistics")

    assert "Statistics will appear here once they are published." in section.text


def test_a_state_page_draws_its_indicators_once_published(client, reference, monkeypatch):
    wanted = []

    def published(state: str | None = None) -> list[IndicatorSeries]:
        wanted.append(state)
        return [s.for_state(state) for s in sample_series() if s.for_state(state).points]

    monkeypatch.setattr(indicators, "public_indicators", published)

    section = get(client, "/en/states/KAZ/").find("section", id="statistics")

    assert wanted == ["KAZ"]
    assert [h.text for h in section.find_all("h3")] == ["Refugees hosted", "Returns"]
    assert len(section.find_all("figure", class_="chart")) == 2


@pytest.mark.parametrize("path", ["/en/states/XYZ/", "/ru/states/XYZ/", "/en/states/KGZX/"])
def test_an_unknown_state_gives_the_not_found_page(client, reference, path):
    response = client.get(path)

    assert response.status_code == 404
    assert parse(response.content).find("a", class_="brand") is not None


def test_a_state_address_in_lower_case_redirects_to_the_code(client, reference):
    response = client.get("/en/states/kgz/")

    assert (response.status_code, response["Location"]) == (301, "/en/states/KGZ/")


def test_a_state_page_needs_a_bounded_number_of_queries(
    client, reference, django_assert_max_num_queries
):
    for year in (2019, 2020, 2021):
        MeetingFactory(host_state=state("KGZ"), starts_on=dt.date(year, 3, 1))
        document = DocumentFactory(states=[state("KGZ")])
        DocumentVersionFactory(document=document)

    with django_assert_max_num_queries(22):
        get(client, "/en/states/KGZ/")


# Statistics


def test_the_statistics_page_says_statistics_will_come(client, reference, monkeypatch):
    monkeypatch.setattr(indicators, "public_indicators", lambda state=None: [])

    page = get(client, "/en/statistics/")

    assert page.find("h1").text == "Statistics"
    assert page.find("p", class_="empty").text == (
        "Statistics will appear here once they are published."
    )


def test_the_statistics_page_offers_every_participating_state_as_a_filter(client, reference):
    options = get(client, "/en/statistics/").find("select", id="state").find_all("option")

    assert [o.attrs["value"] for o in options][:1] == [""]
    assert set(MEMBERS + OBSERVERS) <= {o.attrs["value"] for o in options}


def test_the_statistics_page_draws_each_indicator_with_its_table(client, reference, monkeypatch):
    monkeypatch.setattr(indicators, "public_indicators", lambda state=None: sample_series())

    page = get(client, "/en/statistics/")
    sections = page.find_all("section", class_="indicator")

    assert [s.attrs["data-code"] for s in sections] == ["refugees", "returns"]
    assert "Source: UNHCR." in sections[0].text
    first = sections[0].find("table")
    assert [th.text for th in first.find("thead").find_all("th")] == [
        "Period",
        "Kazakhstan",
        "Kyrgyzstan",
    ]
    # One period across States: bars, one per State.
    assert [th.text for th in sections[1].find("tbody").find_all("th")] == [
        "Kazakhstan",
        "Tajikistan",
    ]


@pytest.mark.parametrize(("query", "passed"), [("?state=kgz", "KGZ"), ("?state=XXX", None)])
def test_the_statistics_filter_passes_a_known_state_only(
    client, reference, monkeypatch, query, passed
):
    seen = []
    monkeypatch.setattr(
        indicators, "public_indicators", lambda state=None: seen.append(state) or []
    )

    page = get(client, f"/en/statistics/{query}")

    assert seen == [passed]
    selected = [o.attrs["value"] for o in page.find_all("option") if "selected" in o.attrs]
    assert selected == ([passed] if passed else [])


# Home


def test_home_shows_the_chair_today(client, reference):
    card = get(client, "/en/").find("section", class_="card home-chair")

    assert card.find("p", class_="figure").text == "Kazakhstan"
    assert card.find("p", class_="figure").find("a").attrs["href"] == "/en/states/KAZ/"


def test_home_shows_the_next_meeting_with_date_and_place(client, reference):
    Meeting.objects.filter(ends_on__gte=dt.date(2026, 1, 15)).delete()
    MeetingFactory(
        title_en="Senior Officials' Meeting",
        starts_on=dt.date(2026, 3, 2),
        ends_on=dt.date(2026, 3, 3),
        city_en="Bishkek",
        host_state=state("KGZ"),
    )

    card = get(client, "/en/").find("section", class_="card home-meeting")

    assert card.find("p", class_="meeting-title").text == "Senior Officials' Meeting"
    assert card.find("p", class_="when-where").text == (
        "2 March 2026 – 3 March 2026 · Bishkek (Kyrgyzstan)"
    )


def test_home_without_a_coming_meeting_says_so(client, reference):
    Meeting.objects.filter(ends_on__gte=dt.date(2026, 1, 15)).delete()

    card = get(client, "/en/").find("section", class_="card home-meeting")

    assert card.find("p", class_="empty").text == "No meeting is scheduled yet."


def test_home_lists_the_three_latest_news(client, reference):
    now = timezone.now()
    for days, title in [(5, "Old"), (3, "Third"), (2, "Second"), (1, "First")]:
        NewsItemFactory(title_en=title, publish_at=now - dt.timedelta(days=days))

    items = get(client, "/en/").find("ul", class_="news").find_all("li")

    assert [li.find("a").text for li in items] == ["First", "Second", "Third"]


def test_home_marks_news_not_written_in_the_page_language(client, reference):
    NewsItemFactory(slug="english-only", title_en="Only English", title_ru="", body_ru="")

    (item,) = get(client, "/ru/").find("ul", class_="news").find_all("li")

    assert item.attrs["lang"] == "en"
    assert item.find("a").text == "Only English"
    assert item.find("a").attrs["href"] == "/en/news/english-only/"
    assert item.find("span", class_="notice") is not None


def test_home_lists_the_latest_adopted_public_decisions(client, reference):
    for number, day, public, status in [
        ("AP/2024/01", dt.date(2024, 5, 1), True, ProposalStatus.ADOPTED),
        ("AP/2025/01", dt.date(2025, 2, 1), True, ProposalStatus.ADOPTED),
        ("AP/2025/02", dt.date(2025, 6, 1), False, ProposalStatus.ADOPTED),
        ("", None, True, ProposalStatus.DRAFT),
    ]:
        Proposal.objects.create(
            kind=ProposalKind.GENERAL,
            title_en=f"Decision {number or 'draft'}",
            title_ru="Решение",
            text_en="Text",
            text_ru="Текст",
            status=status,
            decided_on=day,
            register_number=number or None,
            is_public=public,
        )

    items = get(client, "/en/").find("ul", class_="decisions").find_all("li")

    assert [li.find("a").text for li in items] == ["Decision AP/2025/01", "Decision AP/2024/01"]


def test_home_shows_the_regional_figures_and_the_chart_of_meetings(client, reference):
    held = Meeting.objects.filter(ends_on__lt=dt.date(2026, 1, 15))
    page = get(client, "/en/")
    section = page.find("section", class_="home-figures")
    figures = {dd.attrs["data-figure"]: int(dd.text) for dd in section.find_all("dd")}

    assert figures["meetings"] == held.count() > 0
    rows = section.find("figure", class_="chart").find("tbody").find_all("tr")
    per_year = {row.find("th").text: int(row.find("td").text) for row in rows}
    assert sum(per_year.values()) == held.count()
    years = sorted(int(y) for y in per_year)
    assert years == list(range(years[0], years[-1] + 1))  # no year left out
    assert page.find("section", class_="home-figures").find_all("a")[-1].attrs["href"] == (
        "/en/statistics/"
    )


@pytest.mark.parametrize("extra", [0, 5])
def test_home_needs_the_same_queries_however_much_content_there_is(
    client, reference, django_assert_max_num_queries, extra
):
    for n in range(extra):
        NewsItemFactory()
        MeetingFactory(starts_on=dt.date(2018 + n, 5, 1))
        document = DocumentFactory()
        DocumentVersionFactory(document=document)

    with django_assert_max_num_queries(9):
        get(client, "/en/")
