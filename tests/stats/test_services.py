"""Submitting, approving and publishing statistics: who may, and what is stored."""

from __future__ import annotations

import datetime as dt

import pytest

from almaty.core.errors import InvalidInput, PermissionDenied
from almaty.core.models import AuditEntry
from almaty.stats import services
from almaty.stats.models import Indicator, Observation, Sharing, Submission, SubmissionStatus
from tests.factories import stats as files


def _counts() -> tuple[int, int, int]:
    return Submission.objects.count(), Observation.objects.count(), AuditEntry.objects.count()


def _submit(user, data=None, **kwargs):
    return services.submission_create(
        user=user, data=data or files.entries(), filename="kgz.csv", **kwargs
    )


# --- catalogue ---------------------------------------------------------------------------------


def test_reference_loading_brings_the_catalogue(reference):
    entries = Indicator.objects.get(code="ENTRIES")

    assert entries.periodicity == "M"
    assert entries.bilateral == "EXITS"
    assert Indicator.objects.count() == len(services.catalogue())


def test_catalogue_sync_twice_changes_nothing(reference):
    Indicator.objects.filter(code="ENTRIES").update(name_en="Old name")

    assert services.catalogue_sync() == 1
    assert services.catalogue_sync() == 0
    assert Indicator.objects.get(code="ENTRIES").name_en != "Old name"


# --- who may submit --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "state"),
    [("statistician", "KGZ"), ("national_coordinator", "KGZ"), ("support_unit", None)],
)
def test_state_roles_and_support_unit_submit_for_kyrgyzstan(user_with_role, role, state):
    submission = _submit(user_with_role(role, state))

    assert submission.status == SubmissionStatus.VALIDATED
    assert submission.state.iso3 == "KGZ"
    assert submission.rows == 2
    assert Observation.objects.filter(submission=submission).count() == 2


@pytest.mark.parametrize(
    ("role", "state"),
    [("chair", "KAZ"), ("technical_officer", "KGZ"), ("observer_delegate", None)],
)
def test_other_roles_may_not_submit(user_with_role, role, state):
    user = user_with_role(role, state)
    before = _counts()

    with pytest.raises(PermissionDenied):
        _submit(user)

    assert _counts() == before


def test_ended_role_says_when_it_ended(user_with_role):
    user = user_with_role(
        "statistician",
        "KGZ",
        valid_from=dt.date(2020, 1, 1),
        valid_to=dt.date(2021, 12, 31),
    )

    with pytest.raises(PermissionDenied, match="ended on 2021-12-31"):
        _submit(user)


def test_statistician_may_not_report_for_another_state(statistician):
    before = _counts()

    with pytest.raises(services.StatsValidationError) as caught:
        _submit(statistician, files.entries(area="KAZ"))

    assert {(i.row, i.column, i.code) for i in caught.value.issues} >= {
        (2, "REF_AREA", "wrong_area"),
        (3, "REF_AREA", "wrong_area"),
    }
    assert _counts() == before


# --- all or nothing ----------------------------------------------------------------------------


def test_a_failing_row_stores_nothing(statistician):
    rows = [files.row(TIME_PERIOD=f"2024-{m:02d}") for m in range(1, 12)]
    rows.append(files.row(TIME_PERIOD="2024-13"))
    before = _counts()

    with pytest.raises(services.StatsValidationError) as caught:
        _submit(statistician, files.sdmx_csv(rows))

    assert [(i.row, i.column, i.code) for i in caught.value.issues] == [
        (13, "TIME_PERIOD", "bad_period")
    ]
    assert "nothing was stored" in caught.value.text
    assert _counts() == before


def test_an_unreadable_file_stores_nothing(statistician):
    before = _counts()

    with pytest.raises(services.StatsValidationError) as caught:
        _submit(statistician, "REF_AREA;INDICATOR\n".encode("utf-16"))

    assert caught.value.issues
    assert _counts() == before


def test_the_same_file_twice_is_refused(statistician):
    first = _submit(statistician)

    with pytest.raises(InvalidInput, match=f"submission {first.pk}"):
        _submit(statistician)


def test_a_file_for_periods_awaiting_approval_asks_for_confirmation(statistician, coordinator):
    pending = _submit(statistician, files.entries(months=("2024-01", "2024-02"), value=100))
    other_period = files.entries(months=("2024-03",), value=100)
    overlapping = files.entries(months=("2024-02",), value=120)

    _submit(statistician, other_period)  # no overlap: stored without a question
    with pytest.raises(services.StatsValidationError) as refused:
        _submit(statistician, overlapping)

    assert refused.value.needs_confirmation
    [warning] = [i for i in refused.value.issues if i.code == "pending_overlap"]
    assert warning.params == {"id": str(pending.pk), "slices": "KGZ ENTRIES"}
    assert Submission.objects.count() == 2
    services.submission_approve(user=coordinator, submission=pending)
    stored = _submit(statistician, overlapping, confirm=True)  # approved now: a revision
    assert stored.revision_of_id == pending.pk


def test_stored_values_read_back_as_given(statistician):
    rows = [
        files.row(TIME_PERIOD="2024-03", OBS_VALUE="1234.5", COMMENT="estimate, see note"),
        files.row(TIME_PERIOD="2024-04", OBS_VALUE="", OBS_STATUS="M"),
    ]
    submission = _submit(statistician, files.xlsx(rows))
    stored = {o.period_start: o for o in Observation.objects.filter(submission=submission)}

    march, april = stored[dt.date(2024, 3, 1)], stored[dt.date(2024, 4, 1)]
    assert (march.value, march.comment, march.freq, march.unit) == (
        1234.5,
        "estimate, see note",
        "M",
        "EV",
    )
    assert (april.value, april.obs_status, april.comment) == (None, "M", "")
    assert (march.counterpart, march.sex, march.age, march.purpose) == ("_T",) * 4


def test_submission_is_audited(statistician):
    submission = _submit(statistician)

    entry = AuditEntry.objects.order_by("-sequence").first()
    assert entry.message_key == "statistics.submitted"
    assert entry.object_id == str(submission.pk)
    assert entry.params["areas"] == "KGZ"


def test_unknown_sharing_is_refused(statistician):
    with pytest.raises(InvalidInput, match="sharing level"):
        _submit(statistician, sharing="everyone")


# --- approval and publication ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "state"), [("national_coordinator", "KGZ"), ("support_unit", None)]
)
def test_coordinator_of_the_state_or_support_unit_approves(
    statistician, user_with_role, role, state
):
    submission = _submit(statistician)

    approved = services.submission_approve(user=user_with_role(role, state), submission=submission)

    assert approved.status == SubmissionStatus.APPROVED
    assert approved.approved_at is not None


@pytest.mark.parametrize(
    ("role", "state"),
    [("statistician", "KGZ"), ("national_coordinator", "KAZ"), ("chair", "KAZ")],
)
def test_others_may_not_approve(statistician, user_with_role, role, state):
    submission = _submit(statistician)

    with pytest.raises(PermissionDenied):
        services.submission_approve(user=user_with_role(role, state), submission=submission)

    submission.refresh_from_db()
    assert submission.status == SubmissionStatus.VALIDATED


def test_publish_needs_approval_first(statistician, coordinator):
    submission = _submit(statistician)

    with pytest.raises(InvalidInput, match="not possible now"):
        services.submission_publish(user=coordinator, submission=submission, sharing="public")


def test_approved_data_is_published_and_its_sharing_can_change(statistician, coordinator):
    submission = services.submission_approve(user=coordinator, submission=_submit(statistician))

    published = services.submission_publish(
        user=coordinator, submission=submission, sharing=Sharing.MEMBERS
    )
    first_published_at = published.published_at
    public = services.submission_publish(
        user=coordinator, submission=published, sharing=Sharing.PUBLIC
    )

    assert (public.status, public.sharing) == (SubmissionStatus.PUBLISHED, "public")
    assert public.published_at == first_published_at


def test_an_approved_submission_cannot_be_approved_again(statistician, coordinator):
    submission = services.submission_approve(user=coordinator, submission=_submit(statistician))

    with pytest.raises(InvalidInput):
        services.submission_approve(user=coordinator, submission=submission)


# --- revisions ---------------------------------------------------------------------------------


def test_resubmitting_an_approved_period_is_a_revision(statistician, coordinator):
    first = services.submission_approve(
        user=coordinator, submission=_submit(statistician, files.entries(value=100))
    )

    revision = _submit(statistician, files.entries(months=("2024-02", "2024-03"), value=120))

    assert revision.revision_of == first
    # Until the revision is approved, the earlier values are the current ones.
    assert not Observation.objects.filter(submission=first, superseded=True).exists()


def test_approving_a_revision_supersedes_only_the_periods_it_covers(statistician, coordinator):
    first = services.submission_approve(
        user=coordinator, submission=_submit(statistician, files.entries(value=100))
    )
    revision = _submit(statistician, files.entries(months=("2024-02", "2024-03"), value=120))

    services.submission_approve(user=coordinator, submission=revision)

    old = {o.period_start.month: o.superseded for o in Observation.objects.filter(submission=first)}
    assert old == {1: False, 2: True}
    first.refresh_from_db()
    assert first.status == SubmissionStatus.APPROVED  # January is still current


def test_a_revision_of_every_period_supersedes_the_earlier_submission(statistician, coordinator):
    first = services.submission_approve(
        user=coordinator, submission=_submit(statistician, files.entries(value=100))
    )
    revision = _submit(statistician, files.entries(value=101))

    services.submission_approve(user=coordinator, submission=revision)

    first.refresh_from_db()
    assert first.status == SubmissionStatus.SUPERSEDED
    assert Observation.objects.filter(submission=first).count() == 2  # kept, not deleted
    assert services.catalogue()  # the catalogue is untouched by revisions


def test_a_file_not_overlapping_approved_data_is_not_a_revision(statistician, coordinator):
    services.submission_approve(user=coordinator, submission=_submit(statistician))

    later = _submit(statistician, files.entries(months=("2024-05",)))

    assert later.revision_of is None


# --- plausibility ------------------------------------------------------------------------------


def test_a_value_far_outside_history_needs_confirmation(statistician, coordinator):
    history = files.entries(months=("2024-01", "2024-02", "2024-03"), value=1000)
    services.submission_approve(user=coordinator, submission=_submit(statistician, history))
    jump = files.entries(months=("2024-04",), value=500_000)
    before = _counts()

    with pytest.raises(services.StatsValidationError) as caught:
        _submit(statistician, jump)

    assert caught.value.needs_confirmation
    assert [(i.row, i.code, i.severity) for i in caught.value.issues] == [
        (2, "implausible", "warning")
    ]
    assert "to confirm" in caught.value.text
    assert _counts() == before
    assert _submit(statistician, jump, confirm=True).rows == 1
