"""A State's record-level pages: overstays as of a date (grouped, listed, as CSV) and the stays
with their movement type explained (listed, filtered, as CSV); bad dates and other States'
records refused with a message, and every read written to the audit log.

The sample file of `test_views` is loaded through the form first (`sample`): as of 2024-03-31
it has two overstays, a Uzbek national who left 6 days late and a Tajik national still in the
country 50 days after the 10 days allowed."""

from __future__ import annotations

import csv
import io
from typing import Any

import pytest

from almaty.borders.models import CrossingLoad
from almaty.core.models import AuditEntry
from tests.borders.test_views import load_sample

OVERSTAYS = "/en/borders/KAZ/overstays/"
STAYS = "/en/borders/KAZ/stays/"


@pytest.fixture(autouse=True)
def _own_data_dir(data_dir: Any) -> None:
    """Every test here with a DATA_DIR of its own (`data_dir`)."""


@pytest.fixture
def sample(client: Any, analyst: Any, django_capture_on_commit_callbacks: Any) -> CrossingLoad:
    """The sample file of `test_views`, loaded through the upload form."""
    return load_sample(client, analyst, django_capture_on_commit_callbacks)


def _page(client: Any, path: str) -> str:
    response = client.get(path)
    assert response.status_code == 200, response.content.decode()[:3000]
    return response.content.decode()


def _csv(client: Any, path: str) -> list[dict[str, str]]:
    response = client.get(path)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    return list(csv.DictReader(io.StringIO(response.content.decode())))


# --- overstays --------------------------------------------------------------------------------


def test_overstays_default_to_the_day_of_the_states_results(
    client: Any, sample: CrossingLoad
) -> None:
    html = _page(client, OVERSTAYS)
    assert 'value="2024-03-31"' in html
    assert "As of 2024-03-31" in html
    assert '<dd id="overstays-total">2</dd>' in html


def test_overstays_are_grouped_and_listed_most_days_over_first(
    client: Any, sample: CrossingLoad
) -> None:
    html = _page(client, f"{OVERSTAYS}?as_of=2024-03-31&by=nationality")
    groups = html[
        html.index('id="overstay-groups"') : html.index(
            "</table>", html.index('id="overstay-groups"')
        )
    ]
    assert "Tajikistan (TJK)" in groups
    assert "Uzbekistan (UZB)" in groups
    listed = html[html.index('id="overstay-list"') :]
    assert listed.index("STAY-in") < listed.index("LATE-in")
    assert "<strong>50</strong>" in listed
    assert "<strong>6</strong>" in listed
    assert "still in the country (suspected)" in listed
    assert "left after the authorised stay" in listed


@pytest.mark.parametrize(
    ("by", "expected"),
    [("permit", "visa-free"), ("purpose", "private"), ("entry_bcp", "KAZ-ALA-AIR")],
)
def test_overstays_group_by_permit_purpose_or_crossing_point(
    client: Any, sample: CrossingLoad, by: str, expected: str
) -> None:
    html = _page(client, f"{OVERSTAYS}?as_of=2024-03-31&by={by}")
    table = html[html.index('id="overstay-groups"') :]
    assert expected in table


def test_an_earlier_day_leaves_out_later_entries(client: Any, sample: CrossingLoad) -> None:
    html = _page(client, f"{OVERSTAYS}?as_of=2024-01-31")
    assert '<dd id="overstays-total">1</dd>' in html
    assert "LATE-in" in html
    assert "STAY-in" not in html


def test_a_later_day_counts_open_stays_on(client: Any, sample: CrossingLoad) -> None:
    html = _page(client, f"{OVERSTAYS}?as_of=2024-04-30")
    assert "<strong>80</strong>" in html  # 50 days over on 31 March, 30 more in April


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("31.03.2024", "Enter a valid date."),
        ("2024-02-30", "Enter a valid date."),
        ("1900-01-01", "Choose a date between 1990 and a year from today, not 1900-01-01."),
    ],
)
def test_a_bad_date_is_explained_never_a_500(
    client: Any, sample: CrossingLoad, value: str, message: str
) -> None:
    response = client.get(OVERSTAYS, {"as_of": value})
    assert response.status_code == 400
    assert message in response.content.decode()


def test_the_overstays_csv_has_every_overstay_and_column(client: Any, sample: CrossingLoad) -> None:
    rows = _csv(client, "/en/borders/KAZ/overstays.csv?as_of=2024-03-31")
    assert [(r["entry_record_id"], r["kind"], r["days_over"]) for r in rows] == [
        ("STAY-in", "IN_COUNTRY", "50"),
        ("LATE-in", "OUT_OF_COUNTRY", "6"),
    ]
    assert {"nationality", "entry_bcp", "authorised_end", "purpose", "permit"} <= set(rows[0])


def test_a_csv_with_a_bad_date_is_refused_with_the_form(client: Any, sample: CrossingLoad) -> None:
    response = client.get("/en/borders/KAZ/overstays.csv?as_of=yesterday")
    assert response.status_code == 400
    assert "Enter a valid date." in response.content.decode()


def test_overstays_before_any_load_say_so(client: Any, analyst: Any) -> None:
    client.force_login(analyst)
    response = client.get(f"{OVERSTAYS}?as_of=2024-03-31")
    assert response.status_code == 404
    assert "No crossing records of KAZ have been loaded yet." in response.content.decode()


def test_reading_overstays_is_audited(client: Any, sample: CrossingLoad) -> None:
    before = AuditEntry.objects.filter(message_key="borders.overstays_read").count()
    _page(client, f"{OVERSTAYS}?as_of=2024-03-31")
    _csv(client, "/en/borders/KAZ/overstays.csv?as_of=2024-03-31")
    entries = AuditEntry.objects.filter(message_key="borders.overstays_read")
    assert entries.count() == before + 2
    assert entries.last().actor == sample.created_by  # type: ignore[union-attr]


# --- stays ------------------------------------------------------------------------------------


def test_stays_are_listed_with_their_type_and_why(client: Any, sample: CrossingLoad) -> None:
    html = _page(client, STAYS)
    assert "23 stays." in html  # 20 round trips, the late one, the open one, the transit
    assert "transit" in html
    assert "passing through or leaving by another crossing point: transit." in html
    assert "regular." in html
    assert "CITIZEN-in" not in html  # a citizen's trip is not a stay


def test_stays_filter_by_movement_type(client: Any, sample: CrossingLoad) -> None:
    html = _page(client, f"{STAYS}?type=TRANSIT")
    assert "1 stay." in html
    assert "TR-in" in html
    assert "R00-in" not in html


def test_an_unknown_type_shows_every_stay(client: Any, sample: CrossingLoad) -> None:
    assert "23 stays." in _page(client, f"{STAYS}?type=NOMADIC")


def test_the_stays_csv_explains_each_type(client: Any, sample: CrossingLoad) -> None:
    rows = _csv(client, "/en/borders/KAZ/stays.csv")
    assert len(rows) == 23
    transit = next(r for r in rows if r["entry_record_id"] == "TR-in")
    assert transit["movement_type"] == "TRANSIT"
    assert transit["explanation"].endswith(": transit.")
    assert {"person_key", "stay_days", "overstay_days", "is_open"} <= set(rows[0])


def test_the_stays_csv_of_one_type(client: Any, sample: CrossingLoad) -> None:
    response = client.get("/en/borders/KAZ/stays.csv?type=TRANSIT")
    assert 'filename="KAZ-stays-transit.csv"' in response["Content-Disposition"]
    assert len(list(csv.DictReader(io.StringIO(response.content.decode())))) == 1


def test_stays_explained_in_russian(client: Any, sample: CrossingLoad) -> None:
    rows = _csv(client, "/ru/borders/KAZ/stays.csv?type=TRANSIT")
    assert rows[0]["explanation"].endswith("транзит.")


def test_stays_before_any_load_say_so(client: Any, analyst: Any) -> None:
    client.force_login(analyst)
    response = client.get(STAYS)
    assert response.status_code == 404
    assert "No crossing records of KAZ have been loaded yet." in response.content.decode()


def test_reading_stays_is_audited(client: Any, sample: CrossingLoad) -> None:
    before = AuditEntry.objects.filter(message_key="borders.stays_read").count()
    _page(client, STAYS)
    assert AuditEntry.objects.filter(message_key="borders.stays_read").count() == before + 1


def test_the_stays_page_takes_few_queries(
    client: Any, sample: CrossingLoad, django_assert_max_num_queries: Any
) -> None:
    _page(client, STAYS)  # the first page of a session decides the menu
    with django_assert_max_num_queries(12):
        _page(client, STAYS)
