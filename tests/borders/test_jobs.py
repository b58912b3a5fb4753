"""Loads of crossing records: checked, stored and derived whole or not at all, once per file."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from django.utils import translation

from almaty.borders import jobs, services, storage
from almaty.borders.choices import LoadStatus
from almaty.borders.models import CrossingLoad
from almaty.core.errors import InvalidInput, PermissionDenied
from almaty.core.models import AuditEntry
from tests.factories.borders import CrossingLoadFactory, crossing, csv_bytes, january, tourists

pytestmark = pytest.mark.usefixtures("data_dir")


def queue(user, rows, capture, *, filename="crossings.csv", data=None):
    with capture(execute=True):
        load = services.load_queue(
            user=user, state="KAZ", data=data if data is not None else csv_bytes(rows),
            filename=filename,
        )  # fmt: skip
    load.refresh_from_db()
    return load


def outputs(iso3="KAZ"):
    """What the State's outputs hold now (summary and indicators), to compare before/after."""
    _stays, indicators, summary = storage.derived_paths(iso3)
    return json.loads(summary.read_text())["counts"]["crossings"], indicators.read_bytes()


def test_a_load_stores_the_records_and_derives_stays_and_indicators(loaded):
    stays, indicators, summary = storage.derived_paths("KAZ")

    assert loaded.status == LoadStatus.DONE
    assert (loaded.rows_read, loaded.rows_accepted, loaded.rows_rejected) == (48, 48, 0)
    assert loaded.derive["stays"] == 23
    assert loaded.derive["orphan_exits"] == 1
    assert loaded.derive["overstays_out_of_country"] == 1
    assert storage.batch_paths("KAZ") == [storage.batch_path("KAZ", loaded.pk)]
    assert stays.exists()
    assert b"STAYS_REGULAR" in indicators.read_bytes()
    assert json.loads(summary.read_text())["as_of"] == "2024-03-15"


def test_a_load_is_audited_from_queue_to_end(loaded, analyst):
    entries = AuditEntry.objects.filter(
        object_type="borders.crossingload", object_id=str(loaded.pk)
    )

    assert [(e.message_key, e.actor_id) for e in entries] == [
        ("borders.load_queued", analyst.pk),
        ("borders.loaded", analyst.pk),
    ]
    assert entries.last().params["accepted"] == 48


def test_the_uploaded_file_is_not_kept_once_loaded(loaded):
    assert not Path(loaded.path).exists()
    assert list(storage.incoming_dir("KAZ").iterdir()) == []


def test_loading_the_same_file_again_is_refused_and_changes_nothing(
    loaded, analyst, django_capture_on_commit_callbacks
):
    audited = AuditEntry.objects.count()
    before = outputs()

    with pytest.raises(services.AlreadyLoaded) as refused:
        queue(analyst, january(), django_capture_on_commit_callbacks)

    assert refused.value.text == (
        f"This file was already loaded for KAZ (load {loaded.pk}); nothing was changed."
    )
    assert CrossingLoad.objects.count() == 1
    assert AuditEntry.objects.count() == audited
    assert outputs() == before
    assert list(storage.incoming_dir("KAZ").iterdir()) == []


def test_records_already_loaded_are_skipped_and_only_new_ones_stored(
    loaded, analyst, django_capture_on_commit_callbacks
):
    rows = [*january(), *tourists(3, month="2024-02", prefix="F")]

    load = queue(analyst, rows, django_capture_on_commit_callbacks)

    assert load.status == LoadStatus.DONE
    assert (load.rows_accepted, load.rows_already_loaded) == (6, 48)
    assert len(storage.batch_paths("KAZ")) == 2
    assert load.derive["crossings"] == 54


def test_a_file_of_records_all_loaded_before_stores_no_batch(
    loaded, analyst, django_capture_on_commit_callbacks
):
    load = queue(analyst, january()[:10], django_capture_on_commit_callbacks)

    assert load.status == LoadStatus.DONE
    assert (load.rows_accepted, load.rows_already_loaded) == (0, 10)
    assert len(storage.batch_paths("KAZ")) == 1
    assert load.derive["stays"] == 23  # the State's outputs as they are


def test_a_few_bad_rows_are_rejected_and_the_rest_stored(
    analyst, django_capture_on_commit_callbacks
):
    rows = [*january(), crossing("BAD-1", "SIDEWAYS", "2024-01-04")]

    load = queue(analyst, rows, django_capture_on_commit_callbacks)

    assert load.status == LoadStatus.DONE
    assert (load.rows_accepted, load.rows_rejected) == (48, 1)
    assert load.report["rejected_by_reason"] == {"bad_direction": 1}
    assert load.report["samples"][0]["record_id"] == "BAD-1"


def test_a_load_with_too_many_bad_rows_is_refused_and_stores_nothing(
    loaded, analyst, django_capture_on_commit_callbacks
):
    before = outputs()
    bad = [crossing(f"X{n}", "ENTRY", "2024-02-30", doc=f"X{n}") for n in range(5)]

    load = queue(analyst, [*tourists(10, month="2024-02", prefix="G"), *bad],
                 django_capture_on_commit_callbacks)  # fmt: skip

    assert load.status == LoadStatus.REFUSED
    assert (load.rows_read, load.rows_rejected) == (25, 5)
    assert load.report["rejected_by_reason"] == {"bad_time": 5}
    assert load.error["en"] == (
        "5 of 25 rows were rejected (20.0%), more than the 5.0% a load may have; nothing was "
        "stored. Correct the rows the report lists and load the file again."
    )
    assert storage.batch_paths("KAZ") == [storage.batch_path("KAZ", loaded.pk)]
    assert list(storage.pending_dir("KAZ").iterdir()) == []
    assert outputs() == before
    assert AuditEntry.objects.filter(message_key="borders.load_refused").count() == 1


def test_the_rejected_share_a_load_may_have_is_a_setting(
    analyst, settings, django_capture_on_commit_callbacks
):
    settings.BORDERS_MAX_REJECTED_SHARE = 0.0
    rows = [*january(), crossing("BAD-1", "SIDEWAYS", "2024-01-04")]

    load = queue(analyst, rows, django_capture_on_commit_callbacks)

    assert load.status == LoadStatus.REFUSED
    assert storage.batch_paths("KAZ") == []


def test_a_refused_file_may_be_loaded_again(analyst, settings, django_capture_on_commit_callbacks):
    rows = [*january(), crossing("BAD-1", "SIDEWAYS", "2024-01-04")]
    settings.BORDERS_MAX_REJECTED_SHARE = 0.0
    queue(analyst, rows, django_capture_on_commit_callbacks)
    settings.BORDERS_MAX_REJECTED_SHARE = 0.05

    again = queue(analyst, rows, django_capture_on_commit_callbacks)

    assert again.status == LoadStatus.DONE


@pytest.mark.parametrize(
    ("data", "filename", "message"),
    [
        (
            b"record_id,direction\n1,ENTRY\n",
            "short.csv",
            "The file short.csv lacks the columns of the crossing-records format: "
            "recording_state, bcp, crossed_at, doc_number, doc_issuer, nationality, purpose.",
        ),
        (
            b"PK\x03\x04 not a table",
            "records.xlsx",
            "The file records.xlsx cannot be read as crossing records: send CSV (UTF-8, with a "
            "header row) or Parquet, named .csv or .parquet.",
        ),
    ],
)
def test_a_file_that_is_not_crossing_records_is_refused_whole(
    analyst, django_capture_on_commit_callbacks, data, filename, message
):
    load = queue(analyst, [], django_capture_on_commit_callbacks, data=data, filename=filename)

    assert load.status == LoadStatus.REFUSED
    assert load.error["en"] == message
    assert storage.batch_paths("KAZ") == []


def test_records_of_another_state_are_rejected(analyst, django_capture_on_commit_callbacks):
    rows = [crossing(f"Z{n}", "ENTRY", "2024-01-05", state="KGZ", bcp="KGZ-FRU-AIR",
                     doc=f"Z{n}") for n in range(3)]  # fmt: skip

    load = queue(analyst, rows, django_capture_on_commit_callbacks)

    assert load.status == LoadStatus.REFUSED
    assert load.report["rejected_by_reason"] == {"wrong_state": 3}


def test_a_load_whose_derivation_fails_stores_nothing(
    loaded, analyst, monkeypatch, django_capture_on_commit_callbacks
):
    before = outputs()

    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(jobs, "derive", broken)
    load = queue(analyst, tourists(5, month="2024-02", prefix="H"),
                 django_capture_on_commit_callbacks)  # fmt: skip

    assert load.status == LoadStatus.FAILED
    assert load.error["en"].startswith("The load failed because of an unexpected problem")
    assert storage.batch_paths("KAZ") == [storage.batch_path("KAZ", loaded.pk)]
    assert outputs() == before
    assert [p.name for p in storage.state_dir("KAZ").glob("derived-*")] == [
        storage.derived_dir("KAZ").resolve().name
    ]


def test_a_killed_load_is_failed_and_its_batch_removed_by_the_next_load(
    loaded, analyst, django_capture_on_commit_callbacks
):
    killed = CrossingLoadFactory(status=LoadStatus.DERIVING, created_by=analyst)
    storage.batch_path("KAZ", killed.pk).write_bytes(
        storage.batch_path("KAZ", loaded.pk).read_bytes()
    )
    (storage.pending_dir("KAZ") / "999.parquet").write_bytes(b"half")

    load = queue(analyst, tourists(2, month="2024-02", prefix="J"),
                 django_capture_on_commit_callbacks)  # fmt: skip
    killed.refresh_from_db()

    assert killed.status == LoadStatus.FAILED
    assert killed.error["en"].startswith("The load was interrupted")
    assert load.status == LoadStatus.DONE
    assert storage.batch_ids("KAZ") == {loaded.pk, load.pk}
    assert list(storage.pending_dir("KAZ").iterdir()) == []
    assert load.derive["crossings"] == 52


def test_a_queue_that_is_down_fails_the_load_saying_so(
    analyst, monkeypatch, django_capture_on_commit_callbacks
):
    from almaty.borders import tasks

    def down(load_id):
        raise ConnectionError("redis")

    monkeypatch.setattr(tasks, "load_task", down)

    load = queue(analyst, january(), django_capture_on_commit_callbacks)

    assert load.status == LoadStatus.FAILED
    assert load.error["en"].startswith("The task queue is not available")


def test_a_load_that_already_ran_is_not_run_again(loaded):
    assert jobs.load_run(loaded.pk).status == LoadStatus.DONE
    assert AuditEntry.objects.filter(message_key="borders.loaded").count() == 1


@pytest.mark.parametrize(
    ("role", "state"), [("national_coordinator", "KAZ"), ("support_unit", None),
                        ("border_analyst", "KGZ"), ("statistician", "KAZ")],
)  # fmt: skip
def test_only_the_states_border_analysts_load_its_records(user_with_role, role, state):
    user = user_with_role(role, state)

    with pytest.raises(PermissionDenied):
        services.load_queue(user=user, state="KAZ", data=csv_bytes(january()), filename="a.csv")

    assert CrossingLoad.objects.count() == 0


def test_a_file_larger_than_the_limit_is_refused(analyst, settings):
    settings.BORDERS_MAX_UPLOAD_BYTES = 100

    with pytest.raises(InvalidInput, match="larger than 0 MB"):
        services.load_queue(user=analyst, state="KAZ", data=csv_bytes(january()), filename="a.csv")

    assert CrossingLoad.objects.count() == 0
    assert list(storage.incoming_dir("KAZ").iterdir()) == []


def test_the_refusal_reads_in_russian(analyst, settings, django_capture_on_commit_callbacks):
    settings.BORDERS_MAX_REJECTED_SHARE = 0.0
    load = queue(analyst, [*january(), crossing("BAD-1", "SIDEWAYS", "2024-01-04")],
                 django_capture_on_commit_callbacks)  # fmt: skip

    from almaty.borders.selectors import error_text

    with translation.override("ru"):
        shown = error_text(load)
    assert shown == load.error["ru"]
    assert re.search("[а-яё]", shown)


def test_an_upload_that_cannot_be_recorded_leaves_no_file(analyst, monkeypatch):
    from almaty.borders.services import loads

    def broken(**kwargs):
        raise RuntimeError("database gone")

    monkeypatch.setattr(loads, "audit_record", broken)

    with pytest.raises(RuntimeError):
        services.load_queue(user=analyst, state="KAZ", data=csv_bytes(january()), filename="a.csv")

    assert CrossingLoad.objects.count() == 0
    assert list(storage.incoming_dir("KAZ").iterdir()) == []
