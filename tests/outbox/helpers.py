"""What the outbox's tests share: rows written directly or queued, the clock, mail servers that fail."""

import datetime
import re
import zoneinfo
from itertools import count

from django.core.mail.backends import locmem
from django.core.mail.backends.base import BaseEmailBackend
from django.db import transaction
from django.utils import timezone

from outbox import delivery
from outbox.delivery import queue_notification
from outbox.models import EmailFrequency, Notification

Status = Notification.Status
Frequency = EmailFrequency
COPENHAGEN = zoneinfo.ZoneInfo("Europe/Copenhagen")

MINUTE = datetime.timedelta(minutes=1)
HOUR = datetime.timedelta(hours=1)
DAY = datetime.timedelta(days=1)
# A Monday morning in Copenhagen (09.00 local time, after DIGEST_HOUR), for tests that step through days.
MONDAY = datetime.datetime(2026, 3, 2, 8, 0, tzinfo=datetime.UTC)
UNSUBSCRIBE_HEADER = re.compile(r"<(https?://[^>]+/konto/afmeld/([^/>]+)/)>")
SMTP_ERROR = "ConnectionRefusedError: smtp.example.dk refused the connection"

_keys = count(1)


class FailingBackend(BaseEmailBackend):
    """An SMTP server that refuses every message (settings.EMAIL_BACKEND points here)."""

    #: The Message-ID of each message it was handed, in order.
    message_ids = []

    def send_messages(self, email_messages):
        FailingBackend.message_ids += [message.message()["Message-ID"] for message in email_messages]
        raise ConnectionRefusedError("smtp.example.dk refused the connection")


class SilentBackend(BaseEmailBackend):
    """A backend that raises nothing but sends nothing either (fail_silently, a broken relay)."""

    def send_messages(self, email_messages):
        return 0


class UnreachableBroker:
    """Celery's deliver task with Redis gone: every publish fails. Counts the attempts."""

    def __init__(self):
        self.attempts = 0

    def apply_async(self, *args, **kwargs):
        self.attempts += 1
        raise ConnectionRefusedError("redis://127.0.0.1:6379 refused the connection")


def past_the_grace(now=None):
    """A moment at which a row due now has waited longer than the sweeper's grace period."""
    return (now or timezone.now()) + delivery.SWEEP_GRACE + datetime.timedelta(seconds=1)


def make_notification(**kwargs):
    """An outbox row written directly, as if queued with its on-commit delivery never run."""
    n = next(_keys)
    defaults = {
        "template": "account_exists",
        "context": {"name": "Ole", "reset_url": "http://testserver/konto/nulstil-adgangskode/"},
        "recipient_email": f"modtager{n}@example.dk",
        "language": "da",
        "dedupe_key": f"test:{n}",
    }
    return Notification.objects.create(**{**defaults, **kwargs})


def queue(**kwargs):
    """queue_notification in its own transaction, as a service calls it."""
    defaults = {
        "template": "account_exists",
        "context": {"name": "Ole", "reset_url": "http://testserver/konto/nulstil-adgangskode/"},
        "dedupe_key": f"test:{next(_keys)}",
    }
    if "user" not in kwargs and "to" not in kwargs:
        defaults["to"] = "ole@example.dk"
    with transaction.atomic():
        return queue_notification(**{**defaults, **kwargs})


def hold(user, template="account_exists", **kwargs):
    """A non-urgent mail for a digest subscriber: it is held for their digest."""
    contexts = {
        "account_exists": {"name": user.first_name, "reset_url": "http://testserver/konto/"},
        "password_reset": {"username": user.username, "reset_url": "http://testserver/konto/"},
        "account_confirm": {"name": user.first_name, "confirm_url": "http://testserver/konto/"},
    }
    return queue(
        template=template,
        context=kwargs.pop("context", contexts.get(template, {})),
        user=user,
        transactional=False,
        **kwargs,
    )


def copenhagen(*args):
    """A moment given in Copenhagen's local time."""
    return datetime.datetime(*args, tzinfo=COPENHAGEN)


def html_of(message):
    [(html, mimetype)] = message.alternatives
    assert mimetype == "text/html"
    return html


def reload(row):
    row.refresh_from_db()
    return row


def failed(municipality, **kwargs):
    return make_notification(
        status=Status.FAILED,
        municipality=municipality,
        last_error="SMTPRecipientsRefused: 550 5.1.1 no such user",
        **kwargs,
    )


class CountingBackend(locmem.EmailBackend):
    """The test backend, counting the connections made to the mail server."""

    opened = 0

    def __init__(self, *args, **kwargs):
        CountingBackend.opened += 1
        super().__init__(*args, **kwargs)
