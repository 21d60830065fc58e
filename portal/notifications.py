"""The notification outbox: queue in the cause's transaction, deliver after commit, lose nothing.

- `queue_notification` writes one outbox row inside the transaction of the change that causes
  it and asks Celery to deliver it once that transaction commits. If the broker is unreachable
  the request still succeeds: the row is committed and the sweeper sends it later.
- `deliver` claims a row with a conditional UPDATE (queued → sending), renders it in the
  recipient's language, sends it and marks it sent. A redelivered or repeated task finds nothing
  to claim, so a notification is never sent twice. Failures retry with exponential back-off for
  up to 48 hours, then the row is marked failed with its error kept.
- `sweep` re-queues rows that are due but were never delivered (broker down, worker killed).
- `send_digests` gathers each digest subscriber's held items into one email.
- `report_failures` tells each municipality's administrators which deliveries failed.
"""

import datetime
import hashlib
import logging
from collections import defaultdict
from functools import partial
from urllib.parse import urlsplit

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMultiAlternatives
from django.db import connection, transaction
from django.db.models import F, Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from kit.staff import administrators_of
from portal.hours import COPENHAGEN
from portal.models import Municipality, Notification, User

logger = logging.getLogger(__name__)

GIVE_UP_AFTER = datetime.timedelta(hours=48)
FIRST_RETRY = datetime.timedelta(minutes=1)
LONGEST_RETRY = datetime.timedelta(hours=6)
UNSUBSCRIBE_SALT = "portal.notifications.unsubscribe"
UNSUBSCRIBE_MAX_AGE = datetime.timedelta(days=365)
DIGEST_PERIODS = {
    User.EmailFrequency.DAILY: datetime.timedelta(days=1),
    User.EmailFrequency.WEEKLY: datetime.timedelta(days=7),
}
DIGEST_BATCH = 500
SWEEP_BATCH = 5000
SWEEP_GRACE = datetime.timedelta(seconds=60)
DIGEST_HOUR = 7  # digests go out from 07.00 Copenhagen time, not in the night


def queue_notification(
    *,
    template,
    context,
    dedupe_key,
    to=None,
    user=None,
    language=None,
    municipality=None,
    transactional=True,
    regarding="",
    confidential=False,
):
    """Queue one email. Call it inside the transaction of the change that causes it.

    `to` defaults to the user's address and `language` to the user's language (else the active
    one). Non-transactional mail follows the user's preference: sent at once, held for their
    daily or weekly digest, or skipped. Queuing the same `dedupe_key` again returns the first
    row and sends nothing more. `regarding` names the record the mail is about ("app.model:id"),
    and `confidential` keeps the row from staff who may not see that record.
    """
    if not connection.in_atomic_block:
        raise RuntimeError(
            "queue_notification() must run inside the transaction of the change that causes it"
        )
    if not transactional and user is None:
        raise ValueError(
            "non-transactional mail needs a user: it follows their preferences and can be unsubscribed"
        )
    if not (to or (user and user.email)):
        raise ValueError(f"no address to send {template!r} to")
    status = Notification.Status.QUEUED
    if not transactional:
        status = {
            User.EmailFrequency.IMMEDIATELY: Notification.Status.QUEUED,
            User.EmailFrequency.DAILY: Notification.Status.HELD,
            User.EmailFrequency.WEEKLY: Notification.Status.HELD,
            User.EmailFrequency.NEVER: Notification.Status.SKIPPED,
        }[user.email_frequency]
    notification, created = Notification.objects.get_or_create(
        dedupe_key=dedupe_key,
        defaults={
            "template": template,
            "context": context,
            "recipient_email": to or user.email,
            "recipient_user": user,
            "language": language or (user.language if user else translation.get_language() or "da"),
            "municipality": municipality,
            "transactional": transactional,
            "status": status,
            "regarding": regarding,
            "confidential": confidential,
        },
    )
    if created and status == Notification.Status.QUEUED:
        schedule_delivery(notification.pk)
    return notification


def schedule_delivery(notification_id):
    # Not Celery's delay_on_commit: that raises into the request when the broker is down.
    # robust=True logs any error instead, and the committed row waits for the sweeper.
    transaction.on_commit(partial(enqueue, notification_id), robust=True)


# After a failed publish, skip the broker for a while: with Redis unreachable, each attempt can
# cost the connect timeout, and a request that queues several mails must not wait for each.
BROKER_PAUSE = datetime.timedelta(seconds=10)
_broker_down_until = None


def enqueue(notification_id):
    """Hand a delivery to Celery; never raise, since the outbox row is the source of truth."""
    global _broker_down_until
    from portal.tasks import deliver_notification

    if _broker_down_until and timezone.now() < _broker_down_until:
        return
    try:
        # retry=False: one quick attempt to publish, not Celery's default retries that would
        # hold the user's request while the broker is down.
        deliver_notification.apply_async((notification_id,), retry=False)
    except Exception:  # noqa: BLE001 - whatever the broker raised, the sweeper will catch up
        _broker_down_until = timezone.now() + BROKER_PAUSE
        logger.warning(
            "Could not enqueue notification %s; the sweeper will send it", notification_id, exc_info=True
        )
    else:
        _broker_down_until = None


def deliver(notification_id, now=None):
    """Send one queued notification once. Returns True if this call sent it."""
    now = now or timezone.now()
    claimed = (
        Notification.objects.due(now)
        .filter(pk=notification_id)
        .update(
            status=Notification.Status.SENDING, claimed_at=now, attempts=F("attempts") + 1, updated_at=now
        )
    )
    if not claimed:
        return False
    notification = Notification.objects.select_related("recipient_user").get(pk=notification_id)
    try:
        if build_message(notification).send() != 1:
            raise RuntimeError("the email backend sent nothing")
    except Exception as error:  # noqa: BLE001 - any failure to render or send is retried by the sweeper
        _record_failure(notification, error, now)
        return False
    marked = Notification.objects.filter(pk=notification_id, status=Notification.Status.SENDING).update(
        status=Notification.Status.SENT, sent_at=timezone.now(), last_error="", updated_at=timezone.now()
    )
    if not marked:
        # The sweeper took the row back as stuck while this send was still going on: it may go twice.
        logger.error("Notification %s was sent, but was no longer marked as sending", notification_id)
    return True


def _record_failure(notification, error, now):
    """Back off exponentially (1 min, 2, 4 … at most 6 h), the last try at 48 hours; then give up."""
    deadline = notification.queued_at + GIVE_UP_AFTER
    retry_at = min(now + min(FIRST_RETRY * 2 ** (notification.attempts - 1), LONGEST_RETRY), deadline)
    error_text = f"{type(error).__name__}: {error}"[:2000]
    if now >= deadline:
        status, retry_at = Notification.Status.FAILED, None
        logger.error("Giving up on notification %s: %s", notification.pk, error_text)
    else:
        status = Notification.Status.QUEUED
        logger.warning("Notification %s failed, retrying at %s: %s", notification.pk, retry_at, error_text)
    Notification.objects.filter(pk=notification.pk, status=Notification.Status.SENDING).update(
        status=status, next_attempt_at=retry_at or now, last_error=error_text, updated_at=now
    )


def resend(queryset):
    """Queue failed (or waiting) rows for delivery now, as if new: the admin's "send again now".

    Never what was sent, digested or unsubscribed from, nor a row a worker is sending right now:
    the rows are locked, so a row that changes meanwhile is left alone.
    """
    resendable = queryset.filter(status__in=[Notification.Status.FAILED, Notification.Status.QUEUED]).exclude(
        transactional=False, recipient_user__email_frequency=User.EmailFrequency.NEVER
    )
    now = timezone.now()
    with transaction.atomic():
        ids = list(resendable.select_for_update(of=("self",)).values_list("pk", flat=True))
        count = Notification.objects.filter(pk__in=ids).update(
            status=Notification.Status.QUEUED,
            attempts=0,
            queued_at=now,
            next_attempt_at=now,
            failure_reported_at=None,
            updated_at=now,
        )
        for notification_id in ids:
            schedule_delivery(notification_id)
    return count


def build_message(notification):
    """Render `emails/<template>_{subject,body}.txt` and `_body.html` in the recipient's language."""
    context = {**notification.context, "site_url": settings.SITE_URL, "language": notification.language}
    headers = {}
    with translation.override(notification.language):
        if _may_unsubscribe(notification):
            unsubscribe_url = settings.SITE_URL + reverse(
                "unsubscribe", args=[unsubscribe_token(notification.recipient_user)]
            )
            context["unsubscribe_url"] = unsubscribe_url
            # RFC 8058 one-click unsubscribe: mail clients POST to the link without a log-in.
            headers["List-Unsubscribe"] = f"<{unsubscribe_url}>"
            headers["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
        subject = " ".join(render_to_string(f"emails/{notification.template}_subject.txt", context).split())
        text = render_to_string(f"emails/{notification.template}_body.txt", context)
        html = render_to_string(f"emails/{notification.template}_body.html", context)
    # The same Message-ID on every attempt: in the one case a mail can go twice (the worker died
    # after the mail server took it, before the row was marked sent), mail clients show it once.
    digest = hashlib.sha256(notification.dedupe_key.encode()).hexdigest()[:32]
    headers["Message-ID"] = f"<{digest}@{urlsplit(settings.SITE_URL).hostname or 'indgangen'}>"
    message = EmailMultiAlternatives(
        subject=subject, body=text, to=[notification.recipient_email], headers=headers
    )
    message.attach_alternative(html, "text/html")
    return message


def _may_unsubscribe(notification):
    """Non-urgent mail to a member of the public carries a one-click unsubscribe; mail to staff
    does not. Everything the portal sends staff is about their work (a new case, a reply, a profile
    to review, and digests of those): it follows their choice of at once or a digest, made under My
    account, but a mail client's unsubscribe button must not silently stop a contact person's case
    alerts, as it would a newsletter."""
    user = notification.recipient_user
    return not notification.transactional and user is not None and not user.is_staff


def sweep(now=None, stuck_after=None):
    """Hand Celery what is due and not on its way; returns how many rows were enqueued.

    Due: mail queued while the broker was down, retries whose time has come, and rows still
    "sending" long after their claim, whose worker died: if it died before the mail left,
    sending it now is the only way it is ever sent. Rows due for less than a sweep interval are
    left alone: their own task is most likely still in the queue.
    """
    now = now or timezone.now()
    stuck_after = stuck_after or datetime.timedelta(seconds=settings.OUTBOX_SENDING_TIMEOUT)
    stuck = Notification.objects.filter(status=Notification.Status.SENDING, claimed_at__lt=now - stuck_after)
    stuck.filter(queued_at__lte=now - GIVE_UP_AFTER).update(
        status=Notification.Status.FAILED, last_error="The worker was lost while sending.", updated_at=now
    )
    stuck.update(status=Notification.Status.QUEUED, next_attempt_at=now - SWEEP_GRACE, updated_at=now)
    due = Notification.objects.due(now - SWEEP_GRACE).order_by("next_attempt_at").values_list("pk", flat=True)
    due = list(due[:SWEEP_BATCH])
    for notification_id in due:
        enqueue(notification_id)
    return len(due)


def purge(now=None):
    """Delete delivered, digested and skipped mail after OUTBOX_RETENTION_DAYS: addresses are
    personal data, and the outbox is not an archive. Failed rows stay until they are dealt with."""
    now = now or timezone.now()
    done = [Notification.Status.SENT, Notification.Status.DIGESTED, Notification.Status.SKIPPED]
    cutoff = now - datetime.timedelta(days=settings.OUTBOX_RETENTION_DAYS)
    deleted, _ = Notification.objects.filter(status__in=done, updated_at__lt=cutoff).delete()
    return deleted


# --- Preferences and digests -------------------------------------------------------------------


def set_email_frequency(user, frequency):
    """Change how a user gets non-urgent mail; what is held for a digest follows the choice."""
    with transaction.atomic():
        user.email_frequency = frequency
        user.save(update_fields=["email_frequency"])
        held = Notification.objects.filter(recipient_user=user, status=Notification.Status.HELD)
        if frequency == User.EmailFrequency.NEVER:
            # Also what waits for a retry: an unsubscribed person gets no more non-urgent mail.
            Notification.objects.filter(
                recipient_user=user,
                transactional=False,
                status__in=[Notification.Status.HELD, Notification.Status.QUEUED],
            ).update(status=Notification.Status.SKIPPED, updated_at=timezone.now())
        elif frequency == User.EmailFrequency.IMMEDIATELY:
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
    return User.objects.filter(pk=data.get("u"), is_active=True).first()


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
    return User.objects.filter(due, is_active=True, pk__in=held)


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
                digests.append(
                    Notification(
                        template="digest",
                        context={
                            "name": user.first_name,
                            "frequency": user.email_frequency,
                            "items": [_digest_line(item) for item in user_items],
                        },
                        recipient_email=user.email,
                        recipient_user=user,
                        language=user.language,
                        transactional=False,
                        dedupe_key=f"digest:{user.pk}:{user_items[-1].pk}",
                        status=Notification.Status.QUEUED,
                        confidential=any(item.confidential for item in user_items),
                    )
                )
            Notification.objects.bulk_create(digests)
            Notification.objects.filter(pk__in=[item.pk for item in items]).update(
                status=Notification.Status.DIGESTED, sent_at=now, updated_at=now
            )
            User.objects.filter(pk__in=[user.pk for user in users]).update(last_digest_at=now)
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


# --- Failure reports -----------------------------------------------------------------------------


def report_failures(now=None):
    """Mail each municipality's administrators the deliveries that failed since the last report;
    failures that belong to no municipality (account mail) go to the superusers.

    Each municipality is reported in its own transaction, its rows locked, so two runs at once
    do not both report them and one municipality's trouble does not stop the others'.
    """
    now = now or timezone.now()
    unreported = Notification.objects.filter(
        status=Notification.Status.FAILED, failure_reported_at__isnull=True
    ).exclude(template="outbox_failures")  # a report that bounces is logged, not reported in a loop
    reports = 0
    for municipality_id in set(unreported.values_list("municipality_id", flat=True)):
        try:
            reports += _report_failures_of(
                unreported.filter(municipality_id=municipality_id), municipality_id, now
            )
        except Exception:  # noqa: BLE001 - one municipality's trouble must not stop the others' reports
            logger.exception("Could not report the failed emails of municipality %s", municipality_id)
    return reports


def _report_failures_of(unreported, municipality_id, now):
    municipality = Municipality(pk=municipality_id) if municipality_id else None
    if municipality_id is None:
        recipients = User.objects.filter(is_superuser=True, is_active=True)
    else:
        recipients = administrators_of(municipality_id)
    recipients = list(recipients.exclude(email=""))
    if not recipients:
        # Nobody to tell yet: keep the rows for the first report after an administrator is named.
        logger.error(
            "Failed emails in municipality %s, which has no administrator with an address", municipality_id
        )
        return 0
    with transaction.atomic():
        failures = list(unreported.select_for_update(skip_locked=True).order_by("created_at"))
        if not failures:
            return 0
        lines = []
        for notification in failures:
            try:
                lines.append(_failure_line(notification))
            except Exception:  # noqa: BLE001 - one broken row must not stop the report
                logger.exception("Could not describe failed notification %s", notification.pk)
                lines.append(
                    {"id": notification.pk, "template": "?", "recipient": "?", "error": "?", "created": ""}
                )
        for recipient in recipients:
            queue_notification(
                template="outbox_failures",
                context={"name": recipient.first_name, "failures": lines},
                user=recipient,
                municipality=municipality,
                dedupe_key=f"outbox-failures:{municipality_id}:{recipient.pk}:{now.isoformat()}",
            )
        Notification.objects.filter(pk__in=[n.pk for n in failures]).update(failure_reported_at=now)
    return 1


def _failure_line(notification):
    return {
        "id": notification.pk,
        "template": notification.template,
        "recipient": notification.recipient_email,
        "error": notification.last_error[:300],
        "created": timezone.localtime(notification.created_at).strftime("%d.%m.%Y %H.%M"),
    }
