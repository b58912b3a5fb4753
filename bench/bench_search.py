"""Full-text search of the archive: 10,000 English and 10,000 Russian documents, indexed, then
a fixed set of queries timed one by one.

The documents (one version each, 200 to 400 words) are drawn from a vocabulary of migration
terms in several inflected forms, common words weighing more than rare ones (Zipf). Indexing
is `search.rebuild()` (what `almaty archive reindex` does) and, for the cost a save pays, a few
hundred `search.index_version` calls. Each query runs as the Support Unit (who reads every
document: the largest result sets) unless marked anonymous, 20 times after one untimed call;
its p50, p95 and max are reported, and those of all queries together. Wall-clock times are
what a reader waits; `*_cpu_*` figures are this process's CPU time (all of the work on SQLite,
only the client's on PostgreSQL), which a busy machine inflates far less; the load average is
recorded at both ends for that reason.

The harness gives this benchmark a temporary SQLite file (the embedded default). When
`BENCH_DATABASE_URL` names a PostgreSQL server (e.g. `postgresql://postgres@127.0.0.1:5432/postgres`),
`search.postgresql` runs the same workload there, in a child process, on a database it creates
and drops.
"""

from __future__ import annotations

import datetime as dt
import itertools
import os
import random
import statistics
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from time import perf_counter, process_time
from typing import Any

from bench.database import postgresql_child, run_in_postgresql_child
from bench.run import benchmark

DOCUMENTS_PER_LANGUAGE = 10_000
WORDS = (200, 400)
RARE_DOCUMENTS = 12  # documents per language that hold the rare word
QUERY_RUNS = 20
SINGLE_INDEX_CALLS = 300
SEED = 20_240_605


def _words(text: str) -> list[str]:
    return text.split()


# Content words, most frequent first (Zipf weights follow this order); inflected forms of one
# word are separate entries, as in real texts.
ENGLISH = _words("""
migration migrants migrant labour border refugees refugee protection cooperation national
regional states process return workers rights asylum data management international government
borders policy assistance returned integration documents displacement trafficking smuggling
employment families family children women recommendations agreement agreements capacity
training workshop meeting declaration Almaty Kazakhstan Kyrgyzstan Tajikistan Turkmenistan
Uzbekistan Afghanistan Azerbaijan Türkiye Iran UNHCR IOM remittances crossing crossings
registration residence permits permit visa visas legislation implementation statistics
dialogue consultation ministry policies humanitarian health education market recruitment
diaspora circular irregular regular pathways security emergency preparedness climate
environmental vulnerable gender human identity stateless statelessness reunification
unaccompanied returnees returning smugglers trafficked displaced seekers consular services
procedures screening referral mechanism mechanisms partners donors funding project projects
survey surveys census records information sharing analysis report reports review progress
commitments priorities objectives participants delegations chair senior officials ministerial
conference thematic session sessions outcome support unit secretariat members observers
""")
RUSSIAN = _words("""
миграции миграция мигрантов мигранты трудовых трудовой границы беженцев беженцы защиты
сотрудничества национальных регионального государств процесса возвращения работников прав
убежища данных управления международного правительства границ политики помощи интеграции
документов перемещения торговли людьми незаконного ввоза занятости семей семьи детей женщин
рекомендаций соглашения соглашений потенциала обучения семинара совещания декларации
Алматинского Казахстана Кыргызстана Таджикистана Туркменистана Узбекистана Афганистана
Азербайджана Турции Ирана УВКБ МОМ денежных переводов пересечения регистрации жительства
разрешений визы визового законодательства реализации статистики диалога консультаций
министерства гуманитарной здравоохранения образования рынка труда найма диаспоры циркулярной
нерегулярной регулярной путей безопасности чрезвычайных ситуаций готовности климата
экологических уязвимых гендерных человека удостоверения личности безгражданства апатридов
воссоединения несопровождаемых возвращенцев мигрантам мигрантами беженцам беженцами
консульских услуг процедур отбора перенаправления механизма механизмов партнеров доноров
финансирования проекта проектов обследования переписи учета информации обмена анализа
доклада докладов обзора хода обязательств приоритетов целей участников делегаций
председателя старших должностных лиц министерской конференции тематической сессии итогов
группы поддержки секретариата членов наблюдателей
""")
FUNCTION_WORDS = {
    "en": _words(
        "the of and to in for with on by at from as is are was were that this their between"
    ),
    "ru": _words("и в на с по для о из к от при между а также что как это их"),
}
RARE_WORD = {"en": "readmission", "ru": "реадмиссии"}
TITLE_WORDS = (4, 9)


@dataclass(frozen=True)
class Query:
    name: str
    text: str
    filters: Mapping[str, Any] = field(default_factory=dict)
    anonymous: bool = False


def queries(topic: str, state: str) -> list[Query]:
    return [
        Query("en_single", "migrants"),
        Query("en_two_words", "labour migrants"),
        Query("en_common", "migration"),
        Query("en_rare", "readmission"),
        Query("en_phrase", '"labour migration"'),
        Query("en_filtered", "refugees", {"kind": "report", "year": 2015}),
        Query("en_anonymous", "border management", anonymous=True),
        Query("ru_single", "беженцев"),
        Query("ru_two_words", "трудовых мигрантов"),
        Query("ru_common", "миграции"),
        Query("ru_rare", "реадмиссия"),
        Query("ru_filtered", "мигрантов", {"topic": topic, "state_iso3": state}),
        Query("ru_anonymous", "защита беженцев", anonymous=True),
        Query("latest_filtered", "", {"year": 2019, "language": "ru"}),
    ]


# --- the archive ----------------------------------------------------------------------------


class Writer:
    """Draws words of one language: content words by Zipf's law, function words between them
    (about two in five), sentences of 9 to 18 words."""

    def __init__(self, rng: random.Random, language: str, vocabulary: Sequence[str]) -> None:
        self.rng = rng
        content = [1 / (rank + 1) for rank in range(len(vocabulary))]
        function = FUNCTION_WORDS[language]
        share = 0.4 * sum(content) / len(function)
        self.words = [*vocabulary, *function]
        self.cumulative = list(itertools.accumulate([*content, *(share for _ in function)]))
        self.title_words = list(vocabulary[:60])
        self.title_cumulative = self.cumulative[:60]

    def text(self, count: int, *, title: bool = False) -> str:
        if title:
            drawn = self.rng.choices(self.title_words, cum_weights=self.title_cumulative, k=count)
        else:
            drawn = self.rng.choices(self.words, cum_weights=self.cumulative, k=count)
        sentences = []
        while drawn:
            cut = self.rng.randint(9, 18)
            sentence = " ".join(drawn[:cut])
            sentences.append(sentence[:1].upper() + sentence[1:])
            drawn = drawn[cut:]
        return ". ".join(sentences) + ("" if title else ".")


def build_archive(rng: random.Random) -> int:
    """Create the documents and their versions (not indexed); returns how many versions."""
    from almaty.archive.choices import Access, DocumentKind, TranslationStatus
    from almaty.archive.models import Document, DocumentVersion, Topic
    from almaty.meetings.models import Meeting
    from almaty.process.models import State

    topics = list(Topic.objects.values_list("pk", flat=True))
    states = list(State.objects.values_list("pk", flat=True))
    meetings = [None, None, None, *Meeting.objects.values_list("pk", flat=True)]
    kinds = DocumentKind.values
    access = rng.choices(Access.values, weights=[7, 2, 1], k=2 * DOCUMENTS_PER_LANGUAGE)
    documents = Document.objects.bulk_create(
        Document(
            kind=rng.choice(kinds),
            issued_on=dt.date(2011, 1, 1) + dt.timedelta(days=rng.randrange(15 * 365)),
            meeting_id=rng.choice(meetings),
            access=access[n],
        )
        for n in range(2 * DOCUMENTS_PER_LANGUAGE)
    )
    Document.topics.through.objects.bulk_create(
        Document.topics.through(document_id=d.pk, topic_id=t)
        for d in documents
        for t in rng.sample(topics, rng.randint(1, 3))
    )
    Document.states.through.objects.bulk_create(
        Document.states.through(document_id=d.pk, state_id=s)
        for d in documents
        for s in rng.sample(states, rng.randint(0, 3))
    )
    writers = {"en": Writer(rng, "en", ENGLISH), "ru": Writer(rng, "ru", RUSSIAN)}
    versions = []
    for n, document in enumerate(documents):
        language = "en" if n < DOCUMENTS_PER_LANGUAGE else "ru"
        text = writers[language].text(rng.randint(*WORDS))
        if n % DOCUMENTS_PER_LANGUAGE < RARE_DOCUMENTS:
            text += f" {RARE_WORD[language]}."
        title = writers[language].text(rng.randint(*TITLE_WORDS), title=True)
        versions.append(
            DocumentVersion(
                document=document,
                language=language,
                title=title[:500],
                text=text,
                status=TranslationStatus.ORIGINAL,
            )
        )
    DocumentVersion.objects.bulk_create(versions, batch_size=1000)
    return len(versions)


def _support_unit_user() -> Any:
    from almaty.accounts.models import Role, RoleAssignment, User

    user = User.objects.create(email=f"search-bench-{uuid.uuid4().hex}@example.org")
    RoleAssignment.objects.create(
        user=user, role=Role.objects.get(code="support_unit"), valid_from=dt.date(2000, 1, 1)
    )
    return user


def _percentile(values: Sequence[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def workload() -> dict[str, float]:
    """Build, index and query the archive on the default database; the figures measured."""
    from django.contrib.auth.models import AnonymousUser
    from django.db import connection

    from almaty.archive import search
    from almaty.archive.models import DocumentVersion
    from almaty.process.services import reference_load

    rng = random.Random(SEED)
    figures: dict[str, float] = {"load_average_start": os.getloadavg()[0]}
    reference_load()
    started = perf_counter()
    versions = build_archive(rng)
    built = perf_counter()
    indexed = search.rebuild()
    rebuilt = perf_counter()
    if indexed != versions:
        raise AssertionError(f"{indexed} versions indexed out of {versions}")

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")  # as autovacuum soon would after such a load

    sample = list(DocumentVersion.objects.order_by("?")[:SINGLE_INDEX_CALLS])
    one_by_one = perf_counter()
    for version in sample:
        search.index_version(version)
    single_seconds = (perf_counter() - one_by_one) / len(sample)

    figures |= {
        "versions": versions,
        "build_seconds": built - started,
        "index_seconds": rebuilt - built,
        "index_versions_per_second": versions / (rebuilt - built),
        "index_version_ms": single_seconds * 1000,
    }
    users = {False: _support_unit_user(), True: AnonymousUser()}
    everything: list[float] = []
    cpu_everything: list[float] = []
    for query in queries(topic="labour-migration", state="KAZ"):
        user = users[query.anonymous]
        page = search.search(user=user, query=query.text, **query.filters)  # untimed: warm
        if not page.hits:
            raise AssertionError(f"{query.name} ({query.text!r}) found nothing")
        timings, cpu = [], []
        for _ in range(QUERY_RUNS):
            start, start_cpu = perf_counter(), process_time()
            search.search(user=user, query=query.text, **query.filters)
            timings.append((perf_counter() - start) * 1000)
            cpu.append((process_time() - start_cpu) * 1000)
        everything += timings
        cpu_everything += cpu
        figures[f"{query.name}_found"] = page.total
        figures[f"{query.name}_p50_ms"] = statistics.median(timings)
        figures[f"{query.name}_p95_ms"] = _percentile(timings, 0.95)
        figures[f"{query.name}_max_ms"] = max(timings)
        figures[f"{query.name}_cpu_p50_ms"] = statistics.median(cpu)
    figures["query_p50_ms"] = statistics.median(everything)
    figures["query_p95_ms"] = _percentile(everything, 0.95)
    figures["query_max_ms"] = max(everything)
    figures["query_cpu_p50_ms"] = statistics.median(cpu_everything)
    figures["query_cpu_p95_ms"] = _percentile(cpu_everything, 0.95)
    figures["load_average_end"] = os.getloadavg()[0]
    return figures


@benchmark(database=True, repeat=1, warmup=0)
def sqlite() -> dict[str, float]:
    return workload()


# --- PostgreSQL, in a child process ---------------------------------------------------------


@benchmark(repeat=1, warmup=0)
def postgresql() -> dict[str, float]:
    return run_in_postgresql_child(
        "bench.bench_search", os.environ["BENCH_DATABASE_URL"], label="search"
    )


BENCHMARKS = [sqlite, *([postgresql] if os.environ.get("BENCH_DATABASE_URL") else [])]


if __name__ == "__main__":
    postgresql_child(workload)
