"""The shared vocabularies, and what the two staff roles may do in the registry.

Service categories: the side production and subcontracting tasks of seed 000 item 5, then the
common trades of social-economy enterprises. Target groups: the groups the issue names. Rows are
found by slug, so running this again (or after an edit of a name) leaves one row per term.
"""

from django.db import migrations
from django.utils.text import slugify

from portal.roles import CONTACT_PERSON, MUNICIPAL_ADMIN, grant

#: (Danish name, English name), in display order.
SERVICE_CATEGORIES = [
    # Seed 000 item 5: side production and subcontracting.
    ("Bogføring", "Bookkeeping"),
    ("Fakturering og debitorstyring", "Invoicing and debtor management"),
    ("Kontrol og overvågning", "Control and monitoring"),
    ("Service og opdatering af software", "Software service and updates"),
    ("Hosting, it og hjemmesider", "Hosting, IT and websites"),
    ("Pluk, pak og forsendelse", "Picking, packing and shipping"),
    ("Genanvendelse af restprodukter og emballage", "Recycling of residual products and packaging"),
    # Common trades.
    ("Catering og café", "Catering and café"),
    ("Rengøring", "Cleaning"),
    ("Grøn pleje", "Green maintenance"),
    ("Håndværk", "Crafts"),
    ("Hoteldrift", "Hotel operation"),
    ("Dagligvarer", "Grocery"),
    ("Landsbyservice", "Village services"),
    ("Beskæftigelses- og afklaringsforløb", "Employment and clarification services"),
]

TARGET_GROUPS = [
    ("Førtidspensionister", "People on disability pension"),
    ("Fleksjobbere", "People in flex jobs"),
    ("Aktivitetsparate", "Job seekers not yet ready for work"),
    ("Personer på ledighedsydelse", "People on flex job unemployment benefit"),
    ("Udsatte unge", "Vulnerable young people"),
    ("Andre", "Others"),
]

PERMISSIONS = {
    CONTACT_PERSON: [
        "enterprises.view_enterprise",
        "enterprises.change_enterprise",
        "enterprises.view_successstory",
        "enterprises.change_successstory",
        "enterprises.view_enterprisechange",
        "enterprises.view_enterprisephoto",
        "enterprises.delete_enterprisephoto",
    ],
}
PERMISSIONS[MUNICIPAL_ADMIN] = [
    *PERMISSIONS[CONTACT_PERSON],
    "enterprises.view_servicecategory",
    "enterprises.add_servicecategory",
    "enterprises.change_servicecategory",
    "enterprises.view_targetgroup",
    "enterprises.add_targetgroup",
    "enterprises.change_targetgroup",
]


def danish_slug(name):
    # slugify() drops æ, ø and å ("grn-pleje"); spell them out as Danes do in addresses.
    return slugify(name.lower().translate(str.maketrans({"æ": "ae", "ø": "oe", "å": "aa"})))


def seed(apps, schema_editor):
    for model_name, terms in (("ServiceCategory", SERVICE_CATEGORIES), ("TargetGroup", TARGET_GROUPS)):
        model = apps.get_model("enterprises", model_name)
        for position, (name, name_en) in enumerate(terms, start=1):
            model.objects.update_or_create(
                slug=danish_slug(name), defaults={"name": name, "name_en": name_en, "position": position}
            )
    for group, permissions in PERMISSIONS.items():
        grant(apps, group, permissions)


class Migration(migrations.Migration):
    dependencies = [
        ("enterprises", "0001_initial"),
        ("portal", "0004_outbox_permissions"),
    ]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
