"""What the request benchmarks share: Django set up on DATABASE_URL (a temporary SQLite file when
unset), a throwaway test database, and timing requests through Django's test client.

Import it before anything from Django or the project: `import harness` sets Django up.
"""

import contextlib
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
from django.test.utils import get_runner, setup_test_environment  # noqa: E402


@contextlib.contextmanager
def throwaway_database():
    """A fresh, migrated test database (`test_<name>` on PostgreSQL), dropped afterwards; the
    translations compiled and DEBUG on, so that every request's queries are counted."""
    setup_test_environment()
    settings.DEBUG = True  # keep connection.queries
    runner = get_runner(settings)(verbosity=0, interactive=False)
    old_config = runner.setup_databases()
    try:
        call_command("compiletranslations", verbosity=0)
        yield
    finally:
        runner.teardown_databases(old_config)


def measure(send, requests):
    """Send each request with `send(request)` (it checks the response and returns it), the first
    once more beforehand to warm caches and templates. Returns the median and 95th-percentile
    time in seconds and the distinct numbers of SQL queries per request."""
    send(requests[0])
    timings, queries = [], set()
    for request in requests:
        reset_queries()
        start = time.perf_counter()
        response = send(request)
        if response.streaming:
            b"".join(response.streaming_content)
        timings.append(time.perf_counter() - start)
        queries.add(len(connection.queries))
    timings.sort()
    p95 = timings[max(0, int(len(timings) * 0.95) - 1)]
    return statistics.median(timings), p95, sorted(queries)


def print_header(first_column="requests"):
    print(f"{first_column:40} {'median ms':>10} {'p95 ms':>8}  queries")


def print_row(label, median, p95, queries):
    print(f"{label:40} {median * 1000:10.1f} {p95 * 1000:8.1f}  {','.join(map(str, queries))}")
