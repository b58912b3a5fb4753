"""Migration 0003 gives the search index each version's document and language, from the rows
already indexed (nothing re-stemmed), and drops rows of versions deleted before it."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from almaty.archive import search
from almaty.archive.engine import stemming
from almaty.archive.models import Document

BEFORE = [("archive", "0002_search_index")]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def _index_as_0002_did(version_id: int, title: str, body: str) -> None:
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(
                "INSERT INTO archive_search_fts (rowid, title, body) VALUES (%s, %s, %s)",
                [version_id, stemming.index_text(title), stemming.index_text(body)],
            )
        else:
            cursor.execute(
                "INSERT INTO archive_search (version_id, vector) VALUES "
                "(%s, to_tsvector('english', %s) || to_tsvector('english', %s))",
                [version_id, title, body],
            )


@pytest.mark.django_db(transaction=True)
def test_the_index_learns_documents_and_languages_from_the_rows_indexed():
    leaf = MigrationExecutor(connection).loader.graph.leaf_nodes("archive")
    old = _migrate(BEFORE)
    document = old.get_model("archive", "Document").objects.create(
        kind="report", issued_on=dt.date(2020, 1, 1), access="public"
    )
    versions = old.get_model("archive", "DocumentVersion").objects
    english = versions.create(document=document, language="en", title="Refugees", text="")
    russian = versions.create(document=document, language="ru", title="Беженцы", text="")
    _index_as_0002_did(english.pk, "Refugees", "Readmission of refugees.")
    _index_as_0002_did(russian.pk, "Беженцы", "Refugees, in Russian.")
    _index_as_0002_did(987_654, "Gone", "A version deleted before the migration: refugees.")

    _migrate(leaf)

    try:
        table = "archive_search_version" if connection.vendor == "sqlite" else "archive_search"
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT version_id, document_id, language FROM {table}")  # noqa: S608
            rows = sorted(cursor.fetchall())
        assert rows == [(english.pk, document.pk, "en"), (russian.pk, document.pk, "ru")]
        page = search.search(user=AnonymousUser(), query="refugees")
        assert page.total == 1
        assert [h.version.pk for h in page.hits] == [english.pk]
        in_russian = search.search(user=AnonymousUser(), query="refugees", language="ru")
        assert [h.version.pk for h in in_russian.hits] == [russian.pk]
    finally:
        Document.objects.filter(pk=document.pk).delete()
