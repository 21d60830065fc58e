"""Benchmark the counselling queue and the intake form with 100,000 cases over 4 municipalities.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/indgangen_bench .venv/bin/python bench/counselling.py
    .venv/bin/python bench/counselling.py --cases 5000        # SQLite, a quick look

Builds a throwaway database (`test_<name>` on PostgreSQL, or a temporary SQLite file), seeds the
cases with bulk_create (a quarter per municipality, over the last three years, in every status,
a "received" event each), then sends requests through Django's test client (the full middleware
stack, no network) as a Lejre contact person: the admin queue unfiltered, filtered, searched and
sorted, and the case page; and, as a visitor, intake form submissions with a PDF attached. It
reports the median and 95th-percentile time and the SQL queries per request. A timing is a
figure for the note, never a test.
"""

import argparse
import datetime
import logging
import random
import tempfile
import time
from pathlib import Path

import harness  # sets Django up: first
from django.conf import settings
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.utils import timezone

MUNICIPALITIES = [
    ("Lejre", "350", "lejre", "LEJ"),
    ("Roskilde", "265", "roskilde", "ROS"),
    ("Slagelse", "330", "slagelse", "SLA"),
    ("Jammerbugt", "849", "jammerbugt", "JAM"),
]
STAFF_PER_MUNICIPALITY = 6
PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n" + b"%" * 200_000


def seed(count, rng):
    from counselling.models import (
        Case,
        CaseCounter,
        CaseEvent,
        CounsellingSettings,
        Kind,
        Need,
        Stage,
        Status,
    )
    from portal.models import Municipality, User
    from portal.roles import CONTACT_PERSON

    contact_group = Group.objects.get(name=CONTACT_PERSON)
    now = timezone.now()
    municipalities, staff = [], {}
    for name, code, slug, prefix in MUNICIPALITIES:
        municipality = Municipality.objects.create(name=name, code=code, slug=slug)
        CounsellingSettings.objects.create(municipality=municipality, case_prefix=prefix)
        municipalities.append(municipality)
        staff[municipality.pk] = []
        for n in range(STAFF_PER_MUNICIPALITY):
            user = User.objects.create_user(
                f"{slug}-{n}", f"{slug}-{n}@example.dk", "bench", is_staff=True, municipality=municipality
            )
            user.groups.add(contact_group)
            staff[municipality.pk].append(user)
    statuses = list(Status)
    weights = [5, 5, 15, 5, 40, 15, 8, 7]  # most cases of three years are closed
    per_municipality = count // len(municipalities)
    for municipality in municipalities:
        cases = []
        days = sorted((rng.random() * 3 * 365 for _ in range(per_municipality)), reverse=True)
        by_year = {}
        for age in days:
            created = now - datetime.timedelta(days=age)
            year = created.year
            by_year[year] = by_year.get(year, 0) + 1
            status = rng.choices(statuses, weights)[0]
            responded = status not in (Status.NEW, Status.TRIAGE) or rng.random() < 0.3
            closed = status in {Status.RESOLVED, Status.REFERRED, Status.WITHDRAWN, Status.REJECTED}
            cases.append(
                Case(
                    municipality=municipality,
                    year=year,
                    number=by_year[year],
                    reference=f"{municipality.counselling.case_prefix}-{year}-{by_year[year]:04d}",
                    kind=rng.choice(list(Kind)),
                    stage=rng.choice(list(Stage)),
                    applicant_name=f"Ansøger {len(cases)}",
                    applicant_email=f"ansoeger{len(cases)}@example.dk",
                    description="Vi vil starte en socialøkonomisk virksomhed. " * 5,
                    needs=rng.sample(list(Need.values), 2),
                    preferred_contact="email",
                    consent_at=created,
                    created_at=created,
                    deadline=(created + datetime.timedelta(days=7)).date(),
                    first_response_at=created + datetime.timedelta(days=rng.random() * 6)
                    if responded
                    else None,
                    closed_at=created + datetime.timedelta(days=20) if closed else None,
                    status=status,
                    assignee=rng.choice(staff[municipality.pk]) if rng.random() < 0.8 else None,
                    confidential=rng.random() < 0.02,
                    access_token=f"bench-{municipality.code}-{len(cases)}",
                )
            )
        Case.objects.bulk_create(cases, batch_size=2000)
        CaseCounter.objects.bulk_create(
            [CaseCounter(municipality=municipality, year=year, last_number=n) for year, n in by_year.items()]
        )
    CaseEvent.objects.bulk_create(
        (
            CaseEvent(case_id=pk, kind=CaseEvent.Kind.RECEIVED, created_at=created)
            for pk, created in Case.objects.values_list("pk", "created_at").iterator()
        ),
        batch_size=5000,
    )
    return municipalities, staff


def sender(client):
    def send(request):
        method, path, params = request
        if method == "post":
            params = {**params, "attachments": SimpleUploadedFile("plan.pdf", PDF, "application/pdf")}
            response = client.post(path, params)
            assert response.status_code in (302, 303), response.content.decode()[:3000]
        else:
            response = client.get(path, params)
            assert response.status_code == 200, (path, response.status_code, response.content[:2000])
        return response

    return send


def intake_form(municipality):
    return {
        "municipality": municipality.slug,
        "applicant_name": "Mette Hansen",
        "applicant_email": "mette@example.dk",
        "applicant_phone": "",
        "organisation": "",
        "cvr": "",
        "kind": "new_enterprise",
        "stage": "idea",
        "description": "Vi vil starte en café med job til unge på kanten af arbejdsmarkedet.",
        "needs": ["business_plan", "funding"],
        "preferred_contact": "email",
        "consent": "on",
        "website": "",
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=100_000, help="how many (default 100,000)")
    parser.add_argument("--seed", type=int, default=5, help="random seed (default 5)")
    args = parser.parse_args()
    rng = random.Random(args.seed)

    logging.getLogger("celery").setLevel(logging.WARNING)  # a line per delivered mail otherwise
    settings.INTAKE_LIMIT_PER_HOUR = 10**9
    settings.PRIVATE_MEDIA_ROOT = Path(tempfile.mkdtemp())
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    with harness.throwaway_database():
        started = time.perf_counter()
        municipalities, staff = seed(args.cases, rng)
        print(f"{connection.vendor}, {args.cases} cases seeded in {time.perf_counter() - started:.1f} s")
        from counselling.models import Case

        lejre = municipalities[0]
        contact = staff[lejre.pk][0]
        client = Client()
        client.force_login(contact)
        references = list(
            Case.objects.visible_to(contact).order_by("?").values_list("reference", flat=True)[:20]
        )
        case_ids = list(Case.objects.visible_to(contact).order_by("?").values_list("pk", flat=True)[:50])
        queue = "/admin/counselling/case/"
        groups_of_requests = [
            ("queue: page 1", [("get", queue, {})] * 50),
            ("queue: open, in triage", [("get", queue, {"status__exact": "triage"})] * 30),
            ("queue: overdue", [("get", queue, {"overdue": "yes"})] * 30),
            ("queue: assigned to me", [("get", queue, {"assigned": "me"})] * 30),
            ("queue: search by reference", [("get", queue, {"q": reference}) for reference in references]),
            ("queue: search by name", [("get", queue, {"q": "Ansøger 1234"})] * 20),
            ("queue: by deadline, page 5", [("get", queue, {"o": "-6", "p": "5"})] * 20),
            ("case page", [("get", f"{queue}{pk}/change/", {}) for pk in case_ids]),
            ("admin index (overview)", [("get", "/admin/", {})] * 20),
        ]  # fmt: skip
        harness.print_header()
        for label, requests in groups_of_requests:
            harness.print_row(label, *harness.measure(sender(client), requests))
        submissions = [("post", "/start/", intake_form(rng.choice(municipalities))) for _ in range(100)]
        harness.print_row("intake: submit with a 200 kB PDF", *harness.measure(sender(Client()), submissions))


if __name__ == "__main__":
    main()
