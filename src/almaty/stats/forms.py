"""The statisticians' forms: a file upload, and a small web form turned into SDMX-CSV rows.

Fields render with `as_field_group`, so each error is tied to its field (aria-describedby)."""

from __future__ import annotations

import csv
import io
from decimal import Decimal
from typing import Any

from django import forms
from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from almaty.process.models import State
from almaty.stats.engine.codelists import AGE, OBS_STATUS, PURPOSE, SEX
from almaty.stats.engine.columns import COLUMNS
from almaty.stats.models import Indicator, Sharing

MEGABYTE = 1024 * 1024
DEFAULT_MAX_UPLOAD = 50 * MEGABYTE
EXTENSIONS = (".csv", ".xlsx")
BREAKDOWN_DIMENSIONS = ("COUNTERPART_AREA", "SEX", "AGE", "PURPOSE")


def max_upload_bytes() -> int:
    return int(getattr(settings, "STATS_MAX_UPLOAD_BYTES", DEFAULT_MAX_UPLOAD))


def refuse_larger_than(upload: Any, limit: int) -> None:
    """A form error naming both sizes when the uploaded file is over `limit` bytes."""
    if upload.size > limit:
        raise forms.ValidationError(
            _("The file is %(size)s MB; the largest file accepted is %(limit)s MB."),
            params={"size": f"{upload.size / MEGABYTE:.1f}", "limit": f"{limit / MEGABYTE:g}"},
        )


def _code_choices(codes: Any) -> list[tuple[str, str]]:
    russian = translation.get_language() == "ru"
    return [("", "—")] + [
        (code, f"{code}: {entry.name_ru if russian else entry.name_en}")
        for code, entry in codes.items()
    ]


def _set_choices(field: forms.Field, choices: list[tuple[str, str]]) -> None:
    assert isinstance(field, forms.ChoiceField)
    field.choices = choices


class IndicatorField(forms.ModelChoiceField):
    """The indicators States submit, named in the reader's language."""

    def label_from_instance(self, obj: Any) -> str:
        name = obj.name_ru if translation.get_language() == "ru" else obj.name_en
        return f"{obj.code}: {name}"


class SharingField(forms.ChoiceField):
    def __init__(self, **kwargs: Any) -> None:
        super().__init__(
            label=_("Sharing once published"),
            choices=Sharing.choices,
            initial=Sharing.MEMBERS,
            widget=forms.RadioSelect,
            **kwargs,
        )


class UploadForm(forms.Form):
    file = forms.FileField(
        label=_("File"),
        help_text=_("SDMX-CSV (.csv, UTF-8) or an XLSX sheet with the same columns."),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx"}),
    )
    sharing = SharingField()

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        refuse_larger_than(upload, max_upload_bytes())
        if not upload.name.lower().endswith(EXTENSIONS):
            raise forms.ValidationError(
                _("Upload an SDMX-CSV file (.csv) or an XLSX sheet (.xlsx), not '%(name)s'."),
                params={"name": upload.name},
            )
        return upload


class ConfirmForm(forms.Form):
    sharing = SharingField()


class ObservationForm(forms.Form):
    """One value (the total) of an indicator for a State and period."""

    indicator = IndicatorField(
        label=_("Indicator"), queryset=Indicator.objects.filter(source="submitted")
    )
    state = forms.ChoiceField(label=_("State"))
    period = forms.CharField(
        label=_("Period"),
        max_length=10,
        help_text=_("2024 (annual), 2024-Q1 (quarterly) or 2024-03 (monthly)."),
    )
    value = forms.DecimalField(label=_("Total value"), min_value=Decimal(0), max_digits=20)
    obs_status = forms.ChoiceField(label=_("Status of the value"), initial="A")
    comment = forms.CharField(label=_("Comment"), required=False, max_length=1000)
    sharing = SharingField()
    confirm = forms.BooleanField(
        label=_("The values flagged as unusual are right: submit them."), required=False
    )

    def __init__(self, *args: Any, areas: set[str] | None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        states = State.objects.order_by("iso3")
        if areas is not None:
            states = states.filter(iso3__in=sorted(areas))
        _set_choices(self.fields["state"], [(s.iso3, str(s)) for s in states])
        _set_choices(
            self.fields["obs_status"],
            [(code, name) for code, name in _code_choices(OBS_STATUS) if code and code != "M"],
        )


class BreakdownForm(forms.Form):
    """One row of a breakdown of the total; a blank code means the total of that dimension."""

    counterpart = forms.CharField(label=_("Counterpart area (ISO3)"), required=False, max_length=3)
    sex = forms.ChoiceField(label=_("Sex"), required=False)
    age = forms.ChoiceField(label=_("Age"), required=False)
    purpose = forms.ChoiceField(label=_("Purpose"), required=False)
    value = forms.DecimalField(label=_("Value"), min_value=Decimal(0), max_digits=20)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _set_choices(self.fields["sex"], _code_choices(SEX))
        _set_choices(self.fields["age"], _code_choices(AGE))
        _set_choices(self.fields["purpose"], _code_choices(PURPOSE))


BreakdownFormSet = forms.formset_factory(BreakdownForm, extra=3, max_num=50, validate_max=True)


def _number(value: Decimal) -> str:
    text = format(value.normalize(), "f")
    return text


def form_rows(data: dict[str, Any], breakdown: list[dict[str, Any]]) -> bytes:
    """The web form's values as an SDMX-CSV file: row 2 is the total, rows 3... the breakdown.

    Dimensions the indicator uses are `_T` in the total and where a breakdown row leaves them
    blank; the others are `_Z`. The engine then checks the rows like any uploaded file."""
    indicator: Indicator = data["indicator"]
    used = set(filter(None, indicator.dimensions.split(",")))
    fields = dict(zip(BREAKDOWN_DIMENSIONS, ("counterpart", "sex", "age", "purpose"), strict=True))

    def line(values: dict[str, str], value: Decimal, status: str, comment: str) -> list[str]:
        row = {
            "DATAFLOW": indicator.dataflow,
            "REF_AREA": data["state"],
            "INDICATOR": indicator.code,
            "TIME_PERIOD": data["period"].strip(),
            "OBS_VALUE": _number(value),
            "UNIT_MEASURE": indicator.unit,
            "OBS_STATUS": status,
            "COMMENT": comment,
        }
        for dimension in BREAKDOWN_DIMENSIONS:
            given = (values.get(fields[dimension]) or "").strip().upper()
            row[dimension] = given or ("_T" if dimension in used else "_Z")
        return [row[c] for c in COLUMNS]

    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    writer.writerow(line({}, data["value"], data["obs_status"], data.get("comment", "")))
    for part in breakdown:
        if part and part.get("value") is not None:
            writer.writerow(line(part, part["value"], data["obs_status"], ""))
    return out.getvalue().encode("utf-8")
