"""Proposals, positions taken at meetings, silence breaks, deadline extensions, the register."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from almaty.core.models import TimeStampedModel
from almaty.decisions.choices import BreakKind, ProposalKind, ProposalStatus, Stance


class Proposal(TimeStampedModel):
    """A text put to the Member States, and what became of it."""

    kind = models.CharField(_("kind"), max_length=30, choices=ProposalKind.choices)
    title = models.CharField(_("title"), max_length=300)
    text = models.TextField(_("text"))
    payload = models.JSONField(_("what adoption records"), default=dict, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=ProposalStatus.choices, default=ProposalStatus.DRAFT
    )
    meeting = models.ForeignKey(
        "meetings.Meeting",
        verbose_name=_("meeting"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="proposals",
    )
    silence_started_at = models.DateTimeField(_("silence procedure started"), null=True, blank=True)
    silence_deadline_at = models.DateTimeField(_("silence deadline"), null=True, blank=True)
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    register_number = models.CharField(
        _("register number"), max_length=30, unique=True, null=True, blank=True
    )
    modalities_version = models.ForeignKey(
        "process.ModalitiesVersion",
        verbose_name=_("modalities in force"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    is_public = models.BooleanField(_("public"), default=True)
    drafted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("proposal")
        verbose_name_plural = _("proposals")
        constraints = [
            models.CheckConstraint(
                condition=Q(status="adopted", register_number__isnull=False) | ~Q(status="adopted"),
                name="adopted_proposal_has_register_number",
            )
        ]

    def __str__(self) -> str:
        return self.register_number or self.title


class Position(TimeStampedModel):
    """A State's position on a proposal at a meeting (its presence, for the consensus)."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="positions")
    state = models.ForeignKey("process.State", on_delete=models.PROTECT, related_name="+")
    stance = models.CharField(_("position"), max_length=20, choices=Stance.choices)
    statement = models.TextField(_("statement"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["state__iso3"]
        verbose_name = _("position")
        verbose_name_plural = _("positions")
        constraints = [
            models.UniqueConstraint(fields=["proposal", "state"], name="one_position_per_state")
        ]

    def __str__(self) -> str:
        return f"{self.state_id}: {self.stance}"


class SilenceBreak(TimeStampedModel):
    """A National Coordinator breaks silence (objection or proposed amendment); may withdraw it."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="breaks")
    state = models.ForeignKey("process.State", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("kind"), max_length=20, choices=BreakKind.choices)
    text = models.TextField(_("text"))
    broken_at = models.DateTimeField(_("broken at"))
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)
    broken_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["broken_at"]
        verbose_name = _("break of silence")
        verbose_name_plural = _("breaks of silence")

    def __str__(self) -> str:
        return f"{self.state_id} {self.kind} {self.broken_at:%Y-%m-%d %H:%M}"


class DeadlineExtension(TimeStampedModel):
    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="extensions")
    previous_deadline_at = models.DateTimeField(_("previous deadline"))
    new_deadline_at = models.DateTimeField(_("new deadline"))
    extended_at = models.DateTimeField(_("extended at"))
    extended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["extended_at"]
        verbose_name = _("deadline extension")
        verbose_name_plural = _("deadline extensions")

    def __str__(self) -> str:
        return f"{self.previous_deadline_at:%Y-%m-%d} → {self.new_deadline_at:%Y-%m-%d}"


class RegisterYear(models.Model):
    """The last register number given in a year; locked while numbering, so numbers never repeat."""

    year = models.PositiveSmallIntegerField(primary_key=True)
    last = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.year}: {self.last}"


class NoticeSent(models.Model):
    """Which notice of a silence procedure went out, so a reminder is sent once."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="notices")
    key = models.CharField(max_length=60)
    sent_at = models.DateTimeField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["proposal", "key"], name="notice_sent_once")]

    def __str__(self) -> str:
        return f"{self.proposal_id} {self.key}"
