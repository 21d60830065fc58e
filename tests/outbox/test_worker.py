"""The outbox against a real Redis broker and a real Celery worker (not eager mode).

Each test commits its data (transactional_db) so that the worker, a separate process on the
test database, sees it; mail lands in a folder through Django's file backend.
"""

import datetime
import shutil
import time

import pytest
from django.db import transaction
from django.test import Client
from django.utils import timezone

from outbox import delivery
from outbox.delivery import queue_notification, sweep
from outbox.models import Notification
from portal.celery import app
from portal.models import User
from tests.conftest import requires_postgres, requires_redis
from tests.outbox.worker_support import RedisServer, Worker, delivered, wait_for

pytestmark = [
    requires_postgres,
    requires_redis,
    pytest.mark.skipif(not shutil.which("redis-server"), reason="needs redis-server on the PATH"),
    pytest.mark.django_db(transaction=True),
]


@pytest.fixture(autouse=True)
def _tasks_in_process():
    """Overrides the suite's eager mode: here every task goes through the broker."""
    eager = app.conf.task_always_eager
    app.conf.task_always_eager = False
    yield
    app.conf.task_always_eager = eager


@pytest.fixture(autouse=True)
def _broker_pause_reset(monkeypatch):
    """A failed publish pauses the broker for ten seconds in this process; no test inherits one."""
    monkeypatch.setattr(delivery, "_broker_down_until", None)


def sweep_past_the_grace():
    """What beat's sweep does a minute later: rows due for longer than the grace period go out."""
    return sweep(now=timezone.now() + delivery.SWEEP_GRACE + datetime.timedelta(seconds=1))


@pytest.fixture
def broker(tmp_path):
    """Our own redis-server, used by this process and the worker alike."""
    server = RedisServer(tmp_path)
    server.start()
    old_url = app.conf.broker_url
    app.conf.broker_url = server.url
    app._pool = None  # the connection pools are made from broker_url on first use
    app.amqp._producer_pool = None
    yield server
    app.conf.broker_url = old_url
    app._pool = None
    app.amqp._producer_pool = None
    server.stop()


@pytest.fixture
def mail_dir(tmp_path):
    path = tmp_path / "mail"
    path.mkdir()
    return path


@pytest.fixture
def start_worker(broker, mail_dir, tmp_path):
    workers = []

    def start(**env):
        worker = Worker(broker_url=broker.url, mail_dir=mail_dir, log_path=tmp_path / "worker.log", **env)
        worker.start()
        workers.append(worker)
        return worker

    yield start
    for worker in workers:
        worker.stop()


def queue(n=1, **kwargs):
    with transaction.atomic():
        for i in range(n):
            queue_notification(
                template="account_exists",
                context={"name": f"Ole {i}", "reset_url": "http://testserver/konto/nulstil-adgangskode/"},
                to=f"ole{i}@example.dk",
                dedupe_key=f"test:{time.time_ns()}:{i}",
                **kwargs,
            )


def test_a_notification_is_delivered_by_the_worker_after_commit(start_worker, mail_dir):
    start_worker()

    queue()

    wait_for(lambda: Notification.objects.filter(status=Notification.Status.SENT).exists(), 30, "delivery")
    messages = delivered(mail_dir)
    assert len(messages) == 1
    assert "ole0@example.dk" in messages[0]


def test_nothing_is_queued_or_sent_when_the_transaction_rolls_back(start_worker, mail_dir):
    start_worker()

    with pytest.raises(RuntimeError), transaction.atomic():
        queue_notification(template="account_exists", context={}, to="x@example.dk", dedupe_key="rolled-back")
        raise RuntimeError("the cause failed")

    queue()  # a later notification goes through, so the worker has had its chance
    wait_for(lambda: len(delivered(mail_dir)) == 1, 30, "the later delivery")
    assert not Notification.objects.filter(dedupe_key="rolled-back").exists()
    assert len(delivered(mail_dir)) == 1


def test_with_the_broker_down_the_request_succeeds_fast_and_the_mail_goes_out_once_it_is_back(
    broker, start_worker, mail_dir, monkeypatch
):
    start_worker()
    broker.stop()

    started = time.monotonic()
    response = Client().post(
        "/konto/opret/",
        {
            "first_name": "Rikke",
            "last_name": "Holm",
            "email": "rikke@example.dk",
        },
    )
    took = time.monotonic() - started

    assert response.status_code == 302
    assert took < 5, f"the sign-up took {took:.1f}s with the broker down"
    assert User.objects.filter(email="rikke@example.dk").exists()
    notification = Notification.objects.get(template="account_confirm")
    assert notification.status == Notification.Status.QUEUED
    assert delivered(mail_dir) == []

    assert delivery._broker_down_until is not None  # the failed publish paused the broker
    broker.start()
    monkeypatch.setattr(delivery, "_broker_down_until", None)  # the ten seconds have passed
    assert sweep_past_the_grace() == 1  # what beat does every minute

    wait_for(lambda: len(delivered(mail_dir)) == 1, 60, "delivery after the broker came back")
    assert sweep_past_the_grace() == 0  # a second sweep, and any redelivery, sends nothing more
    time.sleep(2)
    assert len(delivered(mail_dir)) == 1
    notification.refresh_from_db()
    assert notification.status == Notification.Status.SENT


def test_a_worker_killed_in_the_middle_of_a_delivery_leads_to_exactly_one_email(
    start_worker, mail_dir, settings
):
    settings.OUTBOX_SENDING_TIMEOUT = 2
    env = {"OUTBOX_TEST_SEND_DELAY": "5", "CELERY_VISIBILITY_TIMEOUT": "3"}
    first = start_worker(**env)

    queue()
    sending = Notification.objects.filter(status=Notification.Status.SENDING)
    wait_for(sending.exists, 30, "the claim")
    first.kill()  # mid-send: the message is claimed but not yet written
    assert delivered(mail_dir) == []

    start_worker(**{**env, "OUTBOX_TEST_SEND_DELAY": "0"})
    time.sleep(2.5)  # past OUTBOX_SENDING_TIMEOUT: the row is stuck in "sending"
    assert sweep() == 1  # a stuck row is due at once, without the grace period

    wait_for(lambda: len(delivered(mail_dir)) == 1, 60, "the delivery after the kill")
    time.sleep(5)  # long enough for the broker to redeliver the killed worker's message
    sweep()
    time.sleep(1)
    assert len(delivered(mail_dir)) == 1
    assert Notification.objects.get().status == Notification.Status.SENT
