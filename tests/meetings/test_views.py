"""The public pages of meetings: the list, the iCal feed, a meeting's page and its agenda PDF."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from almaty.archive.choices import Access, DocumentKind
from almaty.archive.models import Document, DocumentVersion
from almaty.meetings.choices import DelegateStatus, Gender, ItemKind, MeetingKind, SpeakerRole
from almaty.meetings.models import AgendaItem, Delegate, Material, Outcome, Person, Speaker
from almaty.process.models import Organisation, State
from tests.factories.meetings import MeetingFactory

TODAY = timezone.localdate()


@pytest.fixture
def meeting(reference):
    meeting = MeetingFactory(
        kind=MeetingKind.SOM,
        number=12,
        title_en="Labour migration meeting of senior officials",
        title_ru="Совещание старших должностных лиц по трудовой миграции",
        theme_en="Safe and orderly labour migration",
        theme_ru="Безопасная и упорядоченная трудовая миграция",
        starts_on=TODAY + dt.timedelta(days=40),
        ends_on=TODAY + dt.timedelta(days=41),
        city_en="Bishkek",
        city_ru="Бишкек",
        venue_en="Hyatt Regency",
        venue_ru="Хаятт Ридженси",
        host_state=State.objects.get(iso3="KGZ"),
        time_zone="Asia/Bishkek",
    )
    meeting.organisers.set(Organisation.objects.filter(code="IOM"))
    return meeting


@pytest.fixture
def agenda(meeting):
    session = AgendaItem.objects.create(
        meeting=meeting,
        day=meeting.starts_on,
        starts_at=dt.time(10),
        ends_at=dt.time(12),
        kind=ItemKind.SESSION,
        title_en="Session 1: Pre-departure orientation",
        title_ru="Сессия 1: ориентация перед выездом",
    )
    person = Person.objects.create(
        name_en="Aida Bekova",
        name_ru="Аида Бекова",
        position_en="Head of Division",
        position_ru="Начальник отдела",
        organisation=Organisation.objects.get(code="IOM"),
    )
    Speaker.objects.create(item=session, person=person, role=SpeakerRole.MODERATOR)
    return session


def publish(meeting):
    meeting.agenda_published_at = timezone.now()
    meeting.save()


def document(access, title_en, statuses=("original", "final")):
    doc = Document.objects.create(kind=DocumentKind.REPORT, issued_on=TODAY, access=access)
    for language, status, title in zip(
        ("en", "ru"), statuses, (title_en, title_en + " (RU)"), strict=True
    ):
        if status:
            DocumentVersion.objects.create(
                document=doc, language=language, title=title, status=status
            )
    return doc


# --- The list and the feeds ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("language", "title", "heading"),
    [
        ("en", "Labour migration meeting of senior officials", "Upcoming meetings"),
        ("ru", "Совещание старших должностных лиц по трудовой миграции", 'href="/ru/meetings/'),
    ],
)
def test_the_list_shows_upcoming_and_past_meetings_in_each_language(
    client, meeting, language, title, heading
):
    old = MeetingFactory(title_en="Ministerial conference 2013", starts_on=dt.date(2013, 6, 5))

    response = client.get(f"/{language}/meetings/")

    page = response.content.decode()
    assert response.status_code == 200
    assert title in page
    assert heading in page
    upcoming, past = (
        page.index(f'data-meeting="{meeting.pk}"'),
        page.index(f'data-meeting="{old.pk}"'),
    )
    assert upcoming < past


@pytest.mark.parametrize(
    ("query", "shown", "hidden"),
    [
        ("kind=ministerial", "Ministerial 2013", "of senior officials"),
        ("year=2013", "Ministerial 2013", "of senior officials"),
        ("kind=som", "of senior officials", "Ministerial 2013"),
        ("kind=nonsense&year=x", "of senior officials", None),
    ],
)
def test_the_list_filters_by_kind_and_year(client, meeting, query, shown, hidden):
    MeetingFactory(
        kind=MeetingKind.MINISTERIAL, title_en="Ministerial 2013", starts_on=dt.date(2013, 6, 5)
    )

    page = client.get(f"/en/meetings/?{query}").content.decode()

    assert shown in page
    if hidden:
        assert hidden not in page


def test_the_feed_is_a_calendar_of_all_meetings(client, meeting):
    response = client.get("/en/meetings/meetings.ics")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    body = response.content.decode().replace("\r\n ", "")  # unfolded
    assert "BEGIN:VCALENDAR" in body
    assert "labour migration" in body


def test_a_meeting_has_its_own_calendar_file(client, meeting):
    response = client.get(f"/en/meetings/{meeting.pk}/meeting.ics")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    assert f"/en/meetings/{meeting.pk}/" in response.content.decode().replace("\r\n ", "")


def test_the_list_links_the_feed_and_the_nav_links_meetings_and_documents(client, meeting):
    page = client.get("/en/meetings/").content.decode()

    assert 'href="/en/meetings/meetings.ics"' in page
    assert 'href="/en/meetings/">Meetings</a>' in page
    assert 'href="/en/documents/">Documents</a>' in page


# --- A meeting's page ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("language", "texts"),
    [
        ("en", ["Labour migration meeting", "No. 12", "Safe and orderly", "Bishkek", "Kyrgyzstan", "IOM"]),
        ("ru", ["Совещание старших", "Безопасная", "Бишкек", "Кыргызстан", "МОМ"]),
    ],
)  # fmt: skip
def test_the_meeting_page_gives_its_facts_in_each_language(client, meeting, language, texts):
    response = client.get(f"/{language}/meetings/{meeting.pk}/")

    page = response.content.decode()
    assert response.status_code == 200
    for text in texts:
        assert text in page


def test_an_unknown_meeting_is_not_found(client, reference):
    assert client.get("/en/meetings/999999/").status_code == 404


def test_a_published_agenda_shows_times_in_the_venue_zone_and_speakers(client, meeting, agenda):
    publish(meeting)

    page = client.get(f"/en/meetings/{meeting.pk}/").content.decode()

    assert "Session 1: Pre-departure orientation" in page
    assert "10:00–12:00" in page
    assert "Times are local to the venue (Asia/Bishkek, UTC+06:00)." in page
    assert "Moderator: Aida Bekova, Head of Division" in page
    assert f'href="/en/meetings/{meeting.pk}/agenda.pdf"' in page


@pytest.mark.parametrize("role", [None, "national_coordinator"])
def test_an_unpublished_agenda_is_invisible_to_the_public(
    client, meeting, agenda, user_with_role, role
):
    if role:
        client.force_login(user_with_role(role, "KGZ"))

    page = client.get(f"/en/meetings/{meeting.pk}/").content.decode()

    assert "Pre-departure orientation" not in page
    assert "The agenda is not published yet." in page
    assert client.get(f"/en/meetings/{meeting.pk}/agenda.pdf").status_code == 404


@pytest.mark.parametrize(("role", "state"), [("support_unit", None), ("chair", "KAZ")])
def test_the_support_unit_and_the_chair_read_an_unpublished_agenda(
    client, meeting, agenda, user_with_role, role, state
):
    client.force_login(user_with_role(role, state))

    page = client.get(f"/en/meetings/{meeting.pk}/").content.decode()

    assert "Pre-departure orientation" in page
    assert "Draft: this agenda is not published yet." in page


def test_the_agenda_pdf_is_a_pdf_of_both_languages(client, meeting, agenda):
    publish(meeting)

    response = client.get(f"/en/meetings/{meeting.pk}/agenda.pdf")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


def test_without_pdf_libraries_the_agenda_says_so_instead_of_failing(
    client, meeting, agenda, monkeypatch
):
    import almaty.meetings.pdf as pdf

    def missing(meeting):
        raise OSError("cannot load library 'libpango-1.0-0'")

    monkeypatch.setattr(pdf, "agenda_pdf", missing)
    publish(meeting)

    response = client.get(f"/en/meetings/{meeting.pk}/agenda.pdf")

    assert response.status_code == 503
    assert "WeasyPrint needs Pango" in response.content.decode()


@pytest.mark.parametrize(
    ("role", "shown", "hidden"),
    [
        (None, ["Public report"], ["Members report", "Draft report"]),
        ("national_coordinator", ["Public report", "Members report"], ["Draft report"]),
        ("support_unit", ["Public report", "Members report", "Draft report"], []),
    ],
)
def test_materials_are_only_the_documents_the_reader_may_see(
    client, meeting, user_with_role, role, shown, hidden
):
    for access, title in [
        (Access.PUBLIC, "Public report"),
        (Access.MEMBERS, "Members report"),
        (Access.DRAFT, "Draft report"),
    ]:
        Material.objects.create(
            meeting=meeting, document=document(access, title), due_on=meeting.materials_due_on
        )
    if role:
        client.force_login(user_with_role(role, "KGZ" if role != "support_unit" else None))

    page = client.get(f"/en/meetings/{meeting.pk}/").content.decode()

    for title in shown:
        assert title in page
    for title in hidden:
        assert title not in page


def test_a_material_says_which_languages_it_has_and_their_status(client, meeting):
    doc = document(Access.PUBLIC, "Public report", statuses=("original", "machine_draft"))
    Material.objects.create(meeting=meeting, document=doc, due_on=meeting.materials_due_on)

    page = client.get(f"/en/meetings/{meeting.pk}/").content.decode()

    assert "English</span> (original)" in page
    assert "Russian</span> (machine draft)" in page
    assert f'href="/en/documents/{doc.pk}/"' in page


def test_outcomes_link_the_adopted_decisions_of_the_meeting(client, meeting):
    from almaty.decisions.choices import ProposalStatus
    from almaty.decisions.models import Proposal

    decision = Proposal.objects.create(
        kind="general", title_en="Work plan 2027", title_ru="План работы на 2027 год",
        status=ProposalStatus.ADOPTED, is_public=True, register_number="AP/2026/03", meeting=meeting,
    )  # fmt: skip
    outcome = Outcome.objects.create(
        meeting=meeting,
        kind="communique",
        summary_en="The States agreed.",
        summary_ru="Согласовано.",
    )
    outcome.decisions.set([decision])

    page = client.get(f"/en/meetings/{meeting.pk}/").content.decode()

    assert "The States agreed." in page
    assert f'<a href="/en/decisions/{decision.pk}/">AP/2026/03</a>' in page


def delegates_of(meeting):
    for iso3, gender in [("KGZ", Gender.FEMALE), ("KGZ", Gender.MALE), ("KAZ", Gender.FEMALE)]:
        Delegate.objects.create(
            meeting=meeting,
            state=State.objects.get(iso3=iso3),
            full_name=f"Delegate {iso3} {gender}",
            gender=gender,
            status=DelegateStatus.APPROVED,
        )


def test_role_holders_see_delegation_counts_without_names(client, meeting, user_with_role):
    delegates_of(meeting)
    client.force_login(user_with_role("statistician", "TJK"))

    page = client.get(f"/en/meetings/{meeting.pk}/").content.decode()

    assert (
        '<tr data-party="KGZ"><th scope="row">Kyrgyzstan</th><td>1</td><td>1</td><td>0</td><td>2</td></tr>'
        in page
    )
    assert "<svg" in page
    assert "Delegate KGZ" not in page


def test_anonymous_readers_see_no_delegation_counts(client, meeting):
    delegates_of(meeting)

    page = client.get(f"/en/meetings/{meeting.pk}/").content.decode()

    assert 'data-party="KGZ"' not in page
    assert "<svg" not in page


@pytest.mark.parametrize(
    ("role", "shown"), [("support_unit", True), ("national_coordinator", False)]
)
def test_only_the_support_unit_gets_the_editing_links(client, meeting, user_with_role, role, shown):
    client.force_login(user_with_role(role, None if role == "support_unit" else "KGZ"))

    page = client.get(f"/en/meetings/{meeting.pk}/").content.decode()

    for name in ("agenda/", "clone/", "outcomes/"):
        assert (f'href="/en/meetings/{meeting.pk}/{name}"' in page) is shown
    assert f'href="/en/meetings/{meeting.pk}/delegates/"' in page


# --- Query counts -------------------------------------------------------------------------------


@pytest.mark.parametrize("n", [1, 8])
def test_the_list_query_count_does_not_grow_with_meetings(
    client, reference, django_assert_max_num_queries, n
):
    for i in range(n):
        MeetingFactory(
            starts_on=TODAY + dt.timedelta(days=i - 4), host_state=State.objects.get(iso3="KAZ")
        )

    with django_assert_max_num_queries(4):
        assert client.get("/en/meetings/").status_code == 200


@pytest.mark.parametrize("n", [1, 6])
def test_the_meeting_page_query_count_does_not_grow_with_its_contents(
    client, meeting, user_with_role, django_assert_max_num_queries, n
):
    publish(meeting)
    person = Person.objects.create(
        name_en="A", name_ru="А", organisation=Organisation.objects.first()
    )
    for i in range(n):
        session = AgendaItem.objects.create(
            meeting=meeting,
            day=meeting.starts_on,
            kind=ItemKind.SESSION,
            title_en=f"S{i}",
            title_ru=f"С{i}",
        )
        talk = AgendaItem.objects.create(
            meeting=meeting,
            parent=session,
            day=meeting.starts_on,
            kind=ItemKind.TALK,
            title_en=f"T{i}",
            title_ru=f"Т{i}",
        )
        Speaker.objects.create(item=talk, person=person, role=SpeakerRole.PRESENTER)
        Material.objects.create(
            meeting=meeting, document=document(Access.PUBLIC, f"Doc {i}"), due_on=TODAY
        )
        Outcome.objects.create(
            meeting=meeting, kind="other", summary_en=f"O{i}", summary_ru=f"И{i}"
        )
    delegates_of(meeting)
    client.force_login(user_with_role("support_unit"))

    with django_assert_max_num_queries(19):
        assert client.get(f"/en/meetings/{meeting.pk}/").status_code == 200
