"""GET /api/v1/me: who is calling, with which roles; a token or a session is needed."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from almaty.accounts.models import Role
from almaty.process.models import State
from tests.api.helpers import bearer
from tests.factories.accounts import ApiTokenFactory, RoleAssignmentFactory, UserFactory

UNAUTHENTICATED = {"detail": "Sign in or send a valid API token (Authorization: Bearer ...)."}
TODAY = dt.date(2025, 3, 10)


@pytest.fixture(autouse=True)
def _today(time_machine):
    time_machine.move_to(dt.datetime(2025, 3, 10, 9, 0, tzinfo=dt.UTC), tick=False)


@pytest.fixture
def coordinator(reference):
    """Kyrgyzstan's National Coordinator, who was its Statistician before and will chair later."""
    person = UserFactory(
        email="aibek@example.org", full_name="Aibek Isaev", preferred_language="ru"
    )
    kgz = State.objects.get(iso3="KGZ")
    for code, valid_from, valid_to in [
        ("national_coordinator", dt.date(2024, 1, 1), None),
        ("statistician", dt.date(2020, 1, 1), dt.date(2023, 12, 31)),
        ("chair", TODAY + dt.timedelta(days=1), None),
    ]:
        RoleAssignmentFactory(
            user=person,
            role=Role.objects.get(code=code),
            state=kgz,
            valid_from=valid_from,
            valid_to=valid_to,
        )
    return person


def test_me_without_credentials_is_refused(api_get, db):
    response = api_get("/me")

    assert response.status_code == 401
    assert response.json() == UNAUTHENTICATED


@pytest.mark.parametrize(
    "authorization",
    [
        "Bearer alm_not-a-token-anyone-was-given",
        "Bearer ",
        "Bearer not-our-kind-of-token",
        "Token alm_wrong-scheme",
        "Basic bnVybGFuOnBhc3N3b3Jk",
    ],
)
def test_me_with_a_bad_authorization_header_is_refused(api_get, db, authorization):
    ApiTokenFactory()  # a real token exists, just not this one

    response = api_get("/me", HTTP_AUTHORIZATION=authorization)

    assert response.status_code == 401
    assert response.json() == UNAUTHENTICATED


@pytest.mark.parametrize(
    "make_token",
    [
        lambda: ApiTokenFactory(revoked_at=timezone.make_aware(dt.datetime(2025, 3, 1))),
        lambda: ApiTokenFactory(expires_at=timezone.make_aware(dt.datetime(2025, 3, 9))),
        lambda: ApiTokenFactory(user=UserFactory(is_active=False)),
    ],
    ids=["revoked", "expired", "deactivated user"],
)
def test_me_with_an_unusable_token_is_refused(api_get, db, make_token):
    token = make_token()

    response = api_get("/me", **bearer(token.raw))

    assert response.status_code == 401
    assert response.json() == UNAUTHENTICATED


def test_me_with_a_valid_token_gives_the_user_and_only_the_active_roles(api_get, coordinator):
    token = ApiTokenFactory(user=coordinator)

    response = api_get("/me", **bearer(token.raw))

    assert response.status_code == 200
    assert response.json() == {
        "email": "aibek@example.org",
        "full_name": "Aibek Isaev",
        "preferred_language": "ru",
        "roles": [
            {
                "role": "national_coordinator",
                "role_name": "National Coordinator",
                "state": "KGZ",
                "valid_from": "2024-01-01",
                "valid_to": None,
            }
        ],
    }


def test_me_with_a_valid_token_records_its_use(api_get, coordinator):
    token = ApiTokenFactory(user=coordinator)

    api_get("/me", **bearer(token.raw))

    token.refresh_from_db()
    assert token.last_used_at == timezone.now()


def test_me_with_a_signed_in_session(client, api_get, coordinator):
    client.force_login(coordinator)

    response = api_get("/me")

    assert response.status_code == 200
    assert response.json()["email"] == "aibek@example.org"
    assert [role["role"] for role in response.json()["roles"]] == ["national_coordinator"]


def test_me_after_signing_out_is_refused(client, api_get, coordinator):
    client.force_login(coordinator)
    client.post("/en/account/sign-out/")

    assert api_get("/me").status_code == 401


def test_me_names_roles_in_russian_when_asked_in_russian(api_get, coordinator):
    token = ApiTokenFactory(user=coordinator)

    response = api_get("/me", HTTP_ACCEPT_LANGUAGE="ru", **bearer(token.raw))

    assert response["Content-Language"] == "ru"
    assert response.json()["roles"][0]["role_name"] == "Национальный координатор"


@pytest.mark.parametrize(
    ("role", "state"),
    [
        ("support_unit", None),
        ("chair", "KAZ"),
        ("deputy_chair", "KGZ"),
        ("national_coordinator", "TJK"),
        ("technical_officer", "AZE"),
        ("statistician", "AFG"),
        ("border_analyst", "TUR"),
        ("protection_officer", "TKM"),
        ("observer_delegate", "PAK"),
    ],
)
def test_me_lists_each_role_with_its_state(api_get, user_with_role, role, state):
    token = ApiTokenFactory(user=user_with_role(role, state))

    (listed,) = api_get("/me", **bearer(token.raw)).json()["roles"]

    assert (listed["role"], listed["state"]) == (role, state)


def test_me_for_a_user_without_roles_lists_none(api_get, db):
    token = ApiTokenFactory()

    assert api_get("/me", **bearer(token.raw)).json()["roles"] == []


def test_me_with_a_token_for_a_user_who_must_change_the_password(api_get, db):
    """Machine clients are not sent to the password page: the API answers as usual."""
    token = ApiTokenFactory(user=UserFactory(must_change_password=True))

    assert api_get("/me", **bearer(token.raw)).status_code == 200


def test_me_with_a_token_takes_two_queries_whatever_the_roles(
    api_get, coordinator, django_assert_max_num_queries
):
    token = ApiTokenFactory(user=coordinator, last_used_at=timezone.now())

    with django_assert_max_num_queries(2):
        api_get("/me", **bearer(token.raw))
