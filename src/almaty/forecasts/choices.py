"""Kinds and severities of early warnings, and where a forecast's series came from."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class SeriesSource(models.TextChoices):
    PUBLISHED = "published", _("published statistics")
    EXTERNAL = "external", _("external source")


class WarningKind(models.TextChoices):
    OUTSIDE_INTERVAL = "outside_interval", _("value outside its forecast's 95% interval")
    ABOVE_LAST_YEAR = "above_last_year", _("forecast well above the same period last year")
    JOINT_RISE = "joint_rise", _("total rising with several of its parts")


class Severity(models.TextChoices):
    LOW = "low", _("low")
    MEDIUM = "medium", _("medium")
    HIGH = "high", _("high")


SEVERITY_RANK: dict[str, int] = {"low": 1, "medium": 2, "high": 3}
