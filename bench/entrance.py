"""Benchmark the public entrance pages with all 98 Danish municipalities loaded.

    .venv/bin/python bench/entrance.py [--requests 200]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/indgangen_bench .venv/bin/python bench/entrance.py

Builds a throwaway database (a temporary SQLite file, or `<name>_bench` on PostgreSQL),
seeds 98 municipalities with visit and phone hours, closed days, five contact persons each and
national guides, then requests `/`, `/en/`, a municipality page and a guide page through Django's
test client (the full middleware stack, no network) and reports the median and 95th percentile
time and the number of SQL queries per page. A timing is a figure for the note, never a test.
"""

import argparse
import datetime
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
if not os.environ.get("DATABASE_URL"):
    os.environ["DATABASE_URL"] = f"sqlite:///{tempfile.mkdtemp()}/bench.sqlite3"

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, reset_queries  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402

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


def measure(client, path, repeat):
    client.get(path)  # warm up caches and template loading
    timings, queries = [], 0
    for _ in range(repeat):
        reset_queries()
        start = time.perf_counter()
        response = client.get(path)
        timings.append(time.perf_counter() - start)
        assert response.status_code == 200, (path, response.status_code)
        queries = len(connection.queries)
    timings.sort()
    return statistics.median(timings), timings[int(len(timings) * 0.95) - 1], queries


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=200, help="requests per page (default 200)")
    args = parser.parse_args()

    from django.test.utils import get_runner

    setup_test_environment()
    settings.DEBUG = True  # keep connection.queries
    runner = get_runner(settings)(verbosity=0)
    old_config = runner.setup_databases()
    try:
        call_command("compiletranslations", verbosity=0)
        seed()
        client = Client()
        print(f"{connection.vendor}, {MUNICIPALITIES} municipalities, {args.requests} requests per page")
        print(f"{'page':32} {'median ms':>10} {'p95 ms':>8} {'queries':>8}")
        for path in (
            "/",
            "/en/",
            "/kommuner/kommune-042/",
            "/en/kommuner/kommune-042/",
            "/vejledning/guide-start/",
        ):
            median, p95, queries = measure(client, path, args.requests)
            print(f"{path:32} {median * 1000:10.1f} {p95 * 1000:8.1f} {queries:8d}")
    finally:
        runner.teardown_databases(old_config)


if __name__ == "__main__":
    main()
