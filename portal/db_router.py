"""Reads from a PostgreSQL read replica, when DATABASE_REPLICA_URL adds one (portal/settings.py).

A replica lags the primary by a moment, so only reads that cannot miss a recent write go to it:
those of a GET, HEAD or OPTIONS request (the middleware below opens them), from a visitor who has not
written anything in the last REPLICA_PIN_SECONDS, before the request itself writes, outside a
transaction. Everything else reads from the primary:

- POST and the other unsafe requests: a form is checked against what is there now;
- the rest of a request after it wrote (a row, a session), and the visitor's next requests for
  REPLICA_PIN_SECONDS, marked by a cookie: nobody misses what they have just saved;
- reads inside `transaction.atomic()`, which belong with the writes beside them;
- Celery tasks, management commands and the shell: a task loads the row whose commit queued it.

Every write goes to the primary, and migrations run there only (the replica copies them).
"""

import contextlib
import contextvars
import time

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections

REPLICA = "replica"
#: The cookie holding the time (Unix seconds) until which a visitor reads from the primary.
PIN_COOKIE = "primary_until"
SAFE_METHODS = ("GET", "HEAD", "OPTIONS")


#: The statements on the primary that change no data: anything else counts as a write. (SET: a
#: new connection's planner settings, portal/apps.py.)
READ_STATEMENTS = ("SELECT", "SAVEPOINT", "RELEASE", "SET", "SHOW")


class _Reads:
    """One request's routing: whether it may read from the replica, and whether it has written."""

    def __init__(self, *, replica):
        self.replica = replica
        self.wrote = False

    def watch(self, execute, sql, params, many, context):
        # Watched on the primary's connection rather than in db_for_write, which Django also asks
        # when it merely attaches a related object to an unsaved one.
        if not sql.lstrip().upper().startswith(READ_STATEMENTS):
            self.wrote = True
        return execute(sql, params, many, context)


_reads = contextvars.ContextVar("replica_reads", default=None)


@contextlib.contextmanager
def replica_reads(allowed=True):
    """Reads in the block may go to the replica, until the block writes to the primary, and
    never inside a transaction."""
    reads = _Reads(replica=allowed)
    token = _reads.set(reads)
    try:
        with connections[DEFAULT_DB_ALIAS].execute_wrapper(reads.watch):
            yield reads
    finally:
        _reads.reset(token)


class ReplicaRouter:
    def db_for_read(self, model, **hints):
        reads = _reads.get()
        if reads is None or not reads.replica or reads.wrote:
            return DEFAULT_DB_ALIAS
        if connections[DEFAULT_DB_ALIAS].in_atomic_block:
            return DEFAULT_DB_ALIAS
        return REPLICA

    def db_for_write(self, model, **hints):
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1, obj2, **hints):
        return True  # the replica holds the primary's rows: an object read from either is the same

    def allow_migrate(self, db, app_label, **hints):
        return db == DEFAULT_DB_ALIAS


def _pinned(request):
    try:
        return float(request.COOKIES.get(PIN_COOKIE, 0)) > time.time()
    except ValueError:
        return False


class PrimaryAfterWriteMiddleware:
    """Opens the replica to a request's reads, as the module says; before SessionMiddleware, so
    that the session it saves counts as a write."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        allowed = request.method in SAFE_METHODS and not _pinned(request)
        with replica_reads(allowed) as reads:
            response = self.get_response(request)
        if reads.wrote:
            response.set_cookie(
                PIN_COOKIE,
                str(int(time.time()) + settings.REPLICA_PIN_SECONDS),
                max_age=settings.REPLICA_PIN_SECONDS,
                secure=settings.SESSION_COOKIE_SECURE,
                httponly=True,
                samesite="Lax",
            )
        return response
