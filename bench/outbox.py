"""Benchmark the notification outbox: delivery throughput with one worker, and digest building.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/indgangen REDIS_URL=redis://127.0.0.1:6379/0 \\
        .venv/bin/python bench/outbox.py [--notifications 10000] [--users 10000]

Needs PostgreSQL and Redis: a real `celery worker` process (solo pool, one process) shares the
throwaway test database `test_<name>`. The worker sends through Django's in-memory backend, so
the figure is the outbox's own cost per mail (claim, render, mark sent), not an SMTP server's.

1. Queues N notifications in one transaction, then times the worker until all are sent.
2. Creates U digest subscribers with held mail, 1 item each and then 5 items each, and times
   `send_digests()`, counting its SQL queries (which must not grow with the items).
A timing is a figure for the note, never a test.
"""

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection, reset_queries, transaction  # noqa: E402
from django.test.utils import CaptureQueriesContext, get_runner  # noqa: E402


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--notifications", type=int, default=10_000)
    parser.add_argument("--users", type=int, default=10_000)
    args = parser.parse_args()
    if connection.vendor != "postgresql" or not settings.REDIS_URL:
        sys.exit("bench/outbox.py needs DATABASE_URL=postgres://… and REDIS_URL=redis://…")

    runner = get_runner(settings)(verbosity=0)
    old_config = runner.setup_databases()
    try:
        delivery(args.notifications)
        digests(args.users)
    finally:
        runner.teardown_databases(old_config)


def delivery(count):
    from outbox.delivery import queue_notification
    from outbox.models import Notification
    from portal.celery import app
    from tests.outbox.worker_support import Worker, wait_for

    app.control.purge()
    tmp = Path(tempfile.mkdtemp())
    worker = Worker(
        broker_url=settings.REDIS_URL,
        mail_dir=tmp,
        log_path=tmp / "worker.log",
        EMAIL_BACKEND="locmem",
        LOG_LEVEL="WARNING",
    )
    worker.start()
    try:
        started = time.perf_counter()
        with transaction.atomic():
            for i in range(count):
                queue_notification(
                    template="account_exists",
                    context={"name": f"Modtager {i}", "reset_url": "https://indgangen.example/konto/"},
                    to=f"modtager{i}@example.dk",
                    dedupe_key=f"bench:{i}",
                )
        queued = time.perf_counter() - started  # includes publishing to Redis after commit
        started = time.perf_counter()
        sent = Notification.objects.filter(status=Notification.Status.SENT)
        wait_for(lambda: sent.count() == count, 3600, f"{count} deliveries")
        took = time.perf_counter() - started
    finally:
        worker.stop()
    print(
        f"queue {count} notifications (one transaction, then publish): {queued:.1f} s, {count / queued:.0f}/s"
    )
    print(f"deliver them with one worker process: {took:.1f} s, {count / took:.0f} deliveries/s")


def digests(user_count):
    from outbox.digests import send_digests
    from outbox.models import Notification
    from portal.celery import app
    from portal.models import User

    app.control.purge()
    for items_per_user in (1, 5):
        User.objects.filter(username__startswith="digest-").delete()
        users = User.objects.bulk_create(
            User(
                username=f"digest-{i}",
                email=f"digest{i}@example.dk",
                first_name="Læser",
                email_frequency=User.EmailFrequency.DAILY,
            )
            for i in range(user_count)
        )
        Notification.objects.bulk_create(
            Notification(
                template="account_exists",
                context={"name": "Læser", "reset_url": "https://indgangen.example/konto/"},
                recipient_email=user.email,
                recipient_user=user,
                language="da",
                transactional=False,
                dedupe_key=f"held:{user.pk}:{n}",
                status=Notification.Status.HELD,
            )
            for user in users
            for n in range(items_per_user)
        )
        reset_queries()
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            built = send_digests()
            took = time.perf_counter() - started
        print(
            f"digests for {user_count} users × {items_per_user} item(s): {built} built in {took:.1f} s, "
            f"{len(queries)} SQL queries"
        )
        app.control.purge()


if __name__ == "__main__":
    main()
