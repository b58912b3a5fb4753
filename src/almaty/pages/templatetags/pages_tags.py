"""Template pieces of the pages app: a meeting's photo gallery, each photo's texts in the
reader's language (English, said to be English, when the Russian text is missing)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django import template
from django.utils.translation import get_language

from almaty.pages.models import MeetingPhoto
from almaty.pages.selectors import photos_for_meeting

register = template.Library()


@dataclass(frozen=True)
class PhotoTexts:
    alt: str
    alt_language: str
    caption: str
    caption_language: str
    english_only: bool  # the reader's language is missing and the English text stands in


@register.filter
def photo_texts(photo: MeetingPhoto, language: str | None = None) -> PhotoTexts:
    language = (language or get_language() or "en")[:2]
    alt, alt_language = photo.alt_in(language), language
    if not alt:
        alt, alt_language = photo.alt_en, "en"
    caption, caption_language = photo.caption_in(language), language
    if not caption and photo.caption_en:
        caption, caption_language = photo.caption_en, "en"
    english_only = language != "en" and (alt_language == "en" or caption_language == "en")
    return PhotoTexts(alt, alt_language, caption, caption_language, english_only)


@register.inclusion_tag("pages/_meeting_photos.html", takes_context=True)
def meeting_photos(context: template.Context, meeting_id: int) -> dict[str, Any]:
    """The gallery of a meeting's published photos (one query)."""
    return {"photos": photos_for_meeting(meeting_id), "LANGUAGE_CODE": get_language()}
