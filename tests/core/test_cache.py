"""The public page cache: anonymous readers get stored pages; nothing of one reader is stored or
served to another; a change of public content makes every page fresh."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.contrib.messages import constants
from django.contrib.messages.storage.cookie import CookieStorage
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.test import RequestFactory

from almaty.core import cache as page_cache
from almaty.core.audit import audit_record
from almaty.core.models import AuditAction
from almaty.meetings.models import Meeting
from tests.factories.archive import DocumentVersionFactory, TopicFactory
from tests.factories.meetings import MeetingFactory

pytestmark = pytest.mark.django_db

STATUS = page_cache.STATUS_HEADER


def retitle_quietly(meeting: Meeting, title: str) -> None:
    """Change the title without signals: only a stale cache would still show the old one."""
    Meeting.objects.filter(pk=meeting.pk).update(title_en=title, title_ru=title)


# --- through the site ---------------------------------------------------------------------------


def test_an_anonymous_reader_is_served_the_stored_page(client):
    meeting = MeetingFactory(title_en="Fifth Senior Officials' Meeting")
    first = client.get(f"/en/meetings/{meeting.pk}/")
    retitle_quietly(meeting, "Renamed behind the cache's back")

    again = client.get(f"/en/meetings/{meeting.pk}/")

    assert first[STATUS] == "miss"
    assert again[STATUS] == "hit"
    assert "Fifth Senior Officials&#x27; Meeting" in again.content.decode()


def test_a_head_request_is_served_from_the_cache_but_never_stored(client):
    meeting = MeetingFactory()
    head = client.head(f"/en/meetings/{meeting.pk}/")
    client.get(f"/en/meetings/{meeting.pk}/")

    assert STATUS not in head
    assert client.head(f"/en/meetings/{meeting.pk}/")[STATUS] == "hit"


def test_english_and_russian_pages_are_kept_apart(client):
    meeting = MeetingFactory(title_en="Ministerial Conference", title_ru="Министерская конференция")
    for path in (f"/en/meetings/{meeting.pk}/", f"/ru/meetings/{meeting.pk}/"):
        client.get(path)

    english = client.get(f"/en/meetings/{meeting.pk}/")
    russian = client.get(f"/ru/meetings/{meeting.pk}/")

    assert (english[STATUS], russian[STATUS]) == ("hit", "hit")
    assert '<html lang="en">' in english.content.decode()
    assert "Ministerial Conference" in english.content.decode()
    assert '<html lang="ru">' in russian.content.decode()
    assert "Министерская конференция" in russian.content.decode()


def indexed(**fields: str) -> None:
    from almaty.archive import search

    search.index_version(DocumentVersionFactory(**fields))


def test_a_search_with_other_words_is_another_page(client):
    indexed(title="Labour migration report")
    indexed(title="Refugee protection review")

    labour = client.get("/en/documents/?q=labour").content.decode()
    refugee = client.get("/en/documents/?q=refugee").content.decode()

    assert "Labour migration report" in labour
    assert "Refugee protection review" not in labour
    assert "Refugee protection review" in refugee
    assert "Labour migration report" not in refugee


def test_the_htmx_fragment_and_the_whole_page_are_kept_apart(client):
    indexed(title="Labour migration report")
    client.get("/en/documents/?q=labour")

    fragment = client.get("/en/documents/?q=labour", headers={"HX-Request": "true"})
    whole = client.get("/en/documents/?q=labour")

    assert fragment[STATUS] == "miss"
    assert "<html" not in fragment.content.decode()
    assert whole[STATUS] == "hit"
    assert "<html" in whole.content.decode()


def test_a_signed_in_reader_is_never_served_a_stored_page(client, user_with_role):
    meeting = MeetingFactory(title_en="Before")
    client.get(f"/en/meetings/{meeting.pk}/")
    retitle_quietly(meeting, "After")
    user = user_with_role("support_unit")
    client.force_login(user)

    page = client.get(f"/en/meetings/{meeting.pk}/")

    assert STATUS not in page
    assert "After" in page.content.decode()
    assert user.email in page.content.decode()


def test_a_signed_in_readers_page_is_never_stored_for_others(client, user_with_role):
    meeting = MeetingFactory()
    user = user_with_role("support_unit")
    client.force_login(user)
    client.get(f"/en/meetings/{meeting.pk}/")
    client.logout()

    anonymous = client.get(f"/en/meetings/{meeting.pk}/")

    assert anonymous[STATUS] == "miss"
    assert user.email not in anonymous.content.decode()
    assert "csrfmiddlewaretoken" not in anonymous.content.decode()


def test_saving_a_public_model_makes_the_pages_fresh(client):
    meeting = MeetingFactory(title_en="Before")
    client.get(f"/en/meetings/{meeting.pk}/")
    client.get("/en/meetings/")

    meeting.title_en = "After"  # type: ignore[attr-defined]
    meeting.save()

    assert "After" in client.get(f"/en/meetings/{meeting.pk}/").content.decode()
    assert "After" in client.get("/en/meetings/").content.decode()


def test_deleting_a_public_model_makes_the_pages_fresh(client):
    meeting = MeetingFactory(title_en="Cancelled meeting")
    client.get("/en/meetings/")

    meeting.delete()

    assert "Cancelled meeting" not in client.get("/en/meetings/").content.decode()


def test_a_change_of_many_to_many_links_makes_the_pages_fresh(client, reference):
    version = DocumentVersionFactory(title="Labour migration report")
    path = f"/en/documents/{version.document.pk}/"
    client.get(path)
    topic = TopicFactory(name_en="Readmission of returnees")
    page_cache._bump()  # the topic's own save must not be what makes the page fresh
    client.get(path)

    version.document.topics.add(topic)

    assert "Readmission of returnees" in client.get(path).content.decode()


def test_a_change_once_committed_makes_the_pages_fresh_again(
    client, django_capture_on_commit_callbacks
):
    # A reader may render the page between the save and the commit (seeing the old rows): the
    # generation changes again on commit, so that page is never served.
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        page_cache.content_changed()
    before = page_cache._generation()

    for callback in callbacks:
        callback()

    assert page_cache._generation() != before


def test_an_audited_change_of_a_public_app_makes_the_pages_fresh():
    # Services write an audit entry with every change, also for writes that send no signal
    # (bulk_update): the entry is enough.
    meeting = MeetingFactory()
    before = page_cache._generation()

    audit_record(actor=None, action=AuditAction.UPDATE, obj=meeting, message_key=_any_message_key())

    assert page_cache._generation() != before


def test_an_audited_sign_in_leaves_the_pages_alone(user_with_role):
    user = user_with_role("support_unit")
    before = page_cache._generation()

    audit_record(actor=user, action=AuditAction.SIGN_IN, obj=user, message_key=_any_message_key())

    assert page_cache._generation() == before


def _any_message_key() -> str:
    from almaty.core.audit_messages import MESSAGES

    return next(iter(MESSAGES))


def test_models_of_apps_not_installed_are_skipped(monkeypatch):
    monkeypatch.setattr(page_cache, "PUBLIC_MODELS", ("nosuchapp.Thing", "meetings.Meeting"))

    connected = page_cache.connect_signals()

    assert [model._meta.label for model in connected] == ["meetings.Meeting"]


def test_every_public_model_of_the_installed_apps_is_connected():
    labels = {model._meta.label for model in page_cache.public_models()}

    assert {"meetings.Meeting", "archive.Document", "process.State", "decisions.Proposal"} <= labels


def test_the_cache_can_be_turned_off(client, settings):
    settings.PUBLIC_PAGE_CACHE = False
    meeting = MeetingFactory(title_en="Before")
    client.get(f"/en/meetings/{meeting.pk}/")
    retitle_quietly(meeting, "After")

    page = client.get(f"/en/meetings/{meeting.pk}/")

    assert STATUS not in page
    assert "After" in page.content.decode()


# --- the decorator, with views of its own ---------------------------------------------------


def anonymous_get(path: str = "/en/page/", **headers: str) -> HttpRequest:
    request = RequestFactory().get(path, headers=headers)
    request.user = AnonymousUser()
    request._messages = CookieStorage(request)  # type: ignore[attr-defined]
    return request


@page_cache.public_page
def counting_view(request: HttpRequest) -> HttpResponse:
    counting_view.calls += 1  # type: ignore[attr-defined]
    action = request.GET.get("do", "")
    response = HttpResponse(f"page {counting_view.calls}")  # type: ignore[attr-defined]
    if action == "cookie":
        response.set_cookie("seen", "1")
    elif action == "csrf":
        response.content = f"<input value='{get_token(request)}'>".encode()
    elif action == "message":
        request._messages.add(constants.SUCCESS, "Saved.")  # type: ignore[attr-defined]
    elif action == "private":
        response["Cache-Control"] = "private"
    elif action == "vary":
        response["Vary"] = "User-Agent"
    elif action == "missing":
        response.status_code = 404
    return response


@pytest.fixture
def calls():
    counting_view.calls = 0  # type: ignore[attr-defined]
    return lambda: counting_view.calls  # type: ignore[attr-defined]


def test_an_ordinary_page_is_rendered_once(calls):
    counting_view(anonymous_get())
    counting_view(anonymous_get())

    assert calls() == 1


@pytest.mark.parametrize("action", ["cookie", "csrf", "message", "private", "vary", "missing"])
def test_a_response_for_one_reader_or_an_error_is_never_stored(calls, action):
    counting_view(anonymous_get(f"/en/page/?do={action}"))
    counting_view(anonymous_get(f"/en/page/?do={action}"))

    assert calls() == 2


def test_a_reader_with_a_message_waiting_gets_the_page_rendered_for_them(calls):
    counting_view(anonymous_get())
    request = anonymous_get()
    request._messages.add(constants.SUCCESS, "Saved.")  # type: ignore[attr-defined]

    counting_view(request)

    assert calls() == 2


def test_a_post_is_never_answered_from_the_cache(calls):
    counting_view(anonymous_get())
    request = RequestFactory().post("/en/page/")
    request.user = AnonymousUser()

    counting_view(request)

    assert calls() == 2


def test_another_host_is_another_page(calls):
    counting_view(anonymous_get())
    counting_view(anonymous_get(HOST="localhost"))

    assert calls() == 2
