"""Mirror checks for members: where two States' figures of the same flows disagree.

Only published data takes part (what both States have shared), and only holders of an active
role see the table; the computation is the engine's (`almaty.stats.engine.mirror`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

import polars as pl
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from almaty.accounts import access as accounts_access
from almaty.core.errors import AlmatyError, InvalidInput, NotFoundOrForbidden, PermissionDenied
from almaty.core.views import error_page
from almaty.stats.engine import mirror as engine
from almaty.stats.engine.periods import format_period, parse_period
from almaty.stats.models import Indicator, Observation, ObservationSlice

PAGE_ROWS = 500


@dataclass(frozen=True)
class MirrorCheck:
    indicator: Indicator
    mirror: Indicator
    period: str
    threshold: float
    table: pl.DataFrame

    @property
    def summary(self) -> dict[str, int]:
        return engine.summary(self.table)


def require_member(user: Any) -> None:
    if not accounts_access.active_assignments(user=user):
        raise PermissionDenied(_("Mirror checks are for holders of a role in the Process."))


def bilateral_indicators() -> list[Indicator]:
    return list(Indicator.objects.exclude(bilateral="").order_by("code"))


def _period_bounds(period: str) -> tuple[date, date] | None:
    """The first day of the period and the first day after it."""
    if not period:
        return None
    parsed = parse_period(period)
    if parsed is None:
        raise InvalidInput(
            _("'%(value)s' is not a period: write 2024, 2024-Q1 or 2024-03."), value=period
        )
    start, freq = parsed
    months = {"A": 12, "Q": 3, "M": 1}[freq]
    month = start.month - 1 + months
    return start, date(start.year + month // 12, month % 12 + 1, 1)


def _threshold(value: float | None) -> float:
    if value is None:
        return engine.DEFAULT_THRESHOLD
    if not 0 <= value < 10:
        raise InvalidInput(_("The threshold is a share between 0 and 10 (0.1 = 10 %)."))
    return float(value)


def _frame(codes: list[str], bounds: tuple[date, date] | None) -> pl.DataFrame:
    from almaty.stats.selectors import _frame as read_frame

    holders = ObservationSlice.objects.filter(indicator__in=codes).values("submission_id")
    queryset = Observation.objects.filter(
        indicator__in=codes,
        submission_id__in=holders,
        superseded=False,
        submission__published_at__isnull=False,
        sex__in=engine.TOTAL_CODES,
        age__in=engine.TOTAL_CODES,
        purpose__in=engine.TOTAL_CODES,
        value__isnull=False,
    ).exclude(counterpart__startswith="_")
    if bounds is not None:
        queryset = queryset.filter(period_start__gte=bounds[0], period_start__lt=bounds[1])
    return read_frame(queryset)


def mirror_check(
    *, user: Any, indicator: str, period: str = "", threshold: float | None = None
) -> MirrorCheck:
    """The mirror table of a bilateral indicator over published data, for a member."""
    require_member(user)
    item = Indicator.objects.filter(code=indicator.strip().upper()).first()
    if item is None:
        raise NotFoundOrForbidden(_("No indicator %(code)s."), code=indicator)
    if not item.bilateral:
        raise InvalidInput(
            _("%(code)s has no mirror indicator: mirror checks are for %(codes)s."),
            code=item.code,
            codes=", ".join(i.code for i in bilateral_indicators()),
        )
    mirror = Indicator.objects.get(code=item.bilateral)
    limit = _threshold(threshold)
    frame = _frame([item.code, mirror.code], _period_bounds(period.strip()))
    table = engine.mirror_table(frame, indicator=item.code, mirror=mirror.code, threshold=limit)
    return MirrorCheck(item, mirror, period.strip(), limit, table)


def rows(check: MirrorCheck, limit: int | None = None) -> list[dict[str, Any]]:
    """The table's rows as dicts with the period written as SDMX writes it."""
    table = check.table if limit is None else check.table.head(limit)
    return [
        {
            **row,
            "time_period": format_period(row["period_start"], row["freq"]),
            "percent": None if row["relative"] is None else row["relative"] * 100,
        }
        for row in table.iter_rows(named=True)
    ]


@login_required
def mirror_page(request: HttpRequest) -> HttpResponse:
    """The mirror table (members): choose an indicator, a period and a threshold."""
    indicators = bilateral_indicators()
    wanted = request.GET.get("indicator") or (indicators[0].code if indicators else "")
    period = request.GET.get("period", "")
    raw = request.GET.get("threshold", "").strip()
    context: dict[str, Any] = {
        "indicators": indicators,
        "wanted": wanted,
        "period": period,
        "threshold_percent": raw,
        "error": "",
    }
    try:
        require_member(request.user)
        try:
            percent = float(raw) if raw else None
        except ValueError:
            raise InvalidInput(_("The threshold is a percentage, e.g. 10.")) from None
        check = mirror_check(
            user=request.user,
            indicator=wanted,
            period=period,
            threshold=None if percent is None else percent / 100,
        )
    except PermissionDenied as exc:
        return error_page(request, 403, str(_("Not allowed")), exc.text)
    except AlmatyError as exc:
        context["error"] = exc.text
        return render(request, "stats/mirror.html", context, status=400)
    russian = (get_language() or "en").startswith("ru")
    context.update(
        check=check,
        name=check.indicator.name_ru if russian else check.indicator.name_en,
        mirror_name=check.mirror.name_ru if russian else check.mirror.name_en,
        rows=rows(check, PAGE_ROWS),
        summary=check.summary,
        shown=min(PAGE_ROWS, check.table.height),
        threshold_percent=raw or f"{check.threshold * 100:g}",
    )
    return render(request, "stats/mirror.html", context)
