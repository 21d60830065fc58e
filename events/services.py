"""Registration, the waiting list and the offer of a freed place, each in one transaction with its
mail through the outbox.

Places: confirmed registrations and open offers hold a place. Every change of who holds a place
locks the event's row first, so registrations at the same moment are counted one after the other
and never exceed the capacity (tests/events/test_capacity_postgres.py). The waiting list is first
come, first served: a freed place is offered to the one who registered first, for 48 hours; an
offer not taken in time passes on to the next (`expire_offers`, run by beat).
"""

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from events import emails
from events.models import Event, Registration, offer_expiry
from kit import pagecache
from kit.refusals import Refused

S = Registration.Status

ACTIVE_STATUSES = (S.CONFIRMED, S.WAITING, S.OFFERED)


def register(event, *, name, email, organisation="", needs="", user=None, language="da", now=None):
    """A place for `email` at `event`, or a place on the waiting list when it is full.

    Refused, with nothing saved, for an event that is not open for registration (unpublished,
    cancelled, past its deadline) and for an address already registered."""
    now = now or timezone.now()
    name, email = (name or "").strip(), (email or "").strip()
    with transaction.atomic():
        event = Event.objects.select_for_update().get(pk=event.pk)
        _check_open(event, now)
        if event.registrations.filter(email__iexact=email, status__in=ACTIVE_STATUSES).exists():
            raise Refused(_("%(email)s is already registered for this event.") % {"email": email})
        status = S.CONFIRMED if _has_free_place(event) else S.WAITING
        try:
            with transaction.atomic():
                registration = Registration.objects.create(
                    event=event,
                    status=status,
                    user=user if getattr(user, "is_authenticated", False) else None,
                    name=name,
                    email=email,
                    organisation=(organisation or "").strip(),
                    needs=(needs or "").strip(),
                    language=language,
                    created_at=now,
                )
        except IntegrityError:  # the same address at the same moment, in another case
            raise Refused(_("%(email)s is already registered for this event.") % {"email": email}) from None
        emails.registered(registration)
    return registration


def _check_open(event, now):
    if event.is_cancelled:
        raise Refused(_("The event is cancelled."))
    if not event.is_published:
        raise Refused(_("The event is not open for registration."))
    if now >= event.deadline():
        raise Refused(_("Registration closed on %(deadline)s.") % {"deadline": _when(event.deadline())})


def _when(value):
    from django.utils import formats

    return formats.date_format(timezone.localtime(value), "DATETIME_FORMAT")


def _has_free_place(event):
    if event.capacity is None:
        return True
    return event.registrations.holding_places().count() < event.capacity


def cancel_registration(registration, *, now=None):
    """ "I can't come" (from the link in the mail): the registration is cancelled, and a place it
    held is offered to the next on the waiting list."""
    now = now or timezone.now()
    with transaction.atomic():
        event = Event.objects.select_for_update().get(pk=registration.event_id)
        registration = Registration.objects.select_for_update().get(pk=registration.pk)
        if registration.status not in ACTIVE_STATUSES:
            raise Refused(_("The registration is already cancelled."))
        if event.ends_at <= now:
            raise Refused(_("The event is over."))
        held_a_place = registration.status in (S.CONFIRMED, S.OFFERED)
        _set(registration, S.CANCELLED, now=now, cancelled_at=now, offer_expires_at=None)
        emails.cancelled(registration)
        if held_a_place:
            offer_next(event, now=now)
    return registration


def offer_next(event, *, now=None):
    """Offer the free places of a locked `event` to the first on its waiting list, for 48 hours.
    Call it inside the transaction that freed the place, with the event's row locked."""
    now = now or timezone.now()
    if event.is_cancelled or event.deadline() <= now:
        return []
    offered = []
    while _has_free_place(event) and event.capacity is not None:
        nxt = event.registrations.waiting_in_order().select_for_update().first()
        if nxt is None:
            break
        _set(nxt, S.OFFERED, now=now, offer_expires_at=min(offer_expiry(now), event.deadline()))
        emails.offered(nxt)
        offered.append(nxt)
    return offered


def accept_offer(registration, *, now=None):
    """The person offered a freed place takes it, within its 48 hours."""
    now = now or timezone.now()
    with transaction.atomic():
        Event.objects.select_for_update().get(pk=registration.event_id)
        registration = Registration.objects.select_for_update().get(pk=registration.pk)
        if registration.status == S.CONFIRMED:
            raise Refused(_("You already have a place."))
        if registration.status == S.OFFER_EXPIRED or (
            registration.status == S.OFFERED and not registration.offer_is_open(now)
        ):
            raise Refused(_("The offer ran out and the place has gone to the next on the waiting list."))
        if registration.status != S.OFFERED:
            raise Refused(_("There is no place offered to you."))
        _set(registration, S.CONFIRMED, now=now, offer_expires_at=None)
        emails.registered(registration, from_offer=True)
    return registration


def expire_offers(now=None):
    """Offers whose 48 hours have passed: expired, and the place offered to the next. Due and
    not yet done, so a missed run catches up. Returns how many offers expired."""
    now = now or timezone.now()
    expired = 0
    due = Registration.objects.filter(status=S.OFFERED, offer_expires_at__lte=now)
    for event_id in due.values_list("event_id", flat=True).distinct().order_by("event_id"):
        with transaction.atomic():
            event = Event.objects.select_for_update().get(pk=event_id)
            rows = list(
                Registration.objects.select_for_update().filter(
                    event=event, status=S.OFFERED, offer_expires_at__lte=now
                )
            )
            for registration in rows:
                _set(registration, S.OFFER_EXPIRED, now=now)
                emails.offer_expired(registration)
            expired += len(rows)
            offer_next(event, now=now)
    return expired


def cancel_event(event, *, reason, by=None, now=None):
    """Cancel the event, with the reason, and tell everyone registered or waiting."""
    now = now or timezone.now()
    reason = (reason or "").strip()
    if not reason:
        raise Refused(_("Say why the event is cancelled: the registered are told."))
    with transaction.atomic():
        event = Event.objects.select_for_update().get(pk=event.pk)
        if event.is_cancelled:
            raise Refused(_("The event is already cancelled."))
        Event.objects.filter(pk=event.pk).update(cancelled_at=now, cancel_reason=reason, updated_at=now)
        pagecache.changed(Event)
        event.cancelled_at, event.cancel_reason = now, reason
        for registration in event.registrations.filter(status__in=ACTIVE_STATUSES):
            emails.event_cancelled(registration, reason=reason)
    return event


def _set(registration, status, *, now, **fields):
    Registration.objects.filter(pk=registration.pk).update(status=status, updated_at=now, **fields)
    pagecache.changed(Registration)  # the places left
    registration.status = status
    for name, value in fields.items():
        setattr(registration, name, value)
    return registration
