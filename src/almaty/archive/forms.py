"""Forms of the archive pages: the search filters and the Support Unit's editing forms.

Forms only parse. Files, languages and duplicates are judged by the services, whose messages the
pages show on the form.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from django import forms
from django.conf import settings
from django.db.models import QuerySet
from django.forms.models import ModelChoiceIterator
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from almaty.archive.choices import Access, DocumentKind, Language, TranslationStatus
from almaty.archive.models import Document, Topic
from almaty.core import countries
from almaty.meetings.selectors import meetings
from almaty.process.models import State

if TYPE_CHECKING:
    from almaty.meetings.models import Meeting

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _states() -> QuerySet[State]:
    return State.objects.all()


class _StatesByName(ModelChoiceIterator):
    def __iter__(self) -> Iterator[Any]:
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        choices = [self.choice(state) for state in self.queryset]
        yield from sorted(choices, key=lambda choice: countries.collation_key(str(choice[1])))


def _offer(field: forms.Field, choices: list[tuple[Any, Any]]) -> None:
    assert isinstance(field, forms.ChoiceField)
    field.choices = choices


class StateChoiceField(forms.ModelMultipleChoiceField):
    """States by their short name in the reader's language, in the order readers expect."""

    iterator = _StatesByName

    def label_from_instance(self, obj: Any) -> str:
        return str(obj.short_name)


class SearchForm(forms.Form):
    """The query and the filters of the search page (a GET form: invalid filters are ignored)."""

    q = forms.CharField(
        label=_("Words to look for"),
        required=False,
        max_length=200,
        widget=forms.SearchInput(attrs={"autocomplete": "off"}),
    )
    kind = forms.ChoiceField(label=_("Type"), required=False)
    year = forms.TypedChoiceField(label=_("Year"), required=False, coerce=int, empty_value=None)
    meeting = forms.TypedChoiceField(
        label=_("Meeting"), required=False, coerce=int, empty_value=None
    )
    topic = forms.ChoiceField(label=_("Topic"), required=False)
    state = forms.ChoiceField(label=_("State"), required=False)
    language = forms.ChoiceField(label=_("Language"), required=False)

    def __init__(
        self,
        data: Any = None,
        *,
        years: list[int],
        meetings: list[tuple[int, str]],
        topics: list[tuple[str, str]],
        states: list[tuple[str, str]],
    ) -> None:
        super().__init__(data)
        offered: dict[str, list[tuple[Any, Any]]] = {
            "kind": [("", _("Any type")), *DocumentKind.choices],
            "year": [("", _("Any year")), *((y, str(y)) for y in years)],
            "meeting": [("", _("Any meeting")), *meetings],
            "topic": [("", _("Any topic")), *topics],
            "state": [("", _("Any State")), *states],
            "language": [("", _("Any language")), *Language.choices],
        }
        for name, choices in offered.items():
            _offer(self.fields[name], choices)

    def filters(self) -> dict[str, Any]:
        """The arguments of `search.search` that the reader gave and that make sense."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return {
            "query": (data.get("q") or "").strip(),
            "kind": data.get("kind") or None,
            "year": data.get("year"),
            "meeting_id": data.get("meeting"),
            "topic": data.get("topic") or None,
            "state_iso3": data.get("state") or None,
            "language": data.get("language") or None,
        }


class DocumentForm(forms.Form):
    """A new document and its first language version (a text, a file, or both)."""

    kind = forms.ChoiceField(label=_("Type"), choices=DocumentKind.choices)
    issued_on = forms.DateField(label=_("Date"), widget=DATE)
    access = forms.ChoiceField(label=_("Who may read it"), choices=Access.choices)
    meeting: forms.ModelChoiceField[Meeting] = forms.ModelChoiceField(
        label=_("Meeting"), queryset=meetings().none(), required=False
    )
    topics: forms.ModelMultipleChoiceField[Topic] = forms.ModelMultipleChoiceField(
        label=_("Topics"), queryset=Topic.objects.all(), required=False, to_field_name="code"
    )
    states = StateChoiceField(
        label=_("States concerned"), queryset=_states(), required=False, to_field_name="iso3"
    )
    # The language is checked by the service, so that its message is the one shown.
    language = forms.CharField(
        label=_("Language of this version"), widget=forms.Select(choices=Language.choices)
    )
    title = forms.CharField(label=_("Title"), max_length=500)
    status = forms.ChoiceField(
        label=_("Translation status"),
        choices=TranslationStatus.choices,
        initial=TranslationStatus.ORIGINAL,
    )
    text = forms.CharField(
        label=_("Text"), required=False, widget=forms.Textarea(attrs={"rows": 10})
    )
    file = forms.FileField(
        label=_("File (PDF, Word or plain text)"),
        required=False,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["meeting"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = meetings().order_by("-starts_on", "-pk")
        # In the reader's language and with the limit in force now, not at import.
        self.fields["file"].help_text = _("At most %(size)s MB.") % {
            "size": max(1, settings.ARCHIVE_MAX_UPLOAD_BYTES // (1024 * 1024))
        }

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not (data.get("text") or "").strip() and not data.get("file"):
            raise forms.ValidationError(_("Give the text, a file, or both."))
        return data


class VersionForm(forms.Form):
    """One language version of a document, added or replaced."""

    title = forms.CharField(label=_("Title"), max_length=500)
    status = forms.ChoiceField(label=_("Translation status"), choices=TranslationStatus.choices)
    translated_from = forms.ChoiceField(label=_("Translated from"), required=False)
    text = forms.CharField(
        label=_("Text"), required=False, widget=forms.Textarea(attrs={"rows": 18})
    )
    file = forms.FileField(
        label=_("File (PDF, Word or plain text)"),
        required=False,
        help_text=_("Leave empty to keep the file already stored."),
    )

    def __init__(self, *args: Any, glossary_url: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if glossary_url:  # the glossary beside the text follows it as it is typed (htmx)
            self.fields["text"].widget.attrs.update(
                {
                    "hx-post": glossary_url,
                    "hx-trigger": "input changed delay:800ms",
                    "hx-target": "#glossary-terms",
                    "hx-vals": '{"action": "glossary"}',
                    "style": "width:100%",
                }
            )
        _offer(self.fields["translated_from"], [("", _("Not a translation")), *Language.choices])


class MediaItemForm(forms.Form):
    outlet = forms.CharField(label=_("Outlet"), max_length=200)
    published_on = forms.DateField(label=_("Date"), widget=DATE)
    language = forms.ChoiceField(label=_("Language"), choices=Language.choices)
    headline = forms.CharField(label=_("Headline"), max_length=500)
    url = forms.URLField(label=_("Link"), required=False, max_length=500, assume_scheme="https")
    summary_en = forms.CharField(
        label=_("Summary (English)"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    summary_ru = forms.CharField(
        label=_("Summary (Russian)"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    states = StateChoiceField(
        label=_("States"), queryset=_states(), required=False, to_field_name="iso3"
    )
    topics: forms.ModelMultipleChoiceField[Topic] = forms.ModelMultipleChoiceField(
        label=_("Topics"), queryset=Topic.objects.all(), required=False, to_field_name="code"
    )


class GlossaryTermForm(forms.Form):
    term_en = forms.CharField(label=_("Term (English)"), max_length=200)
    term_ru = forms.CharField(label=_("Term (Russian)"), max_length=200)
    definition_en = forms.CharField(
        label=_("Definition (English)"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    definition_ru = forms.CharField(
        label=_("Definition (Russian)"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    note = forms.CharField(label=_("Usage note"), required=False, max_length=300)
    topic: forms.ModelChoiceField[Topic] = forms.ModelChoiceField(
        label=_("Topic"), queryset=Topic.objects.all(), required=False
    )


class PeriodForm(forms.Form):
    """A period of dates (the media list and the information sheet)."""

    start = forms.DateField(label=_("From"), widget=DATE)
    end = forms.DateField(label=_("To"), widget=DATE)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start: dt.date | None = data.get("start")
        end: dt.date | None = data.get("end")
        if start and end and end < start:
            raise forms.ValidationError(_("The period cannot end before it starts."))
        return data


class InformationSheetForm(PeriodForm):
    language = forms.ChoiceField(label=_("Language"), choices=settings.LANGUAGES)


class DocumentChoiceField(forms.ModelMultipleChoiceField):
    """The meeting's documents by their title in the reader's language, or any they have."""

    def label_from_instance(self, obj: Any) -> str:
        versions = list(obj.versions.all())
        own = obj.version_in(get_language() or "en")
        title = own.title if own else (versions[0].title if versions else f"#{obj.pk}")
        return f"{title} ({obj.issued_on.isoformat()})"


class CompilationForm(forms.Form):
    """Which of the meeting's documents go into the compilation."""

    documents: forms.ModelMultipleChoiceField[Document] = DocumentChoiceField(
        label=_("Documents"),
        queryset=Document.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one document.")},
    )

    def __init__(self, data: Any = None, *, documents: QuerySet[Document]) -> None:
        super().__init__(data)
        field = self.fields["documents"]
        assert isinstance(field, forms.ModelMultipleChoiceField)
        field.queryset = documents
