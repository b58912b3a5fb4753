"""The forecasts pages: who may see them, the latest forecast of each series, one series with
its fan chart, track record, models, warnings and earlier forecasts, and its CSV.

Forecasts and warnings are written here directly (`make_forecast`, `make_warning`): these
tests are about the pages, not about the engine."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Callable
from typing import Any

import pytest
from django.utils import timezone

from almaty.forecasts.models import EarlyWarning, Forecast
from tests.factories.accounts import RoleAssignmentFactory, UserFactory

INDEX = "/en/statistics/forecasts/"


def months(first: str, count: int) -> list[str]:
    year, month = int(first[:4]), int(first[5:7]) - 1
    return [f"{year + (month + i) // 12}-{(month + i) % 12 + 1:02d}" for i in range(count)]


def make_forecast(
    series_id: str = "ENTRIES.KGZ",
    *,
    through: str = "2024-06",
    observed: int = 48,
    level: float = 1000.0,
    horizon: int = 12,
    source: str = "published",
    method: str = "ensemble-test",
    details: dict[str, Any] | None = None,
    made_at: dt.datetime | None = None,
) -> Forecast:
    """A stored forecast: `observed` monthly values up to `through` (level, rising by 10 each
    month), then `horizon` months at `level` ± 10% (80%) and ± 20% (95%)."""
    indicator, area = series_id.rsplit(".", 1)
    year, month = int(through[:4]), int(through[5:7])
    start_index = year * 12 + month - observed
    first = f"{start_index // 12}-{start_index % 12 + 1:02d}"
    periods = months(first, observed + horizon)
    values = [[p, level + 10 * i] for i, p in enumerate(periods[:observed])]
    points = [
        {
            "period": p,
            "mean": level,
            "lo_80": level * 0.9,
            "hi_80": level * 1.1,
            "lo_95": level * 0.8,
            "hi_95": level * 1.2,
        }
        for p in periods[observed:]
    ]
    forecast = Forecast.objects.create(
        series_id=series_id,
        indicator=indicator,
        area=area,
        freq="M",
        source=source,
        data_version=f"{series_id}-{through}-{method}",
        data_through=through,
        horizon=horizon,
        method=method,
        observed=values,
        points=points,
        track_record=[
            {"horizon": 1, "mase": 0.72, "coverage_80": 0.79, "coverage_95": 0.94, "origins": 24},
            {"horizon": 2, "mase": 0.85, "coverage_80": 0.81, "coverage_95": 0.96, "origins": 23},
        ],
        details={"weights": {"AutoETS": 0.6, "SeasonalNaive": 0.4}} if details is None else details,
    )
    if made_at is not None:  # created_at is set on creation; older forecasts are moved back
        Forecast.objects.filter(pk=forecast.pk).update(created_at=made_at)
        forecast.refresh_from_db()
    return forecast


def make_warning(
    forecast: Forecast,
    *,
    period: str,
    kind: str = "outside_interval",
    severity: str = "high",
    params: dict[str, Any] | None = None,
) -> EarlyWarning:
    return EarlyWarning.objects.create(
        series_id=forecast.series_id,
        indicator=forecast.indicator,
        area=forecast.area,
        kind=kind,
        severity=severity,
        period=period,
        forecast=forecast,
        params=params
        if params is not None
        else {"value": 2400.0, "low": 800.0, "high": 1200.0, "mean": 1000.0, "direction": "above"},
    )


@pytest.fixture
def reader(user_with_role: Callable[..., Any]) -> Any:
    """Anyone holding an active role may read forecasts: here a technical group officer."""
    return user_with_role("technical_officer", "KGZ")


def _page(client: Any, path: str) -> str:
    response = client.get(path)
    assert response.status_code == 200, response.status_code
    return response.content.decode()


# --- who may see the pages -----------------------------------------------------------------


PAGES = [
    INDEX,
    "/en/statistics/forecasts/ENTRIES.KGZ/",
    "/en/statistics/forecasts/ENTRIES.KGZ/forecast.csv",
    "/en/statistics/forecasts/upload/",
    "/en/statistics/warnings/",
]


@pytest.mark.parametrize("path", PAGES)
def test_anonymous_visitors_are_sent_to_sign_in(client, reference, path):
    make_forecast()

    response = client.get(path)

    assert response.status_code == 302
    assert response["Location"].startswith("/en/account/sign-in/?next=")


@pytest.mark.parametrize("path", PAGES)
def test_people_without_a_role_see_the_403_page_with_the_reason(client, reference, path):
    make_forecast()
    client.force_login(UserFactory())

    response = client.get(path)

    assert response.status_code == 403
    page = response.content.decode()
    assert "Not allowed" in page
    assert "Forecasts and early warnings are for people holding a role in the Process." in page


def test_a_role_that_has_ended_gives_no_access(client, reference):
    from almaty.accounts.models import Role

    person = UserFactory()
    RoleAssignmentFactory(
        user=person,
        role=Role.objects.get(code="chair"),
        valid_from=timezone.localdate() - dt.timedelta(days=400),
        valid_to=timezone.localdate() - dt.timedelta(days=30),
    )
    client.force_login(person)

    assert client.get(INDEX).status_code == 403


@pytest.mark.parametrize(
    ("role", "state"),
    [
        ("chair", "KAZ"),
        ("statistician", "KGZ"),
        ("support_unit", None),
        ("observer_delegate", None),
    ],
)
def test_anyone_holding_a_role_sees_the_forecasts(client, user_with_role, role, state):
    make_forecast()
    client.force_login(user_with_role(role, state))

    assert "ENTRIES.KGZ" in _page(client, INDEX)


# --- the index -------------------------------------------------------------------------------


def test_the_index_groups_the_latest_forecasts_by_indicator(client, reader):
    make_forecast(
        "ENTRIES.KGZ",
        through="2024-05",
        level=900.0,
        made_at=timezone.now() - dt.timedelta(days=30),
    )
    make_forecast("ENTRIES.KGZ", through="2024-06", level=1000.0)
    make_forecast("ENTRIES._T", level=5000.0)
    make_forecast("FRONTEX_IBC._T", through="2022-12", level=20000.0, source="external")
    make_forecast("FRONTEX_IBC.AFG", through="2022-12", level=3000.0, source="external")
    client.force_login(reader)

    page = _page(client, INDEX)

    assert page.count("<h1>") == 1
    assert '<h2 id="indicator-ENTRIES">Entries across the State border</h2>' in page
    assert "Frontex: detections of illegal border-crossings" in page
    assert page.count('href="/en/statistics/forecasts/ENTRIES.KGZ/"') == 1  # the latest only
    assert "Kyrgyzstan" in page
    assert "Region total" in page
    assert "All nationalities" in page
    assert "Afghanistan" in page
    assert "2024-07" in page  # the next period
    assert "1,000" in page
    assert "900 to 1,100" in page  # its 80% interval
    assert "810 to 990" not in page  # the older forecast is not listed
    # totals first within an indicator
    assert page.index("ENTRIES._T") < page.index("ENTRIES.KGZ")
    assert 'href="/en/statistics/forecasts/upload/"' in page


def test_the_index_counts_each_series_warnings_and_links_them(client, reader):
    forecast = make_forecast()
    make_warning(forecast, period="2024-05")
    make_warning(forecast, period="2024-06", severity="low")
    make_forecast("ENTRIES._T")
    client.force_login(reader)

    page = _page(client, INDEX)

    assert (
        'href="/en/statistics/forecasts/ENTRIES.KGZ/#warnings" class="warning-count">2 warnings</a>'
        in page
    )
    assert page.count("warning-count") == 1


def test_the_index_filters_by_indicator(client, reader):
    make_forecast("ENTRIES.KGZ")
    make_forecast("FRONTEX_IBC.AFG", through="2022-12", source="external")
    client.force_login(reader)

    page = _page(client, INDEX + "?indicator=frontex_ibc")

    assert "FRONTEX_IBC.AFG" in page
    assert "ENTRIES.KGZ/" not in page
    assert '<option value="FRONTEX_IBC" selected>' in page


@pytest.mark.parametrize("query", ["?indicator=NOPE", "?indicator=%27%3B+drop", "?indicator="])
def test_bad_filters_never_break_the_index(client, reader, query):
    make_forecast()
    client.force_login(reader)

    assert client.get(INDEX + query).status_code == 200


def test_the_index_says_when_there_is_no_forecast_yet(client, reader):
    client.force_login(reader)

    assert "No forecast has been made yet" in _page(client, INDEX)


def test_the_index_takes_few_queries(client, reader, django_assert_max_num_queries):
    for area in ("KGZ", "KAZ", "TJK", "UZB", "TKM", "_T"):
        forecast = make_forecast(f"ENTRIES.{area}")
        make_warning(forecast, period="2024-06")
    client.force_login(reader)

    with django_assert_max_num_queries(10):
        response = client.get(INDEX)

    assert response.content.decode().count("warning-count") == 6


# --- one series -------------------------------------------------------------------------------


def test_the_series_page_draws_the_fan_chart_with_the_warning_ringed(client, reader):
    forecast = make_forecast()
    make_warning(forecast, period="2024-05")
    client.force_login(reader)

    page = _page(client, "/en/statistics/forecasts/ENTRIES.KGZ/")

    assert "<h1>Entries across the State border: Kyrgyzstan</h1>" in page
    chart = page.split('<figure class="chart"')[1].split("</figure>")[0]
    assert chart.count('class="flag"') == 1
    assert "Early warning: 2024-05" in chart
    categories = chart.split("<tbody>")[1]
    assert categories.count("<tr>") == 36 + 12  # 36 observed periods, then 12 forecast
    assert "2021-07" in categories  # the 36th last observed month
    assert "2021-06" not in categories
    assert "2025-06" in categories


def test_the_series_page_explains_the_warning_and_its_severity(client, reader):
    forecast = make_forecast()
    make_warning(forecast, period="2024-05")
    make_warning(
        forecast,
        period="2024-09",
        kind="above_last_year",
        severity="medium",
        params={"mean": 1000.0, "before": 700.0, "rise": 0.43, "share": 0.25},
    )
    client.force_login(reader)

    page = _page(client, "/en/statistics/forecasts/ENTRIES.KGZ/")

    warnings = page.split('id="warnings"')[1].split("</section>")[0]
    assert "value outside its forecast&#x27;s 95% interval" in warnings
    assert '<td class="severity-high">high</td>' in warnings
    assert (
        "2024-05: 2,400 is above the 95% interval of its forecast (800 to 1,200; expected 1,000)."
        in warnings
    )
    assert "forecast well above the same period last year" in warnings
    assert '<td class="severity-medium">medium</td>' in warnings
    assert "This series has 2 early warnings." in page
    # only the value outside its interval is ringed: the other warning is about a forecast
    chart = page.split('<figure class="chart"')[1].split("</figure>")[0]
    assert chart.count('class="flag"') == 1


def test_the_series_page_shows_the_track_record_explained(client, reader):
    make_forecast()
    client.force_login(reader)

    page = _page(client, "/en/statistics/forecasts/ENTRIES.KGZ/")

    track = page.split('id="track-heading"')[1].split("</section>")[0]
    assert "below 1 is better than it" in track
    assert "An 80% interval should hold about 80%" in track
    rows = track.split("<tbody>")[1].split("</tbody>")[0]
    assert rows.count("<tr>") == 2
    assert "0.72" in rows
    assert "79%" in rows
    assert "94%" in rows
    assert ">24<" in rows


def test_the_series_page_lists_the_models_and_notes(client, reader):
    make_forecast(
        details={
            "weights": {"AutoETS": 0.25, "AutoARIMA": 0.75},
            "notes": [
                {
                    "code": "short",
                    "params": {"series_id": "ENTRIES.KGZ", "points": "20"},
                    "row": None,
                    "severity": "note",
                },
                {"code": "unheard_of", "params": {}, "row": None, "severity": "note"},
                "not a note",
            ],
        }
    )
    client.force_login(reader)

    page = _page(client, "/en/statistics/forecasts/ENTRIES.KGZ/")

    models = page.split('id="models-heading"')[1].split("</section>")[0]
    assert models.index("AutoARIMA") < models.index("AutoETS")  # heaviest first
    assert "75%" in models
    assert "ENTRIES.KGZ is short (20 values)" in models
    assert "Problem unheard_of." in models


def test_the_series_page_compares_earlier_forecasts_with_what_came(client, reader):
    now = timezone.now()
    make_forecast(through="2024-03", level=1000.0, made_at=now - dt.timedelta(days=90))
    make_forecast(through="2024-06", level=1050.0)
    client.force_login(reader)

    page = _page(client, "/en/statistics/forecasts/ENTRIES.KGZ/")

    earlier = page.split('id="earlier-heading"')[1].split("</section>")[0]
    rows = earlier.split("<tbody>")[1].split("</tbody>")[0].split("</tr>")[:-1]
    assert len(rows) == 3  # its first three periods
    # 2024-04 came as 1050 + 10 * 45 = 1,500: outside 900 to 1,100
    assert "2024-04" in rows[0]
    assert "1,500" in rows[0]
    assert "900 to 1,100" in rows[0]
    assert "<strong>no</strong>" in rows[0]


def test_an_earlier_forecast_of_periods_not_yet_observed_says_so(client, reader):
    now = timezone.now()
    make_forecast(
        through="2024-06", level=1000.0, method="other", made_at=now - dt.timedelta(days=1)
    )
    make_forecast(through="2024-06", level=1000.0)
    client.force_login(reader)

    page = _page(client, "/en/statistics/forecasts/ENTRIES.KGZ/")

    assert page.count("not observed yet") == 3


def test_the_first_forecast_of_a_series_has_no_earlier_ones(client, reader):
    make_forecast()
    client.force_login(reader)

    assert "This is the first forecast of this series." in _page(
        client, "/en/statistics/forecasts/ENTRIES.KGZ/"
    )


def test_an_unknown_series_gives_the_404_page(client, reader):
    client.force_login(reader)

    for path in (
        "/en/statistics/forecasts/ENTRIES.XXX/",
        "/en/statistics/forecasts/ENTRIES.XXX/forecast.csv",
    ):
        response = client.get(path)
        assert response.status_code == 404
        assert "No forecast of the series ENTRIES.XXX." in response.content.decode()


def test_the_series_page_takes_few_queries(client, reader, django_assert_max_num_queries):
    forecast = make_forecast()
    for period in ("2024-03", "2024-04", "2024-05"):
        make_warning(forecast, period=period)
    client.force_login(reader)

    with django_assert_max_num_queries(10):
        client.get("/en/statistics/forecasts/ENTRIES.KGZ/")


def test_a_forecast_downloads_as_csv_in_the_exchange_format(client, reader):
    make_forecast(horizon=3)
    client.force_login(reader)

    response = client.get("/en/statistics/forecasts/ENTRIES.KGZ/forecast.csv")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert 'filename="ENTRIES.KGZ-2024-06-forecast.csv"' in response["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert list(rows[0]) == [
        "series_id",
        "period",
        "model",
        "mean",
        "lo_80",
        "hi_80",
        "lo_95",
        "hi_95",
    ]
    assert [r["period"] for r in rows] == ["2024-07", "2024-08", "2024-09"]
    assert rows[0]["series_id"] == "ENTRIES.KGZ"
    assert rows[0]["model"] == "ensemble-test"
    assert float(rows[0]["lo_95"]) == 800.0
    assert float(rows[0]["hi_80"]) == 1100.0


def test_the_statistics_nav_links_to_the_forecasts(client, user_with_role):
    client.force_login(user_with_role("statistician", "KGZ"))

    page = _page(client, "/en/statistics/submissions/")

    assert 'href="/en/statistics/forecasts/"' in page
    assert 'href="/en/statistics/warnings/"' in page
