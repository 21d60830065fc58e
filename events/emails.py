"""Events' mail: one function per mail (see outbox/emails.py), each queued in the transaction of
the change that causes it. Registrations are not users: each mail goes to the registration's
address in the language it was made in, with the private link to the registration's page (where
"I can't come" and "take the place" are), and the key names the registration and the step.

The confirmation and the reminders carry the event's .ics; for an online event the link to the
meeting is in the mail and the .ics only, never on the public page.
"""

from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from events.calendar import event_ics
from outbox.delivery import queue_notification

REGISTERED = "events_registered"
OFFERED = "events_offered"
OFFER_EXPIRED = "events_offer_expired"
CANCELLED = "events_cancelled"
EVENT_CANCELLED = "events_event_cancelled"
REMINDER = "events_reminder"


def _when(value, language):
    with translation.override(language):
        return formats.date_format(timezone.localtime(value), "DATETIME_FORMAT")


def registration_path(registration, language):
    with translation.override(language):
        return reverse("events:registration", args=[registration.token])


def span(event, language):
    """When the event is, in words: "9. marts 2027 kl. 10.00–15.00", or from one day to another."""
    start, end = timezone.localtime(event.starts_at), timezone.localtime(event.ends_at)
    with translation.override(language):
        if start.date() == end.date():
            return _("%(date)s, %(start)s–%(end)s") % {
                "date": formats.date_format(start, "DATE_FORMAT"),
                "start": formats.time_format(start, "TIME_FORMAT"),
                "end": formats.time_format(end, "TIME_FORMAT"),
            }
        return f"{_when(event.starts_at, language)} – {_when(event.ends_at, language)}"


def _facts(event, language):
    with translation.override(language):
        path = event.get_absolute_url()
    return {
        "title": event.title,
        "starts": _when(event.starts_at, language),
        "when": span(event, language),
        "place": ", ".join(part for part in (event.place_name, event.address) if part),
        "organiser": event.organiser,
        "contact_email": event.contact_email,
        "event_path": path,
    }


def _ics(event, filename="arrangement.ics"):
    return {
        "filename": filename,
        "mimetype": "text/calendar",
        "content": event_ics(event, with_online_link=True),
    }


def _queue(registration, template, key, *, attach=False, **context):
    event, language = registration.event, registration.language
    facts = _facts(event, language)
    if attach:
        context["attachments"] = [_ics(event)]
        context["online_url"] = event.online_url
    return queue_notification(
        template=template,
        context={
            **facts,
            "name": registration.name,
            "status": registration.status,
            "path": registration_path(registration, language),
            **context,
        },
        to=registration.email,
        language=language,
        municipality=event.municipality_id,
        regarding=f"events.registration:{registration.pk}",
        dedupe_key=f"{template}:{registration.pk}:{key}",
    )


def registered(registration, *, from_offer=False):
    """The receipt of a registration: a place (with the .ics) or a place on the waiting list."""
    confirmed = registration.status == registration.Status.CONFIRMED
    return _queue(
        registration,
        REGISTERED,
        f"{registration.status}:{'offer' if from_offer else 'direct'}",
        attach=confirmed,
        from_offer=from_offer,
        waiting_position=registration_position(registration) if not confirmed else None,
    )


def registration_position(registration):
    """The registration's place on the waiting list (1 is next)."""
    return (
        registration.event.registrations.waiting_in_order()
        .filter(created_at__lte=registration.created_at)
        .exclude(created_at=registration.created_at, pk__gt=registration.pk)
        .count()
    )


def offered(registration):
    """A freed place, offered to the next on the waiting list until `offer_expires_at`."""
    return _queue(
        registration,
        OFFERED,
        registration.offer_expires_at.isoformat(),
        expires=_when(registration.offer_expires_at, registration.language),
    )


def offer_expired(registration):
    return _queue(registration, OFFER_EXPIRED, "expired")


def cancelled(registration):
    """The receipt of "I can't come"."""
    return _queue(registration, CANCELLED, "cancelled")


def event_cancelled(registration, *, reason):
    return _queue(
        registration, EVENT_CANCELLED, f"event:{registration.event.cancelled_at.isoformat()}", reason=reason
    )


def reminder(registration, *, days):
    """The event is `days` days away (7 and 1 by default); with the .ics. The key names the event
    as planned, so a moved event is reminded again."""
    return _queue(
        registration, REMINDER, f"{days}:{registration.event.starts_at.isoformat()}", attach=True, days=days
    )


#: Every mail of the catalogue (tests/outbox/test_catalogue.py renders each in both languages).
CATALOGUE = [registered, offered, offer_expired, cancelled, event_cancelled, reminder]
