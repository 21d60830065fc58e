"""Alerts against a real Redis broker and a real Celery worker (not eager mode): the change's
commit hands `procurement.tasks.queue_alerts` to the broker, the worker queues the alerts and
delivers them. The fixtures are the outbox's own (tests/outbox/test_worker.py)."""

import shutil

import pytest
from django.db import transaction

from outbox.models import Notification
from procurement.models import NoticeChange
from procurement.services import record_change
from tests.conftest import make_user, requires_postgres, requires_redis
from tests.enterprises.factories import make_category, make_enterprise
from tests.outbox.test_worker import (  # noqa: F401 - fixtures used by name
    _broker_pause_reset,
    _tasks_in_process,
    broker,
    mail_dir,
    start_worker,
)
from tests.outbox.worker_support import delivered, wait_for
from tests.procurement.factories import make_notice

pytestmark = [
    requires_postgres,
    requires_redis,
    pytest.mark.skipif(not shutil.which("redis-server"), reason="needs redis-server on the PATH"),
    pytest.mark.django_db(transaction=True),
]


def test_publishing_a_notice_reaches_the_follower_through_the_worker(start_worker, mail_dir):  # noqa: F811
    start_worker()
    bookkeeping = make_category("bogfoering", "Bogføring")
    make_enterprise(services=[bookkeeping], representatives=[make_user(email="rikke@example.dk")])
    notice = make_notice(title="Bogføring for Lejre", categories=[bookkeeping])

    with transaction.atomic():
        change = record_change(notice, kind=NoticeChange.Kind.PUBLISHED)

    sent = Notification.objects.filter(template="procurement_alert", status=Notification.Status.SENT)
    wait_for(sent.exists, 30, "the alert")
    [message] = delivered(mail_dir)
    assert "rikke@example.dk" in message
    change.refresh_from_db()
    assert change.alerts_queued_at is not None
