"""The staff roles ("Kontaktperson", "Kommuneadministrator") and how migrations grant them rights."""

from django.apps import apps as global_apps
from django.contrib.auth.management import create_permissions

CONTACT_PERSON = "Kontaktperson"
MUNICIPAL_ADMIN = "Kommuneadministrator"


def is_municipal_admin(user):
    """Municipal administrators (and superusers) see everything of their municipality, the
    confidential included. Cached on the user for the request."""
    if user.is_superuser:
        return True
    cached = getattr(user, "_is_municipal_admin", None)
    if cached is None:
        cached = user._is_municipal_admin = user.groups.filter(name=MUNICIPAL_ADMIN).exists()
    return cached


def grant(apps, group_name, permissions):
    """Add `permissions` ("app_label.codename") to the group, creating both as needed.

    Permissions are normally created after all migrations have run (post_migrate); a migration
    that grants them must create them first, for the apps it names.
    """
    for app_label in {permission.split(".")[0] for permission in permissions}:
        app_config = global_apps.get_app_config(app_label)
        create_permissions(app_config, verbosity=0, apps=apps)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _created = Group.objects.get_or_create(name=group_name)
    for permission in permissions:
        app_label, codename = permission.split(".")
        group.permissions.add(Permission.objects.get(content_type__app_label=app_label, codename=codename))
