"""Record-level reads (audited, the State's border analysts only), indicators submitted to the
statistics exchange, and movement-type settings."""

from __future__ import annotations

import datetime as dt

import polars as pl
import pytest

from almaty.borders import services, storage
from almaty.borders.models import MovementSettingsRecord
from almaty.core.errors import InvalidInput, NotFoundOrForbidden, PermissionDenied
from almaty.core.models import AuditEntry
from tests.factories.borders import crossing, csv_bytes, tourists

pytestmark = pytest.mark.usefixtures("data_dir")

NOT_ANALYSTS = [
    ("national_coordinator", "KAZ"),
    ("support_unit", None),
    ("border_analyst", "KGZ"),
    ("statistician", "KAZ"),
]


def test_overstays_as_of_a_date_in_and_out_of_the_country(kaz_records, analyst):
    found = services.overstays(user=analyst, state="KAZ", as_of=dt.date(2024, 6, 30))

    assert found.select("entry_record_id", "nationality", "kind", "days_over").rows() == [
        ("C-in", "RUS", "IN_COUNTRY", 78),
        ("B-in", "UZB", "OUT_OF_COUNTRY", 36),
    ]
    assert found.row(0, named=True)["authorised_end"] == dt.date(2024, 4, 13)


def test_no_overstays_before_any_authorised_stay_ended(kaz_records, analyst):
    found = services.overstays(user=analyst, state="KAZ", as_of=dt.date(2024, 2, 1))

    assert found.height == 0


def test_reading_overstays_is_audited(kaz_records, analyst):
    services.overstays(user=analyst, state="KAZ", as_of=dt.date(2024, 6, 30))

    entry = AuditEntry.objects.get(message_key="borders.overstays_read")
    assert (entry.actor, entry.action, entry.object_id) == (analyst, "read", "KAZ")
    assert entry.params == {"state": "KAZ", "rows": 2, "as_of": "2024-06-30"}


def test_the_stays_file_is_given_to_the_analyst_and_the_read_audited(kaz_records, analyst):
    path = services.stays_export(user=analyst, state="KAZ")

    assert pl.read_parquet(path).height == 23
    entry = AuditEntry.objects.get(message_key="borders.stays_read")
    assert (entry.actor, entry.params) == (analyst, {"state": "KAZ", "rows": 23})


@pytest.mark.parametrize(("role", "state"), NOT_ANALYSTS)
def test_record_level_data_stays_with_the_states_border_analysts(
    kaz_records, user_with_role, role, state
):
    user = user_with_role(role, state)
    audited = AuditEntry.objects.count()

    with pytest.raises(PermissionDenied):
        services.overstays(user=user, state="KAZ", as_of=dt.date(2024, 6, 30))
    with pytest.raises(PermissionDenied):
        services.stays_export(user=user, state="KAZ")
    with pytest.raises(PermissionDenied):
        services.indicators_csv(user=user, state="KAZ")

    assert AuditEntry.objects.count() == audited


def test_before_the_first_load_there_is_nothing_to_read(analyst):
    with pytest.raises(
        NotFoundOrForbidden, match="No crossing records of KAZ have been loaded yet"
    ):
        services.overstays(user=analyst, state="KAZ", as_of=dt.date(2024, 6, 30))


def test_the_indicators_are_sdmx_csv_of_the_state(kaz_records, analyst):
    frame = pl.read_csv(services.indicators_csv(user=analyst, state="KAZ"))

    assert set(frame["REF_AREA"]) == {"KAZ"}
    assert {"ENTRIES", "EXITS", "STAYS_REGULAR"} <= set(frame["INDICATOR"])
    january = frame.filter(
        (pl.col("INDICATOR") == "ENTRIES") & (pl.col("TIME_PERIOD") == "2024-01")
        & (pl.col("COUNTERPART_AREA") == "_T") & (pl.col("SEX") == "_T")
        & (pl.col("AGE") == "_T") & (pl.col("PURPOSE") == "_T")
    )  # fmt: skip
    assert january["OBS_VALUE"].to_list() == [24]


def test_the_indicators_are_submitted_to_the_exchange_in_one_step(kaz_records, analyst):
    from almaty.stats.models import Submission, SubmissionStatus

    submission = services.indicators_submit(user=analyst, state="KAZ")

    assert isinstance(submission, Submission)
    assert (submission.state.iso3, submission.status) == ("KAZ", SubmissionStatus.VALIDATED)
    assert submission.file_name == "borders-KAZ-indicators.csv"
    assert "OVERSTAY_EXITS" in submission.indicators.split(",")
    assert submission.submitted_by == analyst


def test_the_same_indicators_are_not_submitted_twice(kaz_records, analyst):
    first = services.indicators_submit(user=analyst, state="KAZ")

    with pytest.raises(InvalidInput, match=f"already submitted \\(submission {first.pk}\\)"):
        services.indicators_submit(user=analyst, state="KAZ")


def test_the_national_coordinator_approves_the_submitted_indicators(
    kaz_records, analyst, coordinator
):
    from almaty.stats import services as stats_services
    from almaty.stats.models import SubmissionStatus

    submission = services.indicators_submit(user=analyst, state="KAZ")
    stats_services.submission_approve(user=coordinator, submission=submission)

    submission.refresh_from_db()
    assert submission.status == SubmissionStatus.APPROVED


def test_a_border_analyst_submits_for_their_state_only(kaz_records, user_with_role):
    from almaty.stats import services as stats_services
    from tests.factories import stats as files

    user = user_with_role("border_analyst", "KAZ")

    with pytest.raises(stats_services.StatsValidationError):
        stats_services.submission_create(
            user=user, data=files.entries(area="KGZ"), filename="kgz.csv"
        )


def test_movement_settings_change_and_are_audited(reference, analyst):
    record = services.movement_settings_update(
        user=analyst, state="KAZ", settings={"transit_max_days": "2", "local_min_trips": 5}
    )

    assert record.settings["transit_max_days"] == 2
    assert record.settings["local_min_trips"] == 5
    assert record.settings["circular_min_stays"] == 3  # the others keep their values
    entry = AuditEntry.objects.get(message_key="borders.movement_changed")
    assert entry.params == {"state": "KAZ", "fields": "local_min_trips, transit_max_days"}


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"wormhole_days": 3}, "There is no movement setting wormhole_days."),
        ({"transit_max_days": "three"}, "must be a whole number of days, not 'three'"),
        (
            {"transit_max_days": 0},
            "out of range (1 to 3650 days) or below their minimum: transit_max_days",
        ),
        ({"circular_min_days": 100}, "below their minimum: circular_max_days"),
    ],
)
def test_movement_settings_that_make_no_sense_are_refused(reference, analyst, changes, message):
    with pytest.raises(InvalidInput) as refused:
        services.movement_settings_update(user=analyst, state="KAZ", settings=changes)

    assert message in refused.value.text
    assert MovementSettingsRecord.objects.count() == 0


@pytest.mark.parametrize(("role", "state"), [("border_analyst", "KGZ"), ("statistician", "KAZ")])
def test_movement_settings_of_a_state_are_its_own(reference, user_with_role, role, state):
    with pytest.raises(PermissionDenied):
        services.movement_settings_update(
            user=user_with_role(role, state), state="KAZ", settings={"transit_max_days": 2}
        )


def test_changed_settings_classify_the_stored_stays_again(
    analyst, django_capture_on_commit_callbacks
):
    # five days through Kazakhstan, in by air and out by road: not transit under 3 days
    rows = [
        crossing("R-in", "ENTRY", "2024-01-05", doc="PK1", nationality="PAK"),
        crossing("R-out", "EXIT", "2024-01-09", doc="PK1", nationality="PAK", bcp="KAZ-KORDAI"),
        *tourists(10),
    ]
    with django_capture_on_commit_callbacks(execute=True):
        services.load_queue(user=analyst, state="KAZ", data=csv_bytes(rows), filename="r.csv")

    def movement_type():
        stays, _indicators, _summary = storage.derived_paths("KAZ")
        found = pl.read_parquet(stays).filter(pl.col("entry_record_id") == "R-in")
        return found["movement_type"].item()

    assert movement_type() == "REGULAR"

    with django_capture_on_commit_callbacks(execute=True):
        services.movement_settings_update(
            user=analyst, state="KAZ", settings={"transit_max_days": 5}
        )

    assert movement_type() == "TRANSIT"
