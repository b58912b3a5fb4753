"""Pieces shared by the border-movement pages: the role gates, names of codes in the reader's
language (nationalities, movement types, purposes, permits), figures as the pages show them,
and the State's derived results (counts and charts from its summary.json)."""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable
from typing import Any

from django.contrib.auth.decorators import login_required
from django.db.models import TextChoices
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from almaty.accounts import access as accounts_access
from almaty.accounts.choices import RoleCode
from almaty.borders import access, charts, maps
from almaty.borders.choices import MovementType, Permit, Purpose
from almaty.core import countries
from almaty.core.errors import AlmatyError, PermissionDenied
from almaty.core.languages import current_language
from almaty.core.views import error_page
from almaty.portal.charts import format_value

logger = logging.getLogger(__name__)
STATES_ATTRIBUTE = "borders_states"  # the user's States, as border_analyst_required found them


def border_analyst_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Sign-in first; then the page is for border analysts of at least one State, and others
    see the 403 page with the reason (e.g. that their role ended). The user's States are kept
    on the request for `state_gate`."""

    @functools.wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        states = access.load_states(request.user)
        if not states:
            try:
                accounts_access.require_role(user=request.user, role=RoleCode.BORDER_ANALYST)
            except PermissionDenied as exc:
                return forbidden(request, exc)
            return forbidden(request, PermissionDenied(_("You may not see this page.")))
        setattr(request, STATES_ATTRIBUTE, states)
        return view(request, *args, **kwargs)

    return login_required(wrapped)


def role_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Sign-in first; then the page is for people holding an active role in the Process (stay
    rules are law, not records: anyone in the Process may read them)."""

    @functools.wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            access.require_rule_reader(request.user)
        except PermissionDenied as exc:
            return forbidden(request, exc)
        return view(request, *args, **kwargs)

    return login_required(wrapped)


def forbidden(request: HttpRequest, exc: AlmatyError) -> HttpResponse:
    return error_page(request, 403, _("Not allowed"), exc.text)


def not_found(request: HttpRequest, exc: AlmatyError) -> HttpResponse:
    return error_page(request, 404, _("Page not found"), exc.text)


def state_gate(request: HttpRequest, iso3: str) -> HttpResponse | None:
    """None when the user is a border analyst of the State `iso3`; else the page saying why
    not (the same for a State that does not exist)."""
    known = getattr(request, STATES_ATTRIBUTE, None)
    if known is not None and iso3.upper() in known:
        return None
    try:
        access.require_border_analyst(request.user, iso3.upper())
    except AlmatyError as exc:
        return forbidden(request, exc)
    return None


def state_name(iso3: str) -> str:
    return countries.short_name(iso3, current_language())


def nationality_name(iso3: str) -> str:
    """A nationality as readers know it: the country's short name, the code if it has none."""
    name = countries.short_name(iso3, current_language())
    return name if name == iso3 else f"{name} ({iso3})"


def _label(choices: type[TextChoices], code: Any) -> str:
    """The name of a code in the reader's language; the code itself if it is not a choice."""
    if code is None or code == "":
        return "—"
    try:
        return str(choices(str(code)).label)
    except ValueError:
        return str(code)


def movement_name(code: Any) -> str:
    return _label(MovementType, code)


def movement_names() -> dict[str, str]:
    return {code: movement_name(code) for code in MovementType.values}


def purpose_name(code: Any) -> str:
    return _label(Purpose, code)


def permit_name(code: Any) -> str:
    return _label(Permit, code)


def figure(value: Any) -> str:
    """A count as the pages show it: grouped digits; a dash when unknown."""
    if value is None or value == "":
        return "—"
    try:
        number = float(value)
    except (TypeError, ValueError):
        return str(value)
    return format_value(round(number) if number.is_integer() else round(number, 1))


# What the counts of a summary are called, in the order the pages list them.
COUNT_NAMES = (
    ("persons", gettext_lazy("Persons (by document)")),
    ("stays", gettext_lazy("Stays")),
    ("open_stays", gettext_lazy("Open stays (no exit yet)")),
    ("overstays_in_country", gettext_lazy("Overstayers still in the country")),
    ("overstays_out_of_country", gettext_lazy("Stays that ended after the authorised period")),
    ("orphan_exits", gettext_lazy("Exits without an entry")),
    ("impossible_sequences", gettext_lazy("Impossible sequences (entry after entry)")),
)


def results(summary: dict[str, Any] | None, iso3: str) -> dict[str, Any] | None:
    """What a page shows of a State's derived results: the counts, named, and the charts."""
    if not summary:
        return None
    counts = summary.get("counts") or {}
    nationalities = {
        str(row.get("nationality")): nationality_name(str(row.get("nationality")))
        for row in summary.get("overstays_by_nationality") or []
    }
    return {
        "as_of": summary.get("as_of") or "",
        "counts": [(str(name), figure(counts.get(key))) for key, name in COUNT_NAMES],
        "types": charts.stays_by_type(
            summary.get("stays_by_type_month") or [], movement_names(), MovementType.values
        ),
        "overstays": charts.overstays_by_nationality(
            summary.get("overstays_by_nationality") or [], nationalities
        ),
        "bcps": charts.crossings_by_bcp(summary.get("crossings_by_bcp") or []),
        "bcp_map": maps.bcp_map(
            summary.get("crossings_by_bcp") or [], iso3=iso3, state_name=state_name(iso3)
        ),
    }


def safe_name(text: str, fallback: str) -> str:
    """A file name part without anything a browser could misread."""
    safe = "".join(c if c.isalnum() or c in "-_" else "_" for c in text)[:80]
    return safe or fallback
