from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BordersConfig(AppConfig):
    name = "almaty.borders"
    verbose_name = _("Border movements")
    label = "borders"

    def ready(self) -> None:
        # Registers the sign-in hook that decides the menu link once per session.
        from almaty.borders import nav  # noqa: F401
