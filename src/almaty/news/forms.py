"""Forms of the Support Unit's news desk. They only parse; the services judge."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from almaty.meetings.selectors import meetings

DATETIME_FORMAT = "%Y-%m-%dT%H:%M"


class NewsItemForm(forms.Form):
    """Both languages side by side; a language is shown to readers once its title and text are
    written."""

    title_en = forms.CharField(label=_("Title in English"), max_length=300, required=False)
    summary_en = forms.CharField(
        label=_("Summary in English (optional)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    body_en = forms.CharField(
        label=_("Text in English (Markdown)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 14}),
    )
    title_ru = forms.CharField(label=_("Title in Russian"), max_length=300, required=False)
    summary_ru = forms.CharField(
        label=_("Summary in Russian (optional)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    body_ru = forms.CharField(
        label=_("Text in Russian (Markdown)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 14}),
    )
    slug = forms.CharField(
        label=_("Address (optional)"),
        max_length=100,
        required=False,
        help_text=_("Latin letters, digits and hyphens; made from the title when left empty."),
    )
    meeting = forms.TypedChoiceField(
        label=_("Meeting (optional)"), required=False, coerce=int, empty_value=None
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices: list[tuple[Any, Any]] = [("", _("No meeting"))]
        choices += [
            (m.pk, f"{m.title} ({m.starts_on.isoformat()})")
            for m in meetings().order_by("-starts_on", "-pk")
        ]
        field = self.fields["meeting"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = choices
        for language in ("en", "ru"):
            for name in ("title", "summary", "body"):
                self.fields[f"{name}_{language}"].widget.attrs["lang"] = language


class PublishForm(forms.Form):
    """Empty: publish now; a moment in the future: schedule."""

    publish_at = forms.DateTimeField(
        label=_("Publish from (empty: now)"),
        required=False,
        input_formats=[DATETIME_FORMAT, "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S"],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format=DATETIME_FORMAT),
    )
