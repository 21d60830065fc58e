"""Reminders before an event (a missed run included) and the retention of registrations."""

import datetime
import io

import pytest
import time_machine
from django.core.management import call_command

from events import reminders, retention, services
from events.models import Registration
from outbox.models import Notification
from tests.events.factories import STARTS, make_event, make_registration

pytestmark = pytest.mark.django_db

S = Registration.Status
DAY = datetime.timedelta(days=1)


def _reminders():
    rows = Notification.objects.filter(template="events_reminder").order_by("pk")
    return [(row.recipient_email, row.context["days"]) for row in rows]


def test_the_registered_are_reminded_7_days_and_1_day_before_once_each():
    event = make_event()
    make_registration(event, email="a@example.dk")
    make_registration(event, email="waiting@example.dk", status=S.WAITING)

    assert reminders.send_reminders(now=STARTS - 8 * DAY) == 0
    assert reminders.send_reminders(now=STARTS - 7 * DAY) == 1
    assert reminders.send_reminders(now=STARTS - 6 * DAY) == 0
    assert reminders.send_reminders(now=STARTS - DAY) == 1
    assert reminders.send_reminders(now=STARTS - DAY + datetime.timedelta(hours=1)) == 0

    assert _reminders() == [("a@example.dk", 7), ("a@example.dk", 1)]


def test_a_reminder_carries_the_calendar_file():
    event = make_event()
    make_registration(event, email="a@example.dk")
    reminders.send_reminders(now=STARTS - 7 * DAY)

    row = Notification.objects.get(template="events_reminder")
    assert row.context["attachments"][0]["mimetype"] == "text/calendar"


def test_after_a_missed_run_one_reminder_says_how_many_days_are_left():
    event = make_event()
    make_registration(event, email="a@example.dk")

    # The worker was down from 8 days before until 3 days before.
    assert reminders.send_reminders(now=STARTS - 3 * DAY) == 1
    assert reminders.send_reminders(now=STARTS - 2 * DAY) == 0
    assert reminders.send_reminders(now=STARTS - DAY) == 1

    assert _reminders() == [("a@example.dk", 3), ("a@example.dk", 1)]


def test_the_reminders_follow_the_events_own_choice():
    only_one = make_event(first_reminder_days=3, second_reminder_days=None)
    make_registration(only_one, email="a@example.dk")
    none = make_event(first_reminder_days=None, second_reminder_days=None)
    make_registration(none, email="b@example.dk")

    for days in range(10, 0, -1):
        reminders.send_reminders(now=STARTS - days * DAY)

    assert _reminders() == [("a@example.dk", 3)]


def test_a_cancelled_event_reminds_nobody():
    event = make_event()
    make_registration(event, email="a@example.dk")
    services.cancel_event(event, reason="Aflyst.", now=STARTS - 10 * DAY)

    assert reminders.send_reminders(now=STARTS - DAY) == 0


# --- Retention ---------------------------------------------------------------------------------

LATER = STARTS + datetime.timedelta(days=200)  # past the 6 months of the default


def _past_event_with_attendance():
    event = make_event(capacity=None, title="Temadag 2027")
    make_registration(event, attended=True)
    make_registration(event, attended=True)
    make_registration(event, attended=False)
    make_registration(event, status=S.CANCELLED)
    return event


def test_the_dry_run_lists_what_is_due_and_changes_nothing():
    event = _past_event_with_attendance()
    out = io.StringIO()

    with time_machine.travel(LATER, tick=False):
        call_command("purge_event_registrations", "--dry-run", stdout=out)
    assert "Temadag 2027: 4 row(s); kept 3 registered, 2 attended" in out.getvalue()
    assert "Dry run: nothing was changed." in out.getvalue()
    assert event.registrations.count() == 4


def test_registrations_are_deleted_after_the_retention_period_and_the_counts_are_kept():
    event = _past_event_with_attendance()

    assert retention.purge_personal_data(now=STARTS + datetime.timedelta(days=150)) == []
    [purged] = retention.purge_personal_data(now=LATER)

    assert (purged.registered, purged.attended, purged.rows) == (3, 2, 4)
    event.refresh_from_db()
    assert (event.registered_total, event.attended_total) == (3, 2)
    assert event.personal_data_deleted_at == LATER
    assert not Registration.objects.exists()
    assert retention.purge_personal_data(now=LATER + DAY) == []


def test_the_retention_period_is_a_setting(settings):
    settings.EVENTS_RETENTION_MONTHS = 1
    _past_event_with_attendance()

    assert len(retention.purge_personal_data(now=STARTS + datetime.timedelta(days=40))) == 1
