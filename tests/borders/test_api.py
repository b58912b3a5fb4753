"""The border-movements API: loads and their reports, indicators, overstays (audited), each for
the State's border analysts only."""

from __future__ import annotations

import pytest

from almaty.core.models import AuditEntry
from tests.api.helpers import bearer
from tests.factories.accounts import ApiTokenFactory
from tests.factories.borders import CrossingLoadFactory

pytestmark = pytest.mark.usefixtures("data_dir")


def token_of(user):
    return bearer(ApiTokenFactory(user=user).raw)


def test_the_analyst_lists_the_loads_of_their_state(client, kaz_records, analyst):
    response = client.get("/api/v1/borders/loads", **token_of(analyst))

    assert response.status_code == 200
    body = response.json()
    assert (body["total"], body["limit"], body["offset"]) == (1, 50, 0)
    (item,) = body["items"]
    assert {k: item[k] for k in ("id", "state", "file_name", "status", "status_label")} == {
        "id": kaz_records.pk,
        "state": "KAZ",
        "file_name": "january.csv",
        "status": "done",
        "status_label": "done",
    }
    assert (item["rows_read"], item["rows_accepted"], item["error"]) == (48, 48, "")


def test_loads_of_other_states_are_not_listed(client, kaz_records, other_analyst):
    response = client.get("/api/v1/borders/loads", **token_of(other_analyst))

    assert response.json()["total"] == 0


def test_one_load_with_its_report_and_counts(client, kaz_records, analyst):
    response = client.get(f"/api/v1/borders/loads/{kaz_records.pk}", **token_of(analyst))

    body = response.json()
    assert response.status_code == 200
    assert body["report"]["rows_accepted"] == 48
    assert body["report"]["rejected_by_reason"] == []
    assert body["derived"]["stays"] == 23
    assert body["derived"]["orphan_exits"] == 1


def test_a_refused_loads_report_says_why_in_the_requests_language(client, reference, analyst):
    load = CrossingLoadFactory(
        status="refused",
        rows_read=20,
        rows_rejected=2,
        error={"en": "Too many.", "ru": "Слишком много."},
        report={
            "rows_read": 20,
            "rows_rejected": 2,
            "rejected_by_reason": {"bad_time": 2},
            "samples": [{"file": "a.csv", "row": 3, "record_id": "X1", "reason": "bad_time",
                         "column": "crossed_at", "value": "2024-02-30T10:00"}],
        },
    )  # fmt: skip

    response = client.get(
        f"/api/v1/borders/loads/{load.pk}", HTTP_ACCEPT_LANGUAGE="ru", **token_of(analyst)
    )

    body = response.json()
    assert body["error"] == "Слишком много."
    assert body["report"]["rejected_by_reason"][0]["code"] == "bad_time"
    assert body["report"]["samples"][0]["row"] == 3
    assert body["report"]["samples"][0]["column"] == "crossed_at"


@pytest.mark.parametrize(("role", "state"), [("border_analyst", "KGZ"), ("support_unit", None),
                                             ("national_coordinator", "KAZ")])  # fmt: skip
def test_a_load_of_another_state_is_not_found(client, kaz_records, user_with_role, role, state):
    response = client.get(
        f"/api/v1/borders/loads/{kaz_records.pk}", **token_of(user_with_role(role, state))
    )

    assert response.status_code == 404
    assert response.json() == {"detail": f"No load of crossing records {kaz_records.pk}."}


def test_the_indicators_are_an_sdmx_csv_file(client, kaz_records, analyst):
    response = client.get("/api/v1/borders/KAZ/indicators.csv", **token_of(analyst))

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert 'filename="borders-KAZ-indicators.csv"' in response["Content-Disposition"]
    assert response.content.startswith(b"DATAFLOW,REF_AREA,INDICATOR,TIME_PERIOD")


def test_overstays_as_of_a_date_are_listed_longest_first_and_the_read_audited(
    client, kaz_records, analyst
):
    response = client.get(
        "/api/v1/borders/KAZ/overstays", {"as_of": "2024-06-30"}, **token_of(analyst)
    )

    body = response.json()
    assert response.status_code == 200
    assert (body["state"], body["as_of"], body["total"]) == ("KAZ", "2024-06-30", 2)
    assert [(i["entry_record_id"], i["kind"], i["days_over"]) for i in body["items"]] == [
        ("C-in", "IN_COUNTRY", 78),
        ("B-in", "OUT_OF_COUNTRY", 36),
    ]
    assert body["items"][1]["kind_label"] == "left after the authorised stay"
    assert body["items"][1]["authorised_end"] == "2024-02-08"
    assert AuditEntry.objects.filter(message_key="borders.overstays_read").count() == 1


def test_overstays_default_to_the_last_day_of_the_records(client, kaz_records, analyst):
    response = client.get("/api/v1/borders/KAZ/overstays", **token_of(analyst))

    assert response.json()["as_of"] == "2024-03-15"


def test_overstays_come_in_pages(client, kaz_records, analyst):
    response = client.get(
        "/api/v1/borders/KAZ/overstays",
        {"as_of": "2024-06-30", "limit": 1, "offset": 1},
        **token_of(analyst),
    )

    body = response.json()
    assert (body["total"], len(body["items"])) == (2, 1)
    assert body["items"][0]["entry_record_id"] == "B-in"


@pytest.mark.parametrize(
    ("query", "status"),
    [({"as_of": "2024-13-01"}, 422), ({"limit": 0}, 400), ({"limit": 5000}, 400),
     ({"offset": -1}, 400)],
)  # fmt: skip
def test_a_bad_overstays_request_is_refused_with_a_reason(
    client, kaz_records, analyst, query, status
):
    response = client.get("/api/v1/borders/KAZ/overstays", query, **token_of(analyst))

    assert response.status_code == status
    assert response.json()["detail"]
    assert AuditEntry.objects.filter(message_key="borders.overstays_read").count() == 0


@pytest.mark.parametrize(
    "path", ["/api/v1/borders/KAZ/overstays", "/api/v1/borders/KAZ/indicators.csv"]
)
@pytest.mark.parametrize(
    ("role", "state"),
    [("border_analyst", "KGZ"), ("support_unit", None), ("national_coordinator", "KAZ")],
)
def test_record_level_reads_are_forbidden_to_others(
    client, kaz_records, user_with_role, path, role, state
):
    response = client.get(path, **token_of(user_with_role(role, state)))

    assert response.status_code == 403
    assert response.json() == {"detail": "This needs the role Border analyst."}
    assert AuditEntry.objects.filter(message_key="borders.overstays_read").count() == 0


def test_before_the_first_load_the_state_has_no_overstays(client, analyst):
    response = client.get(
        "/api/v1/borders/KAZ/overstays", {"as_of": "2024-06-30"}, **token_of(analyst)
    )

    assert response.status_code == 404
    assert response.json() == {"detail": "No crossing records of KAZ have been loaded yet."}


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/borders/loads",
        "/api/v1/borders/loads/1",
        "/api/v1/borders/KAZ/indicators.csv",
        "/api/v1/borders/KAZ/overstays",
    ],
)
def test_anonymous_callers_must_sign_in(client, db, path):
    assert client.get(path).status_code == 401


def test_listing_loads_takes_a_fixed_number_of_queries(
    client, kaz_records, analyst, django_assert_max_num_queries
):
    CrossingLoadFactory.create_batch(5, created_by=analyst)
    headers = token_of(analyst)

    with django_assert_max_num_queries(8):
        response = client.get("/api/v1/borders/loads", **headers)

    assert response.json()["total"] == 6
