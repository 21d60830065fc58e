"""The staff roles ("Kontaktperson", "Kommuneadministrator"): what they may do with the portal's own
models, and whether someone is an administrator.

The roles themselves, the staff querysets and `apply_roles` live in kit/staff.py; every app declares
its own permissions in its `roles.py` like this one.
"""

from kit.staff import CONTACT_PERSON, MUNICIPAL_ADMIN, apply_roles, is_municipal_admin

__all__ = ["CONTACT_PERSON", "MUNICIPAL_ADMIN", "ROLES", "grant", "is_municipal_admin"]

SCHEDULES = [
    f"portal.{action}_{model}"
    for model in ("openinghours", "closedday")
    for action in ("view", "add", "change", "delete")
]

#: As migration 0002_groups granted them (the outbox's own are in outbox/roles.py).
ROLES = {
    CONTACT_PERSON: [
        "portal.view_municipality",
        *SCHEDULES,
        "portal.view_contactperson",
        "portal.change_contactperson",
        "portal.view_guide",
        "portal.add_guide",
        "portal.change_guide",
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
    ],
}


def grant(apps, group_name, permissions):
    """Add `permissions` ("app_label.codename") to one group: what the existing migrations call.
    New migrations call kit.staff.apply_roles with their app's ROLES."""
    apply_roles(apps, {group_name: permissions})
