"""Refreshing forecasts: one per version of a series' data, warnings raised once and e-mailed
to the subscribers who asked for them, each in their language.

The engine is replaced here by a fixed forecast (the last value, ±10% and ±20%), so that these
tests are about the platform's bookkeeping; the engine has its own tests.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.core import mail

from almaty.core.errors import InvalidInput, PermissionDenied
from almaty.core.models import AuditEntry
from almaty.forecasts import compute, services
from almaty.forecasts import series as platform_series
from almaty.forecasts.models import EarlyWarning, Forecast, WarningSubscription
from almaty.forecasts.tasks import recipients


def _months(first_year: int, values: list[float]) -> tuple[tuple[str, float], ...]:
    return tuple((f"{first_year + i // 12}-{i % 12 + 1:02d}", v) for i, v in enumerate(values))


def _next(period: str, steps: int) -> str:
    year, month = int(period[:4]), int(period[5:7]) - 1 + steps
    return f"{year + month // 12}-{month % 12 + 1:02d}"


def _fake(series: list[Any], *, horizon: int, **kwargs: Any) -> dict[str, compute.Outcome]:
    out = {}
    for data in series:
        last_period, last = data.values[-1]
        points = [
            {
                "period": _next(last_period, h),
                "mean": last,
                "lo_80": last * 0.9,
                "hi_80": last * 1.1,
                "lo_95": last * 0.8,
                "hi_95": last * 1.2,
            }
            for h in range(1, horizon + 1)
        ]
        track = [
            {"horizon": 1, "mase": 0.8, "coverage_80": 0.8, "coverage_95": 0.95, "origins": 24}
        ]
        out[data.series_id] = compute.Outcome(points=points, track_record=track, details={})
    return out


@pytest.fixture
def pool(monkeypatch: pytest.MonkeyPatch, reference: Any) -> dict[str, platform_series.SeriesData]:
    """The series the platform would forecast: a total and three parts, made here."""
    flat = [100.0] * 24
    made: dict[str, platform_series.SeriesData] = {}

    def series(area: str, values: list[float]) -> None:
        made[area] = platform_series.SeriesData(
            series_id=f"ENTRIES.{area}",
            indicator="ENTRIES",
            area=area,
            freq="M",
            source="published",
            values=_months(2022, values),
        )

    for area in ("_T", "KAZ", "KGZ", "TJK"):
        series(area, flat)
    monkeypatch.setattr(platform_series, "published", lambda indicators=None: list(made.values()))
    monkeypatch.setattr(compute, "forecast_many", _fake)
    monkeypatch.setattr(compute, "METHOD", "test-method")
    return made


def test_each_series_is_forecast_once_per_version_of_its_data(pool):
    first = services.refresh(include_external=False)
    again = services.refresh(include_external=False)

    assert len(first.forecasts) == 4
    assert again.forecasts == []
    assert again.unchanged == 4
    stored = Forecast.objects.get(series_id="ENTRIES.KGZ")
    assert stored.data_through == "2023-12"
    assert stored.points[0]["period"] == "2024-01"
    assert stored.observed[-1] == ["2023-12", 100.0]
    assert stored.method == "test-method"
    assert AuditEntry.objects.filter(message_key="forecasts.refreshed").count() == 1


def test_new_data_outside_the_interval_raises_one_warning(pool):
    services.refresh(include_external=False)
    kgz = pool["KGZ"]
    pool["KGZ"] = platform_series.SeriesData(
        **{**kgz.__dict__, "values": (*kgz.values, ("2024-01", 150.0))}
    )

    done = services.refresh(include_external=False)
    services.refresh(include_external=False)  # nothing new: no second warning

    [warning] = [w for w in done.warnings if w.kind == "outside_interval"]
    assert (warning.series_id, warning.period) == ("ENTRIES.KGZ", "2024-01")
    assert warning.severity == "high"  # 30 above an interval 40 wide
    # (the new forecast, 150, is also half above January 2023: a second kind of warning)
    assert sorted(EarlyWarning.objects.values_list("kind", flat=True)) == [
        "above_last_year",
        "outside_interval",
    ]
    assert Forecast.objects.filter(series_id="ENTRIES.KGZ").count() == 2


def test_a_total_rising_with_its_parts_raises_a_joint_rise(pool, settings):
    settings.FORECAST_WARNING_MIN_PARTS = 2
    rising = [100.0] * 21 + [150.0] * 3
    for area in ("_T", "KAZ", "KGZ"):
        pool[area] = platform_series.SeriesData(
            **{**pool[area].__dict__, "values": _months(2022, rising)}
        )

    done = services.refresh(include_external=False)

    joint = [w for w in done.warnings if w.kind == "joint_rise"]
    assert [w.series_id for w in joint] == ["ENTRIES._T"]
    assert joint[0].params["parts"] == ["KAZ", "KGZ"]


def test_subscribers_get_the_warning_in_their_language_once(
    pool, user_with_role, django_capture_on_commit_callbacks
):
    english = user_with_role("statistician", "KGZ")
    russian = user_with_role("national_coordinator", "KAZ")
    russian.preferred_language = "ru"
    russian.save(update_fields=["preferred_language"])
    other = user_with_role("statistician", "TJK")
    services.subscribe(user=english, indicator="ENTRIES", area="KGZ")
    services.subscribe(user=russian, min_severity="high")
    services.subscribe(user=other, indicator="ENTRIES", area="TJK")
    services.refresh(include_external=False)
    pool["KGZ"] = platform_series.SeriesData(
        **{**pool["KGZ"].__dict__, "values": (*pool["KGZ"].values, ("2024-01", 150.0))}
    )

    with django_capture_on_commit_callbacks(execute=True):
        services.refresh(include_external=False)

    sent: dict[str, list[Any]] = {}
    for message in mail.outbox:
        sent.setdefault(message.to[0], []).append(message)
    assert set(sent) == {english.email, russian.email}
    # English asked for medium and up on ENTRIES.KGZ: both warnings (outside the interval,
    # high; above last year, medium); Russian asked for high only, on everything.
    assert sorted(m.subject for m in sent[english.email]) == [
        "Early warning (high): ENTRIES.KGZ",
        "Early warning (medium): ENTRIES.KGZ",
    ]
    assert any("is above the 95% interval" in m.body for m in sent[english.email])
    [to_russian] = sent[russian.email]
    assert to_russian.subject == "Раннее предупреждение (высокая): ENTRIES.KGZ"
    assert "выше 95-процентного интервала" in to_russian.body
    assert "/ru/statistics/forecasts/ENTRIES.KGZ/" in to_russian.body
    assert not EarlyWarning.objects.filter(notified_at__isnull=True).exists()


def test_a_medium_warning_is_not_sent_to_who_asked_for_high_only(user_with_role, pool):
    reader = user_with_role("statistician", "KGZ")
    services.subscribe(user=reader, min_severity="high")
    services.refresh(include_external=False)
    warning = EarlyWarning(
        series_id="ENTRIES.KGZ", indicator="ENTRIES", area="KGZ", severity="medium"
    )

    assert recipients(warning) == []
    warning.severity = "high"
    assert recipients(warning) == [reader]


def test_subscriptions_are_checked_and_belong_to_their_user(user_with_role, reference):
    from tests.factories.accounts import UserFactory

    reader = user_with_role("statistician", "KGZ")
    stranger = UserFactory()

    subscription = services.subscribe(user=reader, indicator="entries", area="kgz")
    assert (subscription.indicator, subscription.area) == ("ENTRIES", "KGZ")
    with pytest.raises(InvalidInput, match="Unknown indicator"):
        services.subscribe(user=reader, indicator="NOPE")
    with pytest.raises(InvalidInput, match="not an area"):
        services.subscribe(user=reader, area="KYRGYZ")
    with pytest.raises(InvalidInput, match="Unknown severity"):
        services.subscribe(user=reader, min_severity="urgent")
    with pytest.raises(PermissionDenied):
        services.subscribe(user=stranger)
    with pytest.raises(InvalidInput):
        services.unsubscribe(user=stranger, subscription_id=subscription.pk)
    services.unsubscribe(user=reader, subscription_id=subscription.pk)
    assert not WarningSubscription.objects.exists()


def test_published_values_are_forecast_again_in_the_queue(settings, monkeypatch, reference):
    from almaty.stats import analytics

    asked: list[Any] = []
    monkeypatch.setattr(
        services, "refresh", lambda **kwargs: asked.append(kwargs) or services.RefreshResult()
    )

    settings.FORECASTS_AUTO_REFRESH = False
    analytics.schedule_refresh(["ENTRIES"])
    settings.FORECASTS_AUTO_REFRESH = True
    analytics.schedule_refresh(["ENTRIES", "EXITS"])

    assert asked == [{"indicators": ["ENTRIES", "EXITS"], "include_external": False}]


def test_an_external_series_named_is_forecast(pool):
    done = services.refresh(indicators=["FRONTEX_IBC"])

    ids = {f.series_id for f in done.forecasts}
    assert "FRONTEX_IBC._T" in ids
    assert "FRONTEX_IBC.AFG" in ids
    assert Forecast.objects.get(series_id="FRONTEX_IBC.AFG").source == "external"


def test_the_output_file_keeps_large_values_whole():
    rows = [
        {
            "series_id": "X._T",
            "period": "2025-01",
            "model": "m",
            "mean": 1234567.5,
            "lo_80": 0.0,
            "hi_80": 2e7,
            "lo_95": -0.0,
            "hi_95": 12.34567,
        }
    ]

    text = compute.output_csv(rows).decode()

    assert text.splitlines()[1] == "X._T,2025-01,m,1234567.5,0,20000000,0,12.3457"
