"""Create the staff groups: Editors, Reviewers and Viewers (see agreements.staff_groups)."""

from django.db import migrations

from agreements.staff_groups import remove_staff_groups, sync_staff_groups


class Migration(migrations.Migration):
    dependencies = [
        ("agreements", "0002_focus_area_vocabulary"),
        ("partnerships", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(sync_staff_groups, remove_staff_groups)]
