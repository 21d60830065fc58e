"""The read replica (portal/db_router.py): which reads go to it, and that no write ever does.

The replica here is a second connection to the test database that PostgreSQL keeps read-only
(`default_transaction_read_only`), so a write routed to it would fail; each query is counted on
the connection it ran on. The data is committed (transactional_db) so that both connections see it.
"""

import time

import pytest
from django.db import connections, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from portal import db_router
from portal.models import Municipality
from tests.conftest import PASSWORD, make_municipality, make_user, requires_postgres
from tests.kit.test_uploads import read_settings

PIN_SECONDS = 10


@pytest.fixture
def replica(transactional_db, settings):
    """A "replica" alias beside "default", the router, and the middleware, as
    DATABASE_REPLICA_URL would set them up."""
    primary = connections["default"]
    options = {**primary.settings_dict["OPTIONS"], "options": "-c default_transaction_read_only=on"}
    # Handed to the connection handler, not listed in DATABASES: an alias there would have to be in
    # place before pytest-django sets up the test database, and every other test would carry it.
    # Django's test case lets a test open a connection the settings do not list.
    replica = type(primary)({**primary.settings_dict, "OPTIONS": options}, alias=db_router.REPLICA)
    setattr(connections._connections, db_router.REPLICA, replica)
    settings.DATABASE_ROUTERS = ["portal.db_router.ReplicaRouter"]
    sessions = settings.MIDDLEWARE.index("django.contrib.sessions.middleware.SessionMiddleware")
    settings.MIDDLEWARE = [
        *settings.MIDDLEWARE[:sessions],
        "portal.db_router.PrimaryAfterWriteMiddleware",
        *settings.MIDDLEWARE[sessions:],
    ]
    settings.REPLICA_PIN_SECONDS = PIN_SECONDS
    yield
    replica.close()
    delattr(connections._connections, db_router.REPLICA)


class Queries:
    """The queries run on the primary and on the replica within the block."""

    def __enter__(self):
        self.primary = CaptureQueriesContext(connections["default"]).__enter__()
        self.replica = CaptureQueriesContext(connections[db_router.REPLICA]).__enter__()
        return self

    def __exit__(self, *exc):
        self.replica.__exit__(*exc)
        self.primary.__exit__(*exc)

    def on(self, alias):
        captured = self.primary if alias == "default" else self.replica
        return [query["sql"] for query in captured.captured_queries]


@requires_postgres
def test_a_page_is_read_from_the_replica(replica, client):
    lejre = make_municipality(name="Lejre", slug="lejre")

    with Queries() as queries:
        response = client.get(reverse("municipality", args=[lejre.slug]))

    assert response.status_code == 200
    assert "Lejre" in response.text
    assert queries.on("replica")
    assert queries.on("default") == []
    assert db_router.PIN_COOKIE not in response.cookies


@requires_postgres
def test_a_post_reads_and_writes_on_the_primary_and_the_visitor_reads_from_it_for_a_while(
    replica, client, time_machine
):
    user = make_user(username="rikke@virksomhed.dk", email="rikke@virksomhed.dk")
    time_machine.move_to("2026-03-02 10:00:00+01:00", tick=False)

    with Queries() as queries:
        response = client.post(reverse("account_login"), {"username": user.username, "password": PASSWORD})

    assert response.status_code == 302
    assert queries.on("replica") == []
    assert any(sql.startswith('INSERT INTO "django_session"') for sql in queries.on("default"))
    pin = response.cookies[db_router.PIN_COOKIE]
    assert pin["max-age"] == PIN_SECONDS
    assert pin["httponly"]

    # Right after, the new session and the account are read where they were written.
    with Queries() as queries:
        assert client.get(reverse("account_home")).status_code == 200
    assert queries.on("replica") == []
    assert queries.on("default")

    # Once the pin has passed, the replica has caught up: pages are read from it again.
    time_machine.shift(PIN_SECONDS + 1)
    with Queries() as queries:
        assert client.get(reverse("account_home")).status_code == 200
    assert queries.on("replica")


@requires_postgres
def test_a_request_that_writes_reads_from_the_primary_from_then_on(replica):
    make_municipality(name="Lejre", slug="lejre")

    with db_router.replica_reads() as reads, Queries() as queries:
        assert Municipality.objects.count() == 1
        make_municipality(name="Roskilde", slug="roskilde")  # the read-only replica would refuse it
        assert Municipality.objects.count() == 2

    assert reads.wrote
    assert len(queries.on("replica")) == 1
    assert sum(sql.startswith("SELECT COUNT") for sql in queries.on("default")) == 1


@requires_postgres
def test_reads_inside_a_transaction_are_read_from_the_primary(replica):
    with db_router.replica_reads(), Queries() as queries, transaction.atomic():
        Municipality.objects.count()

    assert queries.on("replica") == []
    assert [sql for sql in queries.on("default") if sql.startswith("SELECT")]


@requires_postgres
def test_tasks_and_commands_read_from_the_primary(replica):
    """Outside a request nothing opened the replica: a task finds the row whose commit queued it."""
    with Queries() as queries:
        Municipality.objects.count()

    assert queries.on("replica") == []
    assert queries.on("default")


@requires_postgres
def test_a_forged_pin_only_sends_the_visitor_to_the_primary(replica, client):
    client.cookies[db_router.PIN_COOKIE] = "not a time"
    with Queries() as queries:
        assert client.get("/").status_code == 200
    client.cookies[db_router.PIN_COOKIE] = str(int(time.time()) + 3600)
    with Queries() as more:
        assert client.get("/").status_code == 200

    assert queries.on("default") == []
    assert more.on("replica") == []


def test_migrations_run_on_the_primary_only():
    router = db_router.ReplicaRouter()

    assert router.allow_migrate("default", "counselling")
    assert not router.allow_migrate(db_router.REPLICA, "counselling")


def test_database_replica_url_adds_the_replica_the_router_and_the_middleware():
    read = read_settings(
        DATABASE_URL="postgres://indgangen@db.example.dk:5432/indgangen",
        DATABASE_REPLICA_URL="postgres://indgangen@replica.example.dk:5432/indgangen",
        REPLICA_PIN_SECONDS="5",
    )

    assert read["DATABASES"]["replica"]["HOST"] == "replica.example.dk"
    assert read["DATABASES"]["replica"]["TEST"] == {"MIRROR": "default"}
    assert read["DATABASE_ROUTERS"] == ["portal.db_router.ReplicaRouter"]
    middleware = read["MIDDLEWARE"]
    assert middleware.index("portal.db_router.PrimaryAfterWriteMiddleware") + 1 == middleware.index(
        "django.contrib.sessions.middleware.SessionMiddleware"
    )
    assert read["REPLICA_PIN_SECONDS"] == 5


def test_without_a_replica_there_is_no_router():
    read = read_settings(DATABASE_URL="postgres://indgangen@db.example.dk:5432/indgangen")

    assert set(read["DATABASES"]) == {"default"}
    assert "DATABASE_ROUTERS" not in read
    assert "portal.db_router.PrimaryAfterWriteMiddleware" not in read["MIDDLEWARE"]
