"""Who works for a municipality, and what each role may do.

Staff selection: one queryset for "the people of this municipality we can tell", so that every
alert, review request and failure report picks its recipients the same way: active staff accounts
of the municipality with an email address, optionally in one of the roles.

Roles: each app declares the permissions its models give each role in `<app>/roles.py`,
as `ROLES = {"Kontaktperson": [...], "Kommuneadministrator": [...]}`; `apply_roles` grants them,
from a data migration (with the migration's `apps`) or from the test fixtures (with the live
registry), so that a role means the same thing wherever it is built. `is_municipal_admin` says
whether someone sees all of their municipality's records, the confidential ones included.
"""

from importlib import import_module

from django.apps import apps as global_apps
from django.contrib.auth import get_user_model
from django.contrib.auth.management import create_permissions
from django.utils.module_loading import module_has_submodule

#: The two staff roles, as the groups are named (in Danish, as staff see them in the admin).
CONTACT_PERSON = "Kontaktperson"
MUNICIPAL_ADMIN = "Kommuneadministrator"
#: Both: who is told about a municipality's new cases and profiles to review.
STAFF_ROLES = (CONTACT_PERSON, MUNICIPAL_ADMIN)


def staff_of(municipality, *, roles=None):
    """Active staff accounts of `municipality` (an instance or its id) with an email address; with
    `roles`, only those in at least one of the groups named."""
    User = get_user_model()
    people = User.objects.filter(is_active=True, is_staff=True, municipality=municipality).exclude(email="")
    if roles is not None:
        # A subquery, not a join: someone in both roles is still one recipient.
        members = User.groups.through.objects.filter(group__name__in=list(roles)).values("user_id")
        people = people.filter(pk__in=members)
    return people


def contact_persons_of(municipality):
    return staff_of(municipality, roles=[CONTACT_PERSON])


def administrators_of(municipality):
    return staff_of(municipality, roles=[MUNICIPAL_ADMIN])


def is_municipal_admin(user):
    """Municipal administrators (and superusers) see everything of their municipality, the
    confidential included. Cached on the user for the request."""
    if user.is_superuser:
        return True
    cached = getattr(user, "_is_municipal_admin", None)
    if cached is None:
        cached = user._is_municipal_admin = user.groups.filter(name=MUNICIPAL_ADMIN).exists()
    return cached


def declared_roles():
    """Every installed app's `roles.ROLES`, merged: {group name: sorted permissions}."""
    merged = {}
    for app_config in global_apps.get_app_configs():
        if not module_has_submodule(app_config.module, "roles"):
            continue
        roles = getattr(import_module(f"{app_config.name}.roles"), "ROLES", {})
        for group, permissions in roles.items():
            merged.setdefault(group, set()).update(permissions)
    return {group: sorted(permissions) for group, permissions in merged.items()}


def apply_roles(apps, roles):
    """Give each group in `roles` ({group name: ["app_label.codename", ...]}) its permissions,
    creating the groups (and permissions not yet created) as needed. Adds only: what a group has
    beyond the declaration is left alone, and applying twice adds nothing twice.

    `apps` is a migration's app registry, or django.apps.apps outside migrations. Permissions are
    normally created after all migrations have run (post_migrate), so a migration that grants
    them creates them first, for the apps it names.
    """
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    wanted = {permission for permissions in roles.values() for permission in permissions}
    found = _permissions(Permission, wanted)
    if len(found) < len(wanted):
        for app_label in {permission.split(".")[0] for permission in wanted}:
            create_permissions(global_apps.get_app_config(app_label), verbosity=0, apps=apps)
        found = _permissions(Permission, wanted)
    missing = wanted - set(found)
    if missing:
        raise LookupError(f"no such permissions: {', '.join(sorted(missing))}")
    for name, permissions in roles.items():
        group, _created = Group.objects.get_or_create(name=name)
        group.permissions.add(*[found[permission] for permission in permissions])


def _permissions(Permission, wanted):
    """{"app_label.codename": permission} for those of `wanted` that exist."""
    app_labels = {permission.split(".")[0] for permission in wanted}
    rows = Permission.objects.filter(content_type__app_label__in=app_labels).select_related("content_type")
    return {key: row for row in rows if (key := f"{row.content_type.app_label}.{row.codename}") in wanted}
