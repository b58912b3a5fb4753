"""A border analyst loads a generated file of crossing records through the upload form, as
Chromium shows it: the load's page follows its progress (htmx polls it), then shows the
data-quality report and the State's charts, in English and Russian, with no serious
accessibility violation.

Screenshots: build/screenshots/borders-en.png and borders-ru.png (the documentation's copies
in docs/screenshots/ are taken from there by hand)."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from almaty.accounts.models import Role
from almaty.borders import jobs, services
from almaty.borders.choices import LoadStatus
from almaty.borders.engine import generator
from almaty.borders.models import CrossingLoad
from almaty.process.models import State
from tests.browser.test_accessibility import BLOCKING, _axe_script, _violations
from tests.browser.test_sign_in import PASSWORD, sign_in
from tests.factories.accounts import RoleAssignmentFactory, UserFactory

pytestmark = pytest.mark.browser
SCREENSHOTS = Path(__file__).resolve().parents[2] / "build" / "screenshots"


def _generated(tmp_path: Path) -> bytes:
    """A year and a half of Kazakhstan's crossings by 300 travellers of the five movement
    patterns, with a little noise (rows the report rejects, exits without entries)."""
    made = generator.generate(
        recording_state="KAZ",
        persons=300,
        start=dt.date(2023, 1, 1),
        end=dt.date(2024, 6, 30),
        seed=9,
        noise=0.01,
    )
    return generator.write(made, tmp_path / "kaz-crossings.csv").read_bytes()


def _serious(page: Page, script: str) -> list[str]:
    return [v["id"] for v in _violations(page, script) if v["impact"] in BLOCKING]


def test_a_loaded_file_shows_its_progress_then_its_report_and_charts(
    page: Page, site_url: str, settings: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings.DATA_DIR = tmp_path / "data"
    analyst = UserFactory()
    RoleAssignmentFactory(
        user=analyst,
        role=Role.objects.get(code="border_analyst"),
        state=State.objects.get(iso3="KAZ"),
    )
    services.stay_rules_sync(states=["KAZ"])
    held: list[int] = []
    # the task queue takes the load up when the test says so
    monkeypatch.setattr(services.loads, "_enqueue", held.append)
    data = _generated(tmp_path)
    script = _axe_script()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)

    sign_in(page, email=str(analyst.email), password=PASSWORD)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Border movements").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Border movements")
    page.locator('input[name="file"]').set_input_files(
        {"name": "kaz-crossings.csv", "mimeType": "text/csv", "buffer": data}
    )
    page.get_by_role("button", name="Load the file").click()

    [load_id] = held
    expect(page).to_have_url(re.compile(rf"/en/borders/loads/{load_id}/$"))
    status = page.get_by_role("status")
    expect(status).to_have_text("Waiting for its turn in the task queue…")
    assert not _serious(page, script)
    CrossingLoad.objects.filter(pk=load_id).update(
        status=LoadStatus.CHECKING, step="ingest.check", done=1, total=2
    )
    expect(status).to_have_text("Checking the rows: 1 of 2.")  # htmx polls every second
    expect(page.locator("#load-progress")).to_have_attribute("value", "50")

    CrossingLoad.objects.filter(pk=load_id).update(status=LoadStatus.QUEUED)  # taken up now
    load = jobs.load_run(load_id)
    assert load is not None
    assert load.status == LoadStatus.DONE, load.error
    expect(page.get_by_role("heading", name="Data-quality report")).to_be_visible()
    expect(page.locator("#load-state")).to_have_text("done")
    expect(page.get_by_role("heading", name="Results for Kazakhstan")).to_be_visible()
    charts = page.locator("figure.chart")
    expect(charts).to_have_count(4)
    expect(charts.nth(0).locator("svg .stack rect").first).to_be_visible()
    expect(charts.nth(0)).to_contain_text("Stays by movement type and month")
    expect(charts.nth(0).locator(".chart-legend")).to_contain_text("circular")
    expect(charts.nth(1)).to_contain_text("Overstays by nationality")
    expect(charts.nth(2)).to_contain_text("Crossings by border crossing point")
    expect(charts.nth(3)).to_contain_text("Border crossing points of Kazakhstan")
    expect(charts.nth(3).locator("svg.bcp-map .bcp circle").first).to_be_visible()
    expect(
        page.get_by_role("button", name="Submit indicators to the regional exchange")
    ).to_be_visible()
    assert not _serious(page, script)
    page.screenshot(path=SCREENSHOTS / "borders-en.png", full_page=True)

    page.goto(f"/ru/borders/loads/{load_id}/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Загрузка файла kaz-crossings.csv")
    expect(page.get_by_role("heading", name="Отчёт о качестве данных")).to_be_visible()
    expect(page.get_by_role("heading", name="Результаты: Казахстан")).to_be_visible()
    expect(page.locator("figure.chart")).to_have_count(4)
    expect(page.locator("figure.chart").nth(0)).to_contain_text(
        "Пребывания по видам перемещений и месяцам"
    )
    expect(page.locator("#load-state")).to_have_text("завершена")
    assert not _serious(page, script)
    page.screenshot(path=SCREENSHOTS / "borders-ru.png", full_page=True)


def test_overstays_as_of_a_date_in_russian(
    page: Page, site_url: str, settings: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings.DATA_DIR = tmp_path / "data"
    analyst = UserFactory()
    RoleAssignmentFactory(
        user=analyst,
        role=Role.objects.get(code="border_analyst"),
        state=State.objects.get(iso3="KAZ"),
    )
    services.stay_rules_sync(states=["KAZ"])
    path = tmp_path / "kaz.csv"
    path.write_bytes(_generated(tmp_path))
    services.load_files(state="KAZ", paths=[path])

    sign_in(page, email=str(analyst.email), password=PASSWORD)
    page.goto("/ru/borders/KAZ/overstays/")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Превышения срока пребывания: Казахстан"
    )
    page.get_by_role("textbox", name="На дату").fill("2024-06-30")
    page.get_by_role("combobox", name="Группировать по").select_option("permit")
    page.get_by_role("button", name="Показать").click()
    expect(page.get_by_role("heading", name="На 2024-06-30")).to_be_visible()
    expect(page.locator("#overstay-groups")).to_be_visible()
    expect(page.locator("#overstay-list tbody tr").first).to_be_visible()
    assert not _serious(page, _axe_script())
