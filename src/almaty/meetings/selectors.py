"""Reads about meetings: lists, the agenda by day, delegation counts and the materials still to
circulate. Delegates themselves are read through `almaty.meetings.access`."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.db.models import Count, F, Prefetch, QuerySet
from django.utils.functional import Promise
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from almaty.core import countries
from almaty.core.errors import NotFoundOrForbidden
from almaty.meetings.choices import DelegateStatus, Gender
from almaty.meetings.models import AgendaItem, Delegate, Material, Meeting, Speaker

if TYPE_CHECKING:
    from almaty.archive.models import Document

# Delegates who count towards a delegation: not those declined or withdrawn.
COUNTED_STATUSES = (DelegateStatus.REGISTERED, DelegateStatus.APPROVED)

# Untimed items come after the timed ones of their day on every database (SQLite would put
# NULLs first, PostgreSQL last).
ITEM_ORDER = ("day", F("starts_at").asc(nulls_last=True), "position", "pk")

# Why a document is not ready to circulate, by (language, problem). Whole sentences, so that
# Russian can agree "version" with its adjective.
_PARITY_PROBLEMS: dict[tuple[str, str], Promise] = {
    ("en", "missing"): _("The English version is missing."),
    ("en", "draft"): _("The English version is a draft."),
    ("en", "machine_draft"): _("The English version is a machine draft."),
    ("en", "reviewed"): _("The English version is reviewed but not final."),
    ("ru", "missing"): _("The Russian version is missing."),
    ("ru", "draft"): _("The Russian version is a draft."),
    ("ru", "machine_draft"): _("The Russian version is a machine draft."),
    ("ru", "reviewed"): _("The Russian version is reviewed but not final."),
}


def meetings(*, until: dt.date | None = None) -> QuerySet[Meeting]:
    """Meetings in date order (those starting on or before `until`, if given), with their host."""
    queryset = Meeting.objects.select_related("host_state").order_by("starts_on", "pk")
    return queryset.filter(starts_on__lte=until) if until else queryset


def meeting_by_id(meeting_id: int) -> Meeting:
    meeting = (
        Meeting.objects.select_related("host_state", "chair_state", "cloned_from")
        .filter(pk=meeting_id)
        .first()
    )
    if meeting is None:
        raise NotFoundOrForbidden(_("No meeting %(id)s."), id=meeting_id)
    return meeting


def upcoming(today: dt.date) -> QuerySet[Meeting]:
    """Meetings that have not ended by `today` (including those under way), soonest first."""
    return meetings().filter(ends_on__gte=today)


def past(today: dt.date) -> QuerySet[Meeting]:
    """Meetings that ended before `today`, latest first."""
    return (
        Meeting.objects.select_related("host_state")
        .filter(ends_on__lt=today)
        .order_by("-starts_on", "-pk")
    )


# The agenda


@dataclass(frozen=True)
class AgendaDay:
    day: dt.date
    items: list[AgendaItem]  # top-level items; each has .children and .speakers prefetched


def _speakers() -> Prefetch[Any]:
    return Prefetch(
        "speakers",
        queryset=Speaker.objects.select_related(
            "person", "person__organisation", "person__state"
        ).order_by("role", "position", "pk"),
    )


def agenda(meeting: Meeting) -> list[AgendaDay]:
    """Every day of the meeting with its top-level items in order; each item's parts
    (`children`) and speakers (with person, organisation and State) are prefetched. Four queries
    whatever the size of the agenda."""
    children = AgendaItem.objects.order_by(*ITEM_ORDER).prefetch_related(_speakers())
    items = (
        AgendaItem.objects.filter(meeting=meeting, parent__isnull=True)
        .order_by(*ITEM_ORDER)
        .prefetch_related(Prefetch("children", queryset=children), _speakers())
    )
    by_day: dict[dt.date, list[AgendaItem]] = {day: [] for day in meeting.days}
    for item in items:
        by_day.setdefault(item.day, []).append(item)
    return [AgendaDay(day=day, items=by_day[day]) for day in sorted(by_day)]


# Delegations


@dataclass
class DelegationRow:
    """One party (a State or an organisation) of a meeting, counted by gender."""

    label: str
    code: str  # ISO3 of a State or the code of an organisation; "" for the totals row
    female: int = 0
    male: int = 0
    undisclosed: int = 0

    @property
    def total(self) -> int:
        return self.female + self.male + self.undisclosed


@dataclass
class DelegationCounts:
    rows: list[DelegationRow] = field(default_factory=list)
    totals: DelegationRow = field(default_factory=lambda: DelegationRow(label="", code=""))


def delegation_counts(meeting: Meeting) -> DelegationCounts:
    """Registered and approved delegates (not declined or withdrawn) per party and gender, with
    totals; no names. States first in the reader's alphabetical order, then organisations. One
    query."""
    language = (get_language() or "en").split("-")[0]
    acronym = "organisation__acronym_ru" if language == "ru" else "organisation__acronym_en"
    grouped = (
        Delegate.objects.filter(meeting=meeting, status__in=COUNTED_STATUSES)
        .values("state__iso3", "organisation__code", acronym, "gender")
        .annotate(count=Count("pk"))
        .order_by()
    )
    parties: dict[tuple[int, str], DelegationRow] = {}
    totals = DelegationRow(label=str(_("Total")), code="")
    for group in grouped:
        iso3 = group["state__iso3"]
        if iso3:
            key = (0, iso3)
            label = countries.short_name(iso3, language)
        else:
            key = (1, group["organisation__code"])
            label = group[acronym] or group["organisation__code"]
        row = parties.setdefault(key, DelegationRow(label=label, code=key[1]))
        gender = group["gender"] if group["gender"] in Gender.values else Gender.UNDISCLOSED
        setattr(row, gender, getattr(row, gender) + group["count"])
        setattr(totals, gender, getattr(totals, gender) + group["count"])
    rows = sorted(
        parties.items(), key=lambda pair: (pair[0][0], countries.collation_key(pair[1].label))
    )
    return DelegationCounts(rows=[row for _key, row in rows], totals=totals)


# Materials


def parity_problems(document: Document) -> list[Promise]:
    """Why the document cannot be circulated yet: its English and Russian versions must both be
    final (or the original). Empty when it can. Uses prefetched versions if there are any."""
    from almaty.archive.models import FINAL_STATUSES, PARITY_LANGUAGES

    statuses = {version.language: version.status for version in document.versions.all()}
    problems = []
    for language in PARITY_LANGUAGES:
        status = statuses.get(language)
        if status in FINAL_STATUSES:
            continue
        problems.append(_PARITY_PROBLEMS[(language, status or "missing")])
    return problems


@dataclass(frozen=True)
class MaterialRow:
    material: Material
    is_late: bool  # its due date has passed and it is not circulated
    problems: list[Promise]  # what keeps it from being circulated (language parity)

    @property
    def has_parity(self) -> bool:
        return not self.problems


def materials_dashboard(today: dt.date) -> list[MaterialRow]:
    """Materials not yet circulated for meetings that have not ended, by due date, each with
    whether it is late and what its language versions still lack. Two queries."""
    materials = (
        Material.objects.filter(circulated_at__isnull=True, meeting__ends_on__gte=today)
        .select_related("meeting", "document")
        .prefetch_related("document__versions")
        .order_by("due_on", "meeting__starts_on", "meeting_id", "position", "pk")
    )
    return [
        MaterialRow(
            material=material,
            is_late=material.due_on < today,
            problems=parity_problems(material.document),
        )
        for material in materials
    ]
