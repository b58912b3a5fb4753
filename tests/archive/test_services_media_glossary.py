"""Media items and glossary terms: checked, stored in both languages, audited."""

from __future__ import annotations

import datetime as dt

import pytest

from almaty.archive import services
from almaty.archive.models import GlossaryTerm, MediaItem
from almaty.core.errors import InvalidInput
from almaty.core.models import AuditAction, AuditEntry
from tests.factories.archive import (
    GlossaryTermFactory,
    MediaItemFactory,
    TopicFactory,
    support_unit_user,
)
from tests.factories.process import StateFactory

DAY = dt.date(2024, 5, 14)


@pytest.fixture
def clerk(db):
    return support_unit_user()


def last_entry() -> tuple[str, str, dict]:
    entry = AuditEntry.objects.order_by("-sequence").first()
    assert entry is not None
    return entry.action, entry.message_key, entry.params


def save_item(clerk, **fields):
    values = {
        "outlet": "Kazinform",
        "published_on": DAY,
        "language": "ru",
        "headline": "Almaty Process meets in Bishkek",
    } | fields
    return services.media_item_save(actor=clerk, **values)


# --- media items ---------------------------------------------------------------------------------


def test_a_media_item_is_recorded_with_states_topics_and_summaries(clerk):
    state = StateFactory()
    topic = TopicFactory()
    item = save_item(
        clerk, url="https://kazinform.kz/news/1", summary_en="A summary.",
        summary_ru="Кратко.", states=["UZB"], topics=[topic],
    )  # fmt: skip
    item.refresh_from_db()
    assert (item.summary_en, item.summary_ru, item.url) == (
        "A summary.",
        "Кратко.",
        "https://kazinform.kz/news/1",
    )
    assert (list(item.states.all()), list(item.topics.all())) == ([state], [topic])
    assert item.created_by == clerk
    assert last_entry() == (
        AuditAction.CREATE,
        "media_item.saved",
        {"title": "Almaty Process meets in Bishkek", "outlet": "Kazinform"},
    )


def test_a_media_item_is_changed_in_place(clerk):
    item = MediaItemFactory()
    saved = save_item(clerk, item=item, headline="Corrected headline")
    assert saved.pk == item.pk
    assert MediaItem.objects.get().headline == "Corrected headline"
    assert last_entry()[:2] == (AuditAction.UPDATE, "media_item.saved")


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"headline": " "}, "Give the headline of the media item."),
        ({"outlet": ""}, "Give the outlet of the media item."),
        ({"language": "de"}, "Unknown language 'de': use one of en, ru, kk, ky, tg, tr, fa."),
        (
            {"url": "javascript:alert(1)"},
            "The link javascript:alert(1) is not a web address (http:// or https://).",
        ),
        ({"url": "kazinform.kz"}, "The link kazinform.kz is not a web address"),
        ({"published_on": "May 2024"}, "'published_on' must be a date (YYYY-MM-DD)."),
        ({"states": ["ZZZ"]}, "Unknown State code 'ZZZ'."),
        ({"outlet": "x" * 201}, "The outlet is too long: at most 200 characters."),
    ],
    ids=["headline", "outlet", "language", "script-url", "bare-url", "date", "state", "long"],
)
def test_a_bad_media_item_is_refused_and_nothing_is_stored(clerk, fields, message):
    before = AuditEntry.objects.count()
    with pytest.raises(InvalidInput) as error:
        save_item(clerk, **fields)
    assert error.value.text.startswith(message)
    assert not MediaItem.objects.exists()
    assert AuditEntry.objects.count() == before


def test_removing_a_media_item_is_audited(clerk):
    item = MediaItemFactory(headline="Old news", outlet="24.kg")
    services.media_item_remove(actor=clerk, item=item)
    assert not MediaItem.objects.exists()
    assert last_entry() == (
        AuditAction.DELETE,
        "media_item.removed",
        {"title": "Old news", "outlet": "24.kg"},
    )


# --- glossary -------------------------------------------------------------------------------------


def test_a_glossary_term_is_stored_in_both_languages_and_audited(clerk):
    topic = TopicFactory(code="asylum")
    term = services.glossary_term_save(
        actor=clerk, term_en="asylum seeker", term_ru="лицо, ищущее убежища",
        definition_en="A person seeking protection.", definition_ru="Лицо, ищущее защиты.",
        note="Not “refugee” until recognised.", topic="asylum",
    )  # fmt: skip
    term.refresh_from_db()
    assert (term.term_en, term.term_ru, term.topic) == (
        "asylum seeker",
        "лицо, ищущее убежища",
        topic,
    )
    assert last_entry() == (AuditAction.CREATE, "glossary.saved", {"term": "asylum seeker"})


def test_a_glossary_term_is_changed_in_place(clerk):
    term = GlossaryTermFactory(term_en="readmission", term_ru="реадмиссия")
    services.glossary_term_save(
        actor=clerk, term_en="readmission", term_ru="реадмиссия (возврат)", term=term
    )
    term.refresh_from_db()
    assert term.term_ru == "реадмиссия (возврат)"
    assert last_entry()[:2] == (AuditAction.UPDATE, "glossary.saved")


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"term_ru": ""}, "Give the term in English and Russian."),
        ({"term_en": "  "}, "Give the term in English and Russian."),
        ({"term_en": "Readmission"}, "The glossary already has the term Readmission."),
        ({"topic": "no-such"}, "Unknown topic 'no-such'."),
    ],
    ids=["no-ru", "no-english", "duplicate-any-case", "topic"],
)
def test_a_bad_glossary_term_is_refused_and_nothing_is_stored(clerk, fields, message):
    GlossaryTermFactory(term_en="readmission", term_ru="реадмиссия")
    before = AuditEntry.objects.count()
    with pytest.raises(InvalidInput) as error:
        services.glossary_term_save(
            actor=clerk, **({"term_en": "visa", "term_ru": "виза"} | fields)
        )
    assert error.value.text == message
    assert GlossaryTerm.objects.count() == 1
    assert AuditEntry.objects.count() == before


def test_removing_a_glossary_term_is_audited(clerk):
    term = GlossaryTermFactory(term_en="stateless person", term_ru="лицо без гражданства")
    services.glossary_term_remove(actor=clerk, term=term)
    assert not GlossaryTerm.objects.exists()
    assert last_entry() == (AuditAction.DELETE, "glossary.removed", {"term": "stateless person"})
