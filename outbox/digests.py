"""Digests: each daily or weekly subscriber's held mail, gathered into one email."""

import datetime
import logging
import zoneinfo
from collections import defaultdict

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import timezone, translation

from outbox import emails
from outbox.delivery import schedule_delivery
from outbox.models import EmailFrequency, Notification

logger = logging.getLogger(__name__)

COPENHAGEN = zoneinfo.ZoneInfo("Europe/Copenhagen")
DIGEST_PERIODS = {
    EmailFrequency.DAILY: datetime.timedelta(days=1),
    EmailFrequency.WEEKLY: datetime.timedelta(days=7),
}
DIGEST_BATCH = 500
DIGEST_HOUR = 7  # digests go out from 07.00 Copenhagen time, not in the night


def _digest_due(now):
    """Users whose digest is due and who have held mail.

    Daily: no digest yet today (Copenhagen time); weekly: none in the last seven days. "Due", not
    "today": a missed run is caught up by the next one.
    """
    start_of_today = timezone.localtime(now, COPENHAGEN).replace(hour=0, minute=0, second=0, microsecond=0)
    due = Q()
    for frequency, period in DIGEST_PERIODS.items():
        cutoff = start_of_today - (period - datetime.timedelta(days=1))
        due |= Q(email_frequency=frequency) & (Q(last_digest_at__isnull=True) | Q(last_digest_at__lt=cutoff))
    held = Notification.objects.filter(status=Notification.Status.HELD).values("recipient_user")
    return get_user_model().objects.filter(due, is_active=True, pk__in=held)


def send_digests(now=None):
    """Build the digests that are due, in batches; returns how many digests were queued.

    A batch runs a fixed number of queries however many items its users have: the users, their
    held items, one insert for the digests, one update for the items and one for the users.
    """
    now = now or timezone.now()
    if timezone.localtime(now, COPENHAGEN).hour < DIGEST_HOUR:
        return 0
    queued = 0
    while True:
        with transaction.atomic():
            users = list(_digest_due(now).select_for_update(skip_locked=True).order_by("pk")[:DIGEST_BATCH])
            if not users:
                return queued
            items_by_user = defaultdict(list)
            items = Notification.objects.filter(
                recipient_user__in=users, status=Notification.Status.HELD, created_at__lte=now
            ).order_by("created_at")
            for item in items:
                items_by_user[item.recipient_user_id].append(item)
            digests = []
            for user in users:
                user_items = items_by_user.get(user.pk, [])
                if not user_items:
                    continue
                digests.append(emails.digest(user, user_items, [_digest_line(item) for item in user_items]))
            Notification.objects.bulk_create(digests)
            Notification.objects.filter(pk__in=[item.pk for item in items]).update(
                status=Notification.Status.DIGESTED, sent_at=now, updated_at=now
            )
            get_user_model().objects.filter(pk__in=[user.pk for user in users]).update(last_digest_at=now)
            for digest in digests:
                schedule_delivery(digest.pk)
            queued += len(digests)


def _digest_line(item):
    """One line of a digest: the item's own subject, rendered in the recipient's language."""
    try:
        with translation.override(item.language):
            subject = render_to_string(f"emails/{item.template}_subject.txt", item.context)
        return {"subject": " ".join(subject.split()), "url": _item_url(item.context)}
    except Exception:  # noqa: BLE001 - one broken item must not stop a digest
        logger.exception("Could not render notification %s for a digest", item.pk)
        return {"subject": item.template, "url": ""}


def _item_url(context):
    """The absolute address an item's own mail links to: mails carry a site path (`admin_path`,
    `path`) or a full address (`case_url`)."""
    for key in ("admin_path", "path"):
        if context.get(key):
            return settings.SITE_URL + context[key]
    return context.get("case_url") or context.get("url", "")
