"""The analytics snapshot: what it holds, who reads what, and when it is refreshed."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import polars as pl
import pytest
from django.contrib.auth.models import AnonymousUser

from almaty.stats import analytics, services
from almaty.stats.engine import dashboard
from tests.factories import stats as files


@pytest.fixture(autouse=True)
def _own_data_dir(settings: Any, tmp_path: Path) -> None:
    """Each test gets its own snapshot directory (files outlive a test's rolled-back data)."""
    settings.DATA_DIR = tmp_path
    return


def _published(user: Any, data: bytes, sharing: str = "public", captured: Any = None) -> Any:
    submission = services.submission_create(user=user, data=data, filename="f.csv")
    services.submission_approve(user=user, submission=submission)
    return services.submission_publish(user=user, submission=submission, sharing=sharing)


def _kgz_months(values: dict[str, int]) -> bytes:
    return files.sdmx_csv(
        [files.row(REF_AREA="KGZ", TIME_PERIOD=m, OBS_VALUE=v) for m, v in values.items()]
    )


def _regional(user: Any, indicator: str = "ENTRIES") -> list[tuple[str, float]]:
    points = analytics.reader(user).regional_series(indicator)
    return [(p.period_start.isoformat(), p.value) for p in points]


def test_a_missing_snapshot_is_built_on_first_use(support):
    _published(support, _kgz_months({"2024-01": 100, "2024-02": 120}))

    assert _regional(AnonymousUser()) == [("2024-01-01", 100.0), ("2024-02-01", 120.0)]
    assert (analytics.snapshot_dir() / "ENTRIES.parquet").is_file()


def test_unpublished_values_are_not_in_the_snapshot(support):
    submission = services.submission_create(
        user=support, data=_kgz_months({"2024-01": 100}), filename="f.csv"
    )
    services.submission_approve(user=support, submission=submission)

    assert _regional(support) == []


def test_members_only_values_need_an_active_role(support, statistician):
    _published(support, _kgz_months({"2024-01": 100}), sharing="members")

    assert _regional(AnonymousUser()) == []
    assert _regional(statistician) == [("2024-01-01", 100.0)]


def test_a_signed_in_user_without_role_reads_public_values_only(support, django_user_model):
    _published(support, _kgz_months({"2024-01": 100}), sharing="members")
    nobody = django_user_model.objects.create_user(email="n@example.org", password="x")

    assert analytics.sharing_for(nobody) == ("public",)
    assert _regional(nobody) == []


def test_superseded_values_are_left_out(support):
    _published(support, _kgz_months({"2024-01": 100, "2024-02": 120}))
    _published(support, _kgz_months({"2024-02": 150}))

    assert _regional(AnonymousUser()) == [("2024-01-01", 100.0), ("2024-02-01", 150.0)]


def test_publishing_refreshes_the_snapshot_after_commit(
    support, django_capture_on_commit_callbacks
):
    """Through the task queue (immediate in tests): nothing is left for readers to do."""
    _published(support, _kgz_months({"2024-01": 100}))
    analytics.refresh()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        _published(support, _kgz_months({"2024-03": 70}))
    manifest = dashboard.read_manifest(analytics.snapshot_dir())

    assert callbacks
    assert manifest is not None
    assert manifest["fingerprint"] == analytics.fingerprint()
    assert analytics.read_pending(analytics.snapshot_dir()).empty
    frame = pl.read_parquet(analytics.snapshot_dir() / "ENTRIES.parquet")
    assert sorted(frame["value"].to_list()) == [70.0, 100.0]


def test_a_change_outside_the_services_makes_the_snapshot_stale(support):
    submission = _published(support, _kgz_months({"2024-01": 100}))
    assert _regional(AnonymousUser()) == [("2024-01-01", 100.0)]

    type(submission).objects.filter(pk=submission.pk).update(
        status="approved", published_at=dt.datetime(2024, 1, 1, tzinfo=dt.UTC)
    )

    assert _regional(AnonymousUser()) == []


def test_external_sources_carry_their_code(reference, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        services.load_external_source(
            source={"code": "UNDESA", "name_en": "UN DESA"}, frame=files.external_frame()
        )
    read = analytics.reader(AnonymousUser())

    assert read.sources("MIGRANT_STOCK") == ["UNDESA"]
    assert [(p.value, p.states) for p in read.regional_series("MIGRANT_STOCK")] == [
        (3_900_000.0, 2)
    ]


def test_regional_sum_counts_only_totals(support):
    rows = [
        files.row(REF_AREA="KGZ", COUNTERPART_AREA="_T", OBS_VALUE=10),
        files.row(REF_AREA="KGZ", COUNTERPART_AREA="KAZ", OBS_VALUE=6),
        files.row(REF_AREA="KGZ", COUNTERPART_AREA="RUS", OBS_VALUE=4),
    ]
    _published(support, files.sdmx_csv(rows))
    read = analytics.reader(AnonymousUser())

    assert _regional(AnonymousUser()) == [("2024-01-01", 10.0)]
    areas, partners, cells = read.corridors("ENTRIES", top=1)
    assert (areas, partners, cells) == (["KGZ"], ["KAZ"], {("KGZ", "KAZ"): 6.0})


# --- the Django-free engine on a hand-made snapshot ------------------------------------------


def _snapshot(tmp_path: Path, rows: list[dict[str, Any]]) -> Path:
    base = {
        "indicator": "ENTRIES",
        "freq": "M",
        "counterpart": "_T",
        "sex": "_T",
        "age": "_T",
        "purpose": "_T",
        "unit": "EV",
        "obs_status": "A",
        "sharing": "public",
        "source": "",
    }
    frame = pl.DataFrame([{**base, **r} for r in rows]).cast(
        {"period_start": pl.Date, "value": pl.Float64}
    )
    dashboard.write_snapshot(frame, tmp_path / "snap")
    return tmp_path / "snap"


def test_seasonal_profile_averages_calendar_months(tmp_path):
    rows = [
        {"ref_area": a, "period_start": dt.date(y, m, 1), "value": float(v)}
        for a, y, m, v in [
            ("KGZ", 2022, 1, 10),
            ("KAZ", 2022, 1, 30),
            ("KGZ", 2023, 1, 20),
            ("KGZ", 2023, 2, 5),
        ]
    ]
    directory = _snapshot(tmp_path, rows)

    profile = dashboard.seasonal_profile(dashboard.connect(), directory, "ENTRIES", ["public"])

    assert profile == [(1, 30.0, 2), (2, 5.0, 1)]


def test_latest_value_per_state(tmp_path):
    rows = [
        {"ref_area": "KGZ", "period_start": dt.date(2023, 1, 1), "value": 1.0},
        {"ref_area": "KGZ", "period_start": dt.date(2024, 1, 1), "value": 2.0},
        {"ref_area": "KAZ", "period_start": dt.date(2022, 1, 1), "value": 3.0},
    ]
    directory = _snapshot(tmp_path, rows)

    latest = dashboard.latest_by_state(dashboard.connect(), directory, "ENTRIES", ["public"])

    assert [(a, p.period_start.year, p.value) for a, p in latest] == [
        ("KAZ", 2022, 3.0),
        ("KGZ", 2024, 2.0),
    ]


def test_refreshing_one_indicator_removes_its_file_when_it_has_no_rows(tmp_path):
    directory = _snapshot(
        tmp_path, [{"ref_area": "KGZ", "period_start": dt.date(2024, 1, 1), "value": 1.0}]
    )
    empty = pl.DataFrame(schema=dashboard.SNAPSHOT_SCHEMA)

    dashboard.write_snapshot(empty, directory, ["ENTRIES"])

    assert dashboard.indicators_in(directory) == []


def test_a_code_that_is_no_indicator_names_no_file(tmp_path):
    with pytest.raises(ValueError, match="not an indicator"):
        dashboard.file_for(tmp_path, "../etc")
