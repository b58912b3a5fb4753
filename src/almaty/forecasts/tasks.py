"""Background work of forecasting: refreshing forecasts when published values change, and
e-mailing new early warnings to their subscribers, each in their language."""

from __future__ import annotations

import logging
from typing import Any

from huey.contrib.djhuey import db_task

logger = logging.getLogger(__name__)


@db_task(retries=1, retry_delay=60)
def refresh_forecasts(indicators: list[str] | None = None) -> dict[str, int]:
    """Forecast the series of `indicators` (all when None) whose data changed."""
    from almaty.forecasts import services

    done = services.refresh(indicators=indicators, include_external=indicators is None)
    return {
        "forecasts": len(done.forecasts),
        "unchanged": done.unchanged,
        "skipped": len(done.skipped),
        "warnings": len(done.warnings),
    }


def recipients(warning: Any) -> list[Any]:
    """Active users with a role whose subscription covers the warning's indicator, area and
    severity."""
    from almaty.forecasts import access
    from almaty.forecasts.choices import SEVERITY_RANK
    from almaty.forecasts.models import WarningSubscription

    rank = SEVERITY_RANK.get(warning.severity, 0)
    found = {}
    for subscription in WarningSubscription.objects.select_related("user").order_by("pk"):
        if subscription.indicator and subscription.indicator != warning.indicator:
            continue
        if subscription.area and subscription.area != warning.area:
            continue
        if SEVERITY_RANK.get(subscription.min_severity, 0) > rank:
            continue
        user = subscription.user
        if user.is_active and access.can_read(user):
            found[user.pk] = user
    return sorted(found.values(), key=lambda u: u.email)


@db_task(retries=3, retry_delay=60)
def notify_warning(warning_id: int) -> int:
    """E-mail a warning to its subscribers, each in their language; returns how many."""
    from django.conf import settings
    from django.core.mail import send_mail
    from django.template.loader import render_to_string
    from django.utils import timezone, translation

    from almaty.forecasts.messages import explain
    from almaty.forecasts.models import EarlyWarning

    warning = EarlyWarning.objects.filter(pk=warning_id, notified_at__isnull=True).first()
    if warning is None:
        return 0
    sent = 0
    for user in recipients(warning):
        with translation.override(user.preferred_language):
            context = {
                "warning": warning,
                "severity": warning.get_severity_display(),
                "kind": warning.get_kind_display(),
                "explanation": explain(warning.kind, warning.period, warning.params),
                "site_url": settings.SITE_URL.rstrip("/"),
                "language": user.preferred_language,
            }
            subject = render_to_string("forecasts/email/warning_subject.txt", context).strip()
            body = render_to_string("forecasts/email/warning.txt", context)
        send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [user.email])
        sent += 1
    EarlyWarning.objects.filter(pk=warning.pk).update(notified_at=timezone.now())
    return sent


# --- file forecasts (web) ---
from almaty.forecasts.file_jobs import forecast_staged  # noqa: E402

__all__ = ["forecast_staged", "notify_warning", "refresh_forecasts"]
