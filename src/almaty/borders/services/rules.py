"""Stay rules and movement-type settings: versioned, never edited in place
(`stay_rule_replace` ends a rule the day before its new version starts), audited, and applied
to the State's stored records again in the task queue once the change commits."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from almaty.borders import access, rules, selectors
from almaty.borders.engine.pipeline import MovementSettings
from almaty.borders.models import MovementSettingsRecord, StayRule
from almaty.borders.services.loads import state_of
from almaty.core.audit import audit_record
from almaty.core.errors import InvalidInput
from almaty.core.models import AuditAction
from almaty.process.models import State

logger = logging.getLogger(__name__)


def _rederive_later(iso3: str) -> None:
    """Derive the State's outputs again once the change commits, if it has records."""

    def queue() -> None:
        from almaty.borders.tasks import rederive

        try:
            rederive(iso3)
        except Exception:
            logger.exception("Deriving the outputs of %s again could not be queued", iso3)

    if selectors.has_records(iso3):
        transaction.on_commit(queue)


def _rule_params(rule: StayRule, **more: Any) -> dict[str, Any]:
    return {
        "id": rule.pk,
        "state": rule.state.iso3,
        "scope": rule.scope,
        "valid_from": rule.valid_from.isoformat(),
        **more,
    }


def _check_dates(valid_from: dt.date, valid_to: dt.date | None) -> None:
    if valid_to is not None and valid_to < valid_from:
        raise InvalidInput(
            _("A rule cannot end (%(valid_to)s) before it starts (%(valid_from)s)."),
            valid_to=valid_to.isoformat(),
            valid_from=valid_from.isoformat(),
        )


@transaction.atomic
def stay_rule_create(
    *,
    user: Any,
    state: str,
    valid_from: dt.date,
    valid_to: dt.date | None = None,
    **fields: Any,
) -> StayRule:
    """A new stay rule of the State, for entries from `valid_from` (Support Unit, or the
    State's border analysts and National Coordinator)."""
    access.require_rule_editor(user, state)
    found = state_of(state)
    _check_dates(valid_from, valid_to)
    rule = StayRule.objects.create(
        state=found,
        valid_from=valid_from,
        valid_to=valid_to,
        created_by=user,
        **rules.clean_fields(fields),
    )
    audit_record(
        actor=user,
        action=AuditAction.CREATE,
        obj=rule,
        message_key="borders.rule_created",
        params=_rule_params(rule),
    )
    _rederive_later(found.iso3)
    return rule


def _locked_rule(rule: StayRule) -> StayRule:
    return StayRule.objects.select_for_update(of=("self",)).select_related("state").get(pk=rule.pk)


@transaction.atomic
def stay_rule_replace(*, user: Any, rule: StayRule, valid_from: dt.date, **fields: Any) -> StayRule:
    """A new version of a rule for entries from `valid_from`: the rule ends the day before,
    the new one takes its fields with `fields` changed (and the end date it had, if any)."""
    access.require_rule_editor(user, rule.state.iso3)
    rule = _locked_rule(rule)
    newer = StayRule.objects.filter(replaces=rule).first()
    if newer is not None:
        raise InvalidInput(
            _("Rule %(id)s was already replaced by rule %(new_id)s: change that one."),
            id=rule.pk,
            new_id=newer.pk,
        )
    if valid_from <= rule.valid_from:
        raise InvalidInput(
            _("The new version must start after the rule it replaces (%(valid_from)s)."),
            valid_from=rule.valid_from.isoformat(),
        )
    if rule.valid_to is not None and valid_from > rule.valid_to + dt.timedelta(days=1):
        raise InvalidInput(
            _("Rule %(id)s ended on %(valid_to)s: make a new rule instead."),
            id=rule.pk,
            valid_to=rule.valid_to.isoformat(),
        )
    values = {name: getattr(rule, name) for name in rules.RULE_FIELDS}
    values.update(fields)
    clean = rules.clean_fields(values)
    new = StayRule.objects.create(
        state=rule.state,
        valid_from=valid_from,
        valid_to=rule.valid_to,
        replaces=rule,
        created_by=user,
        **clean,
    )
    rule.valid_to = valid_from - dt.timedelta(days=1)
    rule.save(update_fields=["valid_to"])
    audit_record(
        actor=user,
        action=AuditAction.UPDATE,
        obj=rule,
        message_key="borders.rule_replaced",
        params=_rule_params(rule, valid_from=valid_from.isoformat(), new_id=new.pk),
    )
    _rederive_later(rule.state.iso3)
    return new


@transaction.atomic
def stay_rule_end(*, user: Any, rule: StayRule, valid_to: dt.date) -> StayRule:
    """End a rule without a new version: it applies to entries until `valid_to`."""
    access.require_rule_editor(user, rule.state.iso3)
    rule = _locked_rule(rule)
    _check_dates(rule.valid_from, valid_to)
    if rule.valid_to is not None and valid_to > rule.valid_to:
        raise InvalidInput(
            _(
                "Rule %(id)s already ends on %(valid_to)s; it cannot be lengthened: make a new rule."
            ),
            id=rule.pk,
            valid_to=rule.valid_to.isoformat(),
        )
    rule.valid_to = valid_to
    rule.save(update_fields=["valid_to"])
    audit_record(
        actor=user,
        action=AuditAction.UPDATE,
        obj=rule,
        message_key="borders.rule_ended",
        params=_rule_params(rule, valid_to=valid_to.isoformat()),
    )
    _rederive_later(rule.state.iso3)
    return rule


@transaction.atomic
def stay_rules_sync(*, states: Iterable[str] | None = None) -> int:
    """Load the default stay rules (stay_rules.yaml) of the States present; a default loaded
    before, even if replaced or ended since, is left alone. Returns how many were created."""
    wanted = {s.upper() for s in states} if states is not None else None
    present = {s.iso3: s for s in State.objects.all()}
    created = 0
    for default in rules.default_rules():
        state = present.get(default.state)
        if state is None or (wanted is not None and default.state not in wanted):
            continue
        fields = default.fields
        exists = StayRule.objects.filter(
            state=state,
            nationality=fields["nationality"],
            nationality_group=fields["nationality_group"],
            permit=fields["permit"],
            purpose=fields["purpose"],
            valid_from=default.valid_from,
        ).exists()
        if not exists:
            StayRule.objects.create(state=state, valid_from=default.valid_from, **fields)
            created += 1
    if created:
        audit_record(
            actor=None,
            action=AuditAction.LOAD,
            object_type="borders.stayrule",
            message_key="borders.rules_loaded",
            params={"created": created},
        )
    return created


# --- movement-type settings ------------------------------------------------------------------


@transaction.atomic
def movement_settings_update(
    *, user: Any, state: str, settings: dict[str, Any]
) -> MovementSettingsRecord:
    """Change the State's movement-type thresholds (whole days); the others keep their values."""
    access.require_rule_editor(user, state)
    found = state_of(state)
    current = selectors.movement_settings(found.iso3).to_dict()
    unknown = sorted(set(settings) - set(current))
    if unknown:
        raise InvalidInput(_("There is no movement setting %(name)s."), name=unknown[0])
    values = dict(current)
    for name, value in settings.items():
        try:
            values[name] = int(str(value).strip())
        except ValueError:
            raise InvalidInput(
                _("%(name)s must be a whole number of days, not '%(value)s'."),
                name=name,
                value=value,
            ) from None
    chosen = MovementSettings.from_dict(values)
    problems = chosen.problems()
    if problems:
        raise InvalidInput(
            _(
                "These movement settings are out of range (1 to 3650 days) or below their "
                "minimum: %(names)s."
            ),
            names=", ".join(sorted(set(problems))),
        )
    changed = sorted(name for name in values if values[name] != current[name])
    record, _created = MovementSettingsRecord.objects.update_or_create(
        state=found, defaults={"settings": chosen.to_dict(), "updated_by": user}
    )
    if changed:
        audit_record(
            actor=user,
            action=AuditAction.UPDATE,
            obj=record,
            message_key="borders.movement_changed",
            params={"state": found.iso3, "fields": ", ".join(changed)},
        )
        _rederive_later(found.iso3)
    return record
