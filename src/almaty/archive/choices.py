from django.db import models
from django.utils.translation import gettext_lazy as _


class DocumentKind(models.TextChoices):
    DECLARATION = "declaration", _("Declaration")
    COMMUNIQUE = "communique", _("Communiqué")
    MODALITIES = "modalities", _("Operating Modalities")
    AGENDA = "agenda", _("Agenda")
    REPORT = "report", _("Report")
    CONCLUDING_REMARKS = "concluding_remarks", _("Concluding remarks")
    PRESENTATION = "presentation", _("Presentation")
    PRESS_RELEASE = "press_release", _("Press release")
    INFORMATION_SHEET = "information_sheet", _("Information sheet")
    MEDIA_ITEM = "media_item", _("Media item")


class Access(models.TextChoices):
    """Who may read a document: everyone, people holding a role in the Process, or only the
    Support Unit while it is a draft."""

    PUBLIC = "public", _("Public")
    MEMBERS = "members", _("Members only")
    DRAFT = "draft", _("Draft (Support Unit only)")


class Language(models.TextChoices):
    EN = "en", _("English")
    RU = "ru", _("Russian")
    KK = "kk", _("Kazakh")
    KY = "ky", _("Kyrgyz")
    TG = "tg", _("Tajik")
    TR = "tr", _("Turkish")
    FA = "fa", _("Persian")


class TranslationStatus(models.TextChoices):
    ORIGINAL = "original", _("Original")
    DRAFT = "draft", _("Draft translation")
    MACHINE_DRAFT = "machine_draft", _("Machine draft")
    REVIEWED = "reviewed", _("Reviewed")
    FINAL = "final", _("Final")
