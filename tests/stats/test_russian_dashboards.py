"""The statistics dashboards in Russian."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.urls import reverse
from django.utils import translation

from almaty.stats import services
from tests.factories import stats as files


@pytest.fixture(autouse=True)
def _own_data_dir(settings: Any, tmp_path: Path) -> None:
    settings.DATA_DIR = tmp_path


@pytest.fixture
def published(support: Any) -> None:
    rows = [
        files.row(REF_AREA="KGZ", TIME_PERIOD="2024-01", OBS_VALUE=120),
        files.row(REF_AREA="KGZ", TIME_PERIOD="2024-01", COUNTERPART_AREA="RUS", OBS_VALUE=120),
    ]
    submission = services.submission_create(
        user=support, data=files.sdmx_csv(rows), filename="f.csv"
    )
    services.submission_approve(user=support, submission=submission)
    services.submission_publish(user=support, submission=submission, sharing="public")


def _get(client: Any, name: str, *args: str) -> str:
    with translation.override("ru"):
        url = reverse(name, args=args)
    assert url.startswith("/ru/")
    return str(client.get(url).text)


def test_index_in_russian(client, published):
    text = _get(client, "dashboards:index")

    assert "Статистические панели" in text
    assert "за 2024-01, 1 государство" in text
    assert "Кыргызстан" in text


def test_indicator_page_in_russian(client, published):
    text = _get(client, "dashboards:indicator", "ENTRIES")

    assert "по государствам" in text
    assert "Коридоры" in text
    assert "Сезонный профиль" in text
    assert "Янв" in text


def test_state_page_in_russian_when_empty(client, reference):
    text = _get(client, "dashboards:state", "KAZ")

    assert "Данные государства Казахстан ещё не опубликованы." in text
