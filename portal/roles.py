"""The staff roles ("Kontaktperson", "Kommuneadministrator"): what they may do with the portal's own
models, and whether someone is an administrator.

The roles themselves, the staff querysets and `apply_roles` live in kit/staff.py; every app declares
its own permissions in its `roles.py` like this one.
"""

from kit.staff import CONTACT_PERSON, MUNICIPAL_ADMIN, apply_roles

__all__ = ["CONTACT_PERSON", "MUNICIPAL_ADMIN", "ROLES", "grant", "is_municipal_admin"]

SCHEDULES = [
    f"portal.{action}_{model}"
    for model in ("openinghours", "closedday")
    for action in ("view", "add", "change", "delete")
]

#: As migrations 0002_groups and 0004_outbox_permissions granted them.
ROLES = {
    CONTACT_PERSON: [
        "portal.view_municipality",
        *SCHEDULES,
        "portal.view_contactperson",
        "portal.change_contactperson",
        "portal.view_guide",
        "portal.add_guide",
        "portal.change_guide",
        "portal.view_notification",
    ],
    MUNICIPAL_ADMIN: [
        "portal.view_municipality",
        "portal.change_municipality",
        *SCHEDULES,
        "portal.view_contactperson",
        "portal.add_contactperson",
        "portal.change_contactperson",
        "portal.delete_contactperson",
        "portal.view_guide",
        "portal.add_guide",
        "portal.change_guide",
        "portal.delete_guide",
        "portal.view_notification",
    ],
}


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
    """Add `permissions` ("app_label.codename") to one group: what the existing migrations call.
    New migrations call kit.staff.apply_roles with their app's ROLES."""
    apply_roles(apps, {group_name: permissions})
