"""Media items, glossary terms and topics."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator, validate_slug
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from almaty.archive.models import GlossaryTerm, MediaItem, Topic
from almaty.archive.services.common import (
    _date,
    _language,
    _require_archivist,
    _state,
    _text,
    _topic,
    _user,
)
from almaty.core.audit import audit_record
from almaty.core.errors import InvalidInput
from almaty.core.models import AuditAction
from almaty.process.models import State

# --- media items, glossary, topics -------------------------------------------------------------


@transaction.atomic
def media_item_save(
    *,
    actor: Any | None,
    outlet: str,
    published_on: dt.date,
    language: str,
    headline: str,
    url: str = "",
    summary_en: str = "",
    summary_ru: str = "",
    states: Iterable[State | str] = (),
    topics: Iterable[Topic | str] = (),
    item: MediaItem | None = None,
) -> MediaItem:
    """Record a press or web item (or change `item`)."""
    _require_archivist(actor)
    outlet = _text(MediaItem, "outlet", outlet, _("Give the outlet of the media item."))
    headline = _text(MediaItem, "headline", headline, _("Give the headline of the media item."))
    url = _text(MediaItem, "url", url, None)
    if url:
        try:
            URLValidator(schemes=["http", "https"])(url)
        except ValidationError:
            raise InvalidInput(
                _("The link %(url)s is not a web address (http:// or https://)."), url=url
            ) from None
    chosen_states = {_state(s) for s in states}
    chosen_topics = {_topic(t) for t in topics}
    is_new = item is None
    item = MediaItem() if item is None else MediaItem.objects.select_for_update().get(pk=item.pk)
    item.outlet, item.headline, item.url = outlet, headline, url
    item.published_on = _date(published_on, "published_on")
    item.language = _language(language)
    item.summary_en = (summary_en or "").strip()  # type: ignore[attr-defined]
    item.summary_ru = (summary_ru or "").strip()  # type: ignore[attr-defined]
    if is_new:
        item.created_by = _user(actor)
    item.save()
    item.states.set(chosen_states)
    item.topics.set(chosen_topics)
    audit_record(
        actor=actor,
        action=AuditAction.CREATE if is_new else AuditAction.UPDATE,
        obj=item,
        message_key="media_item.saved",
        params={"title": item.headline, "outlet": item.outlet},
    )
    return item


@transaction.atomic
def media_item_remove(*, actor: Any | None, item: MediaItem) -> None:
    _require_archivist(actor)
    audit_record(
        actor=actor,
        action=AuditAction.DELETE,
        obj=item,
        message_key="media_item.removed",
        params={"title": item.headline, "outlet": item.outlet},
    )
    item.delete()


@transaction.atomic
def glossary_term_save(
    *,
    actor: Any | None,
    term_en: str,
    term_ru: str,
    definition_en: str = "",
    definition_ru: str = "",
    note: str = "",
    topic: Topic | str | None = None,
    term: GlossaryTerm | None = None,
) -> GlossaryTerm:
    """Add a term with its agreed Russian (or change `term`); one entry per English term."""
    _require_archivist(actor)
    term_en = _text(GlossaryTerm, "term_en", term_en, _("Give the term in English and Russian."))
    term_ru = _text(GlossaryTerm, "term_ru", term_ru, _("Give the term in English and Russian."))
    note = _text(GlossaryTerm, "note", note, None)
    chosen_topic = None if topic is None else _topic(topic)
    same = GlossaryTerm.objects.filter(term_en__iexact=term_en)
    if term is not None:
        same = same.exclude(pk=term.pk)
    if same.exists():
        raise InvalidInput(_("The glossary already has the term %(term)s."), term=term_en)
    is_new = term is None
    entry = (
        GlossaryTerm() if term is None else GlossaryTerm.objects.select_for_update().get(pk=term.pk)
    )
    entry.term_en, entry.term_ru = term_en, term_ru  # type: ignore[attr-defined]
    entry.definition_en = (definition_en or "").strip()  # type: ignore[attr-defined]
    entry.definition_ru = (definition_ru or "").strip()  # type: ignore[attr-defined]
    entry.note, entry.topic = note, chosen_topic
    entry.save()
    audit_record(
        actor=actor,
        action=AuditAction.CREATE if is_new else AuditAction.UPDATE,
        obj=entry,
        message_key="glossary.saved",
        params={"term": term_en},
    )
    return entry


@transaction.atomic
def glossary_term_remove(*, actor: Any | None, term: GlossaryTerm) -> None:
    _require_archivist(actor)
    audit_record(
        actor=actor,
        action=AuditAction.DELETE,
        obj=term,
        message_key="glossary.removed",
        params={"term": str(getattr(term, "term_en", term.term))},
    )
    term.delete()


@transaction.atomic
def topic_save(
    *, actor: Any | None, code: str, name_en: str, name_ru: str, position: int = 0
) -> Topic:
    """Add a topic, or rename and reorder the topic with this code."""
    _require_archivist(actor)
    code = _text(Topic, "code", code, _("Give the code of the topic."))
    try:
        validate_slug(code)
    except ValidationError:
        raise InvalidInput(
            _("The topic code %(code)s may hold only letters, digits, hyphens and underscores."),
            code=code,
        ) from None
    name_en = _text(
        Topic, "name_en", name_en, _("Give the name of the topic in English and Russian.")
    )
    name_ru = _text(
        Topic, "name_ru", name_ru, _("Give the name of the topic in English and Russian.")
    )
    if not isinstance(position, int) or not 0 <= position <= 32767:
        raise InvalidInput(_("The position must be a whole number from 0 to 32767."))
    topic = Topic.objects.select_for_update().filter(code=code).first()
    is_new = topic is None
    topic = topic or Topic(code=code)
    before = None if is_new else (topic.name_en, topic.name_ru, topic.position)  # type: ignore[attr-defined]
    topic.name_en, topic.name_ru, topic.position = name_en, name_ru, position  # type: ignore[attr-defined]
    if before == (name_en, name_ru, position):
        return topic
    topic.save()
    audit_record(
        actor=actor,
        action=AuditAction.CREATE if is_new else AuditAction.UPDATE,
        obj=topic,
        message_key="topic.saved",
        params={"name": name_en},
    )
    return topic
