"""API messages in Russian (`Accept-Language: ru`). These need the compiled Russian catalogue.

Each test checks that the text is no longer the English source, is written in Cyrillic and keeps
its parameters; the wording itself is the translators'.
"""

from __future__ import annotations

import re

from tests.api.helpers import bearer

CYRILLIC = re.compile("[\u0400-\u04ff]")
RU = {"HTTP_ACCEPT_LANGUAGE": "ru"}


def assert_russian(text: str, english: str, *keep: str) -> None:
    assert english not in text
    assert CYRILLIC.search(text), text
    for value in keep:
        assert value in text


def test_unauthenticated_detail_is_in_russian(api_get, db):
    response = api_get("/me", **RU)

    assert response.status_code == 401
    assert_russian(response.json()["detail"], "Sign in or send a valid API token")


def test_bad_token_detail_is_in_russian(api_get, db):
    response = api_get("/me", **RU, **bearer("alm_not-a-token"))

    assert response.status_code == 401
    assert_russian(response.json()["detail"], "Sign in or send a valid API token")


def test_unknown_state_detail_is_in_russian(api_get, reference):
    response = api_get("/states/XXX", **RU)

    assert response.status_code == 404
    assert_russian(response.json()["detail"], "No State with the code", "XXX")


def test_invalid_request_detail_is_in_russian(api_get, reference):
    response = api_get("/states?on=not-a-date", **RU)

    assert response.status_code == 422
    assert_russian(response.json()["detail"], "The request is not valid.")


def test_participation_status_labels_are_in_russian(api_get, reference):
    rows = {row["participant_code"]: row for row in api_get("/participations", **RU).json()}

    assert_russian(rows["KGZ"]["status_label"], "Member State")
    assert_russian(rows["IRN"]["status_label"], "Observer")
    assert_russian(rows["CHN"]["status_label"], "Guest")
    assert_russian(rows["IOM"]["status_label"], "International organisation")
