"""The expertise areas mentors offer and mentees need (seed 002: kitchen routines, menu, kitchen
management and business area, as Restaurant Mumm taught INSP! Mad)."""

from django.db import migrations

AREAS = [
    ("ledelse", "Ledelse", "Management"),
    ("koekken-og-produktion", "Køkken- og produktionsrutiner", "Kitchen and production routines"),
    ("menu-og-sortiment", "Menu og sortiment", "Menu and product range"),
    ("forretningsudvikling", "Forretningsudvikling og forretningsområder", "Business development"),
    ("salg-og-markedsfoering", "Salg og markedsføring", "Sales and marketing"),
    ("bogfoering-og-oekonomi", "Bogføring og økonomi", "Bookkeeping and finance"),
    ("finansiering", "Finansiering og fonde", "Funding and investors"),
    ("it-og-digitalisering", "IT og digitalisering", "IT and digital"),
    ("hr-og-inklusion", "HR og inklusion af medarbejdere på særlige vilkår", "HR and inclusion of people on special terms"),
    ("offentlige-udbud", "Offentlige udbud", "Public procurement"),
    ("selskabsform-og-governance", "Selskabsform og governance", "Legal form and governance"),
    ("jura-og-kontrakter", "Jura og kontrakter", "Law and contracts"),
]


def load(apps, schema_editor):
    ExpertiseArea = apps.get_model("mentoring", "ExpertiseArea")
    for position, (slug, name, name_en) in enumerate(AREAS, start=1):
        ExpertiseArea.objects.update_or_create(
            slug=slug, defaults={"name": name, "name_en": name_en, "position": position}
        )


class Migration(migrations.Migration):
    dependencies = [("mentoring", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
