"""Deadline reminders: 3 Danish working days before the submission deadline of a notice an
enterprise marked interest in, its representative hears once (`Interest.reminded_at`).

The selection is "due and not yet reminded", never "the deadline is exactly 3 working days from
today": a day the task did not run, or a weekend, must not lose a reminder. Working days skip
weekends and Danish public holidays (portal.hours): a deadline on the Monday after Christmas is
reminded of on the Tuesday before it, not on Christmas Day.
"""

import datetime
from collections import defaultdict

from django.db import transaction
from django.utils import timezone

from enterprises.models import Enterprise
from outbox.delivery import queue_notifications
from portal.hours import add_working_days
from procurement import emails
from procurement.models import COPENHAGEN, Interest, Notice, copenhagen_today

WORKING_DAYS_BEFORE = 3
REMINDER_BATCH = 1000


def reminder_horizon(now=None):
    """The moment before which a deadline is due a reminder now: the end of the day that lies 3
    working days after today (Copenhagen), so a deadline on it or before it is due."""
    last_day = add_working_days(copenhagen_today(now), WORKING_DAYS_BEFORE)
    return datetime.datetime.combine(
        last_day + datetime.timedelta(days=1), datetime.time.min, tzinfo=COPENHAGEN
    )


def due(now=None):
    """Interests not yet reminded whose notice is public, open, and closes within the horizon."""
    now = now or timezone.now()
    notices = Notice.objects.public(now).open(now).filter(submission_deadline__lt=reminder_horizon(now))
    return Interest.objects.filter(reminded_at__isnull=True, notice__in=notices)


def send_reminders(now=None):
    """Queue the reminders that are due, in batches; returns how many were queued.

    One mail per person and notice, though the enterprise marked several of its lots: to the person
    who marked the interest while they still act for the enterprise, else to its representatives."""
    now = now or timezone.now()
    queued = 0
    while True:
        with transaction.atomic():
            interests = list(
                due(now)
                .select_related("notice__municipality", "enterprise", "lot", "user")
                .select_for_update(skip_locked=True, of=("self",))
                .order_by("notice_id", "enterprise_id", "pk")[:REMINDER_BATCH]
            )
            if not interests:
                return queued
            rows = _reminders(interests)
            queue_notifications(rows)
            Interest.objects.filter(pk__in=[interest.pk for interest in interests]).update(reminded_at=now)
            queued += len(rows)


def _reminders(interests):
    representatives = defaultdict(list)
    through = Enterprise.representatives.through.objects.filter(
        enterprise_id__in={interest.enterprise_id for interest in interests}, user__is_active=True
    ).exclude(user__email="")
    for row in through.select_related("user").order_by("user_id"):
        representatives[row.enterprise_id].append(row.user)

    # (notice, user) → the first interest (its key) and the lots marked.
    grouped = {}
    for interest in interests:
        acting = representatives[interest.enterprise_id]
        marker = interest.user
        users = [marker] if marker is not None and marker in acting else acting
        for user in users:
            first, lots = grouped.setdefault((interest.notice_id, user.pk), (interest, []))
            if interest.lot is not None:
                lots.append(interest.lot.title)
            grouped[interest.notice_id, user.pk] = (first, lots)

    users = {user.pk: user for acting in representatives.values() for user in acting}
    facts, rows = {}, []
    for (notice_id, user_id), (interest, lots) in grouped.items():
        user = users[user_id]
        if (notice_id, user.language) not in facts:
            facts[notice_id, user.language] = emails.notice_facts(interest.notice, user.language)
        rows.append(
            emails.deadline_reminder(interest, user=user, facts=facts[notice_id, user.language], lots=lots)
        )
    return rows
