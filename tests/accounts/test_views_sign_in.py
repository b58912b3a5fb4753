"""Sign-in, sign-out, the forced password change and the account page, through the browser."""

from __future__ import annotations

import datetime as dt

import pytest
from django.conf import settings
from django.contrib.auth import SESSION_KEY

from almaty.accounts.models import Role
from almaty.core.models import AuditEntry
from tests.factories.accounts import PASSWORD, SignInAttemptFactory, UserFactory

SIGN_IN = "/en/account/sign-in/"
WRONG = "The e-mail address or the password is not correct."


def signed_in_id(client):
    return client.session.get(SESSION_KEY)


# --- sign-in -------------------------------------------------------------------------------


def test_sign_in_page_shows_the_form(client, db):
    response = client.get(SIGN_IN)

    assert response.status_code == 200
    assert 'name="password"' in response.content.decode()


def test_sign_in_with_the_right_password_goes_to_the_home_page(client, user):
    response = client.post(SIGN_IN, {"email": user.email, "password": PASSWORD})

    assert response.status_code == 302
    assert response.url == "/en/"
    assert signed_in_id(client) == str(user.pk)


def test_sign_in_accepts_the_address_in_any_case(client, user):
    client.post(SIGN_IN, {"email": user.email.upper(), "password": PASSWORD})

    assert signed_in_id(client) == str(user.pk)


def test_sign_in_is_recorded_in_the_audit_log(client, user):
    client.post(SIGN_IN, {"email": user.email, "password": PASSWORD})

    entry = AuditEntry.objects.get(message_key="user.signed_in")
    assert entry.actor == user
    assert entry.params == {"email": user.email}


def test_sign_in_returns_to_the_page_asked_for(client, user):
    response = client.post(
        SIGN_IN + "?next=/en/account/", {"email": user.email, "password": PASSWORD}
    )

    assert response.url == "/en/account/"


@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example/account/"])
def test_sign_in_never_sends_the_user_to_another_site(client, user, target):
    response = client.post(SIGN_IN, {"email": user.email, "password": PASSWORD, "next": target})

    assert response.url == "/en/"


@pytest.mark.parametrize(
    ("email", "password"),
    [
        ("nurlan@example.org", "wrong-password"),
        ("nobody@example.org", PASSWORD),  # unknown address: same answer
    ],
)
def test_sign_in_with_wrong_credentials_is_refused_and_signs_nobody_in(
    client, user, email, password
):
    response = client.post(SIGN_IN, {"email": email, "password": password})

    assert response.status_code == 400
    assert WRONG in response.content.decode()
    assert signed_in_id(client) is None
    assert not AuditEntry.objects.filter(message_key="user.signed_in").exists()


def test_sign_in_of_a_deactivated_user_is_refused(client, db):
    former = UserFactory(is_active=False)

    response = client.post(SIGN_IN, {"email": former.email, "password": PASSWORD})

    assert response.status_code == 400
    assert WRONG in response.content.decode()
    assert signed_in_id(client) is None


def test_sign_in_with_an_empty_form_is_refused(client, db):
    response = client.post(SIGN_IN, {"email": "", "password": ""})

    assert response.status_code == 400
    assert "This field is required." in response.content.decode()


def test_sign_in_is_throttled_after_too_many_failures_even_with_the_right_password(client, user):
    for _attempt in range(settings.SIGN_IN_MAX_FAILURES):
        assert client.post(SIGN_IN, {"email": user.email, "password": "guess"}).status_code == 400

    response = client.post(SIGN_IN, {"email": user.email, "password": PASSWORD})

    assert response.status_code == 429
    assert "Too many failed sign-in attempts. Try again in 15 minutes." in response.content.decode()
    assert signed_in_id(client) is None


def test_sign_in_is_throttled_for_a_client_guessing_many_addresses(client, user):
    SignInAttemptFactory.create_batch(settings.SIGN_IN_MAX_FAILURES, client_ip="127.0.0.1")

    response = client.post(SIGN_IN, {"email": user.email, "password": PASSWORD})

    assert response.status_code == 429
    assert signed_in_id(client) is None


def test_sign_in_works_again_after_the_throttling_window(client, user, time_machine):
    time_machine.move_to(dt.datetime(2025, 3, 10, 9, 0, tzinfo=dt.UTC), tick=False)
    SignInAttemptFactory.create_batch(settings.SIGN_IN_MAX_FAILURES, email=user.email)
    time_machine.shift(dt.timedelta(minutes=settings.SIGN_IN_WINDOW_MINUTES + 1))

    response = client.post(SIGN_IN, {"email": user.email, "password": PASSWORD})

    assert response.status_code == 302
    assert signed_in_id(client) == str(user.pk)


# --- a one-time password must be changed first ---------------------------------------------


@pytest.fixture
def one_time_user(db):
    return UserFactory(must_change_password=True)


@pytest.fixture
def one_time_client(client, one_time_user):
    client.post(SIGN_IN, {"email": one_time_user.email, "password": PASSWORD})
    return client


@pytest.mark.parametrize(
    "path", ["/en/", "/en/account/", "/en/account/two-factor/", "/ru/account/"]
)
def test_a_user_with_a_one_time_password_is_sent_to_the_password_change_page(one_time_client, path):
    response = one_time_client.get(path)

    assert response.status_code == 302
    assert response.url.endswith("/account/password/")


@pytest.mark.parametrize("path", ["/en/account/password/", "/ru/account/password/"])
def test_the_password_change_page_opens_in_each_language(one_time_client, path):
    assert one_time_client.get(path).status_code == 200


def test_the_password_change_page_explains_why(one_time_client):
    response = one_time_client.get("/en/account/password/")

    assert response.status_code == 200
    assert "You signed in with a one-time password." in response.content.decode()


def test_a_user_with_a_one_time_password_can_still_sign_out(one_time_client):
    response = one_time_client.post("/en/account/sign-out/")

    assert response.status_code == 302
    assert signed_in_id(one_time_client) is None


def test_after_changing_the_one_time_password_pages_open_again(one_time_client, one_time_user):
    response = one_time_client.post(
        "/en/account/password/",
        {
            "old_password": PASSWORD,
            "new_password1": "steppe-eagle-1994",
            "new_password2": "steppe-eagle-1994",
        },
    )

    assert response.status_code == 302
    assert response.url == "/en/account/"
    assert one_time_client.get("/en/account/").status_code == 200
    one_time_user.refresh_from_db()
    assert not one_time_user.must_change_password
    assert one_time_user.check_password("steppe-eagle-1994")


def test_a_refused_password_change_keeps_the_user_on_the_page(one_time_client):
    response = one_time_client.post(
        "/en/account/password/",
        {
            "old_password": "not-it",
            "new_password1": "steppe-eagle-1994",
            "new_password2": "steppe-eagle-1994",
        },
    )

    assert response.status_code == 400
    assert one_time_client.get("/en/account/").status_code == 302


# --- sign-out ------------------------------------------------------------------------------


def test_sign_out_by_get_is_not_allowed_and_keeps_the_session(signed_in_client, user):
    response = signed_in_client.get("/en/account/sign-out/")

    assert response.status_code == 405
    assert signed_in_id(signed_in_client) == str(user.pk)


def test_sign_out_by_post_ends_the_session(signed_in_client):
    response = signed_in_client.post("/en/account/sign-out/")

    assert response.status_code == 302
    assert response.url == "/en/"
    assert signed_in_id(signed_in_client) is None


# --- account page --------------------------------------------------------------------------


def test_account_page_needs_sign_in(client, db):
    response = client.get("/en/account/")

    assert response.status_code == 302
    assert response.url == "/en/account/sign-in/?next=/en/account/"


def test_account_page_lists_active_and_past_roles(client, user_with_role):
    person = user_with_role("national_coordinator", "KGZ")
    past = person.role_assignments.get()
    person.role_assignments.create(
        role=Role.objects.get(code="statistician"),
        state=past.state,
        valid_from=dt.date(2015, 1, 1),
        valid_to=dt.date(2016, 12, 31),
    )
    client.force_login(person)

    page = client.get("/en/account/").content.decode()

    assert "<td>National Coordinator</td><td>Kyrgyzstan</td>" in page
    assert "<td>Statistician</td><td>Kyrgyzstan</td>" in page
    assert page.count(">active<") == 1
    assert page.count(">not active<") == 1


def test_account_page_says_when_the_user_holds_no_role(signed_in_client):
    page = signed_in_client.get("/en/account/").content.decode()

    assert "You hold no role yet." in page


def test_account_page_in_russian_shows_role_names_from_the_reference_data(client, user_with_role):
    client.force_login(user_with_role("national_coordinator", "KGZ"))

    response = client.get("/ru/account/")

    assert response["Content-Language"] == "ru"
    assert "Национальный координатор" in response.content.decode()
