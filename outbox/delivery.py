"""Delivery: queue in the cause's transaction, deliver after commit, lose nothing.

- `queue_notification` writes one outbox row inside the transaction of the change that causes
  it and asks Celery to deliver it once that transaction commits. If the broker is unreachable
  the request still succeeds: the row is committed and the sweeper sends it later. Apps do not
  call it directly: each app's mail catalogue (`<app>/emails.py`) does, one function per mail.
  `queue_notifications` does the same for many rows at once (procurement's alerts), with a few
  INSERTs whatever their number.
- `deliver` claims a row with a conditional UPDATE (queued → sending), renders it in the
  recipient's language, sends it and marks it sent. A redelivered or repeated task finds nothing
  to claim, so a notification is never sent twice. Failures retry with exponential back-off for
  up to 48 hours, then the row is marked failed with its error kept.
- `sweep` re-queues rows that are due but were never delivered (broker down, worker killed), and
  `purge` deletes what was delivered long ago.
"""

import datetime
import hashlib
import logging
from urllib.parse import urlsplit

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import connection, transaction
from django.db.models import F
from django.db.models.constants import OnConflict
from django.db.models.sql import InsertQuery
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from outbox.models import EmailFrequency, Notification

logger = logging.getLogger(__name__)

GIVE_UP_AFTER = datetime.timedelta(hours=48)
FIRST_RETRY = datetime.timedelta(minutes=1)
LONGEST_RETRY = datetime.timedelta(hours=6)
SWEEP_BATCH = 5000
SWEEP_GRACE = datetime.timedelta(seconds=60)


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
    one); `municipality` is one or its id. Non-transactional mail follows the user's preference:
    sent at once, held for their daily or weekly digest, or skipped. Queuing the same `dedupe_key`
    again returns the first row and sends nothing more. `regarding` names the record the mail is
    about ("app.model:id"), and `confidential` keeps the row from staff who may not see that record.
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
    status = _status_for(transactional, user)
    notification = Notification(
        dedupe_key=dedupe_key,
        template=template,
        context=context,
        recipient_email=to or user.email,
        recipient_user=user,
        language=language or (user.language if user else translation.get_language() or "da"),
        municipality_id=getattr(municipality, "pk", municipality),
        transactional=transactional,
        status=status,
        regarding=regarding,
        confidential=confidential,
    )
    if not _insert_unless_queued(notification):
        return Notification.objects.get(dedupe_key=dedupe_key)
    if status == Notification.Status.QUEUED:
        schedule_delivery(notification.pk)
    return notification


def _insert_unless_queued(notification):
    """INSERT … ON CONFLICT DO NOTHING RETURNING id: one statement where get_or_create takes four
    (a SELECT, then the INSERT in a savepoint), on the hot path of every form that mails. True
    when the row was written, with its primary key set; False when its dedupe key was there."""
    opts = Notification._meta
    query = InsertQuery(Notification, on_conflict=OnConflict.IGNORE)
    query.insert_values([field for field in opts.concrete_fields if field is not opts.pk], [notification])
    compiler = query.get_compiler(connection=connection)
    compiler.returning_fields = [opts.pk]
    [(sql, params)] = compiler.as_sql()
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        row = cursor.fetchone()
    if row is None:
        return False
    notification.pk = row[0]
    notification._state.adding = False
    notification._state.db = connection.alias
    return True


#: Rows per INSERT of `queue_notifications`: one statement per this many mails, whatever the
#: number of causes or recipients.
BULK_BATCH = 2000
#: Keys looked up per query after commit, to hand the queued rows of a bulk insert to Celery.
ENQUEUE_LOOKUP_BATCH = 5000
#: Rows per Celery message after a bulk insert: few publishes, yet a large batch (procurement's
#: alerts) still spreads over the workers.
DELIVERY_BATCH = 50


def queue_notifications(rows):
    """Queue many emails at once: `rows` are unsaved `Notification`s (template, context,
    dedupe_key, recipient_user or recipient_email …), as the mail catalogues build them. Call it
    inside the transaction of the cause, as `queue_notification`.

    The same rules as one at a time: the address and language default to the user's, a
    non-transactional row follows its user's preference (queued, held for the digest or skipped),
    and a dedupe key already queued is left as it was. The rows are written with a few INSERTs
    (`BULK_BATCH` each) and the queued ones are handed to Celery after commit. Returns the rows
    (without primary keys: a bulk insert that ignores conflicts does not learn them)."""
    if not connection.in_atomic_block:
        raise RuntimeError(
            "queue_notifications() must run inside the transaction of the change that causes it"
        )
    rows = list(rows)
    for row in rows:
        user = row.recipient_user
        if not row.transactional and user is None:
            raise ValueError(f"non-transactional mail needs a user: {row.dedupe_key!r} has none")
        row.recipient_email = row.recipient_email or (user.email if user else "")
        if not row.recipient_email:
            raise ValueError(f"no address to send {row.template!r} to")
        row.language = row.language or (user.language if user else translation.get_language() or "da")
        row.status = _status_for(row.transactional, user)
    Notification.objects.bulk_create(rows, batch_size=BULK_BATCH, ignore_conflicts=True)
    queued = [row.dedupe_key for row in rows if row.status == Notification.Status.QUEUED]
    if queued:
        _deliver_after_commit(keys=queued)
    return rows


def _status_for(transactional, user):
    if transactional:
        return Notification.Status.QUEUED
    return {
        EmailFrequency.IMMEDIATELY: Notification.Status.QUEUED,
        EmailFrequency.DAILY: Notification.Status.HELD,
        EmailFrequency.WEEKLY: Notification.Status.HELD,
        EmailFrequency.NEVER: Notification.Status.SKIPPED,
    }[user.email_frequency]


def enqueue_keys(dedupe_keys, ids=()):
    """After commit: hand Celery the rows `ids` and those of `dedupe_keys` still queued, in
    messages of DELIVERY_BATCH. A key that was already there (a conflict the insert ignored)
    finds its first row, which delivery claims at most once."""
    ids = list(ids)
    for start in range(0, len(dedupe_keys), ENQUEUE_LOOKUP_BATCH):
        chunk = dedupe_keys[start : start + ENQUEUE_LOOKUP_BATCH]
        due = Notification.objects.filter(dedupe_key__in=chunk, status=Notification.Status.QUEUED)
        ids.extend(due.values_list("pk", flat=True))
    ids = list(dict.fromkeys(ids))
    for first in range(0, len(ids), DELIVERY_BATCH):
        enqueue(*ids[first : first + DELIVERY_BATCH])


def _deliver_after_commit(*, ids=(), keys=()):
    """Hand the rows to Celery after this transaction commits, together with every other row the
    transaction queues: one message for an intake's receipt and its alerts to every contact
    person, not one each. Outside a transaction, at once.

    The rows wait on the connection (one per thread), with a hand-over registered for each call:
    the first to run takes them all, the others find them gone."""
    if not connection.in_atomic_block:
        enqueue_keys(list(keys), ids=ids)
        return
    pending = getattr(connection, "_outbox_pending", None)
    # Rows join those of the same block or of one it is nested in: not those of a block that has
    # ended (its hand-overs may run on their own, as a test's do), has run or was rolled back.
    open_blocks = set(connection.savepoint_ids)
    if (
        pending is None
        or pending.done
        or not pending.blocks <= open_blocks
        or not any(getattr(f, "pending", None) is pending for _, f, _ in connection.run_on_commit)
    ):
        pending = connection._outbox_pending = _Pending(open_blocks)
    pending.ids.extend(ids)
    pending.keys.extend(keys)
    transaction.on_commit(_HandOver(pending), robust=True)


class _Pending:
    def __init__(self, blocks):
        self.ids, self.keys, self.done, self.blocks = [], [], False, blocks


class _HandOver:
    def __init__(self, pending):
        self.pending = pending

    def __call__(self):
        if not self.pending.done:
            self.pending.done = True
            enqueue_keys(self.pending.keys, ids=self.pending.ids)


def repeat_key(base, *, user, template, every):
    """The dedupe key of a mail that may go again, at most once `every`, to `user`, when no row
    records its cause (a sign-up or a reset request writes nothing but the mail).

    The key names the last such mail ("<base>:<its id>", "<base>:0" for the first): the same
    until a new one is queued, so requests at once make one mail. Within `every` of the last it
    is that mail's own key, so queuing again sends nothing more."""
    previous = (
        Notification.objects.filter(recipient_user=user, template=template, dedupe_key__startswith=f"{base}:")
        .order_by("-pk")
        .first()
    )
    if previous is not None and previous.created_at > timezone.now() - every:
        return previous.dedupe_key
    return f"{base}:{previous.pk if previous else 0}"


def schedule_delivery(notification_id):
    # Not Celery's delay_on_commit: that raises into the request when the broker is down.
    # robust=True logs any error instead, and the committed row waits for the sweeper.
    _deliver_after_commit(ids=[notification_id])


# After a failed publish, skip the broker for a while: with Redis unreachable, each attempt can
# cost the connect timeout, and a request that queues several mails must not wait for each.
BROKER_PAUSE = datetime.timedelta(seconds=10)
_broker_down_until = None


def enqueue(notification_id, *more_ids):
    """Hand a delivery (or several, in one message) to Celery; never raise, since the outbox row
    is the source of truth."""
    global _broker_down_until
    from outbox.tasks import deliver_notification

    if _broker_down_until and timezone.now() < _broker_down_until:
        return
    try:
        # retry=False: one quick attempt to publish, not Celery's default retries that would
        # hold the user's request while the broker is down.
        deliver_notification.apply_async((notification_id, *more_ids), retry=False)
    except Exception:  # noqa: BLE001 - whatever the broker raised, the sweeper will catch up
        _broker_down_until = timezone.now() + BROKER_PAUSE
        logger.warning(
            "Could not enqueue notification %s; the sweeper will send it",
            ", ".join(str(each) for each in (notification_id, *more_ids)),
            exc_info=True,
        )
    else:
        _broker_down_until = None


def deliver(notification_id, now=None):
    """Send one queued notification once. Returns True if this call sent it."""
    return deliver_many([notification_id], now=now) == 1


def deliver_many(notification_ids, now=None):
    """Send each of the queued notifications once, over one connection to the mail server.
    Returns how many this call sent.

    The rows are claimed together: locked (rows another worker holds are skipped) and moved from
    queued to sending in one UPDATE, so that a redelivered or repeated task finds nothing to
    claim. Then each mail is rendered and sent on its own, so that one failing (and retried
    later) does not hold back the others, and the sent are marked so in one UPDATE."""
    now = now or timezone.now()
    due = Notification.objects.due(now)
    with transaction.atomic():
        ids = list(
            due.filter(pk__in=notification_ids)
            .select_for_update(skip_locked=True, of=("self",))
            .values_list("pk", flat=True)
        )
        if not ids:
            return 0
        due.filter(pk__in=ids).update(
            status=Notification.Status.SENDING, claimed_at=now, attempts=F("attempts") + 1, updated_at=now
        )
        claimed = list(
            Notification.objects.select_related("recipient_user")
            .filter(pk__in=ids, status=Notification.Status.SENDING, claimed_at=now)
            .order_by("pk")
        )
    sent = []
    mail = get_connection()
    try:
        for notification in claimed:
            try:
                message = build_message(notification)
                message.connection = mail
                if message.send() != 1:
                    raise RuntimeError("the email backend sent nothing")
            except Exception as error:  # noqa: BLE001 - any failure to render or send is retried by the sweeper
                _record_failure(notification, error, now)
                mail.close()  # the next mail opens a connection of its own
            else:
                sent.append(notification.pk)
    finally:
        mail.close()
    if sent:
        stamp = timezone.now()
        marked = Notification.objects.filter(pk__in=sent, status=Notification.Status.SENDING).update(
            status=Notification.Status.SENT, sent_at=stamp, last_error="", updated_at=stamp
        )
        if marked < len(sent):
            # The sweeper took a row back as stuck while this send was still going on: it may go twice.
            logger.error(
                "Notifications %s were sent, but %d of them were no longer marked as sending",
                ", ".join(map(str, sent)),
                len(sent) - marked,
            )
    return len(sent)


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
        transactional=False, recipient_user__email_frequency=EmailFrequency.NEVER
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
            # Imported here: preferences releases held mail through this module.
            from outbox.preferences import unsubscribe_token

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
    # Small files made when the mail was queued (an event's .ics), kept in the row's context so
    # that a retry sends the same file: [{"filename": …, "mimetype": …, "content": text}].
    for attachment in notification.context.get("attachments", ()):
        message.attach(attachment["filename"], attachment["content"], attachment["mimetype"])
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
