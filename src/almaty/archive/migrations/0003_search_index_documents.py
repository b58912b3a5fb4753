"""The search index learns each version's document and language, so that a search ranks and
groups its matches by document without reading the versions table (issue 5's latency target).

PostgreSQL: two columns of `archive_search`, filled from the versions. SQLite: a narrow
companion table of the FTS5 table, `archive_search_version` (an FTS5 column, even UNINDEXED,
is stored beside the stems and reading it reads them too), and a trigger that forgets a
deleted version, as PostgreSQL's does. Django rebuilds a SQLite table to alter it, which drops
its triggers: test_a_deleted_version_is_not_found_nor_counted (tests/archive/test_search.py)
fails if a later migration loses this one.
Nothing is re-stemmed: the rows are copied from the versions already indexed.
"""

from django.db import migrations

SQLITE_CREATE = [
    """
    CREATE TABLE archive_search_version (
        version_id INTEGER PRIMARY KEY,
        document_id INTEGER NOT NULL,
        language TEXT NOT NULL
    )
    """,
    "CREATE INDEX archive_search_version_document ON archive_search_version (document_id)",
    """
    INSERT INTO archive_search_version (version_id, document_id, language)
    SELECT v.id, v.document_id, v.language
    FROM archive_documentversion v JOIN archive_search_fts f ON f.rowid = v.id
    """,
    # Rows of versions deleted earlier (SQLite had no trigger until now) go.
    "DELETE FROM archive_search_fts WHERE rowid NOT IN (SELECT version_id FROM archive_search_version)",
    """
    CREATE TRIGGER archive_search_forget_version
    AFTER DELETE ON archive_documentversion
    FOR EACH ROW BEGIN
        DELETE FROM archive_search_fts WHERE rowid = OLD.id;
        DELETE FROM archive_search_version WHERE version_id = OLD.id;
    END
    """,
]
SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS archive_search_forget_version",
    "DROP TABLE IF EXISTS archive_search_version",
]

POSTGRES_CREATE = [
    "ALTER TABLE archive_search ADD COLUMN document_id bigint, ADD COLUMN language varchar(8)",
    """
    UPDATE archive_search s SET document_id = v.document_id, language = v.language
    FROM archive_documentversion v WHERE v.id = s.version_id
    """,
    "DELETE FROM archive_search WHERE document_id IS NULL",
    """
    ALTER TABLE archive_search
        ALTER COLUMN document_id SET NOT NULL, ALTER COLUMN language SET NOT NULL
    """,
    "CREATE INDEX archive_search_document ON archive_search (document_id)",
]
POSTGRES_DROP = [
    "DROP INDEX IF EXISTS archive_search_document",
    "ALTER TABLE archive_search DROP COLUMN IF EXISTS document_id, DROP COLUMN IF EXISTS language",
]


def _run(schema_editor, statements):
    for statement in statements:
        schema_editor.execute(statement)


def forwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        _run(schema_editor, SQLITE_CREATE)
    elif vendor == "postgresql":
        _run(schema_editor, POSTGRES_CREATE)
    else:
        raise RuntimeError(f"The archive's search index is not written for {vendor}.")


def backwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        _run(schema_editor, SQLITE_DROP)
    elif vendor == "postgresql":
        _run(schema_editor, POSTGRES_DROP)


class Migration(migrations.Migration):
    dependencies = [("archive", "0002_search_index")]

    operations = [migrations.RunPython(forwards, backwards, elidable=False)]
