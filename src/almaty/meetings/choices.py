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


class ItemKind(models.TextChoices):
    """What a slot of the agenda is; sessions carry substance, the rest frame the day."""

    SESSION = "session", _("Session")
    TALK = "talk", _("Presentation")
    DISCUSSION = "discussion", _("Discussion")
    OPENING = "opening", _("Opening")
    CLOSING = "closing", _("Closing")
    CEREMONY = "ceremony", _("Ceremony")
    REGISTRATION = "registration", _("Registration")
    BREAK = "break", _("Coffee break")
    MEAL = "meal", _("Meal")
    PHOTO = "photo", _("Group photo")
    RECEPTION = "reception", _("Reception")


class SpeakerRole(models.TextChoices):
    PRESENTER = "presenter", _("Presenter")
    MODERATOR = "moderator", _("Moderator")
    SPEAKER = "speaker", _("Speaker")


class Gender(models.TextChoices):
    FEMALE = "female", _("Female")
    MALE = "male", _("Male")
    UNDISCLOSED = "undisclosed", _("Not stated")


class DelegateStatus(models.TextChoices):
    REGISTERED = "registered", _("Registered")
    APPROVED = "approved", _("Approved")
    DECLINED = "declined", _("Declined")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class OutcomeKind(models.TextChoices):
    CONCLUDING_REMARKS = "concluding_remarks", _("Concluding remarks")
    COMMUNIQUE = "communique", _("Communiqué")
    DECLARATION = "declaration", _("Declaration")
    WORKPLAN_REVIEW = "workplan_review", _("Review of last year's work plan")
    WORKPLAN_NEXT = "workplan_next", _("Next year's work plan")
    OTHER = "other", _("Other outcome")
