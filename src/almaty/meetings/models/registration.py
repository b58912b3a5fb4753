"""Delegates registered by their State or organisation, approved by the Support Unit. Personal
data: read and written only through `almaty.meetings.access`."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from almaty.core.models import TimeStampedModel
from almaty.meetings.choices import DelegateStatus, Gender


class Delegate(TimeStampedModel):
    meeting = models.ForeignKey(
        "meetings.Meeting", on_delete=models.CASCADE, related_name="delegates"
    )
    state = models.ForeignKey(
        "process.State",
        verbose_name=_("State"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    organisation = models.ForeignKey(
        "process.Organisation",
        verbose_name=_("organisation"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    full_name = models.CharField(_("full name"), max_length=200)
    gender = models.CharField(_("gender"), max_length=20, choices=Gender.choices)
    position = models.CharField(_("position"), max_length=300, blank=True)
    email = models.EmailField(_("e-mail address"), blank=True)
    is_head = models.BooleanField(_("head of delegation"), default=False)
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=DelegateStatus.choices,
        default=DelegateStatus.REGISTERED,
    )
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)

    class Meta:
        ordering = ["meeting", "state__iso3", "organisation__code", "-is_head", "full_name"]
        verbose_name = _("delegate")
        verbose_name_plural = _("delegates")
        constraints = [
            models.CheckConstraint(
                condition=(Q(state__isnull=False) & Q(organisation__isnull=True))
                | (Q(state__isnull=True) & Q(organisation__isnull=False)),
                name="delegate_of_state_or_organisation",
            ),
        ]

    def __str__(self) -> str:
        return self.full_name
