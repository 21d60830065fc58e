"""Alerts: a notice published or corrected, told to the people whose enterprises follow it.

Each `NoticeChange` of kind published or corrected is the cause of its alerts: one outbox row per
recipient, keyed by the change and the user, written in the transaction that marks the change's
`alerts_queued_at`, so a change alerts once however often the task runs. The outbox then sends
each at once, holds it for the person's daily or weekly digest, or skips it, as they chose.

A notice embargoed until its TED publication date alerts on that date, not before: its changes
wait, unqueued, until `Notice.objects.public()` includes it, and the periodic run picks them up.
"""

from collections import defaultdict

from django.db import transaction
from django.utils import timezone

from outbox.delivery import queue_notifications
from procurement import emails, matching
from procurement.models import Notice, NoticeChange, Phase

ALERTED = (NoticeChange.Kind.PUBLISHED, NoticeChange.Kind.CORRECTED)
#: Changes per transaction: the queries of a batch do not grow with its size, nor with the number
#: of enterprises or people (only the INSERTs, one per outbox.delivery.BULK_BATCH mails).
ALERT_BATCH = 200
#: What a notice no longer open is not worth an alert for.
NOT_WORTH_AN_ALERT = {Phase.CLOSED, Phase.AWARDED, Phase.CANCELLED}


def pending(now=None):
    """Changes that should alert and have not: their notice is public now (the TED date come)."""
    return NoticeChange.objects.filter(
        alerts_queued_at__isnull=True, kind__in=ALERTED, notice__in=Notice.objects.public(now)
    )


def queue_alerts(*, change_ids=None, now=None):
    """Queue the alerts of the pending changes (of `change_ids` only, when given), in batches.
    Returns how many alerts were queued. Safe to run at once in several workers: a batch locks
    its changes and skips those another run holds."""
    now = now or timezone.now()
    queued = 0
    while True:
        with transaction.atomic():
            changes = pending(now)
            if change_ids is not None:
                changes = changes.filter(pk__in=change_ids)
            batch = list(
                changes.select_related("notice__municipality")
                .select_for_update(skip_locked=True, of=("self",))
                .order_by("created_at", "pk")[:ALERT_BATCH]
            )
            if not batch:
                return queued
            queued += _queue_batch(batch, now)
            NoticeChange.objects.filter(pk__in=[change.pk for change in batch]).update(alerts_queued_at=now)


def _worth_alerting(batch, now):
    """The changes of `batch` that alert, with the fields each reports changed.

    Per notice one alert: its publication when that is in the batch (it already says what the
    corrections since changed, as an embargoed notice's corrections before its TED date), else the
    newest correction, naming every field the batch's corrections changed."""
    by_notice = defaultdict(list)
    for change in batch:
        by_notice[change.notice_id].append(change)
    alerting = []
    for changes in by_notice.values():
        notice = changes[0].notice
        if notice.phase(now) in NOT_WORTH_AN_ALERT:
            continue
        published = [change for change in changes if change.kind == NoticeChange.Kind.PUBLISHED]
        if published:
            alerting.append((published[0], []))
            continue
        fields = []
        for change in changes:
            fields += [name for name in change.fields if name not in fields]
        alerting.append((changes[-1], fields))
    return alerting


def _queue_batch(batch, now):
    alerting = _worth_alerting(batch, now)
    if not alerting:
        return 0
    matches = matching.recipients(change.notice for change, _fields in alerting)
    facts, changed = {}, {}  # per (notice, language): rendered once, not per person
    rows = []
    for change, fields in alerting:
        notice = change.notice
        for match in matches[notice.pk]:
            language = match.user.language
            if (notice.pk, language) not in facts:
                facts[notice.pk, language] = emails.notice_facts(notice, language)
                changed[notice.pk, language] = emails.changed_fields(fields, language)
            rows.append(
                emails.notice_alert(
                    change,
                    user=match.user,
                    enterprises=match.enterprises,
                    facts=facts[notice.pk, language],
                    changed=changed[notice.pk, language],
                )
            )
    queue_notifications(rows)
    return len(rows)
