from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class PageKey(models.TextChoices):
    """The fixed pages of the portal; each has one row, whatever its languages."""

    ABOUT = "about", _("About the Process")
    CONTACT = "contact", _("Contact")
    PARTNERS = "partners", _("Partners")


class PageStatus(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("page status", "draft")
    PUBLISHED = "published", pgettext_lazy("page status", "published")
