"""The directory's default order as a partial index, on PostgreSQL only (SQLite sorts the few
hundred profiles it is for).

Serves `WHERE status = 'published' ... ORDER BY name COLLATE danish_order, id LIMIT 20` (search.by_name,
the directory without a query): PostgreSQL reads the first page off the index instead of sorting
every published profile by an ICU collation (15 ms at 10,000 profiles, 0.3 ms from the index).
"""

from django.db import migrations

FORWARDS = [
    """
    CREATE INDEX enterprises_published_by_name ON enterprises_enterprise (name COLLATE danish_order, id)
        WHERE status = 'published'
    """,
]

BACKWARDS = ["DROP INDEX IF EXISTS enterprises_published_by_name"]


def _run(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        for statement in statements:
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("enterprises", "0007_stored_search_vector")]

    operations = [
        migrations.RunPython(_run(FORWARDS), _run(BACKWARDS), elidable=False),
    ]
