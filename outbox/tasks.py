"""Celery tasks of the outbox: each takes ids, loads rows and calls a service."""

from celery import shared_task

from outbox import delivery, digests, reports


# acks_late: a worker killed mid-delivery leaves the message unacknowledged, so the broker hands
# it to another worker; the claim in delivery.deliver_many makes that redelivery harmless.
@shared_task(acks_late=True, reject_on_worker_lost=True, ignore_result=True)
def deliver_notification(notification_id, *more_ids):
    """One queued notification, or several queued by one cause (an intake's alerts to every
    contact person) in one message: one publish and one task for them all."""
    delivery.deliver_many([notification_id, *more_ids])


@shared_task(ignore_result=True)
def sweep_outbox():
    return delivery.sweep()


@shared_task(ignore_result=True)
def send_digests():
    return digests.send_digests()


@shared_task(ignore_result=True)
def report_outbox_failures():
    return reports.report_failures()


@shared_task(ignore_result=True)
def purge_outbox():
    return delivery.purge()
