"""Failure reports: each municipality's administrators hear which deliveries failed."""

import logging

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from kit.staff import administrators_of
from outbox import emails
from outbox.models import Notification

logger = logging.getLogger(__name__)


def report_failures(now=None):
    """Mail each municipality's administrators the deliveries that failed since the last report;
    failures that belong to no municipality (account mail) go to the superusers.

    Each municipality is reported in its own transaction, its rows locked, so two runs at once
    do not both report them and one municipality's trouble does not stop the others'.
    """
    now = now or timezone.now()
    unreported = Notification.objects.filter(
        status=Notification.Status.FAILED, failure_reported_at__isnull=True
    ).exclude(template=emails.FAILURE_REPORT)  # a report that bounces is logged, not reported in a loop
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
    if municipality_id is None:
        recipients = get_user_model().objects.filter(is_superuser=True, is_active=True)
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
            emails.failure_report(recipient, municipality_id=municipality_id, failures=failures, lines=lines)
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
