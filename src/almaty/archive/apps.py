from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ArchiveConfig(AppConfig):
    name = "almaty.archive"
    verbose_name = _("Archive")
    label = "archive"
