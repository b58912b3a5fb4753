"""Chair terms and passes: the recorded history the rotation continues from."""

from __future__ import annotations

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from almaty.core.models import TimeStampedModel
from almaty.process.choices import TermKind


class ChairTerm(TimeStampedModel):
    """A State's chairmanship from the hand-over day `starts_on` to the next hand-over `ends_on`.

    Periods are half-open: the hand-over day belongs to the new chair. `ends_on` empty: current.
    """

    state = models.ForeignKey("process.State", on_delete=models.PROTECT, related_name="chair_terms")
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("until (hand-over day)"), null=True, blank=True)
    kind = models.CharField(
        _("kind"), max_length=10, choices=TermKind.choices, default=TermKind.REGULAR
    )
    representative = models.CharField(_("designated representative"), max_length=200, blank=True)
    decision_ref = models.CharField(_("decided by"), max_length=200, blank=True)
    note = models.TextField(_("note"), blank=True)
    dates_approximate = models.BooleanField(_("dates are approximate"), default=False)

    class Meta:
        ordering = ["starts_on"]
        verbose_name = _("chair term")
        verbose_name_plural = _("chair terms")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gt=F("starts_on")),
                name="chair_term_period_ordered",
            ),
            models.UniqueConstraint(fields=["starts_on"], name="chair_term_unique_start"),
        ]

    def __str__(self) -> str:
        return f"{self.state.iso3} {self.starts_on}–{self.ends_on or ''}"


class ChairPass(TimeStampedModel):
    """A Member State whose turn came and which did not take the chair."""

    state = models.ForeignKey(
        "process.State", on_delete=models.PROTECT, related_name="chair_passes"
    )
    turn_starts_on = models.DateField(_("turn beginning on"))
    declared_on = models.DateField(_("declared on"), null=True, blank=True)
    decision_ref = models.CharField(_("decided by"), max_length=200, blank=True)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["turn_starts_on", "state__iso3"]
        verbose_name = _("pass of the chair")
        verbose_name_plural = _("passes of the chair")
        constraints = [
            models.UniqueConstraint(
                fields=["state", "turn_starts_on"], name="chair_pass_once_per_turn"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.state.iso3} passed {self.turn_starts_on}"
