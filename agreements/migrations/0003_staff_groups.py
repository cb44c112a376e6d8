"""Create the staff groups: Editors, Reviewers and Viewers.

Editors add and change records; Reviewers may also delete and publish; Viewers only
look. Permissions are created here first, since Django otherwise adds them only
after all migrations have run.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

APPS = ("partnerships", "agreements")
GROUP_ACTIONS = {
    "Editors": {"view", "add", "change"},
    "Reviewers": {"view", "add", "change", "delete", "publish"},
    "Viewers": {"view"},
}


def sync_groups(apps, schema_editor):
    for app_label in APPS:
        app_config = apps.get_app_config(app_label)
        # create_permissions skips app configs without a models module; the
        # migration state's stand-ins have none, so lend them one.
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    directory_permissions = Permission.objects.filter(
        content_type__app_label__in=APPS
    ).exclude(content_type__model__startswith="historical")
    for group_name, actions in GROUP_ACTIONS.items():
        group, _ = Group.objects.get_or_create(name=group_name)
        group.permissions.set(
            [
                permission
                for permission in directory_permissions
                if permission.codename.split("_", 1)[0] in actions
            ]
        )


def remove_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=GROUP_ACTIONS).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("agreements", "0002_focus_area_vocabulary"),
        ("partnerships", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(sync_groups, remove_groups)]
