"""Benchmark the suggestions for a mentor request among 2,000 offers, and the admin's request page.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/indgangen_pg .venv/bin/python bench/mentoring.py
    .venv/bin/python bench/mentoring.py --offers 500        # SQLite, smaller

Builds a throwaway database and seeds with bulk_create that many published offers spread over four
municipalities (two or three expertise areas each, one or two sectors, serving their own
municipality and every third one a neighbour too, capacity 1–3, a tenth paused, activity over the
last 120 days) and a place taken on every fifth by an active match; then times
`mentoring.matching.suggest()` for requests with one to four needs (median, p95, queries per call)
and the admin's change page of a request with its suggestions (/admin/mentoring/mentorrequest/<pk>/
/change/) through Django's test client. A timing is a figure for the note, never a test.
"""

import argparse
import datetime
import random
import statistics
import time

import harness  # sets Django up: first
from django.db import connection, reset_queries
from django.test import Client
from django.utils import timezone

NAMES = [("Lejre", "350"), ("Roskilde", "265"), ("Slagelse", "330"), ("Jammerbugt", "849")]
SECTORS = ["food", "services", "it", "manufacturing", "retail", "tourism", "green", "care"]


def seed(count, rng):
    from mentoring.models import ExpertiseArea, Match, MentorOffer, MentorRequest, OfferSector
    from portal.models import Municipality, User

    municipalities = [
        Municipality.objects.get_or_create(code=code, defaults={"name": name, "slug": name.lower()})[0]
        for name, code in NAMES
    ]
    areas = list(ExpertiseArea.objects.all())
    mentors = User.objects.bulk_create(
        User(username=f"mentor{n}", email=f"mentor{n}@bench.dk", first_name="Mentor", last_name=str(n))
        for n in range(count)
    )
    now = timezone.now()
    offers = MentorOffer.objects.bulk_create(
        MentorOffer(
            mentor=mentor,
            municipality=municipalities[n % len(municipalities)],
            slug=f"mentor-{n}",
            mentor_name=f"Mentor {n}",
            company=f"Firma {n} ApS",
            headline="Erfaren leder hjælper med driften",
            description="Jeg har drevet virksomhed i 20 år.",
            capacity=rng.randint(1, 3),
            status=MentorOffer.Status.PUBLISHED,
            paused=n % 10 == 0,
            last_active_at=now - datetime.timedelta(days=rng.randint(0, 120)),
        )
        for n, mentor in enumerate(mentors)
    )
    MentorOffer.expertise.through.objects.bulk_create(
        MentorOffer.expertise.through(mentoroffer=offer, expertisearea=area)
        for offer in offers
        for area in rng.sample(areas, rng.randint(2, 3))
    )
    OfferSector.objects.bulk_create(
        OfferSector(offer=offer, sector=sector)
        for offer in offers
        for sector in rng.sample(SECTORS, rng.randint(1, 2))
    )
    served = MentorOffer.municipalities.through
    served.objects.bulk_create(
        [served(mentoroffer=offer, municipality_id=offer.municipality_id) for offer in offers]
        + [
            served(mentoroffer=offer, municipality=municipalities[(n + 1) % len(municipalities)])
            for n, offer in enumerate(offers)
            if n % 3 == 0
        ]
    )
    holders = MentorRequest.objects.bulk_create(
        MentorRequest(
            municipality=offer.municipality,
            mentee_name=f"Mentee {n}",
            mentee_email=f"m{n}@bench.dk",
            goals="Drift",
        )
        for n, offer in enumerate(offers[::5])
    )
    Match.objects.bulk_create(
        Match(request=holder, offer=offer, status=Match.Status.ACTIVE, started_at=now)
        for holder, offer in zip(holders, offers[::5], strict=True)
    )
    requests = []
    for n in range(20):
        mentor_request = MentorRequest.objects.create(
            municipality=municipalities[n % len(municipalities)],
            mentee_name=f"Iværksætter {n}",
            mentee_email=f"i{n}@bench.dk",
            sector=SECTORS[n % len(SECTORS)],
            goals="Få styr på køkkenet.",
        )
        mentor_request.needs.set(rng.sample(areas, 1 + n % 4))
        requests.append(mentor_request)
    return municipalities, requests


def staff_user(municipality):
    from django.contrib.auth.models import Group

    from kit.staff import CONTACT_PERSON
    from portal.models import User

    user = User.objects.create_user(
        "bench-staff", email="staff@bench.dk", is_staff=True, municipality=municipality
    )
    user.groups.add(Group.objects.get(name=CONTACT_PERSON))
    return user


def time_suggestions(requests, rounds):
    from mentoring.matching import suggest

    suggest(requests[0])  # warm
    timings, queries = [], set()
    for _round in range(rounds):
        for mentor_request in requests:
            reset_queries()
            start = time.perf_counter()
            found = suggest(mentor_request)
            timings.append(time.perf_counter() - start)
            queries.add(len(connection.queries))
            assert found, mentor_request
    timings.sort()
    p95 = timings[max(0, int(len(timings) * 0.95) - 1)]
    return statistics.median(timings), p95, sorted(queries)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--offers", type=int, default=2000, help="offers in all (default 2000)")
    parser.add_argument("--seed", type=int, default=13, help="random seed (default 13)")
    args = parser.parse_args()
    rng = random.Random(args.seed)

    with harness.throwaway_database():
        started = time.perf_counter()
        municipalities, requests = seed(args.offers, rng)
        took = time.perf_counter() - started
        print(
            f"{connection.vendor}: {args.offers} offers over {len(municipalities)} municipalities "
            f"seeded in {took:.1f} s"
        )

        harness.print_header("calls")
        harness.print_row("suggest(request), 1–4 needs", *time_suggestions(requests, rounds=5))

        staff = Client()
        staff.force_login(staff_user(municipalities[0]))
        own = [r for r in requests if r.municipality_id == municipalities[0].pk]

        def send(mentor_request):
            response = staff.get(f"/admin/mentoring/mentorrequest/{mentor_request.pk}/change/")
            assert response.status_code == 200, response.status_code
            assert response.context["suggestions"], mentor_request
            return response

        harness.print_row("admin request page with suggestions", *harness.measure(send, own * 5))
        lists = [("/admin/mentoring/mentorrequest/", {}), ("/admin/mentoring/mentoroffer/", {})]

        def send_list(request):
            response = staff.get(*request)
            assert response.status_code == 200, response.status_code
            return response

        harness.print_row("admin lists: requests, offers", *harness.measure(send_list, lists * 10))


if __name__ == "__main__":
    main()
