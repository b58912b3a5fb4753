"""A meeting on paper: the bilingual agenda and the delegates' badges (WeasyPrint).

WeasyPrint is imported only inside the functions that make a PDF: the rest of the platform runs
without its system libraries (Pango). The HTML the PDFs are made from is built by functions of
its own, so that it can be tested without them.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from dataclasses import dataclass
from typing import Any

from django.template.loader import render_to_string
from django.utils import translation
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from almaty.core.errors import InvalidInput
from almaty.meetings import selectors
from almaty.meetings.choices import DelegateStatus, ItemKind
from almaty.meetings.models import AgendaItem, Delegate, Meeting

LANGUAGES = ("en", "ru")
BADGES_PER_PAGE = 8  # 2 across, 4 down on A4
# Slots that frame the day rather than carry its substance: printed lighter.
LIGHT_KINDS = frozenset(
    {
        ItemKind.BREAK,
        ItemKind.MEAL,
        ItemKind.CEREMONY,
        ItemKind.REGISTRATION,
        ItemKind.PHOTO,
        ItemKind.RECEPTION,
    }
)


def page_footer_css(languages: tuple[str, ...] = LANGUAGES) -> SafeString:
    """The value of a CSS `content` property saying "Page X of Y" in each of `languages`.

    The numbers are CSS counters, so the sentence is cut around them; quotes and backslashes
    of the translated text are escaped for CSS, and "<" too, since it sits inside <style>.
    """
    parts = []
    for language in languages:
        with translation.override(language):
            sentence = gettext("Page %(page)s of %(pages)s")
        sentence = sentence.replace("\\", "\\\\").replace('"', '\\"').replace("<", "\\3c ")
        counters = {"page": '" counter(page) "', "pages": '" counter(pages) "'}
        part = f'"{sentence % counters}"'
        if part not in parts:  # a language without its catalogue would repeat the English
            parts.append(part)
    # Every quote in the text was escaped above: the result is a CSS value, not markup.
    return mark_safe(' "  ·  " '.join(parts))  # noqa: S308


def write_pdf(html: str) -> bytes:
    from weasyprint import HTML

    return bytes(HTML(string=html).write_pdf())


# --- The agenda ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class AgendaRow:
    item: AgendaItem
    is_part: bool  # a talk inside a session: printed indented under it
    is_light: bool

    @property
    def times(self) -> str:
        start, end = self.item.starts_at, self.item.ends_at
        if start and end:
            return f"{start:%H:%M}–{end:%H:%M}"
        return f"{start:%H:%M}" if start else ""


@dataclass(frozen=True)
class AgendaDay:
    day: dt.date
    rows: list[AgendaRow]


def _agenda_days(meeting: Meeting) -> list[AgendaDay]:
    """The days that have items, each item followed by its parts (a session's talks)."""
    days = []
    for day in selectors.agenda(meeting):
        rows = []
        for item in day.items:
            rows.append(AgendaRow(item=item, is_part=False, is_light=item.kind in LIGHT_KINDS))
            rows.extend(
                AgendaRow(item=child, is_part=True, is_light=child.kind in LIGHT_KINDS)
                for child in item.children.all()
            )
        if rows:
            days.append(AgendaDay(day=day.day, rows=rows))
    return days


def _zone_label(meeting: Meeting) -> str:
    """The venue's zone with its offset from UTC on the first day, e.g. Asia/Almaty, UTC+05:00."""
    try:
        zone = zoneinfo.ZoneInfo(meeting.time_zone)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return meeting.time_zone
    noon = dt.datetime.combine(meeting.starts_on, dt.time(12), tzinfo=zone)
    offset = noon.strftime("%z")
    return f"{meeting.time_zone}, UTC{offset[:3]}:{offset[3:]}"


def agenda_html(meeting: Meeting) -> str:
    """The agenda as printable HTML: English and Russian side by side, venue times."""
    context: dict[str, Any] = {
        "meeting": meeting,
        "days": _agenda_days(meeting),
        "zone": _zone_label(meeting),
        "footer": page_footer_css(),
    }
    return render_to_string("meetings/pdf/agenda.html", context)


def agenda_pdf(meeting: Meeting) -> bytes:
    """The bilingual agenda of a meeting, A4, numbered pages."""
    return write_pdf(agenda_html(meeting))


# --- Badges -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Badge:
    delegate: Delegate
    party_en: str
    party_ru: str


def _party(delegate: Delegate, language: str) -> str:
    with translation.override(language):
        if delegate.state is not None:
            return delegate.state.short_name
        assert delegate.organisation is not None  # a delegate is of a State or an organisation
        return str(delegate.organisation.acronym)


def badges_html(meeting: Meeting) -> str:
    """The badges of the meeting's approved delegates, eight to an A4 page."""
    delegates = list(
        Delegate.objects.filter(meeting=meeting, status=DelegateStatus.APPROVED).select_related(
            "state", "organisation"
        )
    )
    if not delegates:
        raise InvalidInput(
            _("%(meeting)s has no approved delegate yet: there is no badge to print."),
            meeting=meeting.title,
        )
    badges = [
        Badge(delegate=d, party_en=_party(d, "en"), party_ru=_party(d, "ru")) for d in delegates
    ]
    pages: list[list[Badge | None]] = []
    for start in range(0, len(badges), BADGES_PER_PAGE):
        page: list[Badge | None] = list(badges[start : start + BADGES_PER_PAGE])
        page += [None] * (BADGES_PER_PAGE - len(page))
        pages.append(page)
    rows = [[page[i : i + 2] for i in range(0, BADGES_PER_PAGE, 2)] for page in pages]
    return render_to_string("meetings/pdf/badges.html", {"meeting": meeting, "pages": rows})


def badges_pdf(meeting: Meeting) -> bytes:
    """Badges for the approved delegates of a meeting; InvalidInput when there is none."""
    return write_pdf(badges_html(meeting))
