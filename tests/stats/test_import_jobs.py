"""Uploads checked and stored in the task queue, and the page that shows their progress."""

from __future__ import annotations

import time
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from almaty.stats import import_jobs, staging
from almaty.stats.models import Observation, Submission, SubmissionStatus
from tests.factories import stats as files

SUBMIT = "/en/statistics/submit/"


@pytest.fixture
def held(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, bool]]:
    """The queue holds uploads instead of running them at once (as a busy consumer would)."""
    queued: list[tuple[str, bool]] = []
    monkeypatch.setattr(
        import_jobs, "import_staged", lambda token, confirm=False: queued.append((token, confirm))
    )
    return queued


def _post(client: Any, data: bytes, *, language: str = "en", **extra: Any) -> Any:
    return client.post(
        f"/{language}/statistics/submit/",
        {"file": SimpleUploadedFile("kgz.csv", data), "sharing": "members"},
        **extra,
    )


def test_an_upload_is_queued_and_its_page_shows_the_wait(client, statistician, held):
    client.force_login(statistician)

    response = _post(client, files.entries())

    [(token, confirm)] = held
    assert confirm is False
    assert response.status_code == 302
    assert response.url == reverse("stats:import", args=[token])
    page = client.get(response.url).content.decode()
    assert "Submitting kgz.csv" in page
    assert "Waiting for its turn in the task queue" in page
    assert 'hx-trigger="every 1s"' in page
    assert '<progress id="import-progress" max="100" value="0"' in page
    assert Submission.objects.count() == 0


def test_the_page_shows_each_step_and_how_far_it_got(client, statistician, held):
    client.force_login(statistician)
    url = _post(client, files.entries()).url
    token = held[0][0]

    staging.update(token, state=import_jobs.CHECKING, done=2, total=5)
    checking = client.get(url, HTTP_HX_REQUEST="true").content.decode()
    staging.update(token, state=import_jobs.STORING, done=300_000, total=1_000_000)
    storing = client.get(url, HTTP_HX_REQUEST="true").content.decode()

    assert "Checking the file: step 2 of 5." in checking
    assert 'value="40"' in checking
    assert "<h1>" not in checking  # htmx gets the fragment only
    assert "Storing the values: 300,000 of 1,000,000." in storing
    assert 'value="30"' in storing


def test_the_progress_is_in_russian(client, statistician, held):
    client.force_login(statistician)
    url = _post(client, files.entries(), language="ru").url
    staging.update(held[0][0], state=import_jobs.STORING, done=300_000, total=1_000_000)

    page = client.get(url).content.decode()

    assert "Отправка файла kgz.csv" in page
    assert "Сохранение значений: 300\xa0000 из 1\xa0000\xa0000." in page


def test_a_file_long_in_the_queue_says_the_queue_may_be_down(client, statistician, held):
    client.force_login(statistician)
    url = _post(client, files.entries()).url
    staging.update(held[0][0], queued_at=time.time() - 31)

    page = client.get(url).content.decode()

    assert "the task queue may not be running" in page


def test_the_task_reports_each_step_then_the_page_leads_to_the_submission(
    client, statistician, held, monkeypatch
):
    client.force_login(statistician)
    url = _post(client, files.entries()).url
    token = held[0][0]
    seen: list[tuple[str, int, int]] = []
    update = staging.update

    def spy(token: str, **changes: Any) -> Any:
        if "done" in changes:
            seen.append((changes["state"], changes["done"], changes["total"]))
        return update(token, **changes)

    monkeypatch.setattr(staging, "update", spy)

    assert import_jobs.run(token) == import_jobs.STORED

    states = [state for state, _done, _total in seen]
    assert states[0] == import_jobs.CHECKING
    assert states[-1] == import_jobs.STORING
    assert seen[-1][1] == seen[-1][2] == Observation.objects.count() > 0  # all rows stored
    assert staging.data(token) is None  # the file is not kept once stored
    followed = client.get(url, HTTP_HX_REQUEST="true")
    submission = Submission.objects.get()
    assert followed["HX-Redirect"] == reverse("stats:submission", args=[submission.pk])
    assert submission.status == SubmissionStatus.VALIDATED
    assert client.get(url).status_code == 302  # the record is gone after it was shown


def test_a_refused_file_leads_to_its_issues_and_a_confirmed_one_is_queued_again(
    client, statistician, coordinator, held
):
    from almaty.stats import services

    history = files.entries(months=("2024-01", "2024-02", "2024-03"), value=1000)
    approved = services.submission_create(user=statistician, data=history, filename="h.csv")
    services.submission_approve(user=coordinator, submission=approved)
    client.force_login(statistician)
    url = _post(client, files.entries(months=("2024-04",), value=500_000)).url
    token = held[0][0]

    assert import_jobs.run(token) == import_jobs.REFUSED
    response = client.get(url)
    assert response.url == reverse("stats:check", args=[token])
    assert "far outside the earlier values" in client.get(response.url).content.decode()

    confirmed = client.post(response.url, {"confirm-sharing": "public"})
    assert confirmed.url == url
    assert held[-1] == (token, True)
    assert import_jobs.run(token, confirm=True) == import_jobs.STORED
    assert Submission.objects.latest("pk").sharing == "public"


def test_a_refusal_of_the_service_is_shown_in_the_readers_language(
    client, statistician, held, monkeypatch
):
    from almaty.core.errors import PermissionDenied
    from almaty.stats import services

    client.force_login(statistician)
    url = _post(client, files.entries(), language="ru").url

    def refuse(**kwargs: Any) -> Any:
        raise PermissionDenied(services.StatsValidationError([]).message, n=0)

    monkeypatch.setattr(services, "submission_create", refuse)
    assert import_jobs.run(held[0][0]) == import_jobs.FAILED

    page = client.get(url).content.decode()
    english = client.get(url.replace("/ru/", "/en/", 1)).content.decode()
    assert "В файле 0 ошибок; ничего не сохранено." in page
    assert "The file has 0 errors; nothing was stored." in english
    assert 'role="alert"' in page
    assert "hx-trigger" not in page


def test_an_unexpected_failure_stores_nothing_and_says_so(client, statistician, held, monkeypatch):
    from almaty.stats import storage

    client.force_login(statistician)
    url = _post(client, files.entries()).url

    def broken(rows: Any, progress: Any) -> None:
        raise RuntimeError("disk full")

    monkeypatch.setattr(storage, "store", broken)
    assert import_jobs.run(held[0][0]) == import_jobs.FAILED

    assert Submission.objects.count() == 0
    assert Observation.objects.count() == 0
    page = client.get(url).content.decode()
    assert "because of an unexpected problem; nothing was stored" in page


def test_a_file_gone_from_staging_fails_clearly(client, statistician, held):
    client.force_login(statistician)
    url = _post(client, files.entries()).url
    token = held[0][0]
    staging.remove(token, keep_record=True)

    assert import_jobs.run(token) == import_jobs.FAILED
    assert "no longer available: upload it again" in client.get(url).content.decode()


def test_a_queue_that_cannot_be_reached_stores_nothing_and_says_so(
    client, statistician, monkeypatch
):
    def down(token: str, confirm: bool = False) -> None:
        raise ConnectionError("redis is down")

    monkeypatch.setattr(import_jobs, "import_staged", down)
    client.force_login(statistician)
    before = set(staging.staging_dir().glob("*"))

    response = _post(client, files.entries(), follow=True)

    assert "The task queue is not available, so nothing was stored" in response.content.decode()
    assert Submission.objects.count() == 0
    assert set(staging.staging_dir().glob("*")) == before


def test_another_users_progress_page_is_not_shown(client, statistician, user_with_role, held):
    client.force_login(statistician)
    url = _post(client, files.entries()).url
    other = user_with_role("statistician", "KGZ")
    client.force_login(other)

    response = client.get(url, follow=True)

    assert "That check has expired" in response.content.decode()
    assert "Submitting kgz.csv" not in response.content.decode()


def test_a_file_sent_before_is_refused_on_the_form_without_queueing(client, statistician, held):
    from almaty.stats import services

    services.submission_create(user=statistician, data=files.entries(), filename="a.csv")
    client.force_login(statistician)

    response = _post(client, files.entries())

    assert response.status_code == 400
    assert "This file was already submitted" in response.content.decode()
    assert held == []
