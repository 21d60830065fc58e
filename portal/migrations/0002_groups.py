"""The two staff roles, with their permissions.

Scoping to the staff member's own municipality is done in the queryset layer (kit/scoping.py);
these permissions say what a role may do with the rows it can see. Later apps add their
permissions to the same groups in their own migrations with `portal.roles.grant`.
"""

from django.db import migrations

from portal.roles import CONTACT_PERSON, MUNICIPAL_ADMIN, grant

PERMISSIONS = {
    CONTACT_PERSON: [
        "portal.view_municipality",
        "portal.view_openinghours",
        "portal.add_openinghours",
        "portal.change_openinghours",
        "portal.delete_openinghours",
        "portal.view_closedday",
        "portal.add_closedday",
        "portal.change_closedday",
        "portal.delete_closedday",
        "portal.view_contactperson",
        "portal.change_contactperson",
        "portal.view_guide",
        "portal.add_guide",
        "portal.change_guide",
    ],
    MUNICIPAL_ADMIN: [
        "portal.view_municipality",
        "portal.change_municipality",
        "portal.view_openinghours",
        "portal.add_openinghours",
        "portal.change_openinghours",
        "portal.delete_openinghours",
        "portal.view_closedday",
        "portal.add_closedday",
        "portal.change_closedday",
        "portal.delete_closedday",
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


def create_groups(apps, schema_editor):
    for group, permissions in PERMISSIONS.items():
        grant(apps, group, permissions)


class Migration(migrations.Migration):
    dependencies = [
        ("portal", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_groups, migrations.RunPython.noop)]
