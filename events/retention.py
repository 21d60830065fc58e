"""Retention: the registrations' personal data are deleted a while after the event
(EVENTS_RETENTION_MONTHS, default 6); the counts are kept on the event.

Run daily by beat, and by `manage.py purge_event_registrations` (with `--dry-run` to see what is
due first). Due and not yet done: an event whose data were deleted is never counted again.
"""

import dataclasses

from django.conf import settings
from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone

from events.models import Event, Registration

S = Registration.Status


@dataclasses.dataclass(frozen=True)
class Purged:
    event: str
    registered: int
    attended: int
    rows: int


def cutoff(now=None):
    now = now or timezone.now()
    return now - timezone.timedelta(days=round(settings.EVENTS_RETENTION_MONTHS * 30.44))


def due(now=None):
    return Event.objects.filter(ends_at__lt=cutoff(now), personal_data_deleted_at__isnull=True)


def purge_personal_data(*, dry_run=False, now=None):
    """Delete the registrations of events that ended before the retention period, keeping how many
    were registered (confirmed) and how many attended. Returns what was (or would be) purged."""
    now = now or timezone.now()
    done = []
    events = due(now).annotate(
        n_registered=Count("registrations", filter=Q(registrations__status=S.CONFIRMED)),
        n_attended=Count("registrations", filter=Q(registrations__attended=True)),
        n_rows=Count("registrations"),
    )
    for event in events.order_by("ends_at", "pk"):
        done.append(Purged(event.title, event.n_registered, event.n_attended, event.n_rows))
        if dry_run:
            continue
        with transaction.atomic():
            won = Event.objects.filter(pk=event.pk, personal_data_deleted_at__isnull=True).update(
                registered_total=event.n_registered,
                attended_total=event.n_attended,
                personal_data_deleted_at=now,
                updated_at=now,
            )
            if won:
                Registration.objects.filter(event=event).delete()
    return done
