from django.db import models
from django.utils.translation import gettext_lazy as _


class ParticipationStatus(models.TextChoices):
    MEMBER = "member", _("Member State")
    OBSERVER = "observer", _("Observer")
    GUEST = "guest", _("Guest")
    INTERNATIONAL_ORGANISATION = "international_organisation", _("International organisation")
    CIVIL_SOCIETY = "civil_society", _("Civil society invitee")


class OrganisationKind(models.TextChoices):
    INTERNATIONAL = "international", _("International organisation")
    REGIONAL = "regional", _("Regional organisation")
    DONOR = "donor", _("Donor")
    RCP = "rcp", _("Regional consultative process")
    CIVIL_SOCIETY = "civil_society", _("Civil society organisation")
