"""GIN indexes for full-text search on PostgreSQL (SQLite searches without them).

The indexed expressions are exactly the ones partnerships.search builds for
SearchSpec names + texts, so PostgreSQL can answer `@@` from the index.
"""

from django.db import migrations

INDEXES = {
    "agreement_search_gin": (
        "agreements_agreement",
        "COALESCE(title, '') || ' ' || COALESCE(title_original, '') || ' ' "
        "|| COALESCE(summary, '')",
    ),
    "mission_search_gin": (
        "agreements_mission",
        "COALESCE(title, '') || ' ' || COALESCE(summary, '')",
    ),
    "partnership_search_gin": (
        "partnerships_partnership",
        "COALESCE(name, '') || ' ' || COALESCE(summary, '')",
    ),
}


def create_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, (table, document) in INDEXES.items():
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {name} ON {table} "
            f"USING gin (to_tsvector('simple'::regconfig, {document}))"
        )


def drop_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [
        ("agreements", "0008_sort_indexes"),
        ("partnerships", "0007_sort_indexes"),
    ]

    operations = [migrations.RunPython(create_indexes, drop_indexes)]
