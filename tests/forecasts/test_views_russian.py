"""The forecasting pages in Russian: headings, names of indicators and States, warnings and
their explanations, the upload form and its problems."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from almaty.forecasts import compute
from almaty.forecasts.engine.errors import ForecastInputError, Issue
from tests.forecasts.test_views import make_forecast, make_warning


@pytest.fixture
def reader(user_with_role):
    return user_with_role("statistician", "KGZ")


def test_the_index_is_in_russian(client, reader):
    make_forecast("ENTRIES.KGZ")
    make_forecast("ENTRIES._T")
    make_forecast("FRONTEX_IBC._T", through="2022-12", source="external")
    client.force_login(reader)

    page = client.get("/ru/statistics/forecasts/").content.decode()

    assert "<h1>Прогнозы</h1>" in page
    assert "Въезды через государственную границу" in page
    assert "Кыргызстан" in page
    assert "Итого по региону" in page
    assert "Все гражданства" in page
    assert "Следующий период" in page
    assert "от 900 до 1" in page  # the 80% interval, digits grouped the Russian way


def test_the_series_page_is_in_russian(client, reader):
    forecast = make_forecast("ENTRIES.KGZ")
    make_warning(forecast, period="2024-05")
    client.force_login(reader)

    page = client.get("/ru/statistics/forecasts/ENTRIES.KGZ/").content.decode()

    assert "<h1>Въезды через государственную границу: Кыргызстан</h1>" in page
    assert "Точность на истории" in page
    assert "сезонного наивного прогноза" in page
    assert "По этому ряду выдано 1 раннее предупреждение." in page
    assert "выше 95-процентного интервала прогноза" in page
    assert "высокая" in page
    assert "Ранние предупреждения" in page
    assert "Прогноз" in page.split('<figure class="chart"')[1]  # the chart's data table


def test_the_warnings_page_and_its_form_are_in_russian(client, reader):
    make_warning(make_forecast("ENTRIES.KGZ"), period="2024-05", severity="medium")
    client.force_login(reader)

    page = client.get("/ru/statistics/warnings/").content.decode()

    assert "<h1>Ранние предупреждения</h1>" in page
    assert "Ваши подписки" in page
    assert "Начиная с серьёзности" in page
    assert "Все показатели" in page
    assert "средняя" in page
    response = client.post(
        "/ru/statistics/warnings/subscribe/",
        {"subscribe-indicator": "", "subscribe-area": "_T", "subscribe-min_severity": "low"},
        follow=True,
    )
    assert (
        "Эти предупреждения будут приходить вам по электронной почте." in response.content.decode()
    )


def test_upload_problems_are_listed_in_russian(client, reader, monkeypatch):
    def refuse(data: bytes, **kwargs: Any) -> compute.FileForecast:
        raise ForecastInputError([Issue("not_a_number", {"value": "abc"}, row=3)])

    monkeypatch.setattr(compute, "forecast_file", refuse)
    client.force_login(reader)

    page = client.get("/ru/statistics/forecasts/upload/").content.decode()
    assert "<h1>Прогноз по файлу CSV</h1>" in page
    assert "Ряды с пропущенными периодами" in page
    response = client.post(
        "/ru/statistics/forecasts/upload/",
        {
            "file": SimpleUploadedFile("a.csv", b"series_id,period,value\nA,2024-01,abc\n"),
            "horizon": 3,
            "gaps": "refuse",
        },
        follow=True,
    )

    page = response.content.decode()
    assert "По файлу a.csv нельзя построить прогноз" in page
    assert "1 проблема." in page
    assert "Строка 3:" in page


def test_people_without_a_role_are_told_why_in_russian(client, reference):
    from tests.factories.accounts import UserFactory

    client.force_login(UserFactory())

    response = client.get("/ru/statistics/forecasts/")

    assert response.status_code == 403
    assert "Прогнозы и ранние предупреждения доступны тем, у кого есть роль в Процессе." in (
        response.content.decode()
    )
