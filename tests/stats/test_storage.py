"""Observations are stored in bulk (COPY on PostgreSQL), within the submission's transaction."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from almaty.stats import services
from almaty.stats.models import Observation, ObservationSlice, Submission
from tests.factories import stats as files


def _many(count: int) -> bytes:
    rows = []
    partners = ["KAZ", "RUS", "TJK", "UZB", "CHN", "TUR", "IND", "PAK", "AFG", "IRN"]
    years = range(2000, 2000 + count // (12 * len(partners)) + 1)
    for year in years:
        for month in range(1, 13):
            for partner in partners:
                rows.append(
                    files.row(
                        TIME_PERIOD=f"{year}-{month:02d}",
                        COUNTERPART_AREA=partner,
                        OBS_VALUE=year + month,
                    )
                )
    return files.sdmx_csv(rows[:count])


def test_many_rows_are_stored_in_bulk_not_row_by_row(statistician):
    data = _many(2_500)

    with CaptureQueriesContext(connection) as queries:
        submission = services.submission_create(user=statistician, data=data, filename="big.csv")

    assert Observation.objects.filter(submission=submission).count() == 2_500
    touching = [q for q in queries.captured_queries if "stats_observation" in q["sql"]]
    inserts = [q for q in touching if "INSERT" in q["sql"]]
    # At most three look-ups (the series' history for the plausibility check, values this
    # file revises, submissions awaiting approval for the same periods); COPY is not a query
    # Django sees; executemany shows as one statement per batch, for the values and for the
    # slices they cover.
    assert len(touching) - len(inserts) <= 3
    assert len(inserts) <= 2
    if connection.vendor == "postgresql":
        assert not any(q["sql"].startswith("INSERT") for q in inserts)
    assert ObservationSlice.objects.filter(submission=submission).count() == 2_500 // 10  # months


def test_the_slices_say_which_state_indicator_and_period_a_submission_holds(statistician):
    data = _many(240)  # 10 partners a month: 24 months

    submission = services.submission_create(user=statistician, data=data, filename="s.csv")

    slices = ObservationSlice.objects.filter(submission=submission)
    assert slices.count() == 24
    assert set(slices.values_list("ref_area", "indicator").distinct()) == {("KGZ", "ENTRIES")}
    assert min(slices.values_list("period_start", flat=True)) == dt.date(2000, 1, 1)
    submission.delete()
    assert not ObservationSlice.objects.exists()


def test_bulk_rows_read_back_exactly(statistician):
    submission = services.submission_create(user=statistician, data=_many(240), filename="b.csv")

    row = Observation.objects.get(
        submission=submission, period_start=dt.date(2001, 7, 1), counterpart="UZB"
    )
    assert (row.value, row.sex, row.obs_status, row.comment, row.superseded) == (
        2008.0,
        "_T",
        "A",
        "",
        False,
    )


def test_progress_is_reported_while_checking_and_storing(statistician):
    steps: list[tuple[str, int, int]] = []

    services.submission_create(
        user=statistician,
        data=files.entries(),
        filename="kgz.csv",
        progress=lambda step, done, total: steps.append((step, done, total)),
    )

    assert ("store", 2, 2) in steps


@pytest.mark.django_db(transaction=True)
def test_an_error_after_storing_rolls_the_rows_back(reference, statistician, monkeypatch):
    def broken(**kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(services, "audit_record", broken)

    with pytest.raises(RuntimeError):
        services.submission_create(user=statistician, data=files.entries(), filename="k.csv")

    assert not Observation.objects.exists()
    assert not Submission.objects.exists()
    assert not transaction.get_connection().in_atomic_block
