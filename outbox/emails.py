"""The outbox's own mail: one function per mail, as healthchecks' hc/lib/emails.py.

Each function owns its template name (`templates/emails/<name>_…`), its context, whether it is
transactional, what it is about and its dedupe key, derived from the rows that cause it.
"""

from outbox.delivery import queue_notification
from outbox.models import Notification

FAILURE_REPORT = "outbox_failures"


def digest(user, items, lines):
    """The daily or weekly digest of `items`, the mail held for `user`, one line each. Returns the
    row unsaved: the digests of a batch are written with one insert (outbox.digests).

    The key names the newest item: a digest is never built twice from the same held mail."""
    return Notification(
        template="digest",
        context={"name": user.first_name, "frequency": user.email_frequency, "items": lines},
        recipient_email=user.email,
        recipient_user=user,
        language=user.language,
        transactional=False,
        dedupe_key=f"digest:{user.pk}:{items[-1].pk}",
        status=Notification.Status.QUEUED,
        confidential=any(item.confidential for item in items),
    )


def failure_report(recipient, *, municipality_id, failures, lines):
    """Tell an administrator (or, for mail of no municipality, a superuser) which deliveries failed.

    The key names the newest failed row and the time it was queued: a run that repeats reports
    nothing twice, and a row sent again (which queues it anew) and failing again is a new report."""
    newest = max(failures, key=lambda row: row.pk)
    return queue_notification(
        template=FAILURE_REPORT,
        context={"name": recipient.first_name, "failures": lines},
        user=recipient,
        municipality=municipality_id,
        dedupe_key=f"outbox-failures:{recipient.pk}:{newest.pk}:{newest.queued_at.isoformat()}",
    )


CATALOGUE = (digest, failure_report)
