"""The public dashboards: what each reader sees, on every page, in few queries."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.urls import reverse

from almaty.stats import services
from tests.factories import stats as files


@pytest.fixture(autouse=True)
def _own_data_dir(settings: Any, tmp_path: Path) -> None:
    settings.DATA_DIR = tmp_path


def _publish(user: Any, rows: list[dict[str, str]], sharing: str = "public") -> Any:
    submission = services.submission_create(user=user, data=files.sdmx_csv(rows), filename="f.csv")
    services.submission_approve(user=user, submission=submission)
    return services.submission_publish(user=user, submission=submission, sharing=sharing)


def _entries(area: str, values: dict[str, int], **extra: Any) -> list[dict[str, str]]:
    return [
        files.row(REF_AREA=area, TIME_PERIOD=m, OBS_VALUE=v, **extra) for m, v in values.items()
    ]


@pytest.fixture
def published(support: Any) -> Any:
    _publish(
        support,
        _entries("KGZ", {"2023-01": 100, "2024-01": 120})
        + _entries("KGZ", {"2024-01": 70}, COUNTERPART_AREA="RUS")
        + _entries("KGZ", {"2024-01": 50}, COUNTERPART_AREA="KAZ"),
    )
    _publish(support, _entries("KAZ", {"2024-01": 987_654}), sharing="members")
    return support


def test_index_lists_indicators_with_published_values(client, published):
    response = client.get(reverse("dashboards:index"))

    assert response.status_code == 200
    assert reverse("dashboards:indicator", args=["ENTRIES"]) in response.text
    assert reverse("dashboards:indicator", args=["EXITS"]) not in response.text


def test_anonymous_readers_never_see_members_only_values(client, published):
    response = client.get(reverse("dashboards:indicator", args=["ENTRIES"]))

    assert response.status_code == 200
    assert "987,654" not in response.text
    assert reverse("dashboards:state", args=["KAZ"]) not in response.text
    assert "120" in response.text


def test_readers_with_a_role_see_members_only_values(client, published, statistician):
    client.force_login(statistician)

    response = client.get(reverse("dashboards:indicator", args=["ENTRIES"]))

    assert "987,654" in response.text
    assert reverse("dashboards:state", args=["KAZ"]) in response.text


def test_indicator_page_shows_charts_corridors_season_and_downloads(client, published):
    response = client.get(reverse("dashboards:indicator", args=["ENTRIES"]))
    text = response.text

    assert text.count('<figure class="chart"') == 4  # region, States, latest, seasons
    assert "Corridors" in text
    assert '<abbr title="Russia">RUS</abbr>' in text
    assert "Seasonal profile" in text
    assert "/api/v1/statistics/observations?indicator=ENTRIES&amp;format=sdmx-csv" in text


def test_superseded_values_are_not_shown(client, published):
    _publish(published, _entries("KGZ", {"2023-01": 345}))

    text = client.get(reverse("dashboards:indicator", args=["ENTRIES"])).text

    assert '2023-01</th><td class="number">345<' in text
    assert '2023-01</th><td class="number">100<' not in text


def test_publishing_shows_at_once(client, support, django_capture_on_commit_callbacks):
    assert "Kyrgyzstan" not in client.get(reverse("dashboards:index")).text
    with django_capture_on_commit_callbacks(execute=True):
        _publish(support, _entries("KGZ", {"2024-01": 120}))

    assert "Kyrgyzstan" in client.get(reverse("dashboards:index")).text


def test_state_page_lists_its_indicators(client, published):
    response = client.get(reverse("dashboards:state", args=["KGZ"]))

    assert response.status_code == 200
    assert "Statistics of Kyrgyzstan" in response.text
    assert reverse("dashboards:indicator", args=["ENTRIES"]) in response.text


def test_state_page_of_members_only_data_is_empty_for_anonymous_readers(client, published):
    response = client.get(reverse("dashboards:state", args=["KAZ"]))

    assert "No figures of Kazakhstan have been published yet." in response.text


@pytest.mark.parametrize(
    ("name", "args"), [("dashboards:indicator", ["NOPE"]), ("dashboards:state", ["XXQ"])]
)
def test_unknown_indicator_or_state_is_not_found(client, reference, name, args):
    assert client.get(reverse(name, args=args)).status_code == 404


def test_lower_case_addresses_redirect(client, published):
    response = client.get(reverse("dashboards:indicator", args=["entries"]))

    assert response.status_code == 301
    assert response["Location"] == reverse("dashboards:indicator", args=["ENTRIES"])


def test_external_sources_show_their_provenance_and_licence(
    client, reference, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.load_external_source(
            source={"code": "UNDESA", "name_en": "UN DESA stock", "licence": "UN terms"},
            frame=files.external_frame(),
        )

    text = client.get(reverse("dashboards:indicator", args=["MIGRANT_STOCK"])).text

    assert "UN DESA stock" in text
    assert "UN terms" in text


def test_pages_take_few_queries(client, published, django_assert_max_num_queries):
    client.get(reverse("dashboards:index"))  # builds the snapshot
    with django_assert_max_num_queries(6):
        client.get(reverse("dashboards:indicator", args=["ENTRIES"]))
    with django_assert_max_num_queries(6):
        client.get(reverse("dashboards:index"))


def test_indicator_page_maps_the_latest_value_of_each_state(client, published, statistician):
    _publish(published, _entries("TJK", {"2024-01": 60_000}))
    client.force_login(statistician)  # members-only values too: KAZ

    text = client.get(reverse("dashboards:indicator", args=["ENTRIES"])).text

    assert 'class="members-map"' in text
    assert 'class="state level5" data-iso3="KAZ"' in text
    assert 'class="state level1" data-iso3="KGZ"' in text
    assert f'href="{reverse("dashboards:state", args=["TJK"])}"' in text
