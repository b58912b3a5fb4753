"""What a meeting circulates before (materials) and produces after (outcomes)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from almaty.core.models import TimeStampedModel
from almaty.meetings.choices import OutcomeKind


class Material(TimeStampedModel):
    """An archive document to circulate before a meeting, by `due_on`; circulating it needs its
    English and Russian versions both final (the language parity gate)."""

    meeting = models.ForeignKey(
        "meetings.Meeting", on_delete=models.CASCADE, related_name="materials"
    )
    document = models.ForeignKey(
        "archive.Document", on_delete=models.PROTECT, related_name="materials"
    )
    due_on = models.DateField(_("to be circulated by"))
    circulated_at = models.DateTimeField(_("circulated at"), null=True, blank=True)
    circulated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    position = models.PositiveIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["meeting", "position", "pk"]
        verbose_name = _("meeting material")
        verbose_name_plural = _("meeting materials")
        constraints = [
            models.UniqueConstraint(fields=["meeting", "document"], name="material_once"),
        ]

    def __str__(self) -> str:
        return str(self.document)


class Outcome(TimeStampedModel):
    """Concluding remarks, a communiqué, the review of last year's work plan, next year's plan;
    with the archive document that holds the text and the decisions it records."""

    meeting = models.ForeignKey(
        "meetings.Meeting", on_delete=models.CASCADE, related_name="outcomes"
    )
    kind = models.CharField(_("kind"), max_length=30, choices=OutcomeKind.choices)
    summary = models.TextField(_("summary"), blank=True)
    document = models.ForeignKey(
        "archive.Document",
        verbose_name=_("document"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="outcomes",
    )
    decisions = models.ManyToManyField(
        "decisions.Proposal", verbose_name=_("decisions"), blank=True, related_name="outcomes"
    )
    position = models.PositiveIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["meeting", "position", "pk"]
        verbose_name = _("meeting outcome")
        verbose_name_plural = _("meeting outcomes")

    def __str__(self) -> str:
        return self.get_kind_display()
