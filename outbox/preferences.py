"""A person's choice of how often they get non-urgent mail, and the links that unsubscribe them."""

import datetime

from django.contrib.auth import get_user_model
from django.core import signing
from django.db import transaction
from django.utils import timezone

from outbox.delivery import schedule_delivery
from outbox.models import EmailFrequency, Notification

# The salt names the module the tokens were first made in: changing it would void every link
# already in someone's inbox.
UNSUBSCRIBE_SALT = "portal.notifications.unsubscribe"
UNSUBSCRIBE_MAX_AGE = datetime.timedelta(days=365)


def set_email_frequency(user, frequency):
    """Change how a user gets non-urgent mail; what is held for a digest follows the choice."""
    with transaction.atomic():
        user.email_frequency = frequency
        user.save(update_fields=["email_frequency"])
        held = Notification.objects.filter(recipient_user=user, status=Notification.Status.HELD)
        if frequency == EmailFrequency.NEVER:
            # Also what waits for a retry: an unsubscribed person gets no more non-urgent mail.
            Notification.objects.filter(
                recipient_user=user,
                transactional=False,
                status__in=[Notification.Status.HELD, Notification.Status.QUEUED],
            ).update(status=Notification.Status.SKIPPED, updated_at=timezone.now())
        elif frequency == EmailFrequency.IMMEDIATELY:
            released = list(held.values_list("pk", flat=True))
            held.update(
                status=Notification.Status.QUEUED, next_attempt_at=timezone.now(), updated_at=timezone.now()
            )
            for notification_id in released:
                schedule_delivery(notification_id)


def unsubscribe_token(user):
    return signing.dumps({"u": user.pk}, salt=UNSUBSCRIBE_SALT, compress=True)


def user_from_unsubscribe_token(token, max_age=UNSUBSCRIBE_MAX_AGE):
    """The user a token was made for, or None when it is forged, tampered with or expired."""
    try:
        data = signing.loads(token, salt=UNSUBSCRIBE_SALT, max_age=max_age)
    except signing.BadSignature:
        return None
    return get_user_model().objects.filter(pk=data.get("u"), is_active=True).first()
