"""The data bench/load.py measures, and the addresses it requests.

    DATABASE_URL=postgres://... .venv/bin/python bench/scale.py [--factor 1.0]   # prints the targets as JSON

Production scale, generated once into a migrated database. First the demo data of every app
(`manage.py load_demo`: Roskilde, Lejre, Slagelse and Jammerbugt with their contact persons,
guides, enterprises, cases, notices, agreements, events and mentor offers, and the log-ins), then
what bench/scale_data.py generates from random.Random(15), the same every run:

- all 98 municipalities (whatever the factor), each with one to five contact persons who have
  staff accounts (Roskilde ten), so that the intake and the review have someone to tell;
- times `--factor` (default 1; 0.01 for a quick look): 10,000 published enterprises (and 500
  unpublished), 100,000 counselling cases over three years (20,000 of them in Roskilde, whose
  queue the benchmark's staff member works in; the older ones closed, those closed two years ago
  anonymised), 10,000 procurement notices, 2,000 partnership agreements with their quarterly
  results, 3,000 mentor offers and 5,000 events with 50,000 registrations (on the events of the
  last six months and the coming ones: the older ones' personal data are deleted).

Each kind is one transaction; a kind already there is not generated again, so a second run (at
any factor) reuses the data, and a run after a failed one adds only what is missing. At factor 1
it all takes two to three minutes on a 2-core machine (measured 105 s alone on it, 140 s beside
other work: the 100,000 cases and their 425,000 timeline events 57–81 s, the enterprises 18–21 s,
the demo data 10 s).

`targets()` picks one page of each kind from the data (a handful of queries), the searches'
addresses, the staff who log in to the admin (their password set to PASSWORD) and the intake's
form fields. Only the JSON of the targets goes to stdout; the progress goes to stderr.
"""

import argparse
import json
import os
import random
import sys
import time
from pathlib import Path
from urllib.parse import urlencode

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402

from bench import scale_data  # noqa: E402
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
MUNICIPALITIES = ["roskilde", "lejre", "slagelse", "jammerbugt", "koebenhavn", "aarhus"]
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


#: What factor 1 generates of each kind.
COUNTS = {
    "enterprises": 10_000,
    "cases": 100_000,
    "cases_in_roskilde": 20_000,
    "notices": 10_000,
    "agreements": 2_000,
    "mentors": 3_000,
    "events": 5_000,
    "registrations": 50_000,
}
SEED = 15


def populate(factor=1.0):
    """The demo data, then the generated kinds that are not there yet, each in one transaction."""

    def log(message):
        print(message, file=sys.stderr, flush=True)

    if not Municipality.objects.exists():
        call_command("load_demo", password=PASSWORD, stdout=sys.stderr)
    done = scale_data.markers()
    if all(done.values()):
        log("scale: the generated data is there already; reused")
        # The last run's requests wrote sessions, cases and log rows since.
        scale_data.vacuum_analyze()
        return
    rng = random.Random(SEED)
    count = {kind: scale_data.scaled(n, factor) for kind, n in COUNTS.items()}
    steps = [
        ("municipalities", lambda: scale_data.municipalities(rng)),
        ("enterprises", lambda: scale_data.enterprises(rng, count["enterprises"])),
        (
            "cases",
            lambda: scale_data.cases(
                rng, count["cases"], heavy=MUNICIPALITY, heavy_count=count["cases_in_roskilde"]
            ),
        ),
        ("notices", lambda: scale_data.notices(rng, count["notices"])),
        ("agreements", lambda: scale_data.agreements(rng, count["agreements"])),
        ("mentors", lambda: scale_data.mentors(rng, count["mentors"])),
        ("events", lambda: scale_data.events(rng, count["events"], count["registrations"])),
    ]
    for kind, generate in steps:
        if done[kind]:
            log(f"scale: {kind} there already")
            continue
        started = time.perf_counter()
        made = generate()
        log(f"scale: {kind}: {made} in {time.perf_counter() - started:.1f} s")
    scale_data.vacuum_analyze()


#: How many searches `new_searches` draws: more than a run asks for, so that none is asked twice.
NEW_SEARCHES = 3000


def new_searches():
    """Searches a visitor might type that the run asks for once each, so that the page cache
    (which keeps a search once it is asked for again) never serves them: words of the profiles'
    names and summaries, and pairs of them, drawn the same way every run."""
    texts = Enterprise.objects.published().order_by("pk").values_list("name", "summary")[:3000]
    words = sorted({word.strip(".,;:!?()\"'").lower() for text in texts for word in " ".join(text).split()})
    words = [word for word in words if len(word) >= 4 and word.isalpha()]
    rng = random.Random(SEED)
    searches = list(dict.fromkeys([*words, *(" ".join(rng.sample(words, 2)) for _ in range(NEW_SEARCHES))]))
    return rng.sample(searches, min(NEW_SEARCHES, len(searches)))


def typical(queryset, *, generated, order="pk"):
    """A generated row of `queryset` (found by the `generated` lookup; the demo's rows are
    hand-written showpieces), the first by `order`: the generated rows are drawn at random, so the
    first is as typical as any. A demo row when nothing was generated."""
    return queryset.filter(**generated).order_by(order).first() or queryset.order_by(order).first()


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
    generated = {"is_example": False}
    for user in (staff, superuser):
        user.set_password(PASSWORD)
        user.save(update_fields=["password"])
    return {
        "home": "/",
        "home_en": "/en/",
        "municipality": municipality.get_absolute_url(),
        "guide": national.get_absolute_url(),
        "municipal_guide": own_guide.url_for(municipality) if own_guide else national.url_for(municipality),
        "profile": typical(Enterprise.objects.published(), generated=generated).get_absolute_url(),
        "notice": typical(Notice.objects.public().open(), generated=generated).get_absolute_url(),
        "agreement": typical(Agreement.objects.published().running(), generated=generated).get_absolute_url(),
        "event": typical(
            Event.objects.published().upcoming().filter(capacity__isnull=False),
            generated={"contact_email__endswith": scale_data.DOMAIN},
            order="starts_at",
        ).get_absolute_url(),
        "mentor": typical(
            MentorOffer.objects.published().filter(paused=False),
            generated={"mentor__email__endswith": scale_data.DOMAIN},
        ).get_absolute_url(),
        "directory": "/virksomheder/",
        "notices": "/udbud/",
        "agreements": "/partnerskaber/",
        "events": "/arrangementer/",
        "mentors": "/mentorer/",
        "directory_searches": [f"/virksomheder/?q={q}" for q in DIRECTORY_SEARCHES],
        "directory_searches_new": [f"/virksomheder/?{urlencode({'q': q})}" for q in new_searches()],
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


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--factor", type=float, default=1.0, help="scale of the data (default 1.0)")
    args = parser.parse_args()
    started = time.perf_counter()
    populate(args.factor)
    print(f"scale: populated in {time.perf_counter() - started:.1f} s", file=sys.stderr)
    print(json.dumps(targets(), ensure_ascii=False))


if __name__ == "__main__":
    main()
