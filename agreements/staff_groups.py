"""The staff groups and what each may do; data migrations call sync_staff_groups().

Editors add and change records; Reviewers may also delete and publish; Viewers only
look. Run a new migration that calls sync_staff_groups() whenever a model is added.
"""

from django.contrib.auth.management import create_permissions

APPS = ("partnerships", "agreements")
GROUP_ACTIONS = {
    "Editors": {"view", "add", "change"},
    "Reviewers": {"view", "add", "change", "delete", "publish"},
    "Viewers": {"view"},
}


def sync_staff_groups(apps, schema_editor=None) -> None:
    """Give each group exactly its actions' permissions on every directory model."""
    for app_label in APPS:
        app_config = apps.get_app_config(app_label)
        # create_permissions skips app configs without a models module; the
        # migration state's stand-ins have none, so lend them one.
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    directory_permissions = Permission.objects.filter(content_type__app_label__in=APPS).exclude(
        content_type__model__startswith="historical"
    )
    for group_name, actions in GROUP_ACTIONS.items():
        group, _ = Group.objects.get_or_create(name=group_name)
        group.permissions.set(
            [
                permission
                for permission in directory_permissions
                if permission.codename.split("_", 1)[0] in actions
            ]
        )


def remove_staff_groups(apps, schema_editor=None) -> None:
    apps.get_model("auth", "Group").objects.filter(name__in=GROUP_ACTIONS).delete()
