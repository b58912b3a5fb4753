"""The parts of the About page computed from data: the Operating Modalities in force, read as
rules, and the history of every version with what each amendment changed."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from almaty.process import selectors as process_selectors
from almaty.process.choices import AmendingBody, OrderKey, ParticipationStatus
from almaty.process.models import ModalitiesVersion, Organisation, ProcessProfile

# The rules of a version, in the order the page lists them.
RULE_FIELDS = (
    "term_years",
    "order_key",
    "listed_order",
    "eligible_statuses",
    "ministerial_every_years",
    "som_every_years",
    "national_consultation_every_years",
    "support_unit_review_years",
    "has_voluntary_fee",
    "deputy_chairs",
    "technical_group_size",
    "amended_by",
)


@dataclass(frozen=True)
class Rule:
    field: str
    label: str
    value: str


@dataclass(frozen=True)
class Change:
    label: str
    before: str
    after: str


@dataclass(frozen=True)
class VersionRow:
    version: ModalitiesVersion
    changes: list[Change]
    is_first: bool
    is_in_force: bool
    is_future: bool


@dataclass(frozen=True)
class About:
    profile: ProcessProfile | None
    in_force: ModalitiesVersion | None
    rules: list[Rule]
    history: list[VersionRow]
    support_unit: list[Organisation]
    amending_body: str


def _value(version: ModalitiesVersion, field: str) -> str:
    value: Any = getattr(version, field)
    if field == "order_key":
        return str(OrderKey(value).label) if value in OrderKey.values else str(value)
    if field == "amended_by":
        return str(AmendingBody(value).label) if value in AmendingBody.values else str(value)
    if field == "eligible_statuses":
        return ", ".join(
            str(ParticipationStatus(v).label) if v in ParticipationStatus.values else str(v)
            for v in value
        )
    if field == "listed_order":
        return ", ".join(value) if value else "—"
    if field == "has_voluntary_fee":
        return _("yes") if value else _("no")
    if field.endswith("_years"):
        return ngettext("%(count)s year", "%(count)s years", int(value)) % {"count": value}
    return str(value)


def _label(field: str) -> str:
    return str(getattr(ModalitiesVersion._meta.get_field(field), "verbose_name", field))


def rules_of(version: ModalitiesVersion) -> list[Rule]:
    """The rules of a version as label and value in the reader's language (the listed order
    only when the rotation follows it)."""
    return [
        Rule(field, _label(field), _value(version, field))
        for field in RULE_FIELDS
        if field != "listed_order" or version.order_key == OrderKey.LISTED
    ]


def changes_between(before: ModalitiesVersion, after: ModalitiesVersion) -> list[Change]:
    return [
        Change(_label(field), _value(before, field), _value(after, field))
        for field in RULE_FIELDS
        if getattr(before, field) != getattr(after, field)
    ]


def about(*, on: dt.date | None = None) -> About:
    """Everything the About page shows from data, as in force on a day (default today)."""
    day = on or timezone.localdate()
    versions = list(process_selectors.modalities_versions())
    in_force = next((v for v in reversed(versions) if v.effective_on <= day), None)
    history = []
    for index, version in enumerate(versions):
        previous = versions[index - 1] if index else None
        history.append(
            VersionRow(
                version=version,
                changes=changes_between(previous, version) if previous else [],
                is_first=previous is None,
                is_in_force=version is in_force,
                is_future=version.effective_on > day,
            )
        )
    organisations = list(Organisation.objects.filter(Q(is_support_unit=True)).order_by("code"))
    amending = ""
    if in_force is not None and in_force.amended_by in AmendingBody.values:
        amending = str(AmendingBody(in_force.amended_by).label)
    return About(
        profile=process_selectors.process_profile(),
        in_force=in_force,
        rules=rules_of(in_force) if in_force else [],
        history=history,
        support_unit=organisations,
        amending_body=amending,
    )
