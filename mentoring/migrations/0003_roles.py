"""Contact persons review offers, keep requests and broker matches of their municipality;
administrators may also delete them."""

from django.db import migrations

from kit.staff import CONTACT_PERSON, MUNICIPAL_ADMIN, apply_roles

MODELS = ("mentoroffer", "offersector", "mentorrequest", "match", "matchevent", "checkin", "feedback")
KEEP = [f"mentoring.{action}_{model}" for model in MODELS for action in ("view", "add", "change")]


def grant(apps, schema_editor):
    apply_roles(
        apps,
        {CONTACT_PERSON: KEEP, MUNICIPAL_ADMIN: [*KEEP, *[f"mentoring.delete_{model}" for model in MODELS]]},
    )


class Migration(migrations.Migration):
    dependencies = [("mentoring", "0002_expertise_areas"), ("portal", "0002_groups")]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
