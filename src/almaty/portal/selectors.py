"""Reads for the portal's pages, gathered from the other apps' selectors: the home page's news,
decisions, next meeting and regional figures; a State's meetings, documents and chair terms.
Each read is a bounded number of queries."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Count
from django.db.models.functions import ExtractYear

from almaty.archive import selectors as archive_selectors
from almaty.archive.choices import Access
from almaty.core.errors import AlmatyError
from almaty.decisions import selectors as decision_selectors
from almaty.meetings import selectors as meeting_selectors
from almaty.news import selectors as news_selectors
from almaty.process import computations
from almaty.process.engine.rotation import add_years
from almaty.process.presenters import TermRow, term_rows

LANGUAGES = ("en", "ru")


@dataclass(frozen=True)
class NewsCard:
    title: str
    summary: str
    url: str
    published_at: dt.datetime | None
    only_in: str  # "" when readable in the reader's language; else the one language it has


def news_cards(language: str, *, limit: int = 3) -> list[NewsCard]:
    """The latest published news; an item not written in `language` is shown in the language
    it has, marked so (never passed off as a translation)."""
    cards = []
    for item in news_selectors.latest_published(limit=limit):
        shown = language if item.title_in(language) else ""
        if not shown:
            shown = next((code for code in LANGUAGES if item.title_in(code)), language)
        cards.append(
            NewsCard(
                title=item.title_in(shown),
                summary=item.summary_in(shown),
                url=item.url_in(shown),
                published_at=item.published_at,
                only_in="" if shown == language else shown,
            )
        )
    return cards


def latest_decisions(*, limit: int = 3) -> list[Any]:
    """The latest adopted decisions of the public register."""
    return list(
        decision_selectors.register()
        .filter(is_public=True)
        .order_by("-decided_on", "-register_number")[:limit]
    )


def next_meeting(today: dt.date) -> Any:
    """The next meeting (or the one under way), or None."""
    return meeting_selectors.upcoming(today).first()


@dataclass(frozen=True)
class Figures:
    meetings_held: int
    public_documents: int
    decisions: int
    meetings_per_year: list[tuple[int, int]]  # every year from the first to the last, with 0s


def regional_figures(today: dt.date) -> Figures:
    """Counts for the home page (three queries)."""
    by_year = dict(
        meeting_selectors.past(today)
        .order_by()
        .annotate(year=ExtractYear("starts_on"))
        .values_list("year")
        .annotate(count=Count("pk"))
        .values_list("year", "count")
    )
    years = range(min(by_year), max(by_year) + 1) if by_year else range(0)
    return Figures(
        meetings_held=sum(by_year.values()),
        public_documents=archive_selectors.documents().filter(access=Access.PUBLIC).count(),
        decisions=decision_selectors.register().filter(is_public=True).count(),
        meetings_per_year=[(year, by_year.get(year, 0)) for year in years],
    )


def meetings_hosted(iso3: str) -> list[Any]:
    """Meetings the State hosted or will host, the latest first."""
    return list(
        meeting_selectors.meetings().filter(host_state__iso3=iso3).order_by("-starts_on", "-pk")
    )


def public_documents_about(iso3: str, *, limit: int = 10) -> tuple[list[Any], int]:
    """The latest public documents concerning the State (with their versions), and how many
    there are in all."""
    documents = archive_selectors.documents().filter(access=Access.PUBLIC, states__iso3=iso3)
    return list(documents[:limit]), documents.count()


def chair_terms_of(iso3: str, today: dt.date) -> list[TermRow]:
    """The State's chair terms, recorded and projected (as on the chairmanship page)."""
    try:
        terms = term_rows(
            computations.rotation(start=dt.date(1900, 1, 1), end=add_years(today, 12))
        )
    except AlmatyError:
        return []
    return [row for row in terms if row.state == iso3]
