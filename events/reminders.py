"""Reminders before an event (7 days and 1 day before by default, per event), and the sweep of
offers that ran out; both run by beat every 15 minutes.

"Due and not yet sent": a registration is reminded when a reminder point of its event has come
and it has not been reminded at that point. After a missed run (the worker was down on the day
the 7-day reminder was due) the catch-up sends one reminder, saying how many days are left, and
marks every point that has passed, so nobody gets two reminders at once.
"""

import math

from django.db import transaction
from django.utils import timezone

from events import emails
from events.models import LONGEST_REMINDER_DAYS, Event, Registration

DAY_SECONDS = 86400


def send_reminders(now=None):
    """Remind the registered of events whose reminder points have come; returns how many."""
    now = now or timezone.now()
    sent = 0
    events = Event.objects.published().filter(
        cancelled_at__isnull=True,
        starts_at__gt=now,
        starts_at__lte=now + timezone.timedelta(days=LONGEST_REMINDER_DAYS),
    )
    for event in events:
        due = [
            days for days in event.reminder_days() if now >= event.starts_at - timezone.timedelta(days=days)
        ]
        if not due:
            continue
        days_left = max(1, math.ceil((event.starts_at - now).total_seconds() / DAY_SECONDS))
        with transaction.atomic():
            registrations = Registration.objects.select_for_update().filter(
                event=event, status=Registration.Status.CONFIRMED
            )
            for registration in registrations:
                missing = [days for days in due if days not in registration.reminded_days]
                if not missing:
                    continue
                registration.event = event
                emails.reminder(registration, days=min(min(missing), days_left))
                registration.reminded_days = sorted({*registration.reminded_days, *due}, reverse=True)
                registration.save(update_fields=["reminded_days", "updated_at"])
                sent += 1
    return sent
