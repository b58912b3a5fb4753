"""Forecasting a CSV file on the web: the file's page (progress, then results and the CSV of
every series), files refused by the form or by the engine (problems by row, nothing stored),
and who may see a file's results. The task queue runs at once in tests.

The engine is replaced by a fixed answer (`_fake`) except in the test of a bad value, which
goes through the engine's reading."""

from __future__ import annotations

import csv
import io
import time
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from almaty.forecasts import compute, file_jobs
from almaty.forecasts.engine.errors import ForecastInputError, Issue
from almaty.forecasts.models import EarlyWarning, Forecast
from almaty.stats import staging
from tests.forecasts.test_views import months

UPLOAD = "/en/statistics/forecasts/upload/"


def _csv(series: int, periods: int = 24) -> bytes:
    lines = ["series_id,period,value"]
    for s in range(series):
        lines += [f"S{s:02d},{p},{100 + i}" for i, p in enumerate(months("2022-01", periods))]
    return ("\n".join(lines) + "\n").encode()


def _fake(calls: list[dict[str, Any]], *, skipped: tuple[str, ...] = ()) -> Any:
    """A stand-in for compute.forecast_file: each series of the file forecast flat at its last
    value; the series in `skipped` are left out as too short, with the engine's note."""

    def forecast_file(
        data: bytes, *, horizon: int, gaps: str = "refuse", progress: Any = None
    ) -> compute.FileForecast:
        calls.append({"horizon": horizon, "gaps": gaps, "data": data})
        history: dict[str, list[tuple[str, float]]] = {}
        for row in csv.DictReader(io.StringIO(data.decode())):
            history.setdefault(row["series_id"], []).append((row["period"], float(row["value"])))
        outcomes, rows, notes = {}, [], []
        for series_id, values in history.items():
            if series_id in skipped:
                outcomes[series_id] = compute.Outcome(skipped="too_short")
                notes.append(
                    Issue("too_short", {"series_id": series_id, "points": "3", "minimum": "4"})
                )
                continue
            last = values[-1][1]
            ahead = months("2024-01", horizon)
            points = [
                {
                    "period": p,
                    "mean": last,
                    "lo_80": last - 5,
                    "hi_80": last + 5,
                    "lo_95": last - 9,
                    "hi_95": last + 9,
                }
                for p in ahead
            ]
            rows += [{"series_id": series_id, "model": "fake", **point} for point in points]
            outcomes[series_id] = compute.Outcome(
                points=points,
                track_record=[
                    {
                        "horizon": 1,
                        "mase": 0.9,
                        "coverage_80": 0.8,
                        "coverage_95": 0.95,
                        "origins": 12,
                    }
                ],
                details={"weights": {"AutoETS": 1.0}},
            )
        return compute.FileForecast(rows=rows, outcomes=outcomes, history=history, notes=notes)

    return forecast_file


@pytest.fixture
def calls(monkeypatch: pytest.MonkeyPatch) -> list[dict[str, Any]]:
    made: list[dict[str, Any]] = []
    monkeypatch.setattr(compute, "forecast_file", _fake(made))
    return made


@pytest.fixture
def reader(user_with_role):
    return user_with_role("statistician", "KGZ")


def _post(client, data: bytes, name: str = "series.csv", **fields: Any):
    """Upload a file; the task queue runs at once in tests, so the answer leads to its page."""
    return client.post(
        UPLOAD,
        {
            "file": SimpleUploadedFile(name, data, "text/csv"),
            "horizon": 12,
            "gaps": "refuse",
            **fields,
        },
        follow=True,
    )


def _token(response) -> str:
    path = response.redirect_chain[-1][0]
    assert path.startswith(UPLOAD), path
    return path.removeprefix(UPLOAD).strip("/")


def test_the_upload_page_has_labelled_fields(client, reader):
    client.force_login(reader)

    page = client.get(UPLOAD).content.decode()

    assert page.count("<h1>") == 1
    assert '<label for="id_file">' in page
    assert '<label for="id_horizon">' in page
    assert 'value="12"' in page
    assert "<legend>Series with missing periods:</legend>" in page
    assert "Sending the file" in page


def test_a_file_is_forecast_and_shown_with_its_fan_charts(client, reader, calls):
    client.force_login(reader)

    response = _post(client, _csv(2), horizon=6, gaps="latest_run")

    assert response.status_code == 200
    assert calls[0]["horizon"] == 6
    assert calls[0]["gaps"] == "latest_run"
    page = response.content.decode()
    assert "<h1>Forecasts of series.csv</h1>" in page
    assert "2 series forecast, 6 periods ahead." in page
    assert "forecast from the part after their last gap" in page
    assert page.count('<figure class="chart"') == 2
    assert "AutoETS: 100%" in page
    assert Forecast.objects.count() == 0  # nothing reaches the database
    assert EarlyWarning.objects.count() == 0
    assert staging.data(_token(response)) is None  # the file is gone once read


def test_every_series_downloads_as_csv_though_only_ten_are_drawn(client, reader, calls):
    client.force_login(reader)

    response = _post(client, _csv(12), name="my panel.csv")

    page = response.content.decode()
    assert page.count('<figure class="chart"') == 10
    assert "The charts of the first 10 series are shown; 2 more are in the CSV." in page
    link = f"{UPLOAD}{_token(response)}/forecast.csv"
    assert f'href="{link}"' in page
    download = client.get(link)
    assert download["Content-Type"].startswith("text/csv")
    assert 'filename="my_panel-forecast.csv"' in download["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(download.content.decode())))
    assert list(rows[0]) == list(compute.OUTPUT_COLUMNS)
    assert len(rows) == 12 * 12
    assert {r["series_id"] for r in rows} == {f"S{i:02d}" for i in range(12)}


def test_series_left_out_are_named_with_the_reason(client, reader, monkeypatch):
    made: list[dict[str, Any]] = []
    monkeypatch.setattr(compute, "forecast_file", _fake(made, skipped=("S01",)))
    client.force_login(reader)

    page = _post(client, _csv(2)).content.decode()

    assert "1 series forecast, 12 periods ahead." in page
    assert "Series not forecast" in page
    assert page.count("S01 has 3 values; a forecast needs at least 4.") == 1  # not in the notes


def test_problems_found_by_the_engine_are_listed_by_row(client, reader, monkeypatch):
    def refuse(data: bytes, **kwargs: Any) -> compute.FileForecast:
        raise ForecastInputError(
            [
                Issue("not_a_number", {"value": "abc"}, row=3),
                Issue("missing_column", {"column": "value"}, row=1),
                Issue("too_short", {"series_id": "S00", "points": "1", "minimum": "4"}),
            ]
        )

    monkeypatch.setattr(compute, "forecast_file", refuse)
    client.force_login(reader)

    response = _post(client, _csv(1))

    page = response.content.decode()
    assert "series.csv cannot be forecast" in page
    assert "3 problems." in page
    listed = page.split('class="forecast-issues"')[1].split("</ul>")[0]
    assert listed.index("S00 has 1 values") < listed.index("Row 1: The column value is missing")
    assert listed.index("Row 1:") < listed.index("Row 3: &#x27;abc&#x27; is not a number")
    assert '<label for="id_file">' in page  # to upload the corrected file
    assert Forecast.objects.count() == 0
    assert staging.data(_token(response)) is None


def test_an_unexpected_failure_is_explained_not_a_500(client, reader, monkeypatch):
    def crash(data: bytes, **kwargs: Any) -> compute.FileForecast:
        raise RuntimeError("boom")

    monkeypatch.setattr(compute, "forecast_file", crash)
    client.force_login(reader)

    response = _post(client, _csv(1))

    assert response.status_code == 200
    assert "could not be forecast because of an unexpected problem" in response.content.decode()


def test_a_file_being_forecast_shows_its_progress(client, reader):
    client.force_login(reader)
    token = _staged(client, reader, state="forecasting", done=3, total=10)

    page = client.get(f"{UPLOAD}{token}/").content.decode()
    polled = client.get(f"{UPLOAD}{token}/", headers={"HX-Request": "true"})

    assert "<h1>Forecasting series.csv</h1>" in page
    assert "Forecasting the series: 3 of 10." in page
    assert 'value="30"' in page
    assert polled.content.decode().startswith('<div id="file-status"')
    assert 'hx-trigger="every 1s"' in polled.content.decode()


def test_a_finished_file_reloads_the_polling_page(client, reader):
    client.force_login(reader)
    token = _staged(client, reader, state="done", rows=[], series=[], forecast_count=0)

    polled = client.get(f"{UPLOAD}{token}/", headers={"HX-Request": "true"})

    assert polled["HX-Refresh"] == "true"


def test_a_file_waiting_long_says_the_queue_may_be_down(client, reader):
    client.force_login(reader)
    token = _staged(client, reader, state="queued", queued_at=time.time() - 120)

    page = client.get(f"{UPLOAD}{token}/").content.decode()

    assert "Waiting for its turn in the task queue" in page
    assert "the task queue may not be running" in page


def test_another_users_file_is_not_shown(client, reader, user_with_role):
    other = user_with_role("chair", "KAZ")
    client.force_login(reader)
    token = _staged(client, other, state="done", rows=[], series=[], forecast_count=0)

    response = client.get(f"{UPLOAD}{token}/", follow=True)

    assert "That forecast has expired: upload the file again." in response.content.decode()
    assert client.get(f"{UPLOAD}{token}/forecast.csv").status_code == 302


def test_a_made_up_token_leads_back_to_the_upload_page(client, reader):
    client.force_login(reader)

    response = client.get(f"{UPLOAD}not-a-token/")
    polled = client.get(f"{UPLOAD}not-a-token/", headers={"HX-Request": "true"})

    assert response.status_code == 302
    assert response["Location"] == UPLOAD
    assert polled["HX-Redirect"] == UPLOAD


def test_a_queue_that_is_down_is_said_and_nothing_is_kept(client, reader, monkeypatch):
    def down(token: str) -> None:
        raise ConnectionError("redis")

    monkeypatch.setattr(file_jobs, "forecast_staged", down)
    client.force_login(reader)

    response = _post(client, _csv(1))

    assert "The task queue is not available" in response.content.decode()
    assert response.redirect_chain[-1][0] == UPLOAD


def _staged(client, user, **record: Any) -> str:
    """A file staged as if uploaded by `user` in this client's session."""
    meta = file_jobs.new_record(user_id=user.pk, filename="series.csv", horizon=12, gaps="refuse")
    token = staging.create(b"series_id,period,value\n", {**meta, **record})
    session = client.session
    session["forecast_files"] = [token]
    session.save()
    return token


def test_text_in_a_value_is_refused_by_the_engine(client, reader):
    client.force_login(reader)
    data = b"series_id,period,value\nA,2024-01,10\nA,2024-02,abc\n"

    response = _post(client, data)

    assert "Row 3: &#x27;abc&#x27; is not a number" in response.content.decode()


@pytest.mark.parametrize(
    ("fields", "error"),
    [
        ({"horizon": 13}, "Ensure this value is less than or equal to 12."),
        ({"horizon": 0}, "Ensure this value is greater than or equal to 1."),
        ({"gaps": "invent"}, "Select a valid choice."),
    ],
)
def test_bad_fields_are_refused_on_the_form(client, reader, calls, fields, error):
    client.force_login(reader)

    response = _post(client, _csv(1), **fields)

    assert response.status_code == 400
    assert error in response.content.decode()
    assert calls == []


def test_only_csv_files_are_accepted(client, reader, calls):
    client.force_login(reader)

    response = _post(client, b"PK\x03\x04", name="series.xlsx")

    assert response.status_code == 400
    assert "Upload a CSV file (.csv), not &#x27;series.xlsx&#x27;." in response.content.decode()
    assert calls == []


def test_a_file_over_the_size_limit_is_refused(client, reader, calls, settings):
    settings.FORECAST_MAX_UPLOAD_BYTES = 1024 * 1024
    client.force_login(reader)

    response = _post(client, b"series_id,period,value\n" + b"A,2024-01,1\n" * 100_000)

    assert response.status_code == 400
    assert "The file is 1.1 MB; the largest file accepted is 1 MB." in response.content.decode()
    assert calls == []


def test_more_than_50_series_are_sent_to_the_command_line(client, reader, calls):
    client.force_login(reader)

    response = _post(client, _csv(51, periods=3))

    assert response.status_code == 400
    page = response.content.decode()
    assert "The file holds 51 series; this page forecasts up to 50." in page
    assert "almaty stats forecast" in page
    assert calls == []


def test_a_file_that_is_not_text_goes_to_the_engine_to_be_explained(client, reader, monkeypatch):
    seen: list[bytes] = []

    def refuse(data: bytes, **kwargs: Any) -> compute.FileForecast:
        seen.append(data)
        raise ForecastInputError([Issue("bad_encoding")])

    monkeypatch.setattr(compute, "forecast_file", refuse)
    client.force_login(reader)

    response = _post(client, "series_id,period,value\nА,2024-01,1\n".encode("cp1251"))

    assert "save the file as UTF-8 CSV" in response.content.decode()
    assert len(seen) == 1


def test_the_task_worker_finds_the_file_forecasts():
    """The worker (`run_huey`) imports each app's tasks module only: the task must be there."""
    from almaty.forecasts import tasks

    assert getattr(tasks, "forecast_staged", None) is file_jobs.forecast_staged, (
        "add `from almaty.forecasts.file_jobs import forecast_staged` to almaty/forecasts/tasks.py"
    )
