"""Index-backed accent-blind search on PostgreSQL; does nothing on SQLite.

unaccent() may not appear in an index because PostgreSQL calls it STABLE (its
dictionary could change); directory_unaccent() pins the dictionary and is
IMMUTABLE, so a trigram GIN index on directory_unaccent(name) answers both the
ILIKE and the word-similarity (<%) branches of partnerships.search.
"""

from django.db import migrations

from partnerships.migrations._search_indexes import create_name_indexes, drop_name_indexes

UNACCENT_FUNCTION = """
CREATE OR REPLACE FUNCTION directory_unaccent(text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
AS $$ SELECT public.unaccent('public.unaccent'::regdictionary, $1) $$
"""

# (table, column) for every SearchSpec name field and alternate-name table of this app.
NAME_COLUMNS = [
    ("partnerships_place", "name"),
    ("partnerships_place", "native_name"),
    ("partnerships_placename", "name"),
    ("partnerships_organization", "name"),
    ("partnerships_organization", "abbreviation"),
    ("partnerships_organization", "native_name"),
    ("partnerships_organizationname", "name"),
    ("partnerships_person", "name"),
    ("partnerships_person", "native_name"),
    ("partnerships_personname", "name"),
    ("partnerships_partnership", "name"),
]


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(UNACCENT_FUNCTION)
    create_name_indexes(schema_editor, NAME_COLUMNS)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    drop_name_indexes(schema_editor, NAME_COLUMNS)
    schema_editor.execute("DROP FUNCTION IF EXISTS directory_unaccent(text)")


class Migration(migrations.Migration):
    dependencies = [("partnerships", "0007_sort_indexes")]

    operations = [migrations.RunPython(forwards, backwards)]
