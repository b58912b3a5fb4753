"""Full-text search of the archive's document versions in English and Russian (the other
languages of the Process are found word for word, unstemmed).

SQLite (the embedded default): an FTS5 table of stems made in Python (`engine.stemming`), ranked
by bm25 with the title weighing ten times the text. PostgreSQL: a tsvector per version, made
with the `english`, `russian` or `simple` configuration after the version's language, the title
weighted A; a query is read by all three configurations and ranked by ts_rank.

The index also holds each version's document and language (migration 0003), so a search ranks
and groups its matches without reading the versions table. A search returns one hit per
document, its best-ranked version, among the documents the user may read
(`access.documents_visible_to`, joined at query time: access is never copied into the index),
and a snippet cut in Python on both databases. A
query without any word (empty, or only punctuation) searches nothing: it lists the documents
that pass the filters, the latest first, unranked.

`index_version` and `unindex_version` are called by the archive's services after each change;
`rebuild` reindexes everything (`almaty archive reindex`).

Where the two databases differ: SQLite stems a word by its script (Cyrillic as Russian, Latin
as English) whatever the version's language, PostgreSQL by the version's language; PostgreSQL
also reads `or` and a leading `-` as operators (websearch_to_tsquery), and drops English and
Russian stop words, so a query of stop words alone finds nothing there.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from django.core.exceptions import ImproperlyConfigured
from django.db import DatabaseError, connection, transaction
from django.db.models import Exists, F, OuterRef, QuerySet
from django.utils import translation
from django.utils.safestring import SafeString, mark_safe

from almaty.archive.access import documents_visible_to
from almaty.archive.choices import Language
from almaty.archive.engine import stemming
from almaty.archive.models import Document, DocumentVersion

TITLE_WEIGHT = 10.0  # bm25 weight of the title's column on SQLite; the text's weighs 1
MAX_LIMIT = 100
BATCH = 500  # versions per round trip when rebuilding
# PostgreSQL's configuration for a version's language; any other language: "simple".
POSTGRES_CONFIGS: dict[str, str] = {Language.EN: "english", Language.RU: "russian"}
QUERY_CONFIGS = ("english", "russian", "simple")
# tsvector holds at most 1 MB; a text that big is cut before it is indexed (see _PostgresIndex).
POSTGRES_MAX_BODY_CHARS = 1_000_000
LONG_BODY_CHARS = 100_000  # a shorter text cannot overflow tsvector

Row = tuple[int, int, str, str, str]  # version id, document id, language, title, body


@dataclass(frozen=True)
class Hit:
    document: Document
    version: DocumentVersion
    rank: float
    snippet: SafeString  # escaped HTML; the words found are in <mark>


@dataclass(frozen=True)
class SearchPage:
    total: int
    hits: list[Hit]


# --- indexing -------------------------------------------------------------------------------


def _row(version: DocumentVersion) -> Row:
    return (
        version.pk,
        version.document_id,
        version.language,
        version.title,
        _body(version.text, version.extracted_text),
    )


def _body(text: str, extracted_text: str) -> str:
    return "\n".join(part for part in (text, extracted_text) if part)


def index_version(version: DocumentVersion) -> None:
    """Index (or reindex) one saved version: its title, text and the text extracted from its
    file."""
    if version.pk is None:
        raise ValueError("Only a saved version can be indexed.")
    _index().put([_row(version)])


def unindex_version(version_id: int) -> None:
    """Forget a version; nothing happens if it was never indexed."""
    _index().delete(version_id)


def rebuild(progress: Callable[[int, int], None] | None = None) -> int:
    """Empty the index and index every version again; returns how many were indexed.
    `progress(done, total)` is called after each batch."""
    index = _index()
    versions = DocumentVersion.objects.order_by("pk").values_list(
        "pk", "document_id", "language", "title", "text", "extracted_text"
    )
    with transaction.atomic():
        total = versions.count()
        index.clear()
        done = 0
        batch: list[Row] = []
        for pk, document_id, language, title, text, extracted in versions.iterator(
            chunk_size=BATCH
        ):
            batch.append((pk, document_id, language, title, _body(text, extracted)))
            if len(batch) == BATCH:
                index.put(batch)
                done += len(batch)
                batch = []
                if progress:
                    progress(done, total)
        index.put(batch)
        done += len(batch)
    if progress:
        progress(done, total)
    return done


class _Index(Protocol):
    def put(self, rows: Sequence[Row]) -> None: ...
    def delete(self, version_id: int) -> None: ...
    def clear(self) -> None: ...
    def hits_sql(
        self, query: str, parsed: stemming.Query, language: str | None
    ) -> tuple[str, list[Any]]:
        """SQL giving (version_id, document_id, score) of the versions that match (in
        `language`, if given), a higher score better."""
        ...


class _SqliteIndex:
    def put(self, rows: Sequence[Row]) -> None:
        if not rows:
            return
        with connection.cursor() as cursor:
            cursor.executemany(
                "INSERT OR REPLACE INTO archive_search_fts (rowid, title, body) VALUES (%s, %s, %s)",
                [
                    (pk, stemming.index_text(title), stemming.index_text(body))
                    for pk, _, _, title, body in rows
                ],
            )
            cursor.executemany(
                "INSERT OR REPLACE INTO archive_search_version (version_id, document_id, language) "
                "VALUES (%s, %s, %s)",
                [(pk, document_id, language) for pk, document_id, language, _, _ in rows],
            )

    def delete(self, version_id: int) -> None:
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM archive_search_fts WHERE rowid = %s", [version_id])
            cursor.execute("DELETE FROM archive_search_version WHERE version_id = %s", [version_id])

    def clear(self) -> None:
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM archive_search_fts")
            cursor.execute("DELETE FROM archive_search_version")

    def hits_sql(
        self, query: str, parsed: stemming.Query, language: str | None
    ) -> tuple[str, list[Any]]:
        # `+rowid`: the outer query's conditions must not reach FTS5, which would otherwise
        # run the whole search again for each allowed version.
        # bm25 is smaller for better matches: negated, a higher score ranks first.
        sql = (
            "SELECT m.version_id, m.document_id, f.score FROM ("
            "SELECT +rowid AS version_id, -bm25(archive_search_fts, %s, 1.0) AS score "
            "FROM archive_search_fts WHERE archive_search_fts MATCH %s"
            ") f JOIN archive_search_version m ON m.version_id = f.version_id"
        )
        params: list[Any] = [TITLE_WEIGHT, parsed.fts5()]
        if language:
            sql += " WHERE m.language = %s"
            params.append(language)
        return sql, params


class _PostgresIndex:
    UPSERT = (
        "INSERT INTO archive_search (version_id, document_id, language, vector) "
        "VALUES (%s, %s, %s, "
        "setweight(to_tsvector(%s::regconfig, %s), 'A') || to_tsvector(%s::regconfig, %s)) "
        "ON CONFLICT (version_id) DO UPDATE SET document_id = EXCLUDED.document_id, "
        "language = EXCLUDED.language, vector = EXCLUDED.vector"
    )
    BODY = 6  # the body's place among an upsert's parameters

    def put(self, rows: Sequence[Row]) -> None:
        params: list[tuple[Any, ...]] = []
        for pk, document_id, language, title, body in rows:
            config = POSTGRES_CONFIGS.get(language, "simple")
            params.append(
                (pk, document_id, language, config, title, config, body[:POSTGRES_MAX_BODY_CHARS])
            )
        if not params:
            return
        try:
            with transaction.atomic(), connection.cursor() as cursor:
                cursor.executemany(self.UPSERT, params)
        except DatabaseError:
            # A text whose lexemes overflow tsvector's 1 MB is indexed by its title and as
            # much of its beginning as fits; any other error is no business of this.
            if not any(len(p[self.BODY]) > LONG_BODY_CHARS for p in params):
                raise
            for one in params:
                self._put_shortened(one)

    def _put_shortened(self, params: tuple[Any, ...]) -> None:
        head, body = list(params[: self.BODY]), params[self.BODY]
        while True:
            try:
                with transaction.atomic(), connection.cursor() as cursor:
                    cursor.execute(self.UPSERT, [*head, body])
                return
            except DatabaseError:
                if len(body) <= LONG_BODY_CHARS:
                    raise
            body = body[: len(body) // 2]

    def delete(self, version_id: int) -> None:
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM archive_search WHERE version_id = %s", [version_id])

    def clear(self) -> None:
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM archive_search")

    def hits_sql(
        self, query: str, parsed: stemming.Query, language: str | None
    ) -> tuple[str, list[Any]]:
        # PostgreSQL reads the words itself, with each configuration: a Russian word is
        # stemmed by `russian`, an English one by `english` (and by `russian` too, which
        # stems Latin words as English), any other is matched as written by `simple`.
        text = stemming.clean_query(query)
        tsquery = " || ".join("websearch_to_tsquery(%s::regconfig, %s)" for _ in QUERY_CONFIGS)
        params = [p for config in QUERY_CONFIGS for p in (config, text)]
        sql = (
            f"SELECT version_id, document_id, ts_rank(vector, ({tsquery})) AS score "  # noqa: S608 - fixed text; the query is a parameter
            f"FROM archive_search WHERE vector @@ ({tsquery})"
        )
        params = params + params
        if language:
            sql += " AND language = %s"
            params.append(language)
        return sql, params


def _index() -> _Index:
    if connection.vendor == "postgresql":
        return _PostgresIndex()
    if connection.vendor == "sqlite":
        return _SqliteIndex()
    # The platform runs on these two databases only (ADR 0001); say so plainly on any other.
    raise ImproperlyConfigured(
        f"The archive's search works on SQLite and PostgreSQL, not on {connection.vendor}."
    )


# --- searching ------------------------------------------------------------------------------


def search(
    *,
    user: Any,
    query: str = "",
    kind: str | None = None,
    year: int | None = None,
    meeting_id: int | None = None,
    topic: str | None = None,
    state_iso3: str | None = None,
    language: str | None = None,
    limit: int = 20,
    offset: int = 0,
) -> SearchPage:
    """The documents the user may read that hold all the words of `query` (a "quoted phrase"
    as written) and pass the filters: best match first, then the latest. Without any word,
    the documents that pass the filters, the latest first. `topic` is a topic's code."""
    limit = max(0, min(limit, MAX_LIMIT))
    offset = max(0, offset)
    documents = documents_visible_to(user)
    if kind:
        documents = documents.filter(kind=kind)
    if year:
        documents = documents.filter(issued_on__year=year)
    if meeting_id:
        documents = documents.filter(meeting_id=meeting_id)
    if topic:
        documents = documents.filter(topics__code=topic)
    if state_iso3:
        documents = documents.filter(states__iso3=state_iso3)
    in_language = DocumentVersion.objects.all()
    if language:
        in_language = in_language.filter(language=language)
    parsed = stemming.parse_query(query)
    if parsed.is_empty:
        return _latest(documents, in_language, language=language, limit=limit, offset=offset)
    narrowed = any((kind, year, meeting_id, topic, state_iso3))
    return _ranked(
        query,
        parsed,
        documents,
        language=language,
        narrowed=narrowed,
        limit=limit,
        offset=offset,
    )


def _ranked(
    query: str,
    parsed: stemming.Query,
    documents: QuerySet[Document],
    *,
    language: str | None,
    narrowed: bool,
    limit: int,
    offset: int,
) -> SearchPage:
    """`narrowed`: the documents are filtered by more than their access level."""
    hits_sql, hits_params = _index().hits_sql(query, parsed, language)
    # The documents that may be shown, joined as a derived table: the database checks each
    # match's document by its key, rather than listing every allowed document first.
    allowed_sql, allowed_params = (
        documents.order_by()
        .annotate(search_document_id=F("pk"), search_issued_on=F("issued_on"))
        .values("search_document_id", "search_issued_on")
        .query.sql_with_params()
    )
    params = [*hits_params, *allowed_params]
    # PostgreSQL ranks every match first when the documents are not narrowed, the ranks then
    # joined: left to itself, it may misjudge how many versions match (it judges the words
    # one by one) and carry each match's whole tsvector into the join (measured: 110 ms
    # instead of 60 for 10,000 matches). When they are narrowed, it starts from the few
    # allowed documents instead, which materialising would forbid.
    materialized = "MATERIALIZED " if connection.vendor == "postgresql" and not narrowed else ""
    # The matches, numbered within each document, best first. The index knows each match's
    # document: the versions table is not read.
    ranked = f"""
        WITH hits AS {materialized}({hits_sql}),
        ranked AS (
            SELECT h.version_id, h.score, h.document_id, d.search_issued_on AS issued_on,
                   ROW_NUMBER() OVER (
                       PARTITION BY h.document_id ORDER BY h.score DESC, h.version_id
                   ) AS place
            FROM hits h
            JOIN ({allowed_sql}) d ON d.search_document_id = h.document_id
        )
    """  # noqa: S608 - fixed text and Django's compiled SQL; every value is a parameter
    # The best version of each document, one page of them and, by a window over all of them,
    # their number: one statement.
    page_sql = f"""{ranked}
        SELECT version_id, score, COUNT(*) OVER () AS total
        FROM ranked
        WHERE place = 1
        ORDER BY score DESC, issued_on DESC, document_id DESC
        LIMIT %s OFFSET %s
    """  # noqa: S608 - as above
    with connection.cursor() as cursor:
        cursor.execute(page_sql, [*params, limit, offset])
        rows = cursor.fetchall()
        if rows:
            total = int(rows[0][2])
        elif limit == 0 or offset > 0:  # an empty page says nothing of the others
            count_sql = f"{ranked} SELECT COUNT(*) FROM ranked WHERE place = 1"  # noqa: S608
            cursor.execute(count_sql, params)
            total = int(cursor.fetchone()[0])
        else:
            total = 0
    found = DocumentVersion.objects.select_related("document").in_bulk([r[0] for r in rows])
    hits = []
    for version_id, score, _ in rows:
        version = found.get(version_id)
        if version is None:  # removed since the statement above
            continue
        hits.append(Hit(version.document, version, float(score), _snippet(version, parsed)))
    return SearchPage(total=total, hits=hits)


def _latest(
    documents: QuerySet[Document],
    in_language: QuerySet[DocumentVersion],
    *,
    language: str | None,
    limit: int,
    offset: int,
) -> SearchPage:
    listed = documents.filter(Exists(in_language.filter(document=OuterRef("pk")))).order_by(
        "-issued_on", "-pk"
    )
    total = listed.count()
    page = list(listed[offset : offset + limit]) if limit else []
    by_document: dict[int, list[DocumentVersion]] = {}
    for version in in_language.filter(document__in=[d.pk for d in page]).order_by("language"):
        by_document.setdefault(version.document_id, []).append(version)
    preferred = _preferred_languages(language)
    hits = []
    for document in page:
        candidates = by_document.get(document.pk)
        if not candidates:  # its last version went since the count
            continue
        version = min(
            candidates,
            key=lambda v: preferred.index(v.language) if v.language in preferred else 99,
        )
        version.document = document
        hits.append(Hit(document, version, 0.0, _snippet(version, None)))
    return SearchPage(total=total, hits=hits)


def _preferred_languages(language: str | None) -> list[str]:
    first = [language] if language else [translation.get_language() or Language.EN]
    return [*first, Language.EN, Language.RU]


def _snippet(version: DocumentVersion, parsed: stemming.Query | None) -> SafeString:
    body = _body(version.text, version.extracted_text)
    stems = parsed.stems if parsed else frozenset()
    # Escaped by the engine, word by word; only the <mark> tags are its own.
    return mark_safe(stemming.snippet(body, stems))  # noqa: S308
