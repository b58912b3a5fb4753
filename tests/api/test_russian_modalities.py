"""Refused writes of the Operating Modalities API explain themselves in Russian when asked.

These texts come from the Russian message catalogue (gettext)."""

from __future__ import annotations

import json

import pytest

from almaty.core.models import AuditEntry
from almaty.process.models import ChairPass, ChairTerm, NationalCoordinator
from tests.api.helpers import bearer
from tests.factories.accounts import ApiTokenFactory


@pytest.fixture
def post_in_russian(client, user_with_role):
    def post(path, body, role="support_unit", state=None):
        token = ApiTokenFactory(user=user_with_role(role, state)).raw
        return client.post(
            "/api/v1" + path,
            json.dumps(body),
            content_type="application/json",
            HTTP_ACCEPT_LANGUAGE="ru",
            **bearer(token),
        )

    return post


@pytest.mark.parametrize(
    ("path", "body", "detail"),
    [
        (
            "/chair/terms",
            {"state": "KGZ", "start": "2020-01-01", "end": "2020-06-01"},
            "Этот срок пересекается со сроком TJK, начавшимся 2018-09-28.",
        ),
        (
            "/chair/passes",
            {"state": "IRN", "turn_starts_on": "2027-04-24"},
            "Отказаться от очереди может только государство-член; IRN не является членом на "
            "2027-04-24.",
        ),
        (
            "/chair/passes",
            {"state": "TKM", "turn_starts_on": "2023-01-01"},
            "TKM уже отказался от очереди, начинающейся 2023-01-01.",
        ),
        (
            "/coordinators",
            {"state": "PAK", "full_name": "A. Khan", "designated_on": "2026-01-10"},
            "Национального координатора назначает только государство-член; PAK не является "
            "членом на 2026-01-10.",
        ),
    ],
    ids=["overlapping term", "pass by an observer", "second pass", "coordinator for an observer"],
)
def test_bad_input_is_explained_in_russian_and_stores_nothing(post_in_russian, path, body, detail):
    counts = [m.objects.count() for m in (ChairTerm, ChairPass, NationalCoordinator, AuditEntry)]

    response = post_in_russian(path, body)

    assert response.status_code == 400
    assert response.json() == {"detail": detail}
    assert [
        m.objects.count() for m in (ChairTerm, ChairPass, NationalCoordinator, AuditEntry)
    ] == counts


def test_an_observer_as_chair_is_refused_with_the_statuses_in_russian(post_in_russian):
    response = post_in_russian("/chair/terms", {"state": "IRN", "start": "2027-04-24"})

    assert response.status_code == 400
    detail = response.json()["detail"]
    assert detail.startswith("IRN не может председательствовать на 2027-04-24")
    assert "observer" not in detail.lower()
    assert "member" not in detail.lower()


def test_a_national_coordinator_is_told_in_russian_which_role_is_needed(post_in_russian):
    response = post_in_russian(
        "/chair/passes",
        {"state": "KGZ", "turn_starts_on": "2027-04-24"},
        role="national_coordinator",
        state="KGZ",
    )

    assert response.status_code == 403
    assert response.json() == {"detail": "Для этого нужна роль «Сотрудник Группы поддержки»."}
