"""Early warnings: the list (by indicator, from a severity up), each explained in the reader's
language, and the reader's own subscriptions to warnings by e-mail."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from almaty.core import countries
from almaty.core.errors import AlmatyError
from almaty.core.languages import current_language
from almaty.forecasts import messages as texts
from almaty.forecasts import selectors, services
from almaty.forecasts.choices import Severity
from almaty.forecasts.forms import SubscriptionForm
from almaty.forecasts.series import FORECAST_FREQUENCIES, TOTAL
from almaty.forecasts.views.common import area_name, forecasts_role_required, indicator_names
from almaty.process import selectors as process_selectors
from almaty.stats.engine import external

LIST_PAGE = 50


def _indicator_choices(names: dict[str, str]) -> list[tuple[str, str]]:
    """The indicators warnings can be about: monthly or quarterly ones that add up, and the
    external series."""
    from almaty.stats.services import catalogue

    codes = [
        code
        for code, item in catalogue().items()
        if item.periodicity in FORECAST_FREQUENCIES and item.additive
    ] + list(external.SERIES)
    return sorted(((c, f"{c}: {names.get(c, c)}") for c in codes), key=lambda x: x[1])


def _area_choices(user: Any) -> list[tuple[str, str]]:
    """The total, then the States of the Process and any other area forecast, by name."""
    areas = {row.state.iso3 for row in process_selectors.participating_states()}
    areas.update(f.area for f in selectors.latest_forecasts(user=user))
    areas.discard(TOTAL)
    named = sorted(
        ((a, countries.short_name(a, current_language())) for a in areas),
        key=lambda item: countries.collation_key(item[1]),
    )
    total = _("Total: the region, or all nationalities")
    return [(TOTAL, total), *((a, f"{name} ({a})") for a, name in named)]


def _subscription_form(request: HttpRequest, names: dict[str, str], data: Any = None) -> Any:
    return SubscriptionForm(
        data,
        indicators=_indicator_choices(names),
        areas=_area_choices(request.user),
        prefix="subscribe",
    )


def _render(
    request: HttpRequest, form: SubscriptionForm, names: dict[str, str], status: int = 200
) -> HttpResponse:
    indicator = request.GET.get("indicator", "").strip().upper()
    severity = request.GET.get("severity", "").strip().lower()
    if severity not in Severity.values:
        severity = ""
    found = selectors.warnings(
        user=request.user, indicator=indicator or None, min_severity=severity or None
    )
    page = Paginator(found, LIST_PAGE).get_page(request.GET.get("page"))
    kept = request.GET.copy()
    kept.pop("page", None)
    context = {
        "page": page,
        "rows": [
            {
                "warning": w,
                "indicator": names.get(w.indicator, w.indicator),
                "area": area_name(w.indicator, w.area),
                "explanation": texts.explain(
                    w.kind, w.period, w.params if isinstance(w.params, dict) else {}
                ),
            }
            for w in page
        ],
        "indicators": _indicator_choices(names),
        "severities": Severity.choices,
        "wanted": {"indicator": indicator, "severity": severity},
        "kept": kept.urlencode(),
        "form": form,
        "subscriptions": [
            {
                "subscription": s,
                "indicator": names.get(s.indicator, s.indicator) if s.indicator else "",
                "area": area_name(s.indicator, s.area) if s.area else "",
            }
            for s in selectors.subscriptions(user=request.user)
        ],
    }
    return render(request, "forecasts/warnings.html", context, status=status)


@forecasts_role_required
def warnings(request: HttpRequest) -> HttpResponse:
    """The early warnings, newest first, filtered; the reader's subscriptions and a form to
    add one."""
    names = indicator_names()
    return _render(request, _subscription_form(request, names), names)


@require_POST
@forecasts_role_required
def subscribe(request: HttpRequest) -> HttpResponse:
    """Subscribe to the warnings of an indicator and area (either may be all), from a
    severity up; a refusal is shown on the form."""
    names = indicator_names()
    form = _subscription_form(request, names, request.POST)
    if form.is_valid():
        try:
            services.subscribe(
                user=request.user,
                indicator=form.cleaned_data["indicator"],
                area=form.cleaned_data["area"],
                min_severity=form.cleaned_data["min_severity"],
            )
        except AlmatyError as exc:
            form.add_error(None, exc.text)
        else:
            messages.success(request, _("You will be e-mailed these warnings."))
            return redirect("forecasts:warnings")
    return _render(request, form, names, status=400)


@require_POST
@forecasts_role_required
def unsubscribe(request: HttpRequest, subscription_id: int) -> HttpResponse:
    try:
        services.unsubscribe(user=request.user, subscription_id=subscription_id)
    except AlmatyError as exc:
        messages.error(request, exc.text)
    else:
        messages.success(request, _("You will no longer be e-mailed these warnings."))
    return redirect("forecasts:warnings")
