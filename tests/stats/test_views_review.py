"""The submissions list, a submission's page with its revisions, and the review steps."""

from __future__ import annotations

import pytest

from almaty.stats import services
from almaty.stats.models import Observation, Submission, SubmissionStatus
from tests.factories import stats as files

LIST = "/en/statistics/submissions/"


def _submit(user, data=None, name="kgz.csv"):
    return services.submission_create(user=user, data=data or files.entries(), filename=name)


def _page(submission: Submission) -> str:
    return f"/en/statistics/submissions/{submission.pk}/"


def test_a_statistician_sees_their_states_submissions_only(client, statistician, support):
    own = _submit(statistician)
    other = _submit(support, files.entries(area="KAZ"), name="kaz.csv")
    client.force_login(statistician)

    page = client.get(LIST).content.decode()

    assert _page(own) in page
    assert _page(other) not in page
    assert client.get(_page(other)).status_code == 404


def test_the_support_unit_sees_all_and_filters_by_state_indicator_and_status(
    client, statistician, support
):
    own = _submit(statistician)
    other = _submit(support, files.entries(area="KAZ"), name="kaz.csv")
    client.force_login(support)

    everything = client.get(LIST).content.decode()
    kaz = client.get(LIST, {"state": "KAZ"}).content.decode()
    exits = client.get(LIST, {"indicator": "EXITS"}).content.decode()
    approved = client.get(LIST, {"status": "approved"}).content.decode()

    assert _page(own) in everything
    assert _page(other) in everything
    assert _page(other) in kaz
    assert _page(own) not in kaz
    assert "No submissions match." in exits
    assert "No submissions match." in approved


def test_the_list_takes_few_queries(client, statistician, django_assert_max_num_queries):
    for month in range(1, 8):
        _submit(statistician, files.entries(months=(f"2023-{month:02d}",)), name=f"{month}.csv")
    client.force_login(statistician)

    with django_assert_max_num_queries(12):
        response = client.get(LIST)

    assert response.content.decode().count("<tr>") == 8


@pytest.mark.parametrize("query", [{"page": "x"}, {"state": "'; drop"}, {"indicator": "(.*"}])
def test_bad_filters_never_break_the_list(client, statistician, query):
    client.force_login(statistician)

    assert client.get(LIST, query).status_code == 200


def test_the_submission_page_shows_values_and_the_review_steps_to_the_coordinator(
    client, statistician, coordinator
):
    submission = _submit(statistician)
    client.force_login(coordinator)

    page = client.get(_page(submission)).content.decode()

    assert page.count("<h1>") == 1
    assert '<th scope="col">Period</th>' in page
    assert "2024-02" in page
    assert ">Approve</button>" in page


def test_the_statistician_sees_no_review_steps(client, statistician):
    submission = _submit(statistician)
    client.force_login(statistician)

    page = client.get(_page(submission)).content.decode()

    assert ">Approve</button>" not in page


def test_the_coordinator_approves_then_publishes_to_the_public(client, statistician, coordinator):
    submission = _submit(statistician)
    client.force_login(coordinator)

    approved = client.post(f"{_page(submission)}approve/", follow=True).content.decode()
    published = client.post(
        f"{_page(submission)}publish/", {"sharing": "public"}, follow=True
    ).content.decode()

    submission.refresh_from_db()
    assert submission.status == SubmissionStatus.PUBLISHED
    assert submission.sharing == "public"
    assert "approved and locked" in approved
    assert "The submission is published: public." in published
    assert "Save the sharing" in published


def test_the_coordinator_changes_the_sharing_of_published_data(client, statistician, coordinator):
    submission = _submit(statistician)
    services.submission_approve(user=coordinator, submission=submission)
    services.submission_publish(user=coordinator, submission=submission, sharing="public")
    client.force_login(coordinator)

    client.post(f"{_page(submission)}publish/", {"sharing": "members"})

    submission.refresh_from_db()
    assert submission.sharing == "members"


def test_a_statistician_may_not_approve(client, statistician):
    submission = _submit(statistician)
    client.force_login(statistician)

    response = client.post(f"{_page(submission)}approve/", follow=True)

    submission.refresh_from_db()
    assert submission.status == SubmissionStatus.VALIDATED
    assert "Only the National Coordinator of the State" in response.content.decode()


def test_another_states_coordinator_may_not_see_or_approve(client, statistician, user_with_role):
    submission = _submit(statistician)
    client.force_login(user_with_role("national_coordinator", "KAZ"))

    assert client.post(f"{_page(submission)}approve/").status_code == 404
    submission.refresh_from_db()
    assert submission.status == SubmissionStatus.VALIDATED


@pytest.mark.parametrize(
    ("step", "data"),
    [("approve", {}), ("publish", {"sharing": "everyone"}), ("publish", {})],
)
def test_wrong_steps_give_messages_not_errors(client, statistician, coordinator, step, data):
    submission = _submit(statistician)
    services.submission_approve(user=coordinator, submission=submission)
    client.force_login(coordinator)

    response = client.post(f"{_page(submission)}{step}/", data, follow=True)

    assert response.status_code == 200
    assert 'class="error"' in response.content.decode()


def test_review_steps_need_post(client, statistician, coordinator):
    submission = _submit(statistician)
    client.force_login(coordinator)

    assert client.get(f"{_page(submission)}approve/").status_code == 405


@pytest.mark.parametrize("address", ["999999/", "0/", "999999/approve/"])
def test_missing_submissions_are_not_found(client, coordinator, address):
    client.force_login(coordinator)

    assert client.post(f"{LIST}{address}").status_code in (404, 405)
    assert client.get(f"{LIST}{address}").status_code in (404, 405)


def test_a_revision_shows_the_earlier_and_new_values(client, statistician, coordinator):
    first = _submit(statistician, files.entries(value=100))
    services.submission_approve(user=coordinator, submission=first)
    revision = _submit(statistician, files.entries(value=150), name="kgz-2.csv")
    services.submission_approve(user=coordinator, submission=revision)
    client.force_login(coordinator)

    page = client.get(_page(revision)).content.decode()
    earlier = client.get(_page(first)).content.decode()

    assert revision.revision_of_id == first.pk
    assert "Earlier and new values" in page
    assert "100.0" in page
    assert "150.0" in page
    assert f"Revises submission {first.pk}" in page
    assert f"Revised by submission {revision.pk}" in earlier
    assert "replaced by a revision" in earlier
    assert Observation.objects.filter(submission=first, superseded=True).count() == 2


def test_observations_are_paginated(client, support):
    months = tuple(
        f"{y}-{m:02d}"
        for y in (2020, 2021, 2022, 2023, 2024, 2025, 2026, 2027, 2028)
        for m in range(1, 13)
    )
    submission = _submit(support, files.entries(months=months))
    client.force_login(support)

    first = client.get(_page(submission)).content.decode()
    second = client.get(_page(submission), {"page": "2"}).content.decode()

    assert "Page 1 of 2" in first
    assert "2028-12" in second
    assert "2028-12" not in first
