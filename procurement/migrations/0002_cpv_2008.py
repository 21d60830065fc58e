"""The CPV 2008 vocabulary, 9,454 codes with their official Danish and English labels, from
procurement/data/cpv-2008.csv (its README, CPV-README.md, names the sources: eForms SDK 1.15.1,
Publications Office of the European Union, CC BY 4.0)."""

from django.db import migrations

from procurement.cpv import prefix, read_vocabulary


def load(apps, schema_editor):
    CpvCode = apps.get_model("procurement", "CpvCode")
    CpvCode.objects.bulk_create(
        [
            CpvCode(code=digits, check_digit=check, prefix=prefix(digits), name=da, name_en=en)
            for digits, check, da, en in read_vocabulary()
        ],
        batch_size=1000,
        ignore_conflicts=True,  # a database migrated back and forth keeps the rows it had
    )


class Migration(migrations.Migration):
    dependencies = [("procurement", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
