"""The archive on paper: the compilation of a meeting's materials and the joint information
sheet of a period (WeasyPrint, imported only when a PDF is made; the HTML and the sheet's
figures are built by functions of their own, testable without it).

Which documents go into a compilation is the caller's choice: pass only those the reader may see
(`almaty.archive.access.documents_visible_to`).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from babel.dates import format_date
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from almaty.archive.choices import Access, Language
from almaty.archive.models import Document, DocumentVersion, MediaItem
from almaty.core.errors import InvalidInput
from almaty.decisions import selectors as decisions_selectors
from almaty.meetings import selectors as meetings_selectors
from almaty.meetings.models import Meeting
from almaty.meetings.pdf import page_footer_css, write_pdf
from almaty.process.choices import ParticipationStatus
from almaty.process.models import Participation

SHEET_LANGUAGES = (Language.EN, Language.RU)

# --- The compilation of a meeting's materials ---------------------------------------------------


@dataclass(frozen=True)
class CompiledDocument:
    """One document of a compilation: its English and its Russian version (None when missing:
    the other language is never put in its place)."""

    anchor: str
    document: Document
    english: DocumentVersion | None
    russian: DocumentVersion | None

    @property
    def parts(self) -> list[tuple[str, DocumentVersion | None]]:
        return [("en", self.english), ("ru", self.russian)]


def compilation_html(*, meeting: Meeting, documents: Iterable[Document]) -> str:
    """The compilation as printable HTML: cover, contents with page numbers, then each document
    in English and in Russian."""
    compiled = []
    for document in documents:
        versions = {v.language: v for v in document.versions.all()}
        compiled.append(
            CompiledDocument(
                anchor=f"document-{document.pk}",
                document=document,
                english=versions.get(Language.EN),
                russian=versions.get(Language.RU),
            )
        )
    context = {"meeting": meeting, "documents": compiled, "footer": page_footer_css()}
    return render_to_string("archive/pdf/compilation.html", context)


def compilation_pdf(*, meeting: Meeting, documents: Iterable[Document]) -> bytes:
    """The Support Unit's compilation of a meeting's materials, A4, numbered pages."""
    return write_pdf(compilation_html(meeting=meeting, documents=documents))


# --- The joint information sheet ---------------------------------------------------------------

CHART_WIDTH, CHART_HEIGHT, CHART_BASE = 480, 150, 120  # SVG user units; bars stand on CHART_BASE
MONTHLY_BARS_AT_MOST = 36  # a longer period is charted by year


@dataclass(frozen=True)
class KeyFigures:
    meetings: int
    decisions: int
    documents: int
    media_items: int
    member_states: int


@dataclass(frozen=True)
class Bar:
    label: str
    sublabel: str  # the year under the first month of each year
    count: int
    x: float
    width: float
    height: float

    @property
    def top(self) -> float:
        return CHART_BASE - self.height

    @property
    def middle(self) -> float:
        return round(self.x + self.width / 2, 2)

    @property
    def count_y(self) -> float:
        return round(self.top - 3, 2)


@dataclass(frozen=True)
class BarChart:
    bars: list[Bar]
    maximum: int
    by_year: bool = False
    label_size: float = 8
    width: int = CHART_WIDTH
    height: int = CHART_HEIGHT
    base: int = CHART_BASE
    label_y: int = CHART_BASE + 11
    sublabel_y: int = CHART_BASE + 22


def _months(start: dt.date, end: dt.date) -> list[dt.date]:
    months, month = [], start.replace(day=1)
    while month <= end:
        months.append(month)
        month = (month + dt.timedelta(days=32)).replace(day=1)
    return months


def media_chart(*, items: list[MediaItem], start: dt.date, end: dt.date, language: str) -> BarChart:
    """Media items per month of the period (per year when it is longer than three years)."""
    months = _months(start, end)
    by_year = len(months) > MONTHLY_BARS_AT_MOST
    if by_year:
        keys = [dt.date(year, 1, 1) for year in range(start.year, end.year + 1)]
        counts = Counter(dt.date(item.published_on.year, 1, 1) for item in items)
    else:
        keys = months
        counts = Counter(item.published_on.replace(day=1) for item in items)
    maximum = max(counts.values(), default=0)
    slot = CHART_WIDTH / len(keys)
    bars = []
    for index, key in enumerate(keys):
        count = counts.get(key, 0)
        if by_year:
            label, sublabel = str(key.year), ""
        else:
            label = format_date(key, "LLL", locale=language).rstrip(".")
            sublabel = str(key.year) if index == 0 or key.month == 1 else ""
        bars.append(
            Bar(
                label=label,
                sublabel=sublabel,
                count=count,
                x=round(index * slot + slot * 0.15, 2),
                width=round(slot * 0.7, 2),
                height=round((CHART_BASE - 15) * count / maximum, 2) if maximum else 0,
            )
        )
    # Labels shrink with the bars so that three years of months stay legible side by side.
    return BarChart(
        bars=bars, maximum=maximum, by_year=by_year, label_size=round(min(8, slot / 2.4), 2)
    )


def information_sheet_context(*, start: dt.date, end: dt.date, language: str) -> dict[str, Any]:
    """What the information sheet of a period shows, in one language.

    A meeting belongs to the period in which it opens, so that consecutive sheets count each
    meeting once. Decisions are the public ones adopted in the period; documents are those added
    to the archive in it and no longer drafts.
    """
    if language not in SHEET_LANGUAGES:
        raise InvalidInput(
            _("An information sheet is made in English or in Russian, not in %(language)s."),
            language=language,
        )
    if end < start:
        raise InvalidInput(
            _("The period ends on %(end)s, before it starts (%(start)s)."),
            start=start.isoformat(),
            end=end.isoformat(),
        )
    media_items = list(
        MediaItem.objects.filter(published_on__range=(start, end)).order_by("published_on", "pk")
    )
    held = list(meetings_selectors.meetings().filter(starts_on__range=(start, end)))
    decisions = list(
        decisions_selectors.register().filter(decided_on__range=(start, end), is_public=True)
    )
    documents = (
        Document.objects.filter(created_at__date__range=(start, end))
        .exclude(access=Access.DRAFT)
        .count()
    )
    member_states = (
        Participation.objects.active_on(end)
        .filter(status=ParticipationStatus.MEMBER, state__isnull=False)
        .values("state")
        .distinct()
        .count()
    )
    return {
        "start": start,
        "end": end,
        "language": language,
        "media_items": [
            {"item": item, "summary": getattr(item, f"summary_{language}") or ""}
            for item in media_items
        ],
        "meetings": held,
        "decisions": decisions,
        "figures": KeyFigures(
            meetings=len(held),
            decisions=len(decisions),
            documents=documents,
            media_items=len(media_items),
            member_states=member_states,
        ),
        "chart": media_chart(items=media_items, start=start, end=end, language=language),
    }


def information_sheet_html(*, start: dt.date, end: dt.date, language: str) -> str:
    context = information_sheet_context(start=start, end=end, language=language)
    with translation.override(language):
        context["footer"] = page_footer_css((language,))
        return render_to_string("archive/pdf/information_sheet.html", context)


def information_sheet_pdf(*, start: dt.date, end: dt.date, language: str) -> bytes:
    """The joint information sheet of a period in English or in Russian, A4."""
    return write_pdf(information_sheet_html(start=start, end=end, language=language))
