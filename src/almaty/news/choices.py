from __future__ import annotations

from django.db import models
from django.utils.translation import pgettext_lazy


class NewsStatus(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("news status", "draft")
    # Published with `publish_at` in the future is "scheduled": the item shows from that moment.
    PUBLISHED = "published", pgettext_lazy("news status", "published")


LANGUAGES: tuple[str, ...] = ("en", "ru")
