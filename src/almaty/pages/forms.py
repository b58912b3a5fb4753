from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from almaty.pages.models import MeetingPhoto, Page


def _text_input(language: str, **attrs: str) -> forms.TextInput:
    return forms.TextInput(attrs={"lang": language, **attrs})


class PageForm(forms.Form):
    title_en = forms.CharField(
        label=_("Title in English"), required=False, max_length=200, widget=_text_input("en")
    )
    body_en = forms.CharField(
        label=_("Text in English (Markdown)"),
        required=False,
        widget=forms.Textarea(attrs={"lang": "en", "rows": 24}),
    )
    title_ru = forms.CharField(
        label=_("Title in Russian"), required=False, max_length=200, widget=_text_input("ru")
    )
    body_ru = forms.CharField(
        label=_("Text in Russian (Markdown)"),
        required=False,
        widget=forms.Textarea(attrs={"lang": "ru", "rows": 24}),
    )

    @classmethod
    def for_page(cls, page: Page, data: Mapping[str, Any] | None = None) -> PageForm:
        initial = {f: getattr(page, f) for f in ("title_en", "title_ru", "body_en", "body_ru")}
        return cls(data or None, initial=initial)


class ScheduleForm(forms.Form):
    publish_at = forms.DateTimeField(
        label=_("Publish from (date and time, Almaty time)"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%d"],
    )


class PhotoTextsForm(forms.Form):
    alt_en = forms.CharField(
        label=_("Text alternative in English"),
        max_length=250,
        help_text=_("What the photo shows, for people who cannot see it. Required."),
        widget=_text_input("en"),
    )
    alt_ru = forms.CharField(
        label=_("Text alternative in Russian"),
        max_length=250,
        required=False,
        help_text=_("Without it, Russian pages say the description is in English only."),
        widget=_text_input("ru"),
    )
    caption_en = forms.CharField(
        label=_("Caption in English"), max_length=500, required=False, widget=_text_input("en")
    )
    caption_ru = forms.CharField(
        label=_("Caption in Russian"), max_length=500, required=False, widget=_text_input("ru")
    )
    credit = forms.CharField(label=_("Credit"), max_length=200, required=False)
    order = forms.IntegerField(label=_("Position in the gallery"), min_value=0, initial=0)
    is_published = forms.BooleanField(label=_("Show on the meeting page"), required=False)

    @classmethod
    def for_photo(
        cls, photo: MeetingPhoto, data: Mapping[str, Any] | None = None
    ) -> PhotoTextsForm:
        initial = {name: getattr(photo, name) for name in cls.base_fields}
        return cls(data or None, initial=initial)


class PhotoUploadForm(PhotoTextsForm):
    image = forms.FileField(
        label=_("Photo (JPEG, PNG or WebP)"),
        # images.MAX_BYTES
        help_text=_("At most 10 MB. Location and camera data are removed."),
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
    )

    field_order = ["image", *PhotoTextsForm.base_fields]
