"""Stay rules as data: the shipped defaults (`stay_rules.yaml`), the checks every rule passes,
and the rows the engine applies (`rules_for_engine`).

The engine knows nothing of groups or of the database: a rule naming a group becomes one row
per member nationality, all carrying the rule's id, and dates become epoch days with an
exclusive end. The engine picks the most specific matching row (nationality, then permit, then
purpose), so an exemption by permit or purpose alone (local border traffic, residence permits)
is also given to each nationality that has a rule of its own: otherwise a nationality's rule
would outrank the exemption.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import yaml
from django.utils.translation import gettext_lazy as _

from almaty.borders.choices import NationalityGroup, Permit, Purpose
from almaty.borders.engine.schema import country_codes, day_of
from almaty.core.errors import InvalidInput

DEFAULTS_PATH = Path(__file__).resolve().parent / "stay_rules.yaml"
OWN = "OWN"  # in the YAML: the recording State's own citizens
# What a rule says beyond its State and dates (the fields a new version may change).
RULE_FIELDS = (
    "nationality",
    "nationality_group",
    "permit",
    "purpose",
    "max_stay_days",
    "rolling_limit_days",
    "rolling_window_days",
    "exempt",
    "source",
)
NUMBER_FIELDS = ("max_stay_days", "rolling_limit_days", "rolling_window_days")
LONGEST = 36_600  # days: a century is more than any rule gives


@dataclass(frozen=True)
class DefaultRule:
    """One rule of the YAML for one State (groups kept, lists expanded, OWN resolved)."""

    state: str
    valid_from: dt.date
    fields: dict[str, Any]

    @property
    def key(self) -> tuple[str, str, str, str, str, dt.date]:
        """What identifies a default among the State's rules, whatever was changed since."""
        f = self.fields
        return (
            self.state,
            f["nationality"],
            f["nationality_group"],
            f["permit"],
            f["purpose"],
            self.valid_from,
        )


@cache
def _document(path: Path = DEFAULTS_PATH) -> dict[str, Any]:
    loaded: dict[str, Any] = yaml.safe_load(path.read_text(encoding="utf-8"))
    return loaded


def groups() -> dict[str, tuple[str, ...]]:
    """The nationality groups and their members (ISO3), from the defaults file."""
    return {
        str(code): tuple(str(member) for member in members)
        for code, members in (_document().get("groups") or {}).items()
    }


def _entry_fields(entry: dict[str, Any], state: str) -> list[dict[str, Any]]:
    nationality = str(entry.get("nationality") or "")
    codes = [str(c) for c in entry.get("nationalities") or []] or [nationality]
    made = []
    for code in codes:
        fields: dict[str, Any] = {
            "nationality": state if code == OWN else code,
            "nationality_group": str(entry.get("group") or ""),
            "permit": str(entry.get("permit") or ""),
            "purpose": str(entry.get("purpose") or ""),
            "max_stay_days": entry.get("max_stay_days"),
            "rolling_limit_days": entry.get("rolling_limit_days"),
            "rolling_window_days": entry.get("rolling_window_days"),
            "exempt": bool(entry.get("exempt", False)),
            "source": " ".join(str(entry.get("source") or "").split()),
        }
        made.append(clean_fields(fields))
    return made


def default_rules(path: Path = DEFAULTS_PATH) -> list[DefaultRule]:
    """Every default rule of every State in the file, checked."""
    document = _document(path)
    start = document.get("valid_from") or dt.date(2015, 1, 1)
    found = []
    for state, entries in (document.get("states") or {}).items():
        for entry in [*(document.get("common") or []), *(entries or [])]:
            valid_from = entry.get("valid_from") or start
            for fields in _entry_fields(entry, str(state)):
                found.append(DefaultRule(state=str(state), valid_from=valid_from, fields=fields))
    return found


# --- checks ----------------------------------------------------------------------------------


def _label(name: str) -> str:
    from almaty.borders.models import StayRule

    return str(getattr(StayRule._meta.get_field(name), "verbose_name", name))


def _number(name: str, value: Any) -> int | None:
    if value in (None, ""):
        return None
    try:
        number = int(value)
    except (TypeError, ValueError):
        number = 0
    if str(number) != str(value).strip() or not 1 <= number <= LONGEST:
        raise InvalidInput(
            _("“%(field)s” must be a whole number of days from 1 to %(most)s, not '%(value)s'."),
            field=_label(name),
            most=LONGEST,
            value=value,
        )
    return number


def clean_fields(fields: dict[str, Any]) -> dict[str, Any]:
    """The rule's fields checked and normalised (codes upper-case, blanks as ""), or
    InvalidInput saying what is wrong."""
    unknown = sorted(set(fields) - set(RULE_FIELDS))
    if unknown:
        raise InvalidInput(_("A stay rule has no field %(field)s."), field=unknown[0])
    clean: dict[str, Any] = {}
    for name in ("nationality", "nationality_group", "permit", "purpose"):
        clean[name] = str(fields.get(name) or "").strip().upper()
    for name in NUMBER_FIELDS:
        clean[name] = _number(name, fields.get(name))
    clean["exempt"] = bool(fields.get("exempt", False))
    clean["source"] = str(fields.get("source") or "").strip()
    nationality, group = clean["nationality"], clean["nationality_group"]
    if nationality and group:
        raise InvalidInput(_("A stay rule names one nationality or one group, not both."))
    if nationality and nationality not in country_codes():
        raise InvalidInput(
            _("'%(value)s' is not a nationality: use an ISO 3166 alpha-3 code such as KGZ."),
            value=nationality,
        )
    choices = {
        "nationality_group": NationalityGroup.values,
        "permit": Permit.values,
        "purpose": Purpose.values,
    }
    for name, allowed in choices.items():
        if clean[name] and clean[name] not in allowed:
            raise InvalidInput(
                _("Unknown %(field)s '%(value)s': use one of %(allowed)s."),
                field=_label(name),
                value=clean[name],
                allowed=", ".join(allowed),
            )
    limit, window = clean["rolling_limit_days"], clean["rolling_window_days"]
    if (limit is None) != (window is None):
        raise InvalidInput(
            _("A rolling limit needs both the days allowed and the window they are counted in.")
        )
    if limit is not None and window is not None and limit > window:
        raise InvalidInput(
            _("The days allowed (%(limit)s) cannot exceed the window (%(window)s)."),
            limit=limit,
            window=window,
        )
    if clean["exempt"] and (clean["max_stay_days"] is not None or limit is not None):
        raise InvalidInput(_("A rule without limit cannot also set a limit."))
    if not clean["source"]:
        raise InvalidInput(_("Name the source of the rule: the law, agreement or decision."))
    return clean


# --- the engine's rows -----------------------------------------------------------------------


def engine_rows(rules: Iterable[Any], members: dict[str, tuple[str, ...]]) -> list[dict[str, Any]]:
    """Rows for engine.pipeline.derive from StayRule-like objects (groups expanded by
    `members`; exemptions by permit or purpose given to each nationality with rules)."""
    rules = list(rules)

    def nationalities(rule: Any) -> list[str | None]:
        if rule.nationality:
            return [rule.nationality]
        if rule.nationality_group:
            return list(members.get(rule.nationality_group, ()))
        return [None]

    explicit = {
        (code, rule.permit, rule.purpose) for rule in rules for code in nationalities(rule) if code
    }
    named = sorted({code for code, _permit, _purpose in explicit})
    rows = []
    for rule in rules:
        codes = nationalities(rule)
        if codes == [None] and rule.exempt and (rule.permit or rule.purpose):
            codes += [c for c in named if (c, rule.permit, rule.purpose) not in explicit]
        for code in codes:
            rows.append(
                {
                    "rule_id": int(rule.pk),
                    "recording_state": rule.state.iso3,
                    "nationality": code,
                    "permit": rule.permit or None,
                    "purpose": rule.purpose or None,
                    "valid_from_day": day_of(rule.valid_from),
                    "valid_to_day": None if rule.valid_to is None else day_of(rule.valid_to) + 1,
                    "max_stay_days": rule.max_stay_days,
                    "rolling_limit_days": rule.rolling_limit_days,
                    "rolling_window_days": rule.rolling_window_days,
                    "exempt": bool(rule.exempt),
                }
            )
    return rows


def rules_for_engine(iso3: str) -> list[dict[str, Any]]:
    """The stay rules of the recording State `iso3`, every version, as the engine's rows."""
    from almaty.borders.models import StayRule

    found = StayRule.objects.filter(state__iso3=iso3.upper()).select_related("state")
    return engine_rows(found.order_by("pk"), groups())
