from django.db import models
from django.utils.translation import gettext_lazy as _


class ProposalKind(models.TextChoices):
    GENERAL = "general", _("General")
    WORK_PLAN = "work_plan", _("Work plan")
    OBSERVER_ADMISSION = "observer_admission", _("Admission of an observer")
    CHAIR_TERM = "chair_term", _("Chair term")
    CHAIR_PASS = "chair_pass", _("Pass of the chair")
    AMENDMENT = "amendment", _("Amendment of the Operating Modalities")


class ProposalStatus(models.TextChoices):
    DRAFT = "draft", _("draft")
    AT_MEETING = "at_meeting", _("before a meeting")
    UNDER_SILENCE = "under_silence", _("under silence procedure")
    ENDORSED = "endorsed", _("agreed by silence, awaiting a meeting that can adopt it")
    ADOPTED = "adopted", _("adopted")
    NOT_ADOPTED = "not_adopted", _("not adopted")
    BROKEN = "broken", _("silence broken: back to discussion")
    WITHDRAWN = "withdrawn", _("withdrawn")


class Stance(models.TextChoices):
    JOINS = "joins", _("joins the consensus")
    STATEMENT = "statement", _("joins with an interpretative statement")
    RESERVATION = "reservation", _("joins with a reservation")
    STANDS_ASIDE = "stands_aside", _("stands aside")
    OBJECTS = "objects", _("objects")
    OBSERVER_STATEMENT = (
        "observer_statement",
        _("makes a statement (an observer or guest: does not count)"),
    )


class BreakKind(models.TextChoices):
    OBJECTION = "objection", _("objection")
    AMENDMENT = "amendment", _("proposed amendment")
