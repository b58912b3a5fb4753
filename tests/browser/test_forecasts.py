"""A series' forecast page as Chromium shows it: the fan chart with an early warning ringed,
the warning explained, in English and Russian, with no serious accessibility violation.

Screenshots: build/screenshots/forecast-en.png and forecast-ru.png (the documentation's copies
in docs/screenshots/ are taken from there by hand)."""

from __future__ import annotations

import datetime as dt
import math
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from almaty.accounts.models import Role
from almaty.forecasts.models import EarlyWarning, Forecast
from almaty.process.models import State
from tests.browser.test_accessibility import BLOCKING, _axe_script, _violations
from tests.browser.test_sign_in import PASSWORD, sign_in
from tests.factories.accounts import RoleAssignmentFactory, UserFactory
from tests.forecasts.test_views import months

pytestmark = pytest.mark.browser
ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = ROOT / "build" / "screenshots"
SERIES = "ENTRIES._T"
SPIKE = "2024-05"


def _seasonal(index: int) -> float:
    """Entries of a region: a yearly cycle peaking in summer on a slow rise."""
    return round(12000 + 40 * index + 2500 * math.sin(2 * math.pi * (index % 12 - 3) / 12))


def _points(periods: list[str], start: int) -> list[dict[str, float]]:
    points = []
    for h, period in enumerate(periods, start=1):
        mean = _seasonal(start + h - 1)
        spread = 900 + 120 * h
        points.append(
            {
                "period": period,
                "mean": float(mean),
                "lo_80": mean - spread,
                "hi_80": mean + spread,
                "lo_95": mean - 1.6 * spread,
                "hi_95": mean + 1.6 * spread,
            }
        )
    return points


def _forecast(
    through_index: int, observed: list[list[object]], periods: list[str], **kw: object
) -> Forecast:
    return Forecast.objects.create(
        series_id=SERIES,
        indicator="ENTRIES",
        area="_T",
        freq="M",
        source="published",
        data_version=f"v{through_index}",
        data_through=str(observed[through_index - 1][0]),
        horizon=12,
        method="ensemble",
        observed=observed[:through_index],
        points=_points(periods[through_index : through_index + 12], through_index),
        track_record=[
            {
                "horizon": h,
                "mase": 0.62 + 0.05 * h,
                "coverage_80": 0.8,
                "coverage_95": 0.95,
                "origins": 24 - h,
            }
            for h in range(1, 7)
        ],
        details={
            "weights": {"AutoETS": 0.45, "AutoTheta": 0.35, "SeasonalNaive": 0.2},
            "notes": [],
        },
        **kw,
    )


def _series_with_a_warning() -> None:
    """Five years of monthly regional entries to 2024-06; an earlier forecast (data to 2024-03)
    whose 95% interval the value of 2024-05 left: an early warning."""
    periods = months("2019-07", 72)
    observed: list[list[object]] = [[p, float(_seasonal(i))] for i, p in enumerate(periods[:60])]
    spike = periods.index(SPIKE)
    observed[spike][1] = float(_seasonal(spike) + 5200)
    earlier = _forecast(57, observed, periods)
    Forecast.objects.filter(pk=earlier.pk).update(created_at=timezone.now() - dt.timedelta(days=60))
    expected = next(p for p in earlier.points if p["period"] == SPIKE)
    latest = _forecast(60, observed, periods)
    EarlyWarning.objects.create(
        series_id=SERIES,
        indicator="ENTRIES",
        area="_T",
        kind="outside_interval",
        severity="high",
        period=SPIKE,
        forecast=latest,
        params={
            "value": observed[spike][1],
            "low": expected["lo_95"],
            "high": expected["hi_95"],
            "mean": expected["mean"],
            "direction": "above",
        },
    )


def test_a_series_page_shows_its_fan_chart_and_early_warning(page: Page) -> None:
    reader = UserFactory()
    RoleAssignmentFactory(
        user=reader,
        role=Role.objects.get(code="national_coordinator"),
        state=State.objects.get(iso3="KGZ"),
    )
    _series_with_a_warning()
    script = _axe_script()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)

    sign_in(page, email=str(reader.email), password=PASSWORD)
    for language, heading, warning_kind in (
        (
            "en",
            "Entries across the State border: Region total",
            "value outside its forecast's 95% interval",
        ),
        (
            "ru",
            "Въезды через государственную границу: Итого по региону",
            "значение вне 95-процентного интервала прогноза",
        ),
    ):
        page.goto(f"/{language}/statistics/forecasts/{SERIES}/")

        expect(page.get_by_role("heading", level=1)).to_have_text(heading)
        chart = page.locator("figure.chart svg").first
        expect(chart).to_be_visible()
        expect(chart.locator(".bands polygon")).to_have_count(2)
        flag = chart.locator("g.flag")
        expect(flag).to_have_count(1)
        expect(flag.locator("circle")).to_be_visible()
        warnings = page.locator("section").filter(has=page.locator("#warnings"))
        expect(warnings).to_contain_text(SPIKE)
        expect(warnings).to_contain_text(warning_kind)
        expect(warnings.locator(".severity-high")).to_be_visible()
        serious = [v["id"] for v in _violations(page, script) if v["impact"] in BLOCKING]
        assert not serious, (language, serious)
        shot = SCREENSHOTS / f"forecast-{language}.png"
        page.screenshot(path=shot, full_page=True)
