"""Benchmark the enterprise directory with 10,000 published enterprises.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/indgangen_dir .venv/bin/python bench/registry.py
    .venv/bin/python bench/registry.py --enterprises 2000      # SQLite: the icontains fallback

Builds a throwaway database (`test_<name>` on PostgreSQL, with the search indexes of its migrations,
or a temporary SQLite file), seeds the enterprises with bulk_create (services, target groups,
served municipalities and the search text that services.refresh would write), then sends 100
varied searches and filter combinations, 100 profile pages and the two exports through Django's
test client (the full middleware stack, no network) and reports the median and 95th percentile
time, and the SQL queries per request. A timing is a figure for the note, never a test.
"""

import argparse
import random
import time

import harness  # sets Django up: first
from django.db import connection
from django.test import Client
from django.utils import timezone

WORDS = [
    "kaffe", "café", "catering", "rengøring", "gartneri", "genbrug", "cykler", "tryk", "bageri",
    "vaskeri", "montage", "pakning", "it", "test", "regnskab", "hotel", "købmand", "tømrer",
    "maler", "grøn", "pleje", "unge", "fleksjob", "værksted", "butik", "kantine", "bryggeri",
]  # fmt: skip
NAMES = ["Specialisterne", "Grennesminde", "Musholm", "Blindes Arbejde", "Telehandelshuset", "BOMI"]
SECTORS = ["food", "services", "it", "manufacturing", "retail", "tourism", "green", "care", "other"]
CLASSIFICATIONS = ["social_economy", "other_actor", "not_assessed"]
MUNICIPALITIES = 98
SYLLABLES = ["ka", "ber", "lund", "sko", "ve", "dal", "mark", "ris", "holm", "tor", "bo", "sted", "hus", "gå"]


def vocabulary(rng, size=3000):
    """Made-up Danish-looking words: profiles share a few common words, most words are rare, as in
    real text (a description drawn from only the 27 WORDS would match every search)."""
    words = set()
    while len(words) < size:
        words.add("".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4))))
    return sorted(words)


def text(rng, words, length):
    # Zipf-like: a word's chance falls with its rank; the trade WORDS are among the commoner ones.
    return " ".join(words[min(int(rng.paretovariate(0.6)) - 1, len(words) - 1)] for _ in range(length))


def seed(count, rng):
    from enterprises.models import Enterprise, ServiceCategory, TargetGroup
    from portal.models import Municipality

    municipalities = [
        Municipality.objects.get_or_create(
            code=f"{number + 100:03d}",
            defaults={"name": f"Kommune {number:03d}", "slug": f"kommune-{number:03d}"},
        )[0]
        for number in range(MUNICIPALITIES)
    ]
    categories = list(ServiceCategory.objects.all()) or [
        ServiceCategory.objects.create(slug=f"kategori-{n}", name=f"Kategori {n}", name_en=f"Category {n}")
        for n in range(15)
    ]
    groups = list(TargetGroup.objects.all()) or [
        TargetGroup.objects.create(slug=f"gruppe-{n}", name=f"Gruppe {n}", name_en=f"Group {n}")
        for n in range(6)
    ]
    words = vocabulary(rng)
    rng.shuffle(words)
    words[40:40] = WORDS  # the trades rank just below the commonest made-up words
    now = timezone.now()
    enterprises = []
    chosen_services = []
    for n in range(count):
        base = NAMES[n] if n < len(NAMES) else f"{text(rng, words, 2).capitalize()} {n}"
        summary = f"Socialøkonomisk {rng.choice(WORDS)} med {text(rng, words, 6)}."
        description = text(rng, words, 60)
        services = rng.sample(categories, rng.randint(1, 3))
        chosen_services.append(services)
        enterprises.append(
            Enterprise(
                name=base,
                slug=f"virksomhed-{n}",
                cvr=f"{10_000_000 + n}",
                home_municipality=rng.choice(municipalities),
                summary=summary,
                description=description,
                sector=rng.choice(SECTORS),
                rsv_registered=rng.random() < 0.3,
                classification=rng.choice(CLASSIFICATIONS),
                classification_reason="Benchmark.",
                status=Enterprise.Status.PUBLISHED if rng.random() < 0.9 else Enterprise.Status.PENDING,
                published_at=now,
                # What services.refresh writes: the profile's text and its services' names.
                search_document=" ".join([base, summary, description, *(s.name for s in services)]),
            )
        )
    Enterprise.objects.bulk_create(enterprises, batch_size=1000)
    Enterprise.services.through.objects.bulk_create(
        [
            Enterprise.services.through(enterprise_id=e.pk, servicecategory_id=s.pk)
            for e, services in zip(enterprises, chosen_services, strict=True)
            for s in services
        ],
        batch_size=5000,
    )
    Enterprise.target_groups.through.objects.bulk_create(
        [
            Enterprise.target_groups.through(enterprise_id=e.pk, targetgroup_id=g.pk)
            for e in enterprises
            for g in rng.sample(groups, rng.randint(1, 2))
        ],
        batch_size=5000,
    )
    Enterprise.serves.through.objects.bulk_create(
        [
            Enterprise.serves.through(enterprise_id=e.pk, municipality_id=m.pk)
            for e in enterprises
            for m in rng.sample(municipalities, rng.randint(0, 3))
        ],
        batch_size=5000,
    )
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")  # as autovacuum would have by now: the planner needs the statistics
    return municipalities, categories, groups


def directory_requests(rng, municipalities, categories, groups, n=100):
    """Varied searches (words, names, misspellings, websearch syntax, junk) and filter combinations."""
    queries = [
        *WORDS,
        *NAMES,
        "Specalisterne",
        "grenesminde",
        "blinds arbejde",
        '"grøn pleje"',
        "kaffe -kage",
        "kaffe or café",
        "' OR 1=1 --",
        "x" * 300,
    ]
    requests = []
    for _ in range(n):
        params = {}
        if rng.random() < 0.7:
            params["q"] = rng.choice(queries)
        if rng.random() < 0.4:
            params["kommune"] = rng.choice(municipalities).slug
        if rng.random() < 0.4:
            params["kategori"] = [c.slug for c in rng.sample(categories, rng.randint(1, 2))]
        if rng.random() < 0.2:
            params["maalgruppe"] = rng.choice(groups).slug
        if rng.random() < 0.2:
            params["sektor"] = rng.choice(SECTORS)
        if rng.random() < 0.15:
            params["rsv"] = "1"
        if rng.random() < 0.15:
            params["klassifikation"] = rng.choice(CLASSIFICATIONS)
        if rng.random() < 0.2:
            params["sorter"] = rng.choice(["navn", "nyeste"])
        if rng.random() < 0.2:
            params["side"] = str(rng.randint(2, 5))
        requests.append(("/virksomheder/", params))
    return requests


def sender(client):
    def send(request):
        path, params = request
        response = client.get(path, params)
        assert response.status_code == 200, (path, params, response.status_code)
        return response

    return send


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--enterprises", type=int, default=10_000, help="how many (default 10,000)")
    parser.add_argument("--seed", type=int, default=4, help="random seed (default 4)")
    args = parser.parse_args()
    rng = random.Random(args.seed)

    with harness.throwaway_database():
        started = time.perf_counter()
        municipalities, categories, groups = seed(args.enterprises, rng)
        took = time.perf_counter() - started
        print(f"{connection.vendor}, {args.enterprises} enterprises seeded in {took:.1f} s")
        client = Client()
        from enterprises.models import Enterprise

        slugs = list(Enterprise.objects.published().values_list("slug", flat=True)[:2000])
        category = categories[0].slug
        groups_of_requests = [
            ("directory: 100 searches/filters", directory_requests(rng, municipalities, categories, groups)),
            ("directory: no search, page 1", [("/virksomheder/", {})] * 20),
            ("profile: 100 pages", [(f"/virksomheder/{slug}/", {}) for slug in rng.sample(slugs, 100)]),
            ("export.csv (a municipality)", [("/virksomheder/export.csv", {"kommune": "kommune-042"})] * 5),
            ("export.json (a category)", [("/virksomheder/export.json", {"kategori": category})] * 3),
            ("export.csv (all)", [("/virksomheder/export.csv", {})] * 3),
        ]  # fmt: skip
        harness.print_header()
        for label, requests in groups_of_requests:
            harness.print_row(label, *harness.measure(sender(client), requests))


if __name__ == "__main__":
    main()
