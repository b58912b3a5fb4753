"""The border-movement pages in Russian: headings, labels, the report's reasons, the charts'
texts, the explanations of movement types and the refusals, each in the reader's language."""

from __future__ import annotations

from typing import Any

import pytest

from almaty.borders import services
from almaty.borders.models import CrossingLoad, StayRule
from tests.borders.test_views import load_sample


@pytest.fixture(autouse=True)
def _own_data_dir(data_dir: Any) -> None:
    """Every test here with a DATA_DIR of its own (`data_dir`)."""


@pytest.fixture
def sample(client: Any, analyst: Any, django_capture_on_commit_callbacks: Any) -> CrossingLoad:
    """The sample file of `test_views`, loaded through the upload form."""
    return load_sample(client, analyst, django_capture_on_commit_callbacks)


def _page(client: Any, path: str, status: int = 200) -> str:
    response = client.get(path)
    assert response.status_code == status, response.content.decode()[:3000]
    html = response.content.decode()
    assert '<html lang="ru">' in html
    return html


@pytest.mark.parametrize(
    ("path", "heading"),
    [
        ("/ru/borders/", "<h1>Пересечения границы</h1>"),
        ("/ru/borders/KAZ/", "<h1>Пересечения границы: Казахстан</h1>"),
        ("/ru/borders/KAZ/overstays/", "<h1>Превышения срока пребывания: Казахстан</h1>"),
        ("/ru/borders/KAZ/stays/", "<h1>Пребывания: Казахстан</h1>"),
        ("/ru/borders/KAZ/movement/", "<h1>Виды перемещений: Казахстан</h1>"),
        ("/ru/borders/rules/?state=KAZ", "<h1>Правила пребывания: Казахстан</h1>"),
    ],
)
def test_every_page_has_its_russian_heading(
    client: Any, sample: CrossingLoad, path: str, heading: str
) -> None:
    assert heading in _page(client, path)


def test_the_menu_link_is_in_russian(client: Any, analyst: Any) -> None:
    client.force_login(analyst)
    assert '<a href="/ru/borders/">Пересечения границы</a>' in _page(client, "/ru/")


def test_the_upload_form_in_russian(client: Any, analyst: Any) -> None:
    client.force_login(analyst)
    html = _page(client, "/ru/borders/")
    assert "Регистрирующее государство" in html
    assert "Записи о пересечении границы" in html
    assert "Загрузить файл" in html
    assert "Ещё ничего не загружено" in html


def test_a_refused_file_in_russian(client: Any, analyst: Any) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(analyst)
    response = client.post(
        "/ru/borders/",
        {"state": "KAZ", "engine": "duckdb", "file": SimpleUploadedFile("x.xlsx", b"x")},
    )
    assert response.status_code == 400
    assert "Загрузите файл CSV (.csv) или Parquet (.parquet), а не «x.xlsx»." in (
        response.content.decode()
    )


def test_a_load_page_in_russian(client: Any, sample: CrossingLoad) -> None:
    html = _page(client, f"/ru/borders/loads/{sample.pk}/")
    assert "<h1>Загрузка файла kaz-2024q1.csv</h1>" in html
    assert "Отчёт о качестве данных" in html
    assert "не трёхбуквенный код страны ISO 3166" in html
    assert "завершена" in html
    assert "Результаты: Казахстан" in html
    assert "Пребывания по видам перемещений и месяцам" in html
    assert "Превышения срока пребывания по гражданству" in html
    assert "Пересечения границы по пунктам пропуска" in html
    assert "Таблица данных" in html
    assert "Представить показатели в региональный обмен" in html


def test_a_running_load_in_russian(client: Any, sample: CrossingLoad) -> None:
    CrossingLoad.objects.filter(pk=sample.pk).update(
        status="checking", step="ingest.check", done=1500, total=3000
    )
    html = _page(client, f"/ru/borders/loads/{sample.pk}/")
    assert "<h1>Идёт загрузка файла kaz-2024q1.csv</h1>" in html
    assert "Проверка строк: 1\xa0500 из 3\xa0000." in html


def test_overstays_in_russian(client: Any, sample: CrossingLoad) -> None:
    html = _page(client, "/ru/borders/KAZ/overstays/?as_of=2024-03-31&by=nationality")
    assert "На 2024-03-31" in html
    assert "Таджикистан (TJK)" in html
    assert "остаётся в стране (предположительно)" in html
    assert "выехал после окончания разрешённого срока" in html


def test_a_bad_date_in_russian(client: Any, sample: CrossingLoad) -> None:
    html = _page(client, "/ru/borders/KAZ/overstays/?as_of=1900-01-01", status=400)
    assert "Выберите дату между 1990 годом и днём через год от сегодняшнего, а не 1900-01-01." in (
        html
    )


def test_stays_explained_in_russian(client: Any, sample: CrossingLoad) -> None:
    html = _page(client, "/ru/borders/KAZ/stays/?type=TRANSIT")
    assert "1 пребывание." in html
    assert "транзитное" in html
    assert "выезд через другой пункт пропуска: транзит." in html


def test_another_states_records_refused_in_russian(client: Any, analyst: Any) -> None:
    client.force_login(analyst)
    html = _page(client, "/ru/borders/KGZ/stays/", status=403)
    assert "Для этого нужна роль «Аналитик пограничной службы»." in html


def test_stay_rules_in_russian(client: Any, analyst: Any) -> None:
    services.stay_rules_sync(states=["KAZ"])
    rule = StayRule.objects.filter(state__iso3="KAZ", rolling_limit_days=90).first()
    assert rule is not None
    client.force_login(analyst)
    html = _page(client, "/ru/borders/rules/?state=KAZ")
    assert "до 30 дней за въезд; 90 дней в любые 180" in html
    assert "Евразийский экономический союз" in html
    assert "Действующие и будущие" in html
    form = _page(client, f"/ru/borders/rules/{rule.pk}/edit/")
    assert "Новая редакция правила пребывания" in form
    assert "Применяется к въездам с" in form
