from django.db import migrations


def copy_from_municipalities(apps, schema_editor):
    """Each municipality's case prefix and response time, until now on the municipality itself."""
    Municipality = apps.get_model("portal", "Municipality")
    CounsellingSettings = apps.get_model("counselling", "CounsellingSettings")
    CounsellingSettings.objects.bulk_create(
        CounsellingSettings(
            municipality=municipality,
            case_prefix=municipality.case_prefix,
            response_days=municipality.response_days,
        )
        for municipality in Municipality.objects.filter(counselling=None)
    )


def copy_back(apps, schema_editor):
    Municipality = apps.get_model("portal", "Municipality")
    CounsellingSettings = apps.get_model("counselling", "CounsellingSettings")
    for row in CounsellingSettings.objects.all():
        Municipality.objects.filter(pk=row.municipality_id).update(
            case_prefix=row.case_prefix, response_days=row.response_days
        )


class Migration(migrations.Migration):
    dependencies = [
        ("counselling", "0003_counselling_settings"),
    ]

    operations = [
        migrations.RunPython(copy_from_municipalities, copy_back),
    ]
