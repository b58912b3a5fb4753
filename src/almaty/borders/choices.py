"""Codes of border movements with their labels: how a load ends, the engines, and the code lists
of the crossing-records spec that pages and forms show (the engine checks the codes; these are
their names in the reader's language)."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class LoadStatus(models.TextChoices):
    QUEUED = "queued", pgettext_lazy("load status", "queued")
    CHECKING = "checking", pgettext_lazy("load status", "checking")
    STORING = "storing", pgettext_lazy("load status", "storing")
    DERIVING = "deriving", pgettext_lazy("load status", "deriving stays")
    DONE = "done", pgettext_lazy("load status", "done")
    REFUSED = "refused", pgettext_lazy("load status", "refused")
    FAILED = "failed", pgettext_lazy("load status", "failed")


# A load in one of these is at work (or waiting for the task queue).
RUNNING = (LoadStatus.QUEUED, LoadStatus.CHECKING, LoadStatus.STORING, LoadStatus.DERIVING)
# Started and not finished: found in one of these while no load of the State runs, it was killed.
STARTED = (LoadStatus.CHECKING, LoadStatus.STORING, LoadStatus.DERIVING)
# Ended without storing anything: the same file may be loaded again.
UNSTORED = (LoadStatus.REFUSED, LoadStatus.FAILED)


class Engine(models.TextChoices):
    DUCKDB = "duckdb", _("DuckDB (one machine)")
    SPARK = "spark", _("Apache Spark (a cluster)")


class MovementType(models.TextChoices):
    TRANSIT = "TRANSIT", pgettext_lazy("movement type", "transit")
    LOCAL = "LOCAL", pgettext_lazy("movement type", "local (border zone)")
    CIRCULAR = "CIRCULAR", pgettext_lazy("movement type", "circular")
    SEASONAL = "SEASONAL", pgettext_lazy("movement type", "seasonal")
    REGULAR = "REGULAR", pgettext_lazy("movement type", "regular")


class OverstayKind(models.TextChoices):
    IN_COUNTRY = "IN_COUNTRY", _("still in the country (suspected)")
    OUT_OF_COUNTRY = "OUT_OF_COUNTRY", _("left after the authorised stay")


class Purpose(models.TextChoices):
    WORK = "WORK", pgettext_lazy("purpose of travel", "work")
    PRIVATE = "PRIVATE", pgettext_lazy("purpose of travel", "private")
    TOURISM = "TOURISM", pgettext_lazy("purpose of travel", "tourism")
    BUSINESS = "BUSINESS", pgettext_lazy("purpose of travel", "business")
    STUDY = "STUDY", pgettext_lazy("purpose of travel", "study")
    TRANSIT = "TRANSIT", pgettext_lazy("purpose of travel", "transit")
    OFFICIAL = "OFFICIAL", pgettext_lazy("purpose of travel", "official")
    RESIDENCE = "RESIDENCE", pgettext_lazy("purpose of travel", "residence")
    OTHER = "OTHER", pgettext_lazy("purpose of travel", "other")


class Permit(models.TextChoices):
    VISA_FREE = "VISA_FREE", _("visa-free")
    VISA = "VISA", _("visa")
    WORK_PERMIT = "WORK_PERMIT", _("work permit")
    RESIDENCE_PERMIT = "RESIDENCE_PERMIT", _("residence permit")
    EAEU = "EAEU", _("EAEU freedom of movement")
    LOCAL_BORDER = "LOCAL_BORDER", _("local border traffic permit")


class NationalityGroup(models.TextChoices):
    """Groups a stay rule may name instead of one nationality; their members are in
    `almaty/borders/stay_rules.yaml` (`groups`)."""

    EAEU = "EAEU", _("Eurasian Economic Union")
    CIS = "CIS", _("Commonwealth of Independent States")
