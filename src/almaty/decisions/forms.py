"""Forms of the decisions desk (the Chair and the Support Unit)."""

from __future__ import annotations

import datetime as dt
import json
import zoneinfo
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from almaty.decisions.choices import ProposalKind, Stance

ALMATY = zoneinfo.ZoneInfo("Asia/Almaty")


class DraftForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=ProposalKind.choices)
    title_en = forms.CharField(label=_("Title (English)"), max_length=300)
    title_ru = forms.CharField(label=_("Title (Russian)"), max_length=300)
    text_en = forms.CharField(label=_("Text (English)"), widget=forms.Textarea(attrs={"rows": 4}))
    text_ru = forms.CharField(label=_("Text (Russian)"), widget=forms.Textarea(attrs={"rows": 4}))
    is_public = forms.BooleanField(label=_("Public once adopted"), required=False, initial=True)
    payload = forms.CharField(
        label=_("What adoption records (JSON)"),
        required=False,
        help_text=_('For example {"state": "UZB"} for an observer admission.'),
    )

    def clean_payload(self) -> dict[str, Any]:
        raw = (self.cleaned_data.get("payload") or "").strip()
        if not raw:
            return {}
        try:
            value = json.loads(raw)
        except ValueError:
            raise forms.ValidationError(_("This is not valid JSON.")) from None
        if not isinstance(value, dict):
            raise forms.ValidationError(_('Give a JSON object, e.g. {"state": "UZB"}.'))
        return value


class SilenceForm(forms.Form):
    deadline = forms.DateTimeField(
        label=_("Deadline (Almaty time)"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
        input_formats=["%Y-%m-%dT%H:%M"],
    )

    def deadline_at(self) -> dt.datetime:
        value: dt.datetime = self.cleaned_data["deadline"]
        return value.replace(tzinfo=None).replace(tzinfo=ALMATY)


class PositionForm(forms.Form):
    state = forms.CharField(label=_("State (ISO3)"), max_length=3)
    stance = forms.ChoiceField(label=_("Position"), choices=Stance.choices)
    statement = forms.CharField(
        label=_("Statement"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
