"""Benchmark procurement alerts: match new notices to every subscriber, queue the alerts in the
outbox, then build the digests of those who take them daily or weekly.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/indgangen .venv/bin/python bench/procurement.py \\
        [--subscribers 1000 10000] [--notices 200]

For each number of subscribers it builds, in a throwaway test database: that many enterprises
(published, two of 40 service categories each, one representative each, a tenth with a
subscription row adding a CPV code and narrowing to a municipality and a kind; every 20th person
represents a second enterprise), then the new notices (a category and a CPV code each, half of them
with two lots of their own categories) and their "published" changes. It times
`procurement.alerts.queue_alerts()` and then `outbox.digests.send_digests()`, counting SQL queries.
The queries of the alert run must not grow with the subscribers (asserted): only the INSERTs do,
one per outbox.delivery.BULK_BATCH mails. Handing the queued mails to Celery is replaced by a
counter: the figure is the portal's own work, not Redis's. A timing is a figure for the note,
never a test.
"""

import argparse
import datetime
import os
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext, get_runner  # noqa: E402
from django.utils import timezone  # noqa: E402

CATEGORIES = 40
FREQUENCIES = ["immediately"] * 10 + ["daily"] * 7 + ["weekly"] * 2 + ["never"]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--subscribers", type=int, nargs="+", default=[1_000, 10_000])
    parser.add_argument("--notices", type=int, default=200)
    args = parser.parse_args()
    if connection.vendor != "postgresql":
        print("(not PostgreSQL: the figures are SQLite's, and its INSERTs are smaller)")

    runner = get_runner(settings)(verbosity=0)
    old_config = runner.setup_databases()
    try:
        from outbox import delivery

        enqueued = []
        # No broker: count what would be handed to Celery (a message holds up to DELIVERY_BATCH ids).
        delivery.enqueue = lambda *ids: enqueued.extend(ids)
        runs = [run(size, args.notices, enqueued) for size in args.subscribers]
    finally:
        runner.teardown_databases(old_config)
    other = {queries - batches for queries, batches in (r["alert_queries"] for r in runs)}
    assert len(other) == 1, f"the alert run's queries (INSERTs and look-ups aside) grew: {runs}"
    print(f"\nalert run, queries other than the INSERTs and look-ups: {other.pop()} at every size")


def run(size, notice_count, enqueued):
    from outbox.digests import send_digests
    from outbox.models import Notification
    from procurement.alerts import queue_alerts

    random.seed(size)
    clear()
    started = time.perf_counter()
    build(size, notice_count)
    print(
        f"\n{size} subscribers, {notice_count} notices: data built in {time.perf_counter() - started:.1f} s"
    )

    enqueued.clear()
    with CaptureQueriesContext(connection) as queries:
        started = time.perf_counter()
        queued = queue_alerts()
        took = time.perf_counter() - started
    alert_queries = len(queries)
    inserts = sum(1 for query in queries if query["sql"].startswith("INSERT"))
    # After commit: the queued mails' ids, looked up by key (outbox.delivery.ENQUEUE_LOOKUP_BATCH each).
    lookups = sum(1 for query in queries if '"dedupe_key" IN' in query["sql"])
    held = Notification.objects.filter(status=Notification.Status.HELD).count()
    print(
        f"alerts: {queued} queued in {took:.1f} s ({queued / took:.0f}/s), {len(queries)} SQL queries "
        f"({inserts} INSERTs, {lookups} look-ups after commit); {len(enqueued)} to send at once, {held} held"
    )

    # The next morning at 08.00 Copenhagen time: every daily and weekly reader's digest is due.
    tomorrow = timezone.localtime(timezone.now(), datetime.UTC) + datetime.timedelta(days=1)
    morning = tomorrow.replace(hour=7, minute=0, second=0, microsecond=0)
    with CaptureQueriesContext(connection) as queries:
        started = time.perf_counter()
        digests = send_digests(now=morning)
        took = time.perf_counter() - started
    print(f"digests: {digests} built from {held} alerts in {took:.1f} s, {len(queries)} SQL queries")
    return {"size": size, "alert_queries": (alert_queries, inserts + lookups)}


def clear():
    from enterprises.models import Enterprise
    from outbox.models import Notification
    from portal.models import User
    from procurement.models import Notice

    Notification.objects.all().delete()
    Notice.objects.all().delete()
    Enterprise.objects.all().delete()
    User.objects.filter(username__startswith="bench-").delete()


def build(size, notice_count):
    from enterprises.models import Enterprise, ServiceCategory
    from portal.models import Municipality, User
    from procurement.models import CpvCode, Lot, Notice, NoticeChange, Subscription

    municipalities = list(Municipality.objects.all()[:5]) or [
        Municipality.objects.create(name=name, code=str(code), slug=name.lower())
        for name, code in (("Lejre", 350), ("Roskilde", 265), ("Slagelse", 330))
    ]
    categories = list(ServiceCategory.objects.all()[:CATEGORIES])
    for n in range(len(categories), CATEGORIES):
        categories.append(
            ServiceCategory.objects.create(slug=f"bench-{n}", name=f"Ydelse {n}", name_en=f"Service {n}")
        )
    # Subscriptions follow a division (45000000), notices carry a code under one (45212000).
    divisions = list(CpvCode.objects.filter(code__endswith="000000"))
    codes = list(CpvCode.objects.filter(code__endswith="000").exclude(code__endswith="00000"))

    users = User.objects.bulk_create(
        User(
            username=f"bench-{i}",
            email=f"bench{i}@example.dk",
            first_name="Læser",
            email_frequency=FREQUENCIES[i % len(FREQUENCIES)],
        )
        for i in range(size)
    )
    enterprises = Enterprise.objects.bulk_create(
        Enterprise(
            name=f"Virksomhed {i}",
            slug=f"bench-virksomhed-{i}",
            cvr=f"{20_000_000 + i}",
            summary="Socialøkonomisk virksomhed.",
            sector=Enterprise.Sector.FOOD,
            status=Enterprise.Status.PUBLISHED,
            home_municipality=municipalities[i % len(municipalities)],
        )
        for i in range(size)
    )
    Enterprise.services.through.objects.bulk_create(
        Enterprise.services.through(enterprise=enterprise, servicecategory=category)
        for enterprise in enterprises
        for category in random.sample(categories, 2)
    )
    Enterprise.representatives.through.objects.bulk_create(
        [
            Enterprise.representatives.through(enterprise=e, user=u)
            for e, u in zip(enterprises, users, strict=True)
        ]
        + [
            Enterprise.representatives.through(enterprise=enterprises[(i + 1) % size], user=users[i])
            for i in range(0, size, 20)
        ]
    )
    subscriptions = Subscription.objects.bulk_create(
        Subscription(enterprise=enterprise, kinds=[Notice.Kind.TENDER] if i % 2 else [])
        for i, enterprise in enumerate(enterprises[::10])
    )
    Subscription.cpv_codes.through.objects.bulk_create(
        Subscription.cpv_codes.through(subscription=subscription, cpvcode=random.choice(divisions))
        for subscription in subscriptions
    )
    Subscription.municipalities.through.objects.bulk_create(
        Subscription.municipalities.through(
            subscription=s, municipality=municipalities[i % len(municipalities)]
        )
        for i, s in enumerate(subscriptions)
        if i % 3 == 0
    )

    now = timezone.now()
    notices = Notice.objects.bulk_create(
        Notice(
            kind=[Notice.Kind.TENDER, Notice.Kind.SUBCONTRACTING, Notice.Kind.SUPPLIER_AGREEMENT][n % 3],
            municipality=municipalities[n % len(municipalities)],
            title=f"Udbud {n}",
            slug=f"bench-udbud-{n}",
            description="Kommunen køber.",
            submission_deadline=now + datetime.timedelta(days=30),
            status=Notice.Status.PUBLISHED,
            published_at=now,
            not_split_reason="Hænger sammen.",
        )
        for n in range(notice_count)
    )
    Notice.categories.through.objects.bulk_create(
        Notice.categories.through(notice=notice, servicecategory=random.choice(categories))
        for notice in notices
    )
    Notice.cpv_codes.through.objects.bulk_create(
        Notice.cpv_codes.through(notice=notice, cpvcode=random.choice(codes)) for notice in notices
    )
    lots = Lot.objects.bulk_create(
        Lot(notice=notice, number=number, title=f"Delaftale {number}")
        for notice in notices[::2]
        for number in (1, 2)
    )
    Lot.categories.through.objects.bulk_create(
        Lot.categories.through(lot=lot, servicecategory=random.choice(categories)) for lot in lots
    )
    NoticeChange.objects.bulk_create(
        NoticeChange(notice=notice, kind=NoticeChange.Kind.PUBLISHED) for notice in notices
    )


if __name__ == "__main__":
    main()
