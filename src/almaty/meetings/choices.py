from django.db import models
from django.utils.translation import gettext_lazy as _


class MeetingKind(models.TextChoices):
    MINISTERIAL = "ministerial", _("Ministerial conference")
    SOM = "som", _("Senior Officials' Meeting")
    NATIONAL_CONSULTATION = "national_consultation", _("National consultation")
    COORDINATORS = "coordinators", _("Meeting of National Coordinators")
    TECHNICAL_GROUP = "technical_group", _("Technical group meeting")
    TRAINING = "training", _("Regional training")
    FORUM = "forum", _("Regional forum")
    SIMULATION = "simulation", _("Simulation exercise")
    CONFERENCE = "conference", _("Conference")
