"""Published statistics forecast by the real engine, end to end: the series are read from the
analytics snapshot, forecast, stored with their data version and track record."""

from __future__ import annotations

import math

from almaty.forecasts import services
from almaty.forecasts.models import Forecast
from almaty.stats import services as stats_services
from tests.factories import stats as files


def _publish(user, coordinator, area: str, values: list[int]) -> None:
    months = [f"{2021 + i // 12}-{i % 12 + 1:02d}" for i in range(len(values))]
    rows = [
        files.row(REF_AREA=area, TIME_PERIOD=m, OBS_VALUE=v)
        for m, v in zip(months, values, strict=True)
    ]
    submission = stats_services.submission_create(
        user=user, data=files.sdmx_csv(rows), filename=f"{area}.csv", confirm=True
    )
    stats_services.submission_approve(user=coordinator, submission=submission)
    stats_services.submission_publish(user=coordinator, submission=submission, sharing="members")


def test_published_monthly_values_are_forecast_with_a_track_record(user_with_role, settings):
    settings.FORECAST_HORIZON = 6
    support = user_with_role("support_unit")
    seasonal = [1000 + 300 * math.sin(i * math.pi / 6) + 5 * i for i in range(48)]
    _publish(support, support, "KGZ", [round(v) for v in seasonal])
    _publish(support, support, "KAZ", [round(v * 2) for v in seasonal])

    done = services.refresh(indicators=["ENTRIES"], include_external=False)

    assert sorted(f.series_id for f in done.forecasts) == [
        "ENTRIES.KAZ",
        "ENTRIES.KGZ",
        "ENTRIES._T",
    ]
    regional = Forecast.objects.get(series_id="ENTRIES._T")
    assert regional.data_through == "2024-12"
    assert regional.observed[0] == ["2021-01", 3000.0]
    assert [p["period"] for p in regional.points] == [f"2025-0{m}" for m in range(1, 7)]
    for point in regional.points:
        assert (
            0
            <= point["lo_95"]
            <= point["lo_80"]
            <= point["mean"]
            <= point["hi_80"]
            <= point["hi_95"]
        )
    assert [row["horizon"] for row in regional.track_record] == [1, 2, 3, 4, 5, 6]
    assert regional.details["weights"]
    assert services.refresh(indicators=["ENTRIES"], include_external=False).unchanged == 3


def test_reconciled_forecasts_of_the_states_add_up_to_the_region(user_with_role, settings):
    settings.FORECAST_HORIZON = 3
    settings.FORECAST_RECONCILE = True
    support = user_with_role("support_unit")
    _publish(support, support, "KGZ", [1000 + 10 * i + (i % 12) * 30 for i in range(36)])
    _publish(support, support, "KAZ", [3000 - 5 * i + (i % 12) * 50 for i in range(36)])

    services.refresh(indicators=["ENTRIES"], include_external=False)

    by_id = {f.series_id: f for f in Forecast.objects.all()}
    assert {f.method for f in by_id.values()} == {"ensemble-conformal-1+wls"}
    assert by_id["ENTRIES._T"].details["model"].endswith("+wls")
    for total, kaz, kgz in zip(
        by_id["ENTRIES._T"].points,
        by_id["ENTRIES.KAZ"].points,
        by_id["ENTRIES.KGZ"].points,
        strict=True,
    ):
        assert math.isclose(total["mean"], kaz["mean"] + kgz["mean"], rel_tol=1e-9)
