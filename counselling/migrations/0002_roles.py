"""Contact persons triage their municipality's cases; administrators may also reopen closed cases
and read the access log."""

from django.db import migrations

from portal.roles import CONTACT_PERSON, MUNICIPAL_ADMIN, grant

TRIAGE = [
    "counselling.view_case",
    "counselling.change_case",
    "counselling.export_case",
    "counselling.view_caseevent",
    "counselling.view_caseattachment",
]


def grant_counselling(apps, schema_editor):
    grant(apps, CONTACT_PERSON, TRIAGE)
    grant(apps, MUNICIPAL_ADMIN, [*TRIAGE, "counselling.reopen_case", "counselling.view_caseaccess"])


class Migration(migrations.Migration):
    dependencies = [("counselling", "0001_initial"), ("portal", "0002_groups")]

    operations = [migrations.RunPython(grant_counselling, migrations.RunPython.noop)]
