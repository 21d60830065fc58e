"""The forgiving search of enterprises/search.py on PostgreSQL: accents dropped before stemming,
and Danish alphabetical order. SQLite gets the same from functions registered on each connection
(enterprises.search.register_sqlite_functions) and nothing here.

- `unaccent` and a text search configuration "danish_unaccent": PostgreSQL's "danish" with the
  unaccent dictionary before the stemmer for the words that have non-ASCII letters, so "cafe"
  and "café" are the same word. (unaccent is STABLE, so it cannot sit in an index expression
  itself; inside a configuration it can, as to_tsvector(regconfig, text) is IMMUTABLE.)
- The full-text index of 0003 rebuilt on that configuration, under the same name.
- An ICU collation "danish_order" (CLDR's Danish: æ, ø, å after z, "aa" as å).
"""

from django.contrib.postgres.operations import UnaccentExtension
from django.db import migrations

FORWARDS = [
    """
    DO $$ BEGIN
        IF NOT EXISTS (SELECT 1 FROM pg_ts_config WHERE cfgname = 'danish_unaccent') THEN
            CREATE TEXT SEARCH CONFIGURATION danish_unaccent (COPY = danish);
            ALTER TEXT SEARCH CONFIGURATION danish_unaccent
                ALTER MAPPING FOR hword, hword_part, word WITH unaccent, danish_stem;
        END IF;
    END $$
    """,
    "CREATE COLLATION IF NOT EXISTS danish_order (provider = icu, locale = 'da')",
    "DROP INDEX IF EXISTS enterprises_document_fts",
    # Serves `<this tsvector> @@ websearch_to_tsquery('danish_unaccent', q)`: the expression
    # enterprises.search.search_vector() builds, exactly.
    """
    CREATE INDEX enterprises_document_fts ON enterprises_enterprise USING gin ((
        (setweight(to_tsvector('danish_unaccent'::regconfig, COALESCE(name, '')), 'A')
         || setweight(to_tsvector('danish_unaccent'::regconfig, COALESCE(summary, '')), 'B'))
        || setweight(to_tsvector('danish_unaccent'::regconfig, COALESCE(search_document, '')), 'C')
    ))
    """,
]

BACKWARDS = [
    "DROP INDEX IF EXISTS enterprises_document_fts",
    """
    CREATE INDEX enterprises_document_fts ON enterprises_enterprise USING gin ((
        (setweight(to_tsvector('danish'::regconfig, COALESCE(name, '')), 'A')
         || setweight(to_tsvector('danish'::regconfig, COALESCE(summary, '')), 'B'))
        || setweight(to_tsvector('danish'::regconfig, COALESCE(search_document, '')), 'C')
    ))
    """,
    "DROP COLLATION IF EXISTS danish_order",
    "DROP TEXT SEARCH CONFIGURATION IF EXISTS danish_unaccent",
]


class UnaccentOnPostgres(UnaccentExtension):
    """Django's operation skips other databases going forwards only. Going back, the extension
    stays, as pg_trgm does in 0003: other apps' migrations may rely on it."""

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        pass


def _run(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        for statement in statements:
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [
        ("enterprises", "0003_search_indexes"),
        ("enterprises", "0005_review_record"),
    ]

    operations = [
        UnaccentOnPostgres(),
        migrations.RunPython(_run(FORWARDS), _run(BACKWARDS), elidable=False),
    ]
