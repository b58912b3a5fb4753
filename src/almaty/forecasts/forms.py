"""The forecasting pages' forms: a CSV file to forecast, and a subscription to early warnings.

Fields render with `as_field_group`, so each error is tied to its field (aria-describedby)."""

from __future__ import annotations

import csv
import io
from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from almaty.forecasts.choices import Severity
from almaty.stats.forms import MEGABYTE, refuse_larger_than

DEFAULT_MAX_UPLOAD = 5 * MEGABYTE
DEFAULT_MAX_SERIES = 50
MAX_HORIZON = 12
GAPS_REFUSE, GAPS_LATEST_RUN = "refuse", "latest_run"


def max_upload_bytes() -> int:
    return int(getattr(settings, "FORECAST_MAX_UPLOAD_BYTES", DEFAULT_MAX_UPLOAD))


def max_series() -> int:
    """The most series a file forecast on the web may hold; larger files go to the CLI."""
    return int(getattr(settings, "FORECAST_MAX_WEB_SERIES", DEFAULT_MAX_SERIES))


def count_series(data: bytes) -> int | None:
    """How many distinct series ids the CSV holds, or None when it cannot be read as a CSV
    with a `series_id` column (the engine then says what is wrong, row by row)."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return None
    reader = csv.reader(io.StringIO(text, newline=""))
    header = [cell.strip() for cell in next(reader, [])]
    if "series_id" not in header:
        return None
    column = header.index("series_id")
    return len({row[column].strip() for row in reader if len(row) > column and row[column].strip()})


class UploadForm(forms.Form):
    """A CSV file to forecast; once valid, `content` holds its bytes."""

    content = b""
    file = forms.FileField(
        label=_("File"),
        help_text=_("CSV (UTF-8) with the columns series_id, period and value."),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv"}),
    )
    horizon = forms.IntegerField(
        label=_("Periods ahead"),
        min_value=1,
        max_value=MAX_HORIZON,
        initial=MAX_HORIZON,
        help_text=_("From 1 to 12 months, quarters or years."),
    )
    gaps = forms.ChoiceField(
        label=_("Series with missing periods"),
        choices=[
            (GAPS_REFUSE, _("Refuse the file, so that I can fill them in")),
            (GAPS_LATEST_RUN, _("Forecast from the part after the last gap")),
        ],
        initial=GAPS_REFUSE,
        widget=forms.RadioSelect,
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        refuse_larger_than(upload, max_upload_bytes())
        if not upload.name.lower().endswith(".csv"):
            raise forms.ValidationError(
                _("Upload a CSV file (.csv), not '%(name)s'."), params={"name": upload.name}
            )
        data = upload.read()
        found = count_series(data)
        if found is not None and found > max_series():
            raise forms.ValidationError(
                ngettext(
                    "The file holds %(count)s series; this page forecasts up to %(limit)s. "
                    "Forecast larger files with the command line: "
                    "almaty stats forecast FILE.csv --output OUT.csv",
                    "The file holds %(count)s series; this page forecasts up to %(limit)s. "
                    "Forecast larger files with the command line: "
                    "almaty stats forecast FILE.csv --output OUT.csv",
                    found,
                )
                % {"count": found, "limit": max_series()}
            )
        self.content = data
        return upload


class SubscriptionForm(forms.Form):
    """Which warnings to be e-mailed: an indicator (or all), an area (or all), a severity up."""

    indicator = forms.ChoiceField(label=_("Indicator"), required=False)
    area = forms.ChoiceField(label=_("Area"), required=False)
    min_severity = forms.ChoiceField(
        label=_("From severity"), choices=Severity.choices, initial=Severity.MEDIUM
    )

    def __init__(
        self,
        *args: Any,
        indicators: list[tuple[str, str]],
        areas: list[tuple[str, str]],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        indicator, area = self.fields["indicator"], self.fields["area"]
        assert isinstance(indicator, forms.ChoiceField)
        assert isinstance(area, forms.ChoiceField)
        indicator.choices = [("", _("All indicators")), *indicators]
        area.choices = [("", _("All areas")), *areas]
