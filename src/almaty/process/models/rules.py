"""The Operating Modalities as versioned rules, each read "as in force on date D"."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from almaty.core.models import TimeStampedModel
from almaty.process.choices import AmendingBody, OrderKey


class ModalitiesVersion(TimeStampedModel):
    """One version of the Operating Modalities: the rules the platform computes with, and the text.

    A version is in force from `effective_on` until the next version's `effective_on`. Versions
    are never edited once another one follows them; an amendment is a new version.
    """

    number = models.PositiveSmallIntegerField(_("version"), unique=True)
    effective_on = models.DateField(_("in force from"), unique=True)
    reference = models.CharField(_("document reference"), max_length=100, blank=True)
    title = models.CharField(_("title"), max_length=200)
    text = models.TextField(_("text"))
    adopted_by_ref = models.CharField(
        _("adopted by"),
        max_length=200,
        blank=True,
        help_text=_("The meeting or decision that adopted it."),
    )
    # The rules, as data.
    term_years = models.PositiveSmallIntegerField(_("chair term (years)"))
    order_key = models.CharField(_("rotation order"), max_length=10, choices=OrderKey.choices)
    listed_order = models.JSONField(_("listed order (ISO3 codes)"), default=list, blank=True)
    eligible_statuses = models.JSONField(_("statuses eligible to chair"), default=list)
    ministerial_every_years = models.PositiveSmallIntegerField(
        _("Ministerial conference every (years)")
    )
    som_every_years = models.PositiveSmallIntegerField(_("Senior Officials' Meeting every (years)"))
    national_consultation_every_years = models.PositiveSmallIntegerField(
        _("national consultations at least every (years)")
    )
    support_unit_review_years = models.PositiveSmallIntegerField(
        _("Support Unit mandate reviewed after (years)")
    )
    has_voluntary_fee = models.BooleanField(_("members pay a voluntary fee"), default=True)
    deputy_chairs = models.PositiveSmallIntegerField(_("number of deputy chairs"), default=0)
    technical_group_size = models.PositiveSmallIntegerField(
        _("technical group officers per State"), default=0
    )
    amended_by = models.CharField(_("amended only by"), max_length=20, choices=AmendingBody.choices)

    class Meta:
        ordering = ["effective_on"]
        verbose_name = _("version of the Operating Modalities")
        verbose_name_plural = _("versions of the Operating Modalities")
        constraints = [
            models.CheckConstraint(condition=Q(term_years__gte=1), name="modalities_term_positive"),
            models.CheckConstraint(
                condition=Q(ministerial_every_years__gte=1), name="modalities_ministerial_positive"
            ),
            models.CheckConstraint(
                condition=Q(som_every_years__gte=1), name="modalities_som_positive"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} (v{self.number}, {self.effective_on})"
