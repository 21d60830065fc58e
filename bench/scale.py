"""The data bench/load.py measures, and the addresses it requests.

    DATABASE_URL=postgres://... .venv/bin/python bench/scale.py   # prints the targets as JSON

First step of issue 15: the demo data of every app (`manage.py load_demo`: Roskilde, Lejre,
Slagelse and Jammerbugt with their contact persons, guides, enterprises, cases, notices,
agreements, events and mentor offers), loaded once into an empty database. Data at production scale
(98 municipalities, 10,000 enterprises, 100,000 cases and the other apps alike) is the next step;
until then the figures show what the server does per request, not how it holds up under volume.

`targets()` picks one page of each kind from the data (a handful of queries), the searches'
addresses, the staff who log in to the admin (their password set to PASSWORD) and the intake's
form fields.
"""

import json
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402

from enterprises.models import Enterprise  # noqa: E402
from events.models import Event  # noqa: E402
from mentoring.models import MentorOffer  # noqa: E402
from partnerships.models import Agreement  # noqa: E402
from portal.models import Guide, Municipality, User  # noqa: E402
from procurement.models import Notice  # noqa: E402

PASSWORD = "Bench-hest-batteri-42"
MUNICIPALITY = "roskilde"

DIRECTORY_SEARCHES = [
    "cafe",
    "café",
    "rengøring",
    "specalisterne",
    "mad",
    "kantine",
    "tøj",
    "genbrug",
    "cykel",
    "have",
    "pleje",
    "it",
    "tryk",
    "catering",
    "beskæftigelse",
    "unge",
    "handicap",
    "økologi",
]
# The notice and mentor lists have filters, not free text (yet): their "searches" are filter combinations.
MUNICIPALITIES = ["roskilde", "lejre", "slagelse", "jammerbugt"]
NOTICE_SEARCHES = [
    *(f"kommune={slug}" for slug in MUNICIPALITIES),
    "social=1",
    "snart=1",
    "aaben=1",
    "planlagt=1",
    "aaben=1&social=1",
    "kommune=roskilde&aaben=1",
]
MENTOR_SEARCHES = [*(f"kommune={slug}" for slug in MUNICIPALITIES), "ledig=1", "kommune=lejre&ledig=1"]


def populate():
    """The demo data, once: a database that has municipalities already is left as it is."""
    if not Municipality.objects.exists():
        call_command("load_demo", password=PASSWORD, stdout=sys.stderr)


def targets():
    municipality = Municipality.objects.get(slug=MUNICIPALITY)
    national = Guide.objects.national().first()
    own_guide = Guide.objects.for_public_municipality(municipality).exclude(municipality=None).first()
    staff = (
        User.objects.filter(is_staff=True, is_superuser=False, contact_person__municipality=municipality)
        .order_by("pk")
        .first()
    )
    superuser = User.objects.filter(is_superuser=True).order_by("pk").first()
    for user in (staff, superuser):
        user.set_password(PASSWORD)
        user.save(update_fields=["password"])
    return {
        "home": "/",
        "home_en": "/en/",
        "municipality": municipality.get_absolute_url(),
        "guide": national.get_absolute_url(),
        "municipal_guide": own_guide.url_for(municipality) if own_guide else national.url_for(municipality),
        "profile": Enterprise.objects.published().order_by("pk").first().get_absolute_url(),
        "notice": Notice.objects.published().order_by("pk").first().get_absolute_url(),
        "agreement": Agreement.objects.published().order_by("pk").first().get_absolute_url(),
        "event": Event.objects.published().order_by("-starts_at").first().get_absolute_url(),
        "mentor": MentorOffer.objects.published().order_by("pk").first().get_absolute_url(),
        "directory": "/virksomheder/",
        "notices": "/udbud/",
        "agreements": "/partnerskaber/",
        "events": "/arrangementer/",
        "mentors": "/mentorer/",
        "directory_searches": [f"/virksomheder/?q={q}" for q in DIRECTORY_SEARCHES],
        "notice_searches": [f"/udbud/?{query}" for query in NOTICE_SEARCHES],
        "mentor_searches": [f"/mentorer/?{query}" for query in MENTOR_SEARCHES],
        "staff": {"username": staff.username, "password": PASSWORD},
        "superuser": {"username": superuser.username, "password": PASSWORD},
        "intake": {
            "path": f"/start/?kommune={MUNICIPALITY}",
            "email_field": "applicant_email",
            "fields": {
                "municipality": MUNICIPALITY,
                "applicant_name": "Bente Benchmark",
                "kind": "new_enterprise",
                "stage": "idea",
                "description": "Vi vil starte en café med job til mennesker med psykisk sårbarhed.",
                "preferred_contact": "email",
                "consent": "on",
            },
        },
    }


if __name__ == "__main__":
    populate()
    print(json.dumps(targets(), ensure_ascii=False))
