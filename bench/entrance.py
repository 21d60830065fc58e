"""Benchmark the public entrance pages with all 98 Danish municipalities loaded.

    .venv/bin/python bench/entrance.py [--requests 200]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/indgangen_bench .venv/bin/python bench/entrance.py

Builds a throwaway database (a temporary SQLite file, or `test_<name>` on PostgreSQL),
seeds 98 municipalities with visit and phone hours, closed days, five contact persons each and
national guides, then requests `/`, `/en/`, a municipality page and a guide page through Django's
test client (the full middleware stack, no network) and reports the median and 95th percentile
time and the number of SQL queries per page. A timing is a figure for the note, never a test.
"""

import argparse
import datetime

import harness  # sets Django up: first
from django.db import connection
from django.test import Client

MUNICIPALITIES = 98


def seed():
    from portal.models import ClosedDay, ContactPerson, Guide, Municipality, OpeningHours

    today = datetime.date.today()
    for number in range(MUNICIPALITIES):
        municipality = Municipality.objects.create(
            name=f"Kommune {number:03d}", code=f"{number + 100:03d}", slug=f"kommune-{number:03d}"
        )
        OpeningHours.objects.bulk_create(
            OpeningHours(
                municipality=municipality,
                kind=kind,
                weekday=weekday,
                opens=datetime.time(9 if kind == "visit" else 8),
                closes=datetime.time(15),
            )
            for kind in ("visit", "phone")
            for weekday in range(5)
        )
        ClosedDay.objects.create(municipality=municipality, date=today + datetime.timedelta(days=3))
        ContactPerson.objects.bulk_create(
            ContactPerson(municipality=municipality, name=f"Person {i}", areas=["startup", "jobcenter"])
            for i in range(5)
        )
    for topic in Guide.Topic.values:
        Guide.objects.create(
            topic=topic, slug=f"guide-{topic}", title=topic, body="## Hej\n\n" + "Tekst. " * 200
        )


def sender(client):
    def send(path):
        response = client.get(path)
        assert response.status_code == 200, (path, response.status_code)
        return response

    return send


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=200, help="requests per page (default 200)")
    args = parser.parse_args()

    with harness.throwaway_database():
        seed()
        send = sender(Client())
        print(f"{connection.vendor}, {MUNICIPALITIES} municipalities, {args.requests} requests per page")
        harness.print_header("page")
        for path in (
            "/",
            "/en/",
            "/kommuner/kommune-042/",
            "/en/kommuner/kommune-042/",
            "/vejledning/guide-start/",
        ):
            harness.print_row(path, *harness.measure(send, [path] * args.requests))


if __name__ == "__main__":
    main()
