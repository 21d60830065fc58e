"""Contact persons keep their municipality's events and registrations; administrators may also
delete them."""

from django.db import migrations

from kit.staff import CONTACT_PERSON, MUNICIPAL_ADMIN, apply_roles

MODELS = ("event", "registration")
KEEP = [f"events.{action}_{model}" for model in MODELS for action in ("view", "add", "change")]


def grant(apps, schema_editor):
    apply_roles(
        apps,
        {CONTACT_PERSON: KEEP, MUNICIPAL_ADMIN: [*KEEP, *[f"events.delete_{model}" for model in MODELS]]},
    )


class Migration(migrations.Migration):
    dependencies = [("events", "0001_initial"), ("portal", "0002_groups")]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
