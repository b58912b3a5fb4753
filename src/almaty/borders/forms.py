"""The border-movement pages' forms: a file of crossing records to load, the date overstays
are counted on, a stay rule (a new version of one), and a State's movement-type settings.

Fields render with `as_field_group`, so each error is tied to its field (aria-describedby).
The forms check what a reader can correct on the page; the services check the rest (who may
do it, versions in force) and their refusals are shown on the form."""

from __future__ import annotations

import datetime as dt
import importlib.util
from typing import Any

from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from almaty.borders.choices import Engine, NationalityGroup, Permit, Purpose
from almaty.borders.rules import LONGEST
from almaty.stats.forms import MEGABYTE, refuse_larger_than

DEFAULT_MAX_UPLOAD = 2048 * MEGABYTE
EXTENSIONS = (".csv", ".parquet")
OVERSTAY_GROUPS = (
    ("nationality", _("Nationality")),
    ("purpose", _("Purpose")),
    ("permit", _("Permit")),
    ("entry_bcp", _("Border crossing point of entry")),
)


def max_upload_bytes() -> int:
    """The largest file the web takes; larger loads go through `almaty borders load`."""
    return int(getattr(settings, "BORDERS_MAX_UPLOAD_BYTES", DEFAULT_MAX_UPLOAD))


def spark_available() -> bool:
    """Whether PySpark is installed, so that a load may ask for the Spark engine."""
    return importlib.util.find_spec("pyspark") is not None


def _set_choices(field: forms.Field, choices: list[tuple[str, Any]]) -> None:
    assert isinstance(field, forms.ChoiceField)
    field.choices = choices


class UploadForm(forms.Form):
    """A file of crossing records for one of the user's States."""

    state = forms.ChoiceField(label=_("Recording State"))
    file = forms.FileField(
        label=_("Crossing records"),
        help_text=_(
            "CSV (UTF-8, with a header row) or Parquet, with the columns of the "
            "crossing-records format."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.parquet,text/csv"}),
    )
    engine = forms.ChoiceField(
        label=_("Engine"),
        choices=Engine.choices,
        initial=Engine.DUCKDB,
        widget=forms.RadioSelect,
        help_text=_("Both give the same results; Spark is for volumes one machine cannot take."),
    )

    def __init__(self, *args: Any, states: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _set_choices(self.fields["state"], states)
        if len(states) == 1:
            self.fields["state"].initial = states[0][0]
        if not spark_available():
            self.fields["engine"].widget = forms.HiddenInput()
            _set_choices(self.fields["engine"], [(Engine.DUCKDB.value, Engine.DUCKDB.label)])

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        refuse_larger_than(upload, max_upload_bytes())
        if not upload.name.lower().endswith(EXTENSIONS):
            raise forms.ValidationError(
                _("Upload a CSV file (.csv) or a Parquet file (.parquet), not '%(name)s'."),
                params={"name": upload.name},
            )
        if upload.size == 0:
            raise forms.ValidationError(_("The file is empty."))
        return upload


class AsOfForm(forms.Form):
    """The day overstays are counted on, and how the table groups them."""

    as_of = forms.DateField(
        label=_("As of"),
        help_text=_("YYYY-MM-DD. Stays still open on this day count up to it."),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        input_formats=["%Y-%m-%d"],
    )
    by = forms.ChoiceField(
        label=_("Group by"),
        choices=OVERSTAY_GROUPS,
        initial="nationality",
        required=False,
    )

    def clean_as_of(self) -> dt.date:
        day: dt.date = self.cleaned_data["as_of"]
        if day.year < 1990 or day > timezone.localdate() + dt.timedelta(days=366):
            raise forms.ValidationError(
                _("Choose a date between 1990 and a year from today, not %(date)s."),
                params={"date": day.isoformat()},
            )
        return day

    def clean_by(self) -> str:
        return str(self.cleaned_data.get("by") or "nationality")


class StayRuleForm(forms.Form):
    """A stay rule, or the new version of one: whom it covers, what it allows, from when and
    on what authority."""

    nationality = forms.CharField(
        label=_("Nationality (ISO3)"),
        required=False,
        max_length=3,
        help_text=_("Leave empty for every nationality, or name a group below."),
    )
    nationality_group = forms.ChoiceField(
        label=_("Group of nationalities"),
        required=False,
        choices=[("", "—"), *NationalityGroup.choices],
    )
    permit = forms.ChoiceField(
        label=_("Permit"), required=False, choices=[("", _("any permit")), *Permit.choices]
    )
    purpose = forms.ChoiceField(
        label=_("Purpose"), required=False, choices=[("", _("any purpose")), *Purpose.choices]
    )
    max_stay_days = forms.IntegerField(
        label=_("Longest stay per entry (days)"), required=False, min_value=1, max_value=LONGEST
    )
    rolling_limit_days = forms.IntegerField(
        label=_("Days allowed in the rolling window"),
        required=False,
        min_value=1,
        max_value=LONGEST,
    )
    rolling_window_days = forms.IntegerField(
        label=_("Rolling window (days)"),
        required=False,
        min_value=1,
        max_value=LONGEST,
        help_text=_("E.g. 90 days in any 180: entry and exit days both count."),
    )
    exempt = forms.BooleanField(
        label=_("Exempt: no limit, never an overstay (e.g. local border traffic)"),
        required=False,
    )
    valid_from = forms.DateField(
        label=_("Applies to entries from"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        input_formats=["%Y-%m-%d"],
    )
    source = forms.CharField(
        label=_("Source"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("The law, agreement or decision the rule comes from."),
    )

    def clean_nationality(self) -> str:
        code = str(self.cleaned_data.get("nationality") or "").strip().upper()
        if code and (len(code) != 3 or not code.isalpha()):
            raise forms.ValidationError(
                _("'%(code)s' is not an ISO 3166 alpha-3 code."), params={"code": code}
            )
        return code

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("nationality") and data.get("nationality_group"):
            raise forms.ValidationError(_("Give a nationality or a group, not both."))
        limit, window = data.get("rolling_limit_days"), data.get("rolling_window_days")
        if (limit is None) != (window is None):
            raise forms.ValidationError(
                _("A rolling limit needs both its days allowed and its window.")
            )
        if limit is not None and window is not None and limit > window:
            self.add_error("rolling_limit_days", _("The days allowed cannot exceed the window."))
        if not data.get("exempt") and data.get("max_stay_days") is None and limit is None:
            raise forms.ValidationError(
                _("Give a longest stay, a rolling limit, or mark the rule exempt.")
            )
        return data

    def fields_for_service(self) -> dict[str, Any]:
        """The rule's fields as the services take them (all but valid_from)."""
        data = self.cleaned_data
        return {
            key: data.get(key)
            for key in (
                "nationality",
                "nationality_group",
                "permit",
                "purpose",
                "max_stay_days",
                "rolling_limit_days",
                "rolling_window_days",
                "exempt",
                "source",
            )
        }


# The movement-type settings, in the order the form shows them: (field, label, help).
MOVEMENT_FIELDS: tuple[tuple[str, Any, Any], ...] = (
    ("transit_max_days", _("Transit: longest stay (days)"), _("Stays this short are transit.")),
    ("local_max_days", _("Local: longest stay (days)"), ""),
    (
        "local_min_trips",
        _("Local: fewest trips in the window"),
        _("Short stays this frequent are local (border-zone) movement."),
    ),
    ("local_window_days", _("Local: window (days)"), ""),
    ("circular_min_days", _("Circular: shortest stay (days)"), ""),
    ("circular_max_days", _("Circular: longest stay (days)"), ""),
    (
        "circular_min_stays",
        _("Circular: fewest stays in the window"),
        _("Repeated stays of this length are circular movement."),
    ),
    ("circular_window_days", _("Circular: window (days)"), ""),
    ("seasonal_min_days", _("Seasonal: shortest stay (days)"), ""),
    ("seasonal_max_days", _("Seasonal: longest stay (days)"), ""),
    (
        "seasonal_gap_min_days",
        _("Seasonal: shortest time between arrivals (days)"),
        _("Long stays that come back about once a year are seasonal."),
    ),
    ("seasonal_gap_max_days", _("Seasonal: longest time between arrivals (days)"), ""),
)
# Pairs that must not be reversed: (lower, upper).
MOVEMENT_RANGES = (
    ("circular_min_days", "circular_max_days"),
    ("seasonal_min_days", "seasonal_max_days"),
    ("seasonal_gap_min_days", "seasonal_gap_max_days"),
)


class MovementSettingsForm(forms.Form):
    """How a State's stays are classified as transit, local, circular, seasonal or regular."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, label, help_text in MOVEMENT_FIELDS:
            self.fields[name] = forms.IntegerField(
                label=label, help_text=help_text, min_value=1, max_value=3650
            )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for low, high in MOVEMENT_RANGES:
            if data.get(low) is not None and data.get(high) is not None and data[low] > data[high]:
                self.add_error(
                    high,
                    _("This cannot be less than “%(other)s”.") % {"other": self.fields[low].label},
                )
        return data
