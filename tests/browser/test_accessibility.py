"""Accessibility of the main public pages in both languages, checked by axe-core in Chromium
(WCAG 2.1 A and AA rules): no serious or critical violation. Home page screenshots of each
language are kept as test artefacts in build/screenshots/ (or $ALMATY_ARTIFACTS)."""

from __future__ import annotations

import datetime as dt
import json
import os
from pathlib import Path

import pytest
from playwright.sync_api import Page

from almaty.archive.choices import Access, DocumentKind, TranslationStatus
from almaty.archive.models import Document, DocumentVersion
from almaty.meetings.models import Meeting
from almaty.stats.external_loading import load_external_sources
from tests.factories.news import NewsItemFactory

pytestmark = pytest.mark.browser

AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
ARTIFACTS = Path(os.environ.get("ALMATY_ARTIFACTS", Path(__file__).resolve().parents[2] / "build"))
RULES = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
BLOCKING = {"serious", "critical"}


def _axe_script() -> str:
    if not AXE.exists():
        reason = f"axe-core is not installed at {AXE}: make node"
        if os.environ.get("CI"):
            pytest.fail(reason)
        pytest.skip(reason)
    return AXE.read_text(encoding="utf-8")


def _public_document() -> Document:
    document = Document.objects.create(
        kind=DocumentKind.REPORT, issued_on=dt.date(2019, 6, 1), access=Access.PUBLIC
    )
    for language, title in (
        ("en", "Labour migration report"),
        ("ru", "Доклад о трудовой миграции"),
    ):
        DocumentVersion.objects.create(
            document=document,
            language=language,
            title=title,
            text="Labour migration and refugee protection. Трудовая миграция.",
            status=TranslationStatus.ORIGINAL,
        )
    return document


def _violations(page: Page, script: str) -> list[dict]:
    page.add_script_tag(content=script)
    result = page.evaluate(
        "async (tags) => await axe.run(document, {runOnly: {type: 'tag', values: tags}})", RULES
    )
    return result["violations"]


@pytest.mark.parametrize("language", ["en", "ru"])
def test_main_pages_have_no_serious_accessibility_violations(page: Page, language: str) -> None:
    script = _axe_script()
    document = _public_document()
    news = NewsItemFactory()
    load_external_sources()
    meeting = Meeting.objects.order_by("-starts_on").first()
    assert meeting is not None, "the reference data holds meetings"
    paths = [
        "",
        "states/",
        "chair/",
        "meetings/",
        f"meetings/{meeting.pk}/",
        "documents/",
        "documents/?q=migration",
        f"documents/{document.pk}/",
        "decisions/",
        "news/",
        f"news/{news.slug}/",
        "about/",
        "contact/",
        "partners/",
        "statistics/",
        "states/KGZ/",
        "statistics/dashboards/",
        "statistics/dashboards/REFUGEES/",
        "statistics/dashboards/states/KGZ/",
    ]
    found: dict[str, list[str]] = {}
    for path in paths:
        response = page.goto(f"/{language}/{path}")
        assert response is not None, path
        assert response.status == 200, path
        for violation in _violations(page, script):
            if violation["impact"] in BLOCKING:
                targets = [", ".join(node["target"]) for node in violation["nodes"][:5]]
                found.setdefault(path or "home", []).append(
                    f"{violation['id']} ({violation['impact']}): {violation['help']} at {targets}"
                )
    assert not found, json.dumps(found, ensure_ascii=False, indent=2)


@pytest.mark.parametrize("language", ["en", "ru"])
def test_home_page_screenshots_are_kept(page: Page, language: str) -> None:
    shots = ARTIFACTS / "screenshots"
    shots.mkdir(parents=True, exist_ok=True)
    for width, name in ((1280, "desktop"), (390, "phone")):
        page.set_viewport_size({"width": width, "height": 900})
        page.goto(f"/{language}/")
        path = shots / f"home-{language}-{name}.png"
        page.screenshot(path=path, full_page=True)
        assert path.stat().st_size > 10_000
