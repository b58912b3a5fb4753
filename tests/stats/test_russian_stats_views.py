"""The statisticians' pages in Russian: labels, issue messages and the CSV list."""

from __future__ import annotations

import csv
import io

from django.core.files.uploadedfile import SimpleUploadedFile

from almaty.stats import services
from almaty.stats.models import Submission
from tests.factories import stats as files


def _upload(client, data: bytes):
    return client.post(
        "/ru/statistics/submit/",
        {"file": SimpleUploadedFile("kgz.csv", data), "sharing": "members"},
        follow=True,
    )


def test_the_upload_page_is_in_russian(client, statistician):
    client.force_login(statistician)

    page = client.get("/ru/statistics/submit/").content.decode()

    assert "<h1>Представить статистику</h1>" in page
    assert "Доступ после публикации" in page
    assert "Проверить и отправить" in page


def test_errors_are_listed_in_russian_and_the_csv_too(client, statistician):
    client.force_login(statistician)
    bad = files.sdmx_csv([files.row(), files.row(TIME_PERIOD="2024-02", OBS_VALUE="1,000")])

    response = _upload(client, bad)

    page = response.content.decode()
    assert Submission.objects.count() == 0
    assert "Файл не принят" in page
    assert "1 ошибка" in page
    assert "Проблемы по строкам и столбцам" in page
    download = client.get(response.redirect_chain[-1][0] + "issues.csv")
    rows = list(csv.DictReader(io.StringIO(download.content.decode("utf-8-sig"))))
    assert rows[0]["row"] == "3"
    assert rows[0]["message"] != ""
    assert "не число" in rows[0]["message"]


def test_the_submission_page_and_review_messages_are_in_russian(client, statistician, coordinator):
    submission = services.submission_create(
        user=statistician, data=files.entries(), filename="kgz.csv"
    )
    client.force_login(coordinator)

    page = client.get(f"/ru/statistics/submissions/{submission.pk}/").content.decode()
    approved = client.post(
        f"/ru/statistics/submissions/{submission.pk}/approve/", follow=True
    ).content.decode()

    assert f"Набор данных {submission.pk}" in page
    assert "Утвердить" in page
    assert "Набор данных утверждён и закреплён." in approved


def test_the_submissions_list_is_in_russian(client, statistician):
    client.force_login(statistician)

    page = client.get("/ru/statistics/submissions/").content.decode()

    assert "Представленные статистические данные" in page
    assert "Подходящих наборов данных нет." in page
