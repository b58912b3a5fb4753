"""The optional sections of a reference data file: the Operating Modalities versions, chair
terms, passes, topics, people and meetings (with their agendas). Checked completely before the
loader writes anything.

The checks shared by the planners of the apps (`almaty.meetings.reference`,
`almaty.archive.reference`) live here; those planners are imported when a plan is made, after
this module is complete.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from itertools import pairwise
from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _

from almaty.core.errors import InvalidInput
from almaty.meetings.choices import MeetingKind
from almaty.meetings.models import Meeting
from almaty.process.choices import AmendingBody, OrderKey, ParticipationStatus, TermKind
from almaty.process.models import ChairPass, ChairTerm, ModalitiesVersion, State
from almaty.process.reference_loader import LANGS, _bilingual, _date, _upsert

Step = Callable[[], str]
# Keys and codes the file gives its records (people, topics): what a URL or a slug can hold.
KEY = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")

RULE_FIELDS = {
    "term_years": int,
    "ministerial_every_years": int,
    "som_every_years": int,
    "national_consultation_every_years": int,
    "support_unit_review_years": int,
    "deputy_chairs": int,
    "technical_group_size": int,
    "has_voluntary_fee": bool,
}


def _records(data: dict[str, Any], section: str) -> list[dict[str, Any]]:
    records = data.get(section) or []
    if not isinstance(records, list):
        raise InvalidInput(
            _("The reference file's '%(section)s' section is not a list."), section=section
        )
    for i, record in enumerate(records, start=1):
        if not isinstance(record, dict):
            raise InvalidInput(_("%(where)s: not a record with fields."), where=f"{section}[{i}]")
    return records


def _state(code: Any, state_codes: set[str], where: str) -> str:
    iso3 = str(code or "").upper()
    if iso3 not in state_codes:
        raise InvalidInput(
            _("%(where)s: State '%(code)s' is not in the file's States."), where=where, code=code
        )
    return iso3


def _fields(record: dict[str, Any], allowed: frozenset[str], where: str) -> None:
    """Refuse a field the record cannot have: a misspelt field would be silently ignored."""
    unknown = sorted(str(name) for name in record if name not in allowed)
    if unknown:
        raise InvalidInput(_("%(where)s: unknown field '%(key)s'."), where=where, key=unknown[0])


def _mappings(value: Any, where: str) -> list[tuple[str, dict[str, Any]]]:
    """A list of records inside a record (`where` names the list), each with where it is."""
    if value is None:
        return []
    if not isinstance(value, list):
        raise InvalidInput(_("%(where)s: not a list."), where=where)
    found = []
    for i, record in enumerate(value, start=1):
        at = f"{where}[{i}]"
        if not isinstance(record, dict):
            raise InvalidInput(_("%(where)s: not a record with fields."), where=at)
        found.append((at, record))
    return found


def _key(value: Any, where: str, limit: int = 60) -> str:
    if not isinstance(value, str) or not KEY.fullmatch(value) or len(value) > limit:
        raise InvalidInput(
            _(
                "%(where)s: '%(value)s' is not a key: lowercase letters, digits and hyphens, "
                "at most %(limit)s characters."
            ),
            where=where,
            value=value,
            limit=limit,
        )
    return value


def _texts(
    record: dict[str, Any],
    key: str,
    where: str,
    model: type[models.Model],
    *,
    required: bool = True,
) -> dict[str, str]:
    """The English and Russian texts of `key` as `<key>_en`/`<key>_ru` values, checked against
    the length of the model's columns (a longer text would fail halfway through the load)."""
    values = _bilingual(record, key, where, required=required)
    if not values:
        return {f"{key}_{lang}": "" for lang in LANGS}
    if required and not all(values.values()):
        raise InvalidInput(
            _("%(where)s: '%(key)s' needs an English and a Russian text."), where=where, key=key
        )
    limit = getattr(model._meta.get_field(f"{key}_en"), "max_length", None)
    if limit is not None and any(len(text) > limit for text in values.values()):
        raise InvalidInput(
            _("%(where)s: '%(key)s' is longer than %(limit)s characters."),
            where=where,
            key=key,
            limit=limit,
        )
    return values


def _int(value: Any, where: str, key: str, minimum: int = 0) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
        raise InvalidInput(
            _("%(where)s: '%(key)s' must be a whole number of at least %(minimum)s."),
            where=where,
            key=key,
            minimum=minimum,
        )
    return value


def _step(
    model: type[models.Model],
    lookup: dict[str, Any],
    values: dict[str, Any],
    *,
    states: dict[str, str | None] | None = None,
    in_lookup: bool = False,
) -> Callable[[], str]:
    """One upsert, run later; `states` names fields that point at a State by ISO3 code (looked
    up when the step runs, after the States themselves were written)."""

    def run() -> str:
        resolved = {
            field: State.objects.get(iso3=code) if code else None
            for field, code in (states or {}).items()
        }
        if in_lookup:
            return _upsert(model, {**lookup, **resolved}, values)
        return _upsert(model, lookup, {**resolved, **values})

    return run


def plan_history(data: dict[str, Any], state_codes: set[str]) -> list[Step]:
    # Imported here: these planners build on the checks of this module.
    from almaty.archive.reference import plan_topics
    from almaty.meetings.reference import plan_people

    # The loader has checked the organisations before it plans the rest.
    org_codes = {str(org["code"]) for org in data["organisations"]}
    steps: list[Step] = []
    steps += _plan_modalities(data, state_codes)
    steps += _plan_chair(data, state_codes)
    steps += plan_topics(_records(data, "topics"))
    people_steps, person_keys = plan_people(_records(data, "people"), state_codes, org_codes)
    steps += people_steps
    steps += _plan_meetings(data, state_codes, org_codes, person_keys)
    return steps


def _unique(seen: dict[Any, str], key: str, value: Any, where: str) -> None:
    """Refuse a second record with the same natural key: it would overwrite the first one (or
    break a unique constraint halfway through the load)."""
    if value in seen:
        raise InvalidInput(
            _("%(where)s: %(key)s '%(value)s' is already used by %(other)s."),
            where=where,
            key=key,
            value=value,
            other=seen[value],
        )
    seen[value] = where


def _plan_modalities(data: dict[str, Any], state_codes: set[str]) -> list[Callable[[], str]]:
    steps: list[Callable[[], str]] = []
    numbers: dict[Any, str] = {}
    effective_days: dict[Any, str] = {}
    for i, version in enumerate(_records(data, "modalities"), start=1):
        where = f"modalities[{i}]"
        rules = version.get("rules")
        if not isinstance(rules, dict):
            raise InvalidInput(_("%(where)s: not a record with fields."), where=f"{where}.rules")
        values: dict[str, Any] = {}
        for key, kind in RULE_FIELDS.items():
            if key not in rules:
                raise InvalidInput(
                    _("%(where)s: the rule '%(key)s' is missing."), where=where, key=key
                )
            if kind is bool:
                if not isinstance(rules[key], bool):
                    raise InvalidInput(
                        _("%(where)s: the rule '%(key)s' must be true or false."),
                        where=where,
                        key=key,
                    )
                values[key] = rules[key]
            else:
                minimum = 1 if key.endswith("_years") else 0
                values[key] = _int(rules[key], where, key, minimum)
        if rules.get("order_key") not in OrderKey.values:
            raise InvalidInput(
                _("%(where)s: unknown rotation order '%(value)s'."),
                where=where,
                value=rules.get("order_key"),
            )
        if rules.get("amended_by") not in AmendingBody.values:
            raise InvalidInput(
                _("%(where)s: unknown amending body '%(value)s'."),
                where=where,
                value=rules.get("amended_by"),
            )
        statuses = rules.get("eligible_statuses") or []
        if (
            not isinstance(statuses, list)
            or not statuses
            or any(s not in ParticipationStatus.values for s in statuses)
        ):
            raise InvalidInput(
                _("%(where)s: 'eligible_statuses' must list participation statuses."), where=where
            )
        listed_order = rules.get("listed_order") or []
        if not isinstance(listed_order, list):
            raise InvalidInput(
                _("%(where)s: 'listed_order' must be a list of ISO 3166 alpha-3 codes."),
                where=where,
            )
        listed = [_state(code, state_codes, where) for code in listed_order]
        number = _int(version.get("number"), where, "number", 1)
        effective_on = _date(version.get("effective_on"), where)
        _unique(numbers, "number", number, where)
        _unique(effective_days, "effective_on", effective_on.isoformat(), where)
        values.update(
            effective_on=effective_on,
            reference=str(version.get("reference") or ""),
            order_key=rules["order_key"],
            listed_order=listed,
            eligible_statuses=list(statuses),
            amended_by=rules["amended_by"],
            **_bilingual(version, "title", where),
            **_bilingual(version, "text", where),
        )
        adopted = _bilingual(version, "adopted_by", where, required=False)
        values.update(
            {key.replace("adopted_by", "adopted_by_ref"): text for key, text in adopted.items()}
        )
        steps.append(_step(ModalitiesVersion, {"number": number}, values))
    return steps


def _plan_chair(data: dict[str, Any], state_codes: set[str]) -> list[Callable[[], str]]:
    steps: list[Callable[[], str]] = []
    periods: list[tuple[dt.date, dt.date | None, str]] = []
    term_values: dict[dt.date, dict[str, Any]] = {}
    for i, term in enumerate(_records(data, "chair_terms"), start=1):
        where = f"chair_terms[{i}]"
        iso3 = _state(term.get("state"), state_codes, where)
        starts_on = _date(term.get("from"), where)
        ends_on = _date(term["to"], where) if term.get("to") else None
        if ends_on is not None and ends_on <= starts_on:
            raise InvalidInput(_("%(where)s: the period ends before it starts."), where=where)
        kind = term.get("kind", TermKind.REGULAR)
        if kind not in TermKind.values:
            raise InvalidInput(
                _("%(where)s: unknown kind of term '%(value)s'."), where=where, value=kind
            )
        periods.append((starts_on, ends_on, where))
        values = {
            "kind": kind,
            "ends_on": ends_on,
            "dates_approximate": bool(term.get("approximate", False)),
            **(
                _bilingual(term, "representative", where, required=False)
                or {"representative_en": "", "representative_ru": ""}
            ),
            **(_bilingual(term, "note", where, required=False) or {"note_en": "", "note_ru": ""}),
        }
        term_values[starts_on] = values
        steps.append(_step(ChairTerm, {"starts_on": starts_on}, values, states={"state": iso3}))
    periods = _with_recorded_terms(periods, term_values)
    periods.sort(key=lambda p: p[0])
    for (_start_a, end_a, where_a), (start_b, _end_b, where_b) in pairwise(periods):
        if end_a is None or end_a > start_b:
            raise InvalidInput(_("%(where)s overlaps %(other)s."), where=where_b, other=where_a)
    turns: dict[Any, str] = {}
    for i, chair_pass in enumerate(_records(data, "chair_passes"), start=1):
        where = f"chair_passes[{i}]"
        iso3 = _state(chair_pass.get("state"), state_codes, where)
        turn = _date(chair_pass.get("turn_starts_on"), where)
        _unique(turns, "state, turn_starts_on", f"{iso3}, {turn.isoformat()}", where)
        values = {
            "declared_on": _date(chair_pass["declared_on"], where)
            if chair_pass.get("declared_on")
            else None,
            **(
                _bilingual(chair_pass, "note", where, required=False)
                or {"note_en": "", "note_ru": ""}
            ),
        }
        steps.append(
            _step(
                ChairPass, {"turn_starts_on": turn}, values, states={"state": iso3}, in_lookup=True
            )
        )
    return steps


def _with_recorded_terms(
    periods: list[tuple[dt.date, dt.date | None, str]],
    term_values: dict[dt.date, dict[str, Any]],
) -> list[tuple[dt.date, dt.date | None, str]]:
    """Reconcile the file's terms with those recorded on this instance since it was written.

    A term the file leaves open keeps the end a recorded hand-over gave it (reloading the file
    must not reopen it), and no term of the file may overlap a recorded term the file lacks.
    """
    recorded = {term.starts_on: term for term in ChairTerm.objects.select_related("state")}
    reconciled = []
    for starts_on, ends_on, where in periods:
        kept = recorded.get(starts_on)
        if ends_on is None and kept is not None and kept.ends_on is not None:
            ends_on = kept.ends_on
            if starts_on in term_values:
                term_values[starts_on]["ends_on"] = ends_on
        reconciled.append((starts_on, ends_on, where))
    in_file = {starts_on for starts_on, _end, _where in periods}
    for starts_on, ends_on, where in reconciled:
        for other in recorded.values():
            if other.starts_on in in_file:
                continue
            # [a, b) and [c, d) overlap when a < d and c < b (an open end is infinite).
            if starts_on < (other.ends_on or dt.date.max) and other.starts_on < (
                ends_on or dt.date.max
            ):
                raise InvalidInput(
                    _("%(where)s overlaps the recorded term of %(state)s from %(start)s."),
                    where=where,
                    state=other.state.iso3,
                    start=other.starts_on.isoformat(),
                )
    return reconciled


# The last five are planned by `almaty.meetings.reference`.
MEETING_FIELDS = frozenset(
    [
        "key",
        "kind",
        "number",
        "from",
        "to",
        "host",
        "title",
        "theme",
        "city",
        "venue",
        "outcome",
        "reviewed_support_unit_mandate",
        "time_zone",
        "chair",
        "organisers",
        "funders",
        "agenda",
    ]
)


def _plan_meetings(
    data: dict[str, Any], state_codes: set[str], org_codes: set[str], person_keys: set[str]
) -> list[Step]:
    from almaty.meetings.reference import meeting_step, plan_meeting_extras

    steps: list[Step] = []
    keys: dict[Any, str] = {}
    for i, meeting in enumerate(_records(data, "meetings"), start=1):
        where = f"meetings[{i}]"
        _fields(meeting, MEETING_FIELDS, where)
        key = str(meeting.get("key") or "")
        if not key:
            raise InvalidInput(_("%(where)s: a meeting needs a key."), where=where)
        _unique(keys, "key", key, where)
        kind = meeting.get("kind")
        if kind not in MeetingKind.values:
            raise InvalidInput(
                _("%(where)s: unknown kind of meeting '%(value)s'."), where=where, value=kind
            )
        starts_on = _date(meeting.get("from"), where)
        ends_on = _date(meeting["to"], where) if meeting.get("to") else starts_on
        if ends_on < starts_on:
            raise InvalidInput(_("%(where)s: the period ends before it starts."), where=where)
        host = _state(meeting["host"], state_codes, where) if meeting.get("host") else None
        empty = {"en": "", "ru": ""}
        values: dict[str, Any] = {
            "kind": kind,
            "number": _int(meeting["number"], where, "number", 1)
            if meeting.get("number") is not None
            else None,
            "starts_on": starts_on,
            "ends_on": ends_on,
            "reviewed_support_unit_mandate": bool(
                meeting.get("reviewed_support_unit_mandate", False)
            ),
            **_bilingual(meeting, "title", where),
        }
        for field in ("theme", "city", "venue", "outcome"):
            values.update(
                _bilingual(meeting, field, where, required=False)
                or {f"{field}_{lang}": empty[lang] for lang in ("en", "ru")}
            )
        extras = plan_meeting_extras(
            meeting,
            where,
            days=(starts_on, ends_on),
            state_codes=state_codes,
            org_codes=org_codes,
            person_keys=person_keys,
        )
        upsert = _step(
            Meeting,
            {"reference_key": key},
            {**values, **extras.values},
            states={"host_state": host, **extras.states},
        )
        steps.append(meeting_step(upsert, key, extras))
    return steps
