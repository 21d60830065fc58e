"""Celery tasks of partnerships: each takes an id (or nothing), loads the rows and calls the module
that works."""

from celery import shared_task

from partnerships import csv_results, reminders


@shared_task(ignore_result=True)
def import_results(import_id):
    """Check every row of an uploaded CSV of results (progress on the ResultImport), then import
    them all, or none when any row is wrong."""
    return csv_results.run_import(import_id)


@shared_task(ignore_result=True)
def resume_waiting_imports():
    """Run the CSV uploads whose task never came (the broker was down when they were queued)."""
    return csv_results.resume_waiting_imports()


@shared_task(ignore_result=True)
def send_meeting_reminders():
    return reminders.send_meeting_reminders()


@shared_task(ignore_result=True)
def send_agreement_reminders():
    """The reminders before an agreement ends and after a quarter with no results."""
    return reminders.send_end_reminders() + reminders.send_results_reminders()


@shared_task(ignore_result=True)
def expire_agreements():
    return reminders.expire_agreements()
