"""The agenda editor (Support Unit): items, speakers, publishing; htmx fragments and plain posts."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from almaty.meetings.choices import ItemKind, SpeakerRole
from almaty.meetings.models import AgendaItem, Meeting, Person, Speaker
from tests.factories.meetings import MeetingFactory

TODAY = timezone.localdate()
HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def meeting(reference):
    return MeetingFactory(
        title_en="Technical group on return",
        title_ru="Техническая группа по возвращению",
        starts_on=TODAY + dt.timedelta(days=20),
        ends_on=TODAY + dt.timedelta(days=21),
        time_zone="Asia/Dushanbe",
    )


@pytest.fixture
def items(meeting):
    return [
        AgendaItem.objects.create(
            meeting=meeting,
            day=meeting.starts_on,
            kind=ItemKind.SESSION,
            position=i,
            title_en=title,
            title_ru=title + " (ru)",
        )
        for i, title in enumerate(["Opening words", "Return and reintegration"])
    ]


@pytest.fixture
def su(client, user_with_role):
    user = user_with_role("support_unit")
    client.force_login(user)
    return user


def url(meeting):
    return f"/en/meetings/{meeting.pk}/agenda/"


def new_item(meeting, **changes):
    data = {
        "action": "add",
        "new-day": meeting.starts_on.isoformat(),
        "new-kind": "session",
        "new-starts_at": "14:00",
        "new-ends_at": "15:30",
        "new-title_en": "Labour migration",
        "new-title_ru": "Трудовая миграция",
    }
    data.update(changes)
    return data


# --- Who may edit -------------------------------------------------------------------------------


def test_anonymous_readers_are_sent_to_sign_in(client, meeting):
    response = client.get(url(meeting))

    assert response.status_code == 302
    assert "/en/account/sign-in/" in response.url


@pytest.mark.parametrize(("role", "state"), [("national_coordinator", "KGZ"), ("chair", "KAZ")])
def test_other_roles_may_not_edit_the_agenda(client, meeting, user_with_role, role, state):
    client.force_login(user_with_role(role, state))

    get = client.get(url(meeting))
    post = client.post(url(meeting), new_item(meeting))

    assert get.status_code == 403
    assert post.status_code == 403
    assert "Only the Support Unit can do this." in get.content.decode()
    assert not meeting.agenda_items.exists()


def test_an_unknown_meeting_is_not_found(client, su):
    assert client.get("/en/meetings/999999/agenda/").status_code == 404


@pytest.mark.parametrize("language", ["en", "ru"])
def test_the_editor_shows_the_days_and_items(client, su, meeting, items, language):
    response = client.get(f"/{language}/meetings/{meeting.pk}/agenda/")

    page = response.content.decode()
    assert response.status_code == 200
    assert "Asia/Dushanbe, UTC+05:00" in page
    assert f'data-day="{meeting.starts_on.isoformat()}"' in page
    assert f'data-day="{meeting.ends_on.isoformat()}"' in page
    assert ("Opening words" if language == "en" else "Opening words (ru)") in page


# --- Items --------------------------------------------------------------------------------------


def test_an_item_is_added_by_a_plain_post(client, su, meeting):
    response = client.post(url(meeting), new_item(meeting))

    assert response.status_code == 302
    item = meeting.agenda_items.get()
    assert (item.title_ru, item.starts_at, item.ends_at) == (
        "Трудовая миграция",
        dt.time(14),
        dt.time(15, 30),
    )


def test_an_htmx_post_gets_the_editor_fragment(client, su, meeting):
    response = client.post(url(meeting), new_item(meeting), **HTMX)

    page = response.content.decode()
    assert response.status_code == 200
    assert page.startswith('<div id="agenda-editor"')
    assert "<html" not in page
    assert "Labour migration" in page
    assert "The item is added." in page


def test_an_htmx_get_of_an_item_opens_its_edit_form(client, su, meeting, items):
    response = client.get(url(meeting), {"item": items[1].pk}, **HTMX)

    page = response.content.decode()
    assert "<html" not in page
    assert 'value="Return and reintegration"' in page
    assert 'name="speaker-role"' in page


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"new-title_ru": ""}, "This field is required."),
        ({"new-starts_at": "", "new-ends_at": "10:00"}, "An agenda item with an end time needs its start time too."),
        ({"new-day": "2001-01-01"}, "Select a valid choice."),
        ({"new-ends_at": "13:00"}, "An item must end after it starts."),
    ],
)  # fmt: skip
@pytest.mark.parametrize("headers", [{}, HTMX])
def test_bad_input_shows_the_error_and_adds_nothing(client, su, meeting, changes, message, headers):
    response = client.post(url(meeting), new_item(meeting, **changes), **headers)

    assert response.status_code == 200
    assert message in response.content.decode()
    assert not meeting.agenda_items.exists()


def test_an_item_is_changed(client, su, meeting, items):
    data = {
        "action": "update", "item": items[0].pk, "edit-day": meeting.ends_on.isoformat(),
        "edit-kind": "opening", "edit-starts_at": "09:00", "edit-ends_at": "09:30",
        "edit-title_en": "Opening", "edit-title_ru": "Открытие",
    }  # fmt: skip

    response = client.post(url(meeting), data)

    assert response.status_code == 302
    items[0].refresh_from_db()
    assert (items[0].day, items[0].kind, items[0].title_ru) == (
        meeting.ends_on,
        "opening",
        "Открытие",
    )


def test_a_bad_change_is_refused_and_keeps_the_item(client, su, meeting, items):
    data = {
        "action": "update", "item": items[0].pk, "edit-day": meeting.starts_on.isoformat(),
        "edit-kind": "session", "edit-starts_at": "", "edit-ends_at": "10:00",
        "edit-title_en": "Changed", "edit-title_ru": "Изменено",
    }  # fmt: skip

    response = client.post(url(meeting), data, **HTMX)

    assert "An agenda item with an end time needs its start time too." in response.content.decode()
    items[0].refresh_from_db()
    assert items[0].title_en == "Opening words"


def test_an_item_is_removed(client, su, meeting, items):
    client.post(url(meeting), {"action": "remove", "item": items[0].pk})

    assert list(meeting.agenda_items.values_list("title_en", flat=True)) == [
        "Return and reintegration"
    ]


def test_an_item_moves_up(client, su, meeting, items):
    response = client.post(url(meeting), {"action": "up", "item": items[1].pk}, **HTMX)

    page = response.content.decode()
    assert page.index("Return and reintegration") < page.index("Opening words")


def test_the_first_item_cannot_move_up_and_the_editor_says_why(client, su, meeting, items):
    response = client.post(url(meeting), {"action": "up", "item": items[0].pk}, **HTMX)

    assert "This item is already the first of its day." in response.content.decode()


def test_an_item_of_another_meeting_is_not_touched(client, su, meeting, items):
    other = MeetingFactory(starts_on=TODAY)

    response = client.post(
        f"/en/meetings/{other.pk}/agenda/", {"action": "remove", "item": items[0].pk}
    )

    assert response.status_code == 200
    assert meeting.agenda_items.count() == 2


def test_a_request_that_cannot_be_understood_changes_nothing(client, su, meeting, items):
    response = client.post(url(meeting), {"action": "remove", "item": "x"})

    assert response.status_code == 200
    assert "The request could not be understood." in response.content.decode()
    assert meeting.agenda_items.count() == 2


# --- Speakers -----------------------------------------------------------------------------------


def speaker_data(item, **changes):
    data = {
        "action": "speaker_add", "item": item.pk, "speaker-role": "presenter",
        "speaker-name_en": "Farrukh Nazarov", "speaker-name_ru": "Фаррух Назаров",
        "speaker-position_en": "Expert", "speaker-position_ru": "Эксперт",
    }  # fmt: skip
    data.update(changes)
    return data


def test_a_new_person_is_added_as_speaker(client, su, meeting, items):
    response = client.post(url(meeting), speaker_data(items[0]), **HTMX)

    speaker = Speaker.objects.select_related("person").get(item__meeting=meeting)
    assert (speaker.item, speaker.role, speaker.person.name_ru) == (
        items[0],
        "presenter",
        "Фаррух Назаров",
    )
    assert "Farrukh Nazarov" in response.content.decode()


def test_an_existing_person_is_added_as_speaker(client, su, meeting, items):
    person = Person.objects.create(name_en="Aida Bekova", name_ru="Аида Бекова")
    people = Person.objects.count()

    client.post(
        url(meeting),
        speaker_data(items[0], **{"speaker-person": person.pk, "speaker-role": "moderator"}),
    )

    assert Speaker.objects.get(item__meeting=meeting).person == person
    assert Person.objects.count() == people


def test_a_speaker_without_a_name_is_refused(client, su, meeting, items):
    people = Person.objects.count()

    response = client.post(url(meeting), speaker_data(items[0], **{"speaker-name_ru": ""}))

    assert (
        "Choose a person, or give the new person&#x27;s name in English and Russian."
        in response.content.decode()
    )
    assert not Speaker.objects.filter(item__meeting=meeting).exists()
    assert Person.objects.count() == people


def test_a_refused_speaker_leaves_no_new_person_behind(client, su, meeting, items):
    person = Person.objects.create(name_en="Aida Bekova", name_ru="Аида Бекова")
    Speaker.objects.create(item=items[0], person=person, role=SpeakerRole.PRESENTER)
    people = Person.objects.count()

    response = client.post(url(meeting), speaker_data(items[0], **{"speaker-person": person.pk}))

    assert "Aida Bekova is already Presenter at this item." in response.content.decode()
    assert Speaker.objects.filter(item__meeting=meeting).count() == 1
    assert Person.objects.count() == people


def test_a_speaker_is_removed(client, su, meeting, items):
    person = Person.objects.create(name_en="Aida Bekova", name_ru="Аида Бекова")
    speaker = Speaker.objects.create(item=items[0], person=person, role=SpeakerRole.PRESENTER)

    client.post(url(meeting), {"action": "speaker_remove", "speaker": speaker.pk})

    assert not Speaker.objects.filter(pk=speaker.pk).exists()
    assert Person.objects.filter(pk=person.pk).exists()


# --- Publishing ---------------------------------------------------------------------------------


def test_the_agenda_is_published_and_taken_back(client, su, meeting, items):
    client.post(url(meeting), {"action": "publish"})
    assert Meeting.objects.get(pk=meeting.pk).is_agenda_published

    response = client.post(url(meeting), {"action": "withdraw"}, **HTMX)
    assert not Meeting.objects.get(pk=meeting.pk).is_agenda_published
    assert "Publish the agenda" in response.content.decode()


def test_an_empty_agenda_is_not_published(client, su, meeting):
    response = client.post(url(meeting), {"action": "publish"})

    assert "An agenda without items cannot be published." in response.content.decode()
    assert not Meeting.objects.get(pk=meeting.pk).is_agenda_published
