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


class TermKind(models.TextChoices):
    REGULAR = "regular", _("regular")
    EXTENDED = "extended", _("extended")
    INTERIM = "interim", _("interim")


class OrderKey(models.TextChoices):
    """How the chair rotates among eligible States."""

    NAME_EN = "name_en", _("English alphabetical order of the States' short names")
    ISO3 = "iso3", _("order of the ISO 3166 alpha-3 codes")
    LISTED = "listed", _("an order listed in the rules")


class AmendingBody(models.TextChoices):
    MINISTERIAL = "ministerial", _("a Ministerial meeting")
    SOM = "som", _("a Senior Officials' Meeting")


class ObligationCode(models.TextChoices):
    MINISTERIAL = "ministerial", _("Ministerial review and planning conference")
    SOM = "som", _("Senior Officials' Meeting")
    SUPPORT_UNIT_REVIEW = "support_unit_review", _("Review of the Support Unit's mandate")
    COORDINATOR = "coordinator", _("A designated National Coordinator")
    NATIONAL_CONSULTATION = "national_consultation", _("National consultation")
    FEE = "fee", _("Voluntary fee")


class ObligationStatus(models.TextChoices):
    MET = "met", _("met")
    DUE = "due", _("due")
    OVERDUE = "overdue", _("overdue")


class TermBasis(models.TextChoices):
    RECORDED = "recorded", _("recorded")
    PROJECTED = "projected", _("projected")
