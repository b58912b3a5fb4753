from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "almaty.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self) -> None:
        # Every app's models are loaded by now; those not installed (yet) are skipped.
        from almaty.core.cache import connect_signals

        connect_signals()
