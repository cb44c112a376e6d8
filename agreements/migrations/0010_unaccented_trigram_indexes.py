"""Trigram GIN indexes on directory_unaccent(name) for this app's searchable names.

See partnerships migration 0008, which creates the function; nothing on SQLite.
"""

from django.db import migrations

from partnerships.migrations._search_indexes import create_name_indexes, drop_name_indexes

NAME_COLUMNS = [
    ("agreements_agreement", "title"),
    ("agreements_agreement", "title_original"),
    ("agreements_mission", "title"),
    ("agreements_missionname", "name"),
    ("agreements_source", "title"),
    ("agreements_source", "publisher"),
]


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        create_name_indexes(schema_editor, NAME_COLUMNS)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        drop_name_indexes(schema_editor, NAME_COLUMNS)


class Migration(migrations.Migration):
    dependencies = [
        ("agreements", "0009_full_text_indexes"),
        ("partnerships", "0008_unaccented_trigram_indexes"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
