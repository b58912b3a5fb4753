"""Forms of the meetings pages: they only parse; the services decide what is allowed."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from almaty.meetings.choices import (
    DelegateStatus,
    Gender,
    ItemKind,
    MeetingKind,
    OutcomeKind,
    SpeakerRole,
)
from almaty.meetings.models import AgendaItem, Meeting, Person
from almaty.process.models import Organisation, State

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TIME = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")


def _text(label: Any, *, required: bool = True, max_length: int = 300) -> forms.CharField:
    return forms.CharField(label=label, required=required, max_length=max_length)


def _area(label: Any, rows: int = 3) -> forms.CharField:
    return forms.CharField(
        label=label, required=False, widget=forms.Textarea(attrs={"rows": rows, "cols": 60})
    )


def _set_choices(form: forms.Form, name: str, choices: Any) -> None:
    field = form.fields[name]
    assert isinstance(field, forms.ChoiceField)
    field.choices = choices


def _set_queryset(form: forms.Form, name: str, queryset: Any) -> None:
    field = form.fields[name]
    assert isinstance(field, forms.ModelChoiceField)
    field.queryset = queryset


class StateChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.short_name} ({obj.iso3})"


class FilterForm(forms.Form):
    """The list's filters (GET): kind and year; anything unknown is ignored."""

    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=[("", _("All kinds")), *MeetingKind.choices]
    )
    year = forms.TypedChoiceField(label=_("Year"), required=False, coerce=int, empty_value=None)

    def __init__(self, *args: Any, years: list[int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _set_choices(self, "year", [("", _("All years")), *((y, str(y)) for y in years)])


class MeetingForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=MeetingKind.choices)
    number = forms.IntegerField(label=_("Number"), required=False, min_value=1, max_value=999)
    title_en = _text(_("Title (English)"))
    title_ru = _text(_("Title (Russian)"))
    theme_en = _area(_("Theme (English)"), rows=2)
    theme_ru = _area(_("Theme (Russian)"), rows=2)
    starts_on = forms.DateField(label=_("First day"), widget=DATE)
    ends_on = forms.DateField(label=_("Last day"), widget=DATE)
    city_en = _text(_("City (English)"), required=False, max_length=100)
    city_ru = _text(_("City (Russian)"), required=False, max_length=100)
    venue_en = _text(_("Venue (English)"), required=False, max_length=200)
    venue_ru = _text(_("Venue (Russian)"), required=False, max_length=200)
    time_zone = forms.CharField(
        label=_("Venue time zone"),
        initial="Asia/Almaty",
        max_length=64,
        help_text=_("Agenda times are in this zone (an IANA name such as Asia/Bishkek)."),
    )
    host_state = StateChoiceField(
        label=_("Host State"), required=False, queryset=State.objects.all()
    )
    chair_state = StateChoiceField(
        label=_("Chaired by"), required=False, queryset=State.objects.all()
    )
    organisers: forms.ModelMultipleChoiceField[Organisation] = forms.ModelMultipleChoiceField(
        label=_("Organisers"), required=False, queryset=Organisation.objects.all()
    )
    funders: forms.ModelMultipleChoiceField[Organisation] = forms.ModelMultipleChoiceField(
        label=_("Funders"), required=False, queryset=Organisation.objects.all()
    )
    circulation_days = forms.IntegerField(
        label=_("Days before the meeting by which materials are circulated"),
        initial=14,
        min_value=0,
        max_value=365,
    )

    def clean_time_zone(self) -> str:
        value: str = self.cleaned_data["time_zone"].strip()
        if value not in zoneinfo.available_timezones():
            raise forms.ValidationError(
                _("%(zone)s is not a time zone name (such as Asia/Almaty)."),
                params={"zone": value},
            )
        return value

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        starts_on, ends_on = data.get("starts_on"), data.get("ends_on")
        if starts_on and ends_on and ends_on < starts_on:
            self.add_error("ends_on", _("The last day cannot be before the first day."))
        return data

    def service_fields(self) -> dict[str, Any]:
        """The optional fields, as the service takes them."""
        data = self.cleaned_data
        return {
            name: data[name]
            for name in (
                "number", "theme_en", "theme_ru", "city_en", "city_ru", "venue_en", "venue_ru",
                "time_zone", "host_state", "chair_state", "organisers", "funders",
                "circulation_days",
            )
        }  # fmt: skip


class CloneForm(forms.Form):
    starts_on = forms.DateField(label=_("First day of the new meeting"), widget=DATE)


class AgendaItemForm(forms.Form):
    day = forms.TypedChoiceField(label=_("Day"), coerce=dt.date.fromisoformat)
    kind = forms.ChoiceField(label=_("Kind"), choices=ItemKind.choices)
    starts_at = forms.TimeField(label=_("Starts at"), required=False, widget=TIME)
    ends_at = forms.TimeField(label=_("Ends at"), required=False, widget=TIME)
    title_en = _text(_("Title (English)"))
    title_ru = _text(_("Title (Russian)"))
    description_en = _area(_("Description (English)"))
    description_ru = _area(_("Description (Russian)"))
    parent: forms.ModelChoiceField[AgendaItem] = forms.ModelChoiceField(
        label=_("Part of the session"), required=False, queryset=AgendaItem.objects.none()
    )

    def __init__(self, *args: Any, meeting: Meeting, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _set_choices(self, "day", [(d.isoformat(), d.isoformat()) for d in meeting.days])
        sessions = AgendaItem.objects.filter(
            meeting=meeting, kind=ItemKind.SESSION, parent__isnull=True
        )
        _set_queryset(self, "parent", sessions)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        starts_at, ends_at = data.get("starts_at"), data.get("ends_at")
        if starts_at and ends_at and ends_at <= starts_at:
            self.add_error("ends_at", _("An item must end after it starts."))
        return data

    def service_fields(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            name: data[name]
            for name in (
                "day", "kind", "starts_at", "ends_at", "title_en", "title_ru",
                "description_en", "description_ru", "parent",
            )
        }  # fmt: skip

    @classmethod
    def initial_for(cls, item: AgendaItem) -> dict[str, Any]:
        return {
            "day": item.day.isoformat(),
            "kind": item.kind,
            "starts_at": item.starts_at,
            "ends_at": item.ends_at,
            "title_en": item.title_en,  # type: ignore[attr-defined]
            "title_ru": item.title_ru,  # type: ignore[attr-defined]
            "description_en": item.description_en,  # type: ignore[attr-defined]
            "description_ru": item.description_ru,  # type: ignore[attr-defined]
            "parent": item.parent_id,
        }


class SpeakerForm(forms.Form):
    """A speaker: an existing person, or a new one named in both languages."""

    person: forms.ModelChoiceField[Person] = forms.ModelChoiceField(
        label=_("Person"),
        required=False,
        queryset=Person.objects.all(),
        empty_label=_("— a new person (below) —"),
    )
    role = forms.ChoiceField(label=_("Role"), choices=SpeakerRole.choices)
    name_en = _text(_("Name (English)"), required=False, max_length=200)
    name_ru = _text(_("Name (Russian)"), required=False, max_length=200)
    position_en = _text(_("Position (English)"), required=False)
    position_ru = _text(_("Position (Russian)"), required=False)
    organisation: forms.ModelChoiceField[Organisation] = forms.ModelChoiceField(
        label=_("Organisation"), required=False, queryset=Organisation.objects.all()
    )
    note_en = _text(_("Note (English)"), required=False, max_length=100)
    note_ru = _text(_("Note (Russian)"), required=False, max_length=100)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("person") is None and not (data.get("name_en") and data.get("name_ru")):
            raise forms.ValidationError(
                _("Choose a person, or give the new person's name in English and Russian.")
            )
        return data


class DelegateForm(forms.Form):
    """A delegate; `party` is "state:ISO3" or "organisation:CODE" among those the user may
    register for (no party when a delegate is changed)."""

    party = forms.ChoiceField(label=_("Delegation"))
    full_name = _text(_("Full name"), max_length=200)
    gender = forms.ChoiceField(label=_("Gender"), choices=Gender.choices)
    position = _text(_("Position"), required=False)
    email = forms.EmailField(label=_("E-mail address"), required=False)
    is_head = forms.BooleanField(label=_("Head of delegation"), required=False)

    def __init__(self, *args: Any, parties: list[tuple[str, str]] | None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if parties is None:  # changing a delegate: the delegation stays
            del self.fields["party"]
        else:
            _set_choices(self, "party", parties)

    def party_fields(self) -> dict[str, Any]:
        kind, _sep, code = self.cleaned_data["party"].partition(":")
        return {"state_iso3": code} if kind == "state" else {"organisation_code": code}

    def person_fields(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            name: data[name] for name in ("full_name", "gender", "position", "email", "is_head")
        }


class DecisionForm(forms.Form):
    status = forms.ChoiceField(
        choices=[
            (DelegateStatus.APPROVED, DelegateStatus.APPROVED.label),
            (DelegateStatus.DECLINED, DelegateStatus.DECLINED.label),
        ]
    )


class MaterialAddForm(forms.Form):
    meeting: forms.ModelChoiceField[Meeting] = forms.ModelChoiceField(
        label=_("Meeting"), queryset=Meeting.objects.none()
    )
    document = forms.IntegerField(label=_("Document number"), min_value=1)
    due_on = forms.DateField(
        label=_("To be circulated by"),
        required=False,
        widget=DATE,
        help_text=_("Leave empty for the meeting's usual deadline."),
    )

    def __init__(self, *args: Any, meetings: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _set_queryset(self, "meeting", meetings)


class OutcomeForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=OutcomeKind.choices)
    summary_en = _area(_("Summary (English)"), rows=4)
    summary_ru = _area(_("Summary (Russian)"), rows=4)
    document = forms.TypedChoiceField(
        label=_("Document"), required=False, coerce=int, empty_value=None
    )
    decisions = forms.TypedMultipleChoiceField(label=_("Decisions"), required=False, coerce=int)

    def __init__(
        self,
        *args: Any,
        documents: list[tuple[int, str]],
        decisions: list[tuple[int, str]],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        _set_choices(self, "document", [("", _("— none —")), *documents])
        _set_choices(self, "decisions", decisions)
