"""Benchmark the impact overview with 4 municipalities × 200 agreements × 12 quarters of results.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/indgangen_pg .venv/bin/python bench/partnerships.py
    .venv/bin/python bench/partnerships.py --agreements 50        # SQLite, smaller

Builds a throwaway database, seeds with bulk_create per municipality that many published, active
agreements (two commitments each: flex jobs, and one of the other kinds with a deadweight share
on every third), twelve confirmed quarters of results per commitment (2025 K1–2027 K4) and a
tenth of the agreements unpublished; then renders the public overview (all, per municipality, per
year), its CSV, the list and an agreement page, and the staff's overview in the admin
(/admin/partnerships/agreement/overview/) through Django's test client, reporting the median and
95th percentile time and the SQL queries per request. A timing is a figure for the note, never a test.
"""

import argparse
import datetime
import random
import time

import harness  # sets Django up: first
from django.db import connection
from django.test import Client
from django.utils import timezone

KINDS = ["wage_subsidy", "small_jobs", "ordinary_hire", "clarification"]
NAMES = [("Lejre", "350"), ("Roskilde", "265"), ("Slagelse", "330"), ("Jammerbugt", "849")]
QUARTERS = [(year, quarter) for year in (2025, 2026, 2027) for quarter in (1, 2, 3, 4)]


def seed(per_municipality, rng):
    from partnerships.models import Agreement, Commitment, Result
    from portal.models import Municipality

    municipalities = [
        Municipality.objects.get_or_create(code=code, defaults={"name": name, "slug": name.lower()})[0]
        for name, code in NAMES
    ]
    now = timezone.now()
    for municipality in municipalities:
        agreements = Agreement.objects.bulk_create(
            Agreement(
                municipality=municipality,
                kind=rng.choice(Agreement.Kind.values),
                title=f"Aftale {municipality.code}-{n}",
                slug=f"aftale-{municipality.code}-{n}",
                purpose="Flere job til udsatte borgere.",
                start=datetime.date(2025, 1, 1),
                end=datetime.date(2027, 12, 31),
                state=Agreement.State.ACTIVE,
                status=Agreement.Status.PUBLISHED if n % 10 else Agreement.Status.PENDING,
            )
            for n in range(per_municipality)
        )
        commitments = Commitment.objects.bulk_create(
            Commitment(
                agreement=agreement,
                position_kind=kind,
                target=rng.randint(5, 40),
                deadweight_percent=20 if (n % 3 == 0 and kind != "flexjob") else None,
            )
            for n, agreement in enumerate(agreements)
            for kind in ("flexjob", KINDS[n % len(KINDS)])
        )
        Result.objects.bulk_create(
            Result(
                commitment=commitment, year=year, quarter=quarter, count=rng.randint(0, 4), confirmed_at=now
            )
            for commitment in commitments
            for year, quarter in QUARTERS
        )
    return municipalities


def staff_user(municipality):
    from django.contrib.auth.models import Group

    from kit.staff import CONTACT_PERSON
    from portal.models import User

    user = User.objects.create_user(
        "bench-staff", email="staff@bench.dk", is_staff=True, municipality=municipality
    )
    user.groups.add(Group.objects.get(name=CONTACT_PERSON))
    return user


def sender(client):
    def send(request):
        path_, params = request
        response = client.get(path_, params)
        assert response.status_code == 200, (path_, params, response.status_code)
        return response

    return send


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--agreements", type=int, default=200, help="per municipality (default 200)")
    parser.add_argument("--seed", type=int, default=12, help="random seed (default 12)")
    args = parser.parse_args()
    rng = random.Random(args.seed)

    with harness.throwaway_database():
        started = time.perf_counter()
        municipalities = seed(args.agreements, rng)
        from partnerships.models import Agreement, Result

        took = time.perf_counter() - started
        print(
            f"{connection.vendor}: {len(municipalities)} municipalities × {args.agreements} agreements, "
            f"{Result.objects.count()} results seeded in {took:.1f} s"
        )
        public = Client()
        staff = Client()
        staff.force_login(staff_user(municipalities[0]))
        overview = "/partnerskaber/resultater/"
        staff_overview = "/admin/partnerships/agreement/overview/"
        by_municipality = [(overview, {"kommune": m.slug}) for m in municipalities] * 5
        by_year = [(overview, {"aar": str(y)}) for y in (2025, 2026, 2027)] * 7
        slug = Agreement.objects.published().values_list("slug", flat=True).first()
        groups_of_requests = [
            ("public overview: all", public, [("/partnerskaber/resultater/", {})] * 20),
            ("public overview: a municipality", public, by_municipality),
            ("public overview: a year", public, by_year),
            ("public overview: resultater.csv", public, [("/partnerskaber/resultater.csv", {})] * 10),
            ("public list: page 1", public, [("/partnerskaber/", {})] * 20),
            ("agreement page", public, [(f"/partnerskaber/{slug}/", {})] * 20),
            ("staff overview (admin)", staff, [(staff_overview, {})] * 20),
            ("staff overview: a year", staff, [(staff_overview, {"aar": "2026"})] * 20),
        ]  # fmt: skip
        harness.print_header()
        for label, client, requests in groups_of_requests:
            harness.print_row(label, *harness.measure(sender(client), requests))


if __name__ == "__main__":
    main()
