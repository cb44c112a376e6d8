"""Give the staff groups their permissions on the alternate-name models."""

from django.db import migrations

from agreements.staff_groups import sync_staff_groups


class Migration(migrations.Migration):
    dependencies = [
        ("agreements", "0004_alternate_names_and_source_provenance"),
        ("partnerships", "0005_personname"),
    ]

    operations = [migrations.RunPython(sync_staff_groups, migrations.RunPython.noop)]
