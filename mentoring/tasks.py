"""Celery tasks of mentoring: each takes nothing, and calls mentoring/reminders.py."""

from celery import shared_task

from mentoring import reminders


@shared_task(ignore_result=True)
def send_match_reminders():
    """Proposals past their last day lapse first, then the mentors still within it are reminded."""
    return reminders.lapse_proposals() + reminders.send_reminders()


@shared_task(ignore_result=True)
def send_check_ins():
    """Check-ins that are due, and the stalled matches of check-ins nobody answered."""
    return reminders.send_check_ins() + reminders.report_stalled()
