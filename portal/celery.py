"""The Celery app. Without REDIS_URL, settings make every task run in-process (eager)."""

import os

from celery import Celery
from celery.schedules import crontab

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")

app = Celery("portal")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

# The beat schedule lives here, in one place; each entry says why it exists.
app.conf.beat_schedule = {
    # Mail queued while Redis was down, retries that are due, and rows left "sending" by a worker
    # that died go out within a minute, without anyone acting.
    "sweep-outbox": {"task": "outbox.tasks.sweep_outbox", "schedule": 60.0},
    # Digests are "due since the last one", so an hourly run sends each on time and a missed run
    # is caught up by the next.
    "send-digests": {"task": "outbox.tasks.send_digests", "schedule": crontab(minute=5)},
    # Delivered mail leaves the outbox after OUTBOX_RETENTION_DAYS: addresses are personal data.
    "purge-outbox": {"task": "outbox.tasks.purge_outbox", "schedule": crontab(hour=3, minute=30)},
    # Closed startup cases are anonymised once COUNSELLING_RETENTION_MONTHS have passed (personal
    # data); a daily run keeps them no more than a day beyond it.
    "anonymise-closed-cases": {
        "task": "counselling.tasks.anonymise_closed_cases",
        "schedule": crontab(hour=3, minute=45),
    },
    # Procurement alerts are queued right after the change that causes them; this catches the
    # changes left unqueued (Redis was down) and the notices embargoed until their TED date, which
    # alert on that date (Copenhagen), so it runs every 15 minutes from midnight.
    "queue-procurement-alerts": {
        "task": "procurement.tasks.queue_pending_alerts",
        "schedule": crontab(minute="*/15"),
    },
    # Deadline reminders are "due and not yet sent" (3 working days before the deadline); a daily
    # run in the morning sends each on the day, and a missed run is caught up by the next.
    "send-procurement-reminders": {
        "task": "procurement.tasks.send_deadline_reminders",
        "schedule": crontab(hour=6, minute=30),
    },
    # Follow-up group members hear 14 and 2 days before a meeting: "due and not yet sent", so an
    # hourly run reminds of a meeting planned at short notice the same hour, and a missed run is
    # caught up by the next.
    "send-partnership-meeting-reminders": {
        "task": "partnerships.tasks.send_meeting_reminders",
        "schedule": crontab(minute=20),
    },
    # Responsible contact persons hear 90 and 30 days before an agreement ends and after a quarter
    # with no results; each is recorded (AgreementReminder), so a daily morning run sends each once
    # and a missed run catches up.
    "send-partnership-agreement-reminders": {
        "task": "partnerships.tasks.send_agreement_reminders",
        "schedule": crontab(hour=6, minute=40),
    },
    # A CSV of results uploaded while the broker was down waits for its task: picked up here.
    "resume-partnership-result-imports": {
        "task": "partnerships.tasks.resume_waiting_imports",
        "schedule": crontab(minute="*/10"),
    },
    # Expiry follows the end date: just after midnight (Copenhagen) the agreements that ended
    # yesterday move from active to expired, before anyone reads them as running.
    "expire-partnership-agreements": {
        "task": "partnerships.tasks.expire_agreements",
        "schedule": crontab(hour=0, minute=10),
    },
    # A mentor who has not answered a proposal in 5 working days is reminded, and after 10 it lapses
    # and the contact person is told. Both are "due and not yet done" (mentoring/reminders.py), so a
    # morning run on working days and weekends alike does each on its day, and a missed run catches up.
    "send-mentoring-match-reminders": {
        "task": "mentoring.tasks.send_match_reminders",
        "schedule": crontab(hour=6, minute=50),
    },
    # After a match's typical duration both sides are asked how it goes (one CheckIn per due date),
    # and a check-in nobody answered in 21 days goes to the contact person's digest, once; a daily
    # run after the reminders is on time for both, and a missed run catches up.
    "send-mentoring-check-ins": {
        "task": "mentoring.tasks.send_check_ins",
        "schedule": crontab(hour=6, minute=55),
    },
    # A freed place is offered for 48 hours; an offer that ran out passes to the next on the
    # waiting list within 15 minutes, and the reminders 7 and 1 days before an event go out on
    # the quarter hour they fall due ("due and not yet sent": a missed run catches up).
    "expire-event-offers": {"task": "events.tasks.expire_event_offers", "schedule": crontab(minute="*/15")},
    "send-event-reminders": {"task": "events.tasks.send_event_reminders", "schedule": crontab(minute="*/15")},
    # Registrations' personal data go EVENTS_RETENTION_MONTHS after the event; the counts stay.
    "purge-event-registrations": {
        "task": "events.tasks.purge_event_registrations",
        "schedule": crontab(hour=3, minute=50),
    },
    # Each municipality's administrators hear every morning about mail that could not be delivered.
    "report-outbox-failures": {
        "task": "outbox.tasks.report_outbox_failures",
        "schedule": crontab(hour=7, minute=0),
    },
}
