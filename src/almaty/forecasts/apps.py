from typing import Any

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def _refresh_when_published(
    sender: Any, indicators: list[str] | None = None, **kwargs: Any
) -> None:
    """New published values: forecast their series again in the task queue (unless
    FORECASTS_AUTO_REFRESH is off, as in tests, where forecasting is asked for explicitly)."""
    from django.conf import settings

    if not getattr(settings, "FORECASTS_AUTO_REFRESH", True):
        return
    from almaty.forecasts.tasks import refresh_forecasts

    refresh_forecasts(indicators)


class ForecastsConfig(AppConfig):
    name = "almaty.forecasts"
    verbose_name = _("Forecasts and early warnings")
    label = "forecasts"

    def ready(self) -> None:
        from almaty.stats.signals import published_values_changed

        published_values_changed.connect(
            _refresh_when_published, dispatch_uid="forecasts.refresh_when_published"
        )
