"""The full-text index of document versions (written by hand: it is no model).

SQLite: an FTS5 table whose rowid is the version's id; its columns hold the title's and the
text's stems, made in Python (FTS5 has no Russian stemmer). PostgreSQL: one tsvector per
version, made with the configuration of the version's language, under a GIN index.

No foreign key ties an index row to its version: `TRUNCATE archive_documentversion`, which
`manage.py flush` and every transactional test run, refuses a table that another references.
On PostgreSQL a trigger removes the row when its version is deleted (as "on delete cascade"
would). SQLite has no trigger here, because Django rebuilds a SQLite table to alter it and a
trigger would silently go with the old table: `unindex_version` removes the row, `rebuild()`
drops any left behind, and searches join the versions table, so such a row is never shown.
"""

from django.db import migrations

SQLITE_CREATE = (
    "CREATE VIRTUAL TABLE archive_search_fts USING fts5("
    "title, body, tokenize='unicode61 remove_diacritics 2')"
)
SQLITE_DROP = "DROP TABLE IF EXISTS archive_search_fts"

POSTGRES_CREATE = [
    """
    CREATE TABLE archive_search (
        version_id bigint PRIMARY KEY,
        vector tsvector NOT NULL
    )
    """,
    "CREATE INDEX archive_search_vector ON archive_search USING gin (vector)",
    """
    CREATE FUNCTION archive_search_forget_version() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        DELETE FROM archive_search WHERE version_id = OLD.id;
        RETURN OLD;
    END
    $$
    """,
    """
    CREATE TRIGGER archive_search_forget_version
    AFTER DELETE ON archive_documentversion
    FOR EACH ROW EXECUTE FUNCTION archive_search_forget_version()
    """,
]
POSTGRES_DROP = [
    "DROP TRIGGER IF EXISTS archive_search_forget_version ON archive_documentversion",
    "DROP FUNCTION IF EXISTS archive_search_forget_version()",
    "DROP TABLE IF EXISTS archive_search",
]


def create_index(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        schema_editor.execute(SQLITE_CREATE)
    elif vendor == "postgresql":
        for statement in POSTGRES_CREATE:
            schema_editor.execute(statement)
    else:
        raise RuntimeError(f"The archive's search index is not written for {vendor}.")


def drop_index(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        schema_editor.execute(SQLITE_DROP)
    elif vendor == "postgresql":
        for statement in POSTGRES_DROP:
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("archive", "0001_initial")]

    operations = [migrations.RunPython(create_index, drop_index, elidable=False)]
