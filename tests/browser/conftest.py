"""Browser fixtures: one Debian Chromium for this package, a fresh context and page per test.

The site runs on pytest-django's `live_server` in another thread of this process. It reads the
test database through its own connection (SQLite in memory: a shared one), so the tests use
`transactional_db`, and every row a test needs must be written before the page asks for it.
"""

from __future__ import annotations

import os
from collections.abc import Generator, Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, sync_playwright
from playwright.sync_api import Error as PlaywrightError
from pytest_django.live_server_helper import LiveServer

from almaty.process.services import reference_load

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",  # tests run as root in containers, where the sandbox cannot start
    "--disable-gpu",
    # Without these Chromium keeps calling Google services this machine cannot reach.
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
TIMEOUT_MS = 10_000  # a local page that takes longer than this is a failure, not slowness
FAILURE_SHOT = pytest.StashKey[tuple[Page, Path]]()


@pytest.fixture(scope="package")
def browser() -> Iterator[Browser]:
    """Debian's Chromium, never a browser downloaded by `playwright install`.

    One browser for all the tests of this package. Not session-scoped: Playwright's sync API
    keeps an asyncio loop running in the main thread for as long as it is started, and every
    test collected after this package would run inside that loop (`asyncio.run` and asgiref's
    `async_to_sync` then fail there).
    """
    if not os.access(CHROMIUM, os.X_OK):
        reason = f"Chromium is not installed at {CHROMIUM}: apt-get install chromium"
        if os.environ.get("CI"):
            pytest.fail(reason)
        pytest.skip(reason)
    with pytest.MonkeyPatch.context() as patch, sync_playwright() as playwright:
        # While Playwright's loop runs in this thread, Django refuses ORM calls from the test
        # body (SynchronousOnlyOperation) although nothing here is async. Allowed only as long
        # as the loop lives, so the rest of the suite keeps Django's check.
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        # launch() gives each run a fresh temporary profile (user-data directory).
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def site_url(transactional_db: None, live_server: LiveServer) -> str:
    """The live site's address, with the Almaty Process reference data loaded."""
    reference_load()
    return live_server.url


@pytest.fixture
def page(
    browser: Browser, site_url: str, tmp_path: Path, request: pytest.FixtureRequest
) -> Iterator[Page]:
    """A page in a new browser context (own cookies and storage) pointed at the live site."""
    context = browser.new_context(base_url=site_url, locale="en-GB")
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    request.node.stash[FAILURE_SHOT] = (page, tmp_path / "failure.png")
    yield page
    context.close()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(
    item: pytest.Item, call: pytest.CallInfo[None]
) -> Generator[None, pytest.TestReport, pytest.TestReport]:
    """When a browser test fails, keep a screenshot of what the page showed at that moment."""
    report = yield
    if report.when == "call" and report.failed and FAILURE_SHOT in item.stash:
        page, path = item.stash[FAILURE_SHOT]
        try:
            page.screenshot(path=path, full_page=True)
        except PlaywrightError as exc:
            report.sections.append(("screenshot", f"could not be taken: {exc}"))
        else:
            report.sections.append(("screenshot", f"{path} (at {page.url})"))
    return report
