"""Stay rules and movement-type settings: what each State allows foreign nationals, version by
version with its source, and how its stays are classified.

Rules are law, not records: anyone holding a role in the Process may read them. The Support
Unit, and a State's border analysts and National Coordinator, may change that State's rules
(a change is a new version from a date; the old one ends the day before) and its settings."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from almaty.borders import access, selectors, services
from almaty.borders.engine.pipeline import MovementSettings
from almaty.borders.forms import MOVEMENT_FIELDS, MovementSettingsForm, StayRuleForm
from almaty.borders.models import StayRule
from almaty.borders.views.common import (
    forbidden,
    nationality_name,
    not_found,
    permit_name,
    purpose_name,
    role_required,
    state_name,
)
from almaty.core.errors import AlmatyError, NotFoundOrForbidden, PermissionDenied
from almaty.process.models import State


def _rule_states(user: Any) -> list[tuple[str, str]]:
    """The States with stay rules, and the user's own, by name."""
    codes = set(StayRule.objects.values_list("state__iso3", flat=True).distinct())
    codes |= access.load_states(user)
    return sorted(((iso3, state_name(iso3)) for iso3 in codes), key=lambda s: s[1])


def _chosen(request: HttpRequest, states: list[tuple[str, str]]) -> str:
    """The State asked for, else the user's first, else the first with rules."""
    wanted = request.GET.get("state", "").strip().upper()
    known = [iso3 for iso3, _name in states]
    if wanted in known:
        return wanted
    own = sorted(access.load_states(request.user))
    return own[0] if own else (known[0] if known else "")


def _scope(rule: StayRule) -> dict[str, str]:
    group = rule.get_nationality_group_display() if rule.nationality_group else ""
    return {
        "nationality": group
        or (nationality_name(rule.nationality) if rule.nationality else _("any nationality")),
        "permit": permit_name(rule.permit) if rule.permit else _("any permit"),
        "purpose": purpose_name(rule.purpose) if rule.purpose else _("any purpose"),
    }


def _allows(rule: StayRule) -> str:
    """What the rule allows, in words."""
    if rule.exempt:
        return _("no limit (exempt)")
    parts = []
    if rule.max_stay_days:
        parts.append(_("up to %(days)s days per entry") % {"days": rule.max_stay_days})
    if rule.rolling_limit_days and rule.rolling_window_days:
        parts.append(
            _("%(limit)s days in any %(window)s")
            % {"limit": rule.rolling_limit_days, "window": rule.rolling_window_days}
        )
    return "; ".join(parts) or _("as recorded at entry")


def _row(rule: StayRule) -> dict[str, Any]:
    return {"rule": rule, **_scope(rule), "allows": _allows(rule)}


@role_required
def rules(request: HttpRequest) -> HttpResponse:
    """A State's stay rules in force and to come, then the earlier versions."""
    states = _rule_states(request.user)
    iso3 = _chosen(request, states)
    today = timezone.localdate()
    found = list(
        selectors.rules_of(iso3).order_by(
            "nationality_group", "nationality", "permit", "purpose", "-valid_from"
        )
    )
    context = {
        "states": states,
        "iso3": iso3,
        "state_name": state_name(iso3) if iso3 else "",
        "current": [_row(r) for r in found if r.valid_to is None or r.valid_to >= today],
        "past": [_row(r) for r in found if r.valid_to is not None and r.valid_to < today],
        "can_edit": bool(iso3) and access.can_edit_rules(request.user, iso3),
        "can_read_records": iso3 in access.load_states(request.user),
    }
    return render(request, "borders/rules.html", context)


def _rule_form(data: Any = None, initial: dict[str, Any] | None = None) -> StayRuleForm:
    return StayRuleForm(data, initial=initial)


def _initial(rule: StayRule) -> dict[str, Any]:
    return {
        "nationality": rule.nationality,
        "nationality_group": rule.nationality_group,
        "permit": rule.permit,
        "purpose": rule.purpose,
        "max_stay_days": rule.max_stay_days,
        "rolling_limit_days": rule.rolling_limit_days,
        "rolling_window_days": rule.rolling_window_days,
        "exempt": rule.exempt,
        "valid_from": max(timezone.localdate(), rule.valid_from + dt.timedelta(days=1)),
        "source": rule.source,
    }


def _editor_gate(request: HttpRequest, iso3: str) -> HttpResponse | None:
    """None when the user may change the State's rules and settings; else the page why not."""
    try:
        access.require_rule_editor(request.user, iso3)
    except PermissionDenied as exc:
        return forbidden(request, exc)
    return None


def _rules_url(iso3: str) -> str:
    return f"{reverse('borders:rules')}?state={iso3}"


@role_required
def rule_edit(request: HttpRequest, rule_id: int) -> HttpResponse:
    """A new version of a rule, from a date: the rule as it stands, to change."""
    rule = selectors.rule_by_id(rule_id)
    if rule is None:
        return not_found(request, NotFoundOrForbidden(_("No stay rule %(id)s."), id=rule_id))
    iso3 = rule.state.iso3
    refused = _editor_gate(request, iso3)
    if refused is not None:
        return refused
    form = _rule_form(request.POST if request.method == "POST" else None, _initial(rule))
    if request.method == "POST" and form.is_valid():
        try:
            services.stay_rule_replace(
                user=request.user,
                rule=rule,
                valid_from=form.cleaned_data["valid_from"],
                **form.fields_for_service(),
            )
        except AlmatyError as exc:
            form.add_error(None, exc.text)
        else:
            messages.success(
                request,
                _("The new version of the rule applies to entries from %(date)s.")
                % {"date": form.cleaned_data["valid_from"].isoformat()},
            )
            return redirect(_rules_url(iso3))
    context = {"form": form, "rule": _row(rule), "iso3": iso3, "state_name": state_name(iso3)}
    status = 400 if request.method == "POST" else 200
    return render(request, "borders/rule_form.html", context, status=status)


@role_required
def rule_new(request: HttpRequest) -> HttpResponse:
    """A new rule for a State (e.g. for a nationality its rules did not name)."""
    iso3 = (request.POST.get("state") or request.GET.get("state") or "").strip().upper()
    if not State.objects.filter(iso3=iso3).exists():
        return not_found(
            request, NotFoundOrForbidden(_("Unknown State code '%(code)s'."), code=iso3)
        )
    refused = _editor_gate(request, iso3)
    if refused is not None:
        return refused
    form = _rule_form(
        request.POST if request.method == "POST" else None,
        {"valid_from": timezone.localdate()},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.stay_rule_create(
                user=request.user,
                state=iso3,
                valid_from=form.cleaned_data["valid_from"],
                **form.fields_for_service(),
            )
        except AlmatyError as exc:
            form.add_error(None, exc.text)
        else:
            messages.success(request, _("The stay rule was added."))
            return redirect(_rules_url(iso3))
    context = {"form": form, "rule": None, "iso3": iso3, "state_name": state_name(iso3)}
    status = 400 if request.method == "POST" else 200
    return render(request, "borders/rule_form.html", context, status=status)


def _settings_of(iso3: str) -> dict[str, int]:
    return selectors.movement_settings(iso3).to_dict()


@role_required
def movement(request: HttpRequest, iso3: str) -> HttpResponse:
    """How the State's stays are classified into movement types; a form for those who may
    change it (the next load or derivation applies it)."""
    iso3 = iso3.upper()
    if not State.objects.filter(iso3=iso3).exists():
        return not_found(
            request, NotFoundOrForbidden(_("Unknown State code '%(code)s'."), code=iso3)
        )
    posted = request.method == "POST"
    refused = _editor_gate(request, iso3) if posted else None
    if refused is not None:
        return refused
    can_edit = posted or access.can_edit_rules(request.user, iso3)
    current = _settings_of(iso3)
    form = MovementSettingsForm(request.POST if posted else None, initial=current)
    if posted and form.is_valid():
        try:
            services.movement_settings_update(
                user=request.user, state=iso3, settings=dict(form.cleaned_data)
            )
        except AlmatyError as exc:
            form.add_error(None, exc.text)
        else:
            messages.success(
                request,
                _(
                    "The movement-type settings of %(state)s are saved; the next load applies them to all its stays."
                )
                % {"state": state_name(iso3)},
            )
            return redirect("borders:movement", iso3=iso3)
    if not can_edit:
        for field in form.fields.values():
            field.disabled = True
    defaults = MovementSettings().to_dict()
    context = {
        "form": form,
        "iso3": iso3,
        "state_name": state_name(iso3),
        "can_edit": can_edit,
        "defaults": [
            (label, defaults[name]) for name, label, _help in MOVEMENT_FIELDS if name in defaults
        ],
    }
    return render(request, "borders/movement.html", context, status=400 if posted else 200)
