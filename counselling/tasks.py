"""Celery tasks of the counselling app: each calls a service."""

from celery import shared_task

from counselling import services


@shared_task(ignore_result=True)
def anonymise_closed_cases():
    """Anonymise cases closed longer ago than COUNSELLING_RETENTION_MONTHS; returns how many."""
    return len(services.anonymise_closed_cases())
