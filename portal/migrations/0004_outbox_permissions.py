"""Staff see their municipality's outbox (and can send a row again); only superusers see the rest."""

from django.db import migrations

from portal.roles import CONTACT_PERSON, MUNICIPAL_ADMIN, grant


def grant_outbox(apps, schema_editor):
    for group in (CONTACT_PERSON, MUNICIPAL_ADMIN):
        grant(apps, group, ["portal.view_notification"])


class Migration(migrations.Migration):
    dependencies = [("portal", "0003_outbox"), ("portal", "0002_groups")]

    operations = [migrations.RunPython(grant_outbox, migrations.RunPython.noop)]
