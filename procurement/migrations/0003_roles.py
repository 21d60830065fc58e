"""Contact persons publish notices and see who is interested; administrators may also delete."""

from django.db import migrations

from kit.staff import CONTACT_PERSON, MUNICIPAL_ADMIN, apply_roles

MODELS = ("notice", "lot", "noticedocument", "award", "clausefollowup")
PUBLISH = [
    *[f"procurement.{action}_{model}" for model in MODELS for action in ("view", "add", "change")],
    "procurement.view_interest",
    "procurement.view_noticechange",
]


def grant(apps, schema_editor):
    apply_roles(
        apps,
        {
            CONTACT_PERSON: PUBLISH,
            MUNICIPAL_ADMIN: [*PUBLISH, *[f"procurement.delete_{model}" for model in MODELS]],
        },
    )


class Migration(migrations.Migration):
    dependencies = [("procurement", "0002_cpv_2008"), ("portal", "0002_groups")]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
