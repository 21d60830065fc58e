"""Indexes for the directory's free-text search (enterprises/search.py), on PostgreSQL only.

SQLite (the embedded default) searches with a plain `icontains` and gets nothing here. The
expressions must stay exactly those enterprises.search builds, or the planner will not use them.
"""

from django.db import migrations

CREATE = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    # Serves the misspelling-tolerant half of search(): `name %> 'specalisterne'` (word
    # similarity of the query to the name), a GIN trigram index as pg_trgm's operators need.
    "CREATE INDEX IF NOT EXISTS enterprises_name_trgm ON enterprises_enterprise USING gin (name gin_trgm_ops)",
    # Serves the full-text half of search(): `<this tsvector> @@ websearch_to_tsquery('danish', q)`,
    # the same weighted expression as search_vector() builds (name A, summary B, the rest C).
    """
    CREATE INDEX IF NOT EXISTS enterprises_document_fts ON enterprises_enterprise USING gin ((
        (setweight(to_tsvector('danish'::regconfig, COALESCE(name, '')), 'A')
         || setweight(to_tsvector('danish'::regconfig, COALESCE(summary, '')), 'B'))
        || setweight(to_tsvector('danish'::regconfig, COALESCE(search_document, '')), 'C')
    ))
    """,
]

# The extension stays: other apps' migrations may rely on it, and dropping it is not ours to do.
DROP = [
    "DROP INDEX IF EXISTS enterprises_document_fts",
    "DROP INDEX IF EXISTS enterprises_name_trgm",
]


def _run(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        for statement in statements:
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [
        ("enterprises", "0001_initial"),
        ("enterprises", "0002_vocabularies"),
    ]

    operations = [
        migrations.RunPython(_run(CREATE), _run(DROP), elidable=False),
    ]
