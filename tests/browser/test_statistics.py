"""A statistician's file goes from refused to published, as Chromium shows it."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from almaty.accounts.models import Role
from almaty.process.models import State
from almaty.stats.models import Submission, SubmissionStatus
from tests.browser.conftest import TIMEOUT_MS
from tests.browser.test_accessibility import BLOCKING, _axe_script, _violations
from tests.browser.test_sign_in import PASSWORD, sign_in
from tests.factories import stats as files
from tests.factories.accounts import RoleAssignmentFactory, UserFactory

pytestmark = pytest.mark.browser
SCREENSHOTS = Path(__file__).resolve().parents[2] / "build" / "screenshots"


def _person(role: str, iso3: str) -> str:
    person = UserFactory()
    RoleAssignmentFactory(
        user=person, role=Role.objects.get(code=role), state=State.objects.get(iso3=iso3)
    )
    return str(person.email)


def _upload(page: Page, name: str, data: bytes) -> None:
    page.locator('input[name="file"]').set_input_files(
        {"name": name, "mimeType": "text/csv", "buffer": data}
    )
    page.get_by_role("button", name="Check and submit").click()


def test_a_file_is_corrected_submitted_approved_and_published(
    page: Page, browser: Browser, site_url: str
) -> None:
    statistician = _person("statistician", "KGZ")
    coordinator = _person("national_coordinator", "KGZ")
    months = ("2024-01", "2024-02", "2024-03")
    bad = files.sdmx_csv(
        [
            files.row(TIME_PERIOD="2024-01", OBS_VALUE="1200"),
            files.row(TIME_PERIOD="2024-02", REF_AREA="KAZZ", OBS_VALUE="1350"),
            files.row(TIME_PERIOD="2024-03", OBS_VALUE="1 400"),
        ]
    )
    good = files.sdmx_csv(
        [
            files.row(TIME_PERIOD=m, OBS_VALUE=v)
            for m, v in zip(months, (1200, 1350, 1400), strict=True)
        ]
    )

    sign_in(page, email=statistician, password=PASSWORD)
    page.goto("/en/statistics/submit/")
    _upload(page, "kgz-entries.csv", bad)

    expect(page.get_by_role("heading", level=1)).to_have_text("The file was not accepted")
    issues = page.locator("table tbody tr")
    expect(issues).to_have_count(2)
    expect(issues.nth(0)).to_contain_text("3")
    expect(issues.nth(0)).to_contain_text("REF_AREA")
    expect(issues.nth(0)).to_contain_text("'KAZZ' is not in the code list of REF_AREA")
    expect(issues.nth(1)).to_contain_text("OBS_VALUE")
    assert Submission.objects.count() == 0

    _upload(page, "kgz-entries-fixed.csv", good)
    expect(page.locator(".messages")).to_contain_text("awaits approval")
    submission = Submission.objects.get()
    expect(page).to_have_url(re.compile(rf"/en/statistics/submissions/{submission.pk}/$"))

    context = browser.new_context(base_url=site_url, locale="en-GB")
    context.set_default_timeout(TIMEOUT_MS)
    reviewer = context.new_page()
    sign_in(reviewer, email=coordinator, password=PASSWORD)
    reviewer.goto(f"/en/statistics/submissions/{submission.pk}/")
    reviewer.get_by_role("button", name="Approve").click()
    expect(reviewer.locator(".messages")).to_contain_text("approved and locked")
    reviewer.get_by_label("public").check()
    reviewer.get_by_role("button", name="Publish").click()
    expect(reviewer.locator(".messages")).to_contain_text("published: public")
    expect(reviewer.locator("#status")).to_have_text("published")

    values = reviewer.get_by_role("table").last
    expect(values).to_contain_text("2024-03")
    expect(values).to_contain_text("1400")
    submission.refresh_from_db()
    assert submission.status == SubmissionStatus.PUBLISHED
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    reviewer.screenshot(path=SCREENSHOTS / "statistics-en.png", full_page=True)
    reviewer.goto(f"/ru/statistics/submissions/{submission.pk}/")
    expect(reviewer.locator("#status")).to_have_text("опубликована")
    reviewer.screenshot(path=SCREENSHOTS / "statistics-ru.png", full_page=True)
    context.close()

    # Published as public: anyone sees the chart of the data on the indicator's dashboard.
    for language in ("en", "ru"):
        page.context.clear_cookies()
        page.goto(f"/{language}/statistics/dashboards/ENTRIES/")
        chart = page.locator("figure.chart").first
        expect(chart).to_be_visible()
        expect(chart.locator("svg")).to_be_visible()
        expect(page.locator("main")).to_contain_text("2024-03")
        if language == "en":
            expect(page.locator("main")).to_contain_text("1,400")
        page.screenshot(path=SCREENSHOTS / f"dashboard-{language}.png", full_page=True)


def test_the_upload_page_follows_the_queued_file_until_it_is_stored(
    page: Page, site_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from almaty.stats import import_jobs, staging

    held: list[str] = []
    monkeypatch.setattr(
        import_jobs, "import_staged", lambda token, confirm=False: held.append(token)
    )
    statistician = _person("statistician", "KGZ")
    sign_in(page, email=statistician, password=PASSWORD)
    page.goto("/en/statistics/submit/")
    _upload(page, "kgz-entries.csv", files.entries())

    status = page.get_by_role("status")
    expect(status).to_have_text("Waiting for its turn in the task queue…")
    serious = [v["id"] for v in _violations(page, _axe_script()) if v["impact"] in BLOCKING]
    assert not serious, serious
    [token] = held
    staging.update(token, state=import_jobs.STORING, done=1, total=2)
    expect(status).to_have_text("Storing the values: 1 of 2.")  # htmx polls every second
    expect(page.locator("#import-progress")).to_have_attribute("value", "50")

    assert import_jobs.run(token) == import_jobs.STORED
    expect(page.locator(".messages")).to_contain_text("awaits approval")
    submission = Submission.objects.get()
    expect(page).to_have_url(re.compile(rf"/en/statistics/submissions/{submission.pk}/$"))
