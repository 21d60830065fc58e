"""The sweeper sends what was left behind; the beat runs it, and purges delivered mail."""

import datetime

import pytest
from django.utils import timezone

from outbox import delivery, tasks
from outbox.delivery import sweep
from outbox.models import Notification
from outbox.reports import report_failures
from tests.outbox.helpers import (
    HOUR,
    MINUTE,
    MONDAY,
    Status,
    make_notification,
    past_the_grace,
    queue,
    reload,
)

pytestmark = pytest.mark.django_db


def test_mail_queued_while_the_broker_was_down_is_sent_once_by_the_sweeper(
    django_capture_on_commit_callbacks, mailoutbox
):
    with django_capture_on_commit_callbacks(execute=False):
        row = queue(to="ole@example.dk")
    assert mailoutbox == []

    assert sweep() == 0  # just queued: its own task is most likely still on its way
    later = past_the_grace()
    assert sweep(now=later) == 1
    assert sweep(now=later) == 0

    assert [message.to for message in mailoutbox] == [["ole@example.dk"]]
    assert reload(row).status == Status.SENT


def test_the_sweeper_waits_out_its_grace_period(monkeypatch, mailoutbox):
    published = []
    monkeypatch.setattr(delivery, "enqueue", published.append)
    due_at = timezone.now()
    row = make_notification(next_attempt_at=due_at)

    assert sweep(now=due_at + delivery.SWEEP_GRACE - datetime.timedelta(seconds=1)) == 0
    assert published == []
    assert sweep(now=past_the_grace(due_at)) == 1
    assert published == [row.pk]
    assert delivery.SWEEP_GRACE.total_seconds() == 60


def test_an_unreachable_broker_does_not_break_the_transaction_and_the_sweeper_catches_up(
    monkeypatch, broker_down, django_capture_on_commit_callbacks, mailoutbox
):
    with django_capture_on_commit_callbacks(execute=True):
        row = queue()

    assert broker_down.attempts == 1
    assert mailoutbox == []
    assert reload(row).status == Status.QUEUED

    monkeypatch.undo()
    assert delivery._broker_down_until is None
    sweep(now=past_the_grace())

    assert len(mailoutbox) == 1
    assert reload(row).status == Status.SENT


def test_after_a_failed_publish_the_broker_is_left_alone_for_ten_seconds(
    monkeypatch, broker_down, time_machine, mailoutbox
):
    """With Redis gone each publish can cost a connect timeout; a request that queues several
    mails tries once, and the rows wait for the sweeper."""
    time_machine.move_to(MONDAY, tick=False)
    first, second, third = make_notification(), make_notification(), make_notification()

    delivery.enqueue(first.pk)
    assert broker_down.attempts == 1
    assert delivery._broker_down_until == MONDAY + delivery.BROKER_PAUSE
    delivery.enqueue(second.pk)
    time_machine.shift(delivery.BROKER_PAUSE - datetime.timedelta(seconds=1))
    delivery.enqueue(second.pk)
    assert broker_down.attempts == 1

    time_machine.shift(datetime.timedelta(seconds=1))
    delivery.enqueue(second.pk)
    assert broker_down.attempts == 2  # the pause is over: one more try, which fails again

    # The broker is back: the first publish after the pause goes through and ends the pause.
    from portal.celery import app

    monkeypatch.setattr(tasks, "deliver_notification", app.tasks["outbox.tasks.deliver_notification"])
    delivery.enqueue(third.pk)
    assert reload(third).status == Status.QUEUED  # still paused: the sweeper will send it
    time_machine.shift(delivery.BROKER_PAUSE)
    delivery.enqueue(third.pk)
    assert delivery._broker_down_until is None
    assert reload(third).status == Status.SENT
    assert [message.to for message in mailoutbox] == [[third.recipient_email]]
    assert [reload(first).status, reload(second).status] == [Status.QUEUED, Status.QUEUED]
    assert delivery.BROKER_PAUSE.total_seconds() == 10


def test_the_sweeper_sends_a_row_stuck_in_sending_after_its_worker_died(settings, mailoutbox):
    settings.OUTBOX_SENDING_TIMEOUT = 600
    row = make_notification(status=Status.SENDING, attempts=1, claimed_at=timezone.now() - 11 * MINUTE)

    # Stuck rows are due at once for the sweep that found them, grace period or not.
    assert sweep() == 1

    assert len(mailoutbox) == 1
    row = reload(row)
    assert (row.status, row.attempts) == (Status.SENT, 2)


def test_the_sweeper_leaves_a_row_that_is_being_sent_alone(settings, mailoutbox):
    settings.OUTBOX_SENDING_TIMEOUT = 600
    row = make_notification(status=Status.SENDING, attempts=1, claimed_at=timezone.now() - 9 * MINUTE)

    assert sweep() == 0

    assert mailoutbox == []
    assert reload(row).status == Status.SENDING


def test_a_row_stuck_in_sending_more_than_48_hours_after_queuing_is_failed_not_sent(
    settings, mailoutbox, lejre, lejre_admin, django_capture_on_commit_callbacks
):
    settings.OUTBOX_SENDING_TIMEOUT = 600
    now = timezone.now()
    lost = make_notification(
        municipality=lejre,
        status=Status.SENDING,
        attempts=9,
        queued_at=now - 48 * HOUR - MINUTE,
        claimed_at=now - 11 * MINUTE,
    )
    in_time = make_notification(
        status=Status.SENDING, attempts=9, queued_at=now - 47 * HOUR, claimed_at=now - 11 * MINUTE
    )

    assert sweep(now=now) == 1

    lost = reload(lost)
    assert (lost.status, lost.last_error, lost.attempts) == (
        Status.FAILED,
        "The worker was lost while sending.",
        9,
    )
    assert reload(in_time).status == Status.SENT
    assert [message.to for message in mailoutbox] == [[in_time.recipient_email]]
    # A failure like any other: the municipality's administrators hear of it.
    with django_capture_on_commit_callbacks(execute=True):
        assert report_failures() == 1
    assert "The worker was lost while sending." in mailoutbox[-1].body
    assert mailoutbox[-1].to == [lejre_admin.email]


def test_the_sweeper_leaves_future_retries_held_and_sent_rows_alone(mailoutbox):
    make_notification(next_attempt_at=timezone.now() + MINUTE)
    make_notification(status=Status.HELD)
    make_notification(status=Status.SENT)
    make_notification(status=Status.FAILED)

    assert sweep() == 0
    assert sweep(now=past_the_grace()) == 0
    assert mailoutbox == []


def test_running_the_sweeper_twice_sends_nothing_twice(settings, time_machine, mailoutbox):
    settings.OUTBOX_SENDING_TIMEOUT = 600
    time_machine.move_to(MONDAY, tick=False)
    make_notification()
    make_notification(status=Status.SENDING, claimed_at=MONDAY - HOUR)
    time_machine.move_to(past_the_grace(MONDAY), tick=False)

    assert sweep() == 2
    assert sweep() == 0

    assert len(mailoutbox) == 2


def test_the_beat_tasks_exist_and_the_sweep_task_sends_what_is_due(mailoutbox):
    from portal.celery import app

    make_notification(next_attempt_at=timezone.now() - 2 * MINUTE)

    # What a starting worker does: import every app's tasks module (autodiscovery is lazy).
    app.loader.import_default_modules()
    for entry in app.conf.beat_schedule.values():
        assert entry["task"] in app.tasks
    tasks.sweep_outbox.delay()

    assert len(mailoutbox) == 1


def test_the_beat_purges_the_outbox_once_a_night():
    from portal.celery import app

    [entry] = [entry for name, entry in app.conf.beat_schedule.items() if name == "purge-outbox"]
    assert entry["task"] == "outbox.tasks.purge_outbox"
    schedule = entry["schedule"]
    assert schedule.hour == {3}
    assert schedule.minute == {30}


# --- Purge -------------------------------------------------------------------------------------


def _aged(row, days):
    Notification.objects.filter(pk=row.pk).update(updated_at=timezone.now() - datetime.timedelta(days=days))
    return row


@pytest.mark.parametrize("status", [Status.SENT, Status.DIGESTED, Status.SKIPPED])
def test_purging_deletes_delivered_digested_and_skipped_mail_after_the_retention_period(settings, status):
    settings.OUTBOX_RETENTION_DAYS = 90
    old = _aged(make_notification(status=status), 91)
    recent = _aged(make_notification(status=status), 89)

    assert delivery.purge() == 1

    assert not Notification.objects.filter(pk=old.pk).exists()
    assert Notification.objects.filter(pk=recent.pk).exists()


@pytest.mark.parametrize("status", [Status.FAILED, Status.QUEUED, Status.HELD, Status.SENDING])
def test_purging_keeps_what_is_not_done_however_old(settings, status):
    settings.OUTBOX_RETENTION_DAYS = 90
    row = _aged(make_notification(status=status), 400)

    assert delivery.purge() == 0

    assert Notification.objects.filter(pk=row.pk).exists()


def test_the_retention_period_is_a_setting(settings):
    settings.OUTBOX_RETENTION_DAYS = 7
    week_old = _aged(make_notification(status=Status.SENT), 8)
    day_old = _aged(make_notification(status=Status.SENT), 1)

    assert delivery.purge() == 1
    assert list(Notification.objects.all()) == [day_old]
    assert not Notification.objects.filter(pk=week_old.pk).exists()


def test_the_purge_task_purges(settings):
    settings.OUTBOX_RETENTION_DAYS = 90
    _aged(make_notification(status=Status.SENT), 91)
    kept = make_notification(status=Status.SENT)

    tasks.purge_outbox.delay()

    assert list(Notification.objects.all()) == [kept]


def test_the_retention_period_is_90_days_by_default():
    from django.conf import settings

    assert settings.OUTBOX_RETENTION_DAYS == 90
