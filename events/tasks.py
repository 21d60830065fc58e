"""Events' background work, run by beat (portal/celery.py)."""

from celery import shared_task

from events import reminders, retention, services


@shared_task
def send_event_reminders():
    return reminders.send_reminders()


@shared_task
def expire_event_offers():
    return services.expire_offers()


@shared_task
def purge_event_registrations():
    return len(retention.purge_personal_data())
