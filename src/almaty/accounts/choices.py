from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class RoleCode(models.TextChoices):
    """The roles of the Almaty Process. Their labels, scope and rules are data (Role rows)."""

    SUPPORT_UNIT = "support_unit", _("Support Unit staff")
    CHAIR = "chair", pgettext_lazy("role", "Chair")
    DEPUTY_CHAIR = "deputy_chair", pgettext_lazy("role", "Deputy Chair")
    NATIONAL_COORDINATOR = "national_coordinator", _("National Coordinator")
    TECHNICAL_OFFICER = "technical_officer", _("Technical group officer")
    STATISTICIAN = "statistician", _("Statistician")
    BORDER_ANALYST = "border_analyst", _("Border analyst")
    PROTECTION_OFFICER = "protection_officer", _("Protection officer")
    OBSERVER_DELEGATE = "observer_delegate", _("Observer delegate")
