"""The statistics API, exports and mirror page in Russian (`Accept-Language: ru`)."""

from __future__ import annotations

import io
import json
import re

import pytest
from openpyxl import load_workbook

from almaty.accounts.services import token_issue
from almaty.stats.models import Observation
from tests.factories import stats as files
from tests.factories.accounts import UserFactory

CYRILLIC = re.compile("[\u0400-\u04ff]")
RU = {"HTTP_ACCEPT_LANGUAGE": "ru"}


def _token(user):
    return {"HTTP_AUTHORIZATION": f"Bearer {token_issue(user=user, actor=None)[1]}"}


def test_refused_rows_are_explained_in_russian_and_nothing_is_stored(client, user_with_role):
    statistician = user_with_role("statistician", "KGZ")
    rows = [files.row(), files.row(TIME_PERIOD="2024-02", REF_AREA="KAZZ")]

    response = client.post(
        "/api/v1/statistics/submissions",
        json.dumps({"rows": rows}),
        content_type="application/json",
        **RU,
        **_token(statistician),
    )

    assert response.status_code == 422
    body = response.json()
    assert CYRILLIC.search(body["detail"])
    (issue,) = [i for i in body["issues"] if i["column"] == "REF_AREA"]
    assert issue["row"] == 3
    assert CYRILLIC.search(issue["message"])
    assert "KAZZ" in issue["message"]
    assert Observation.objects.count() == 0


def test_catalogue_names_follow_the_language(client, reference):
    entries = {i["code"]: i for i in client.get("/api/v1/statistics/indicators", **RU).json()}

    assert entries["ENTRIES"]["name"] == entries["ENTRIES"]["name_ru"]
    assert CYRILLIC.search(entries["ENTRIES"]["name"])


def test_bad_format_is_explained_in_russian(client, reference):
    response = client.get("/api/v1/statistics/observations?indicator=ENTRIES&format=pdf", **RU)

    assert response.status_code == 400
    assert CYRILLIC.search(response.json()["detail"])


def test_mirror_refusal_is_in_russian(client, reference):
    response = client.get("/api/v1/statistics/mirror", **RU, **_token(UserFactory()))

    assert response.status_code == 403
    assert CYRILLIC.search(response.json()["detail"])


@pytest.fixture
def published(user_with_role):
    from almaty.stats import services

    support = user_with_role("support_unit")
    made = services.submission_create(user=support, data=files.entries(), filename="k.csv")
    services.submission_approve(user=support, submission=made)
    services.submission_publish(user=support, submission=made, sharing="public")
    return made


def test_xlsx_notes_are_in_russian(client, published):
    response = client.get("/api/v1/statistics/observations?indicator=ENTRIES&format=xlsx", **RU)

    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["данные", "примечания"]
    labels, values = zip(*book.worksheets[1].iter_rows(values_only=True), strict=True)
    assert "Въезды через государственную границу" in values
    assert all(CYRILLIC.search(label) for label in labels)


def test_mirror_of_an_indicator_without_a_mirror_is_refused_in_russian(client, user_with_role):
    user = user_with_role("support_unit")
    response = client.get("/api/v1/statistics/mirror?indicator=REFUSALS", **RU, **_token(user))

    assert response.status_code == 400
    assert CYRILLIC.search(response.json()["detail"])
    assert "ENTRIES" in response.json()["detail"]
