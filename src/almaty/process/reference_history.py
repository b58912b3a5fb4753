"""The optional sections of a reference data file: the Operating Modalities versions, chair
terms, passes and meetings. Checked completely before the loader writes anything."""

from __future__ import annotations

import datetime as dt
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
from almaty.process.reference_loader import _bilingual, _date, _upsert

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


def plan_history(data: dict[str, Any], state_codes: set[str]) -> list[Callable[[], str]]:
    steps: list[Callable[[], str]] = []
    steps += _plan_modalities(data, state_codes)
    steps += _plan_chair(data, state_codes)
    steps += _plan_meetings(data, state_codes)
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


def _plan_meetings(data: dict[str, Any], state_codes: set[str]) -> list[Callable[[], str]]:
    steps: list[Callable[[], str]] = []
    keys: dict[Any, str] = {}
    for i, meeting in enumerate(_records(data, "meetings"), start=1):
        where = f"meetings[{i}]"
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
        steps.append(_step(Meeting, {"reference_key": key}, values, states={"host_state": host}))
    return steps
