"""Celery tasks of procurement: each takes an id (or nothing), loads the rows and calls a service."""

from celery import shared_task

from procurement import alerts, reminders


@shared_task(ignore_result=True)
def queue_alerts(change_id):
    """The alerts of one change, right after the transaction that recorded it."""
    return alerts.queue_alerts(change_ids=[change_id])


@shared_task(ignore_result=True)
def queue_pending_alerts():
    """Changes left unqueued (the broker was down) and embargoed notices whose TED date came."""
    return alerts.queue_alerts()


@shared_task(ignore_result=True)
def send_deadline_reminders():
    return reminders.send_reminders()
