"""Reads of the archive: documents with what their pages need, media items of a period, topics,
the glossary terms found in a text, and the translation status of every language version."""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db.models import CharField, Prefetch, QuerySet
from django.db.models.functions import Cast, Substr

from almaty.archive import access
from almaty.archive.choices import Language
from almaty.archive.models import (
    FINAL_STATUSES,
    Document,
    DocumentVersion,
    GlossaryTerm,
    MediaItem,
    Topic,
)

WORD = re.compile(r"\w+")  # Unicode-aware: Latin and Cyrillic letters alike
STEMMERS: dict[str, str] = {Language.EN: "english", Language.RU: "russian"}


def _with_related(queryset: QuerySet[Document]) -> QuerySet[Document]:
    return queryset.select_related("meeting").prefetch_related(
        Prefetch("versions", queryset=DocumentVersion.objects.order_by("language")),
        "topics",
        "states",
    )


def documents() -> QuerySet[Document]:
    """All documents with their meeting, versions (by language), topics and States."""
    return _with_related(Document.objects.all())


def documents_visible_to(user: Any) -> QuerySet[Document]:
    """The documents the user may read, with their meeting, versions, topics and States."""
    return _with_related(access.documents_visible_to(user))


def topics() -> QuerySet[Topic]:
    return Topic.objects.order_by("position", "code")


def glossary_terms(*, topic: Topic | None = None) -> QuerySet[GlossaryTerm]:
    terms = GlossaryTerm.objects.select_related("topic").order_by("term_en")
    return terms.filter(topic=topic) if topic is not None else terms


def media_items(start: dt.date | None = None, end: dt.date | None = None) -> QuerySet[MediaItem]:
    """Media items published from `start` to `end` (both included), newest first, with their
    States and topics."""
    items = MediaItem.objects.prefetch_related("states", "topics").order_by("-published_on", "-pk")
    if start is not None:
        items = items.filter(published_on__gte=start)
    if end is not None:
        items = items.filter(published_on__lte=end)
    return items


# --- the glossary beside a text ------------------------------------------------------------------


def _stems(language: str) -> Callable[[list[str]], list[str]]:
    try:
        import Stemmer
    except ImportError:  # still matches whole words, only not their inflected forms
        return lambda words: words
    # One stemmer per call: PyStemmer's objects are not safe to share between threads.
    return Stemmer.Stemmer(STEMMERS[language]).stemWords


def _words(text: str, stem: Callable[[list[str]], list[str]]) -> list[str]:
    # Russian texts write ё as е as often as not; case never matters.
    return stem([word.casefold().replace("ё", "е") for word in WORD.findall(text)])


def glossary_for_text(text: str, language: str) -> list[GlossaryTerm]:
    """The glossary terms whose `term_<language>` occurs in the text (English or Russian): whole
    words, any case, any inflection ("мигрантов" finds "мигрант"), in order of first
    occurrence."""
    if language not in STEMMERS or not text:
        return []
    stem = _stems(language)
    words = _words(text, stem)
    where: dict[str, list[int]] = defaultdict(list)
    for index, word in enumerate(words):
        where[word].append(index)
    found: list[tuple[int, int, GlossaryTerm]] = []
    for term in glossary_terms():
        phrase = _words(str(getattr(term, f"term_{language}") or ""), stem)
        if not phrase:
            continue
        for start in where.get(phrase[0], []):
            if words[start : start + len(phrase)] == phrase:
                found.append((start, -len(phrase), term))
                break
    return [term for _start, _length, term in sorted(found, key=lambda row: row[:2])]


# --- translation status ------------------------------------------------------------------------


@dataclass(frozen=True)
class TranslationRow:
    """One document and the status of its version in each language (None: no version)."""

    document: Document
    title: str
    statuses: dict[str, str | None]

    @property
    def has_parity(self) -> bool:
        return self.document.has_parity

    @property
    def missing(self) -> list[str]:
        return [language for language, status in self.statuses.items() if status is None]

    @property
    def unfinished(self) -> list[str]:
        """Languages with a version that is not yet final (nor the original)."""
        return [
            language
            for language, status in self.statuses.items()
            if status is not None and status not in FINAL_STATUSES
        ]


def translation_overview(documents_in: QuerySet[Document] | None = None) -> list[TranslationRow]:
    """For the translation dashboard: every document (or those given) with the status of each
    language version, languages in the order of `Language`. Two queries whatever the count
    (more if the documents given prefetch more)."""
    queryset = (Document.objects.all() if documents_in is None else documents_in).prefetch_related(
        "versions"
    )
    rows = []
    for document in queryset:
        versions = {version.language: version for version in document.versions.all()}
        title_version = versions.get(Language.EN) or next(iter(versions.values()), None)
        rows.append(
            TranslationRow(
                document=document,
                title=title_version.title if title_version else f"#{document.pk}",
                statuses={
                    language: versions[language].status if language in versions else None
                    for language in Language.values
                },
            )
        )
    return rows


def issue_years(documents: QuerySet[Document]) -> list[int]:
    """The years in which these documents were issued, the latest first. The year is cut from
    the ISO date as text: `dates(..., "year")` calls a Python function per row on SQLite (40 ms
    for 20,000 documents against 5)."""
    year = Substr(Cast("issued_on", output_field=CharField()), 1, 4)
    found = documents.order_by().annotate(issue_year=year).values_list("issue_year", flat=True)
    return sorted({int(y) for y in found.distinct()}, reverse=True)
