"""deliver: claim a row once, send it, retry with back-off for 48 hours, then give up."""

import pytest
from django.utils import timezone

from outbox import delivery
from outbox.delivery import deliver, sweep
from tests.outbox.helpers import (
    DAY,
    HOUR,
    MINUTE,
    SMTP_ERROR,
    CountingBackend,
    Status,
    make_notification,
    past_the_grace,
    reload,
)

pytestmark = pytest.mark.django_db


def test_delivering_a_queued_row_sends_it_and_marks_it_sent(mailoutbox):
    row = make_notification(recipient_email="ole@example.dk")

    assert deliver(row.pk) is True

    assert [message.to for message in mailoutbox] == [["ole@example.dk"]]
    row = reload(row)
    assert row.status == Status.SENT
    assert row.sent_at is not None
    assert row.claimed_at is not None
    assert row.attempts == 1
    assert row.last_error == ""


def test_a_file_kept_in_the_rows_context_is_attached_on_every_attempt(mailoutbox):
    calendar = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nEND:VCALENDAR\r\n"
    row = make_notification(
        recipient_email="ole@example.dk",
        context={
            "reference": "LEJ-2026-0001",
            "attachments": [{"filename": "temadag.ics", "mimetype": "text/calendar", "content": calendar}],
        },
    )

    deliver(row.pk)

    [message] = mailoutbox
    assert message.attachments == [("temadag.ics", calendar, "text/calendar")]


def test_delivering_twice_sends_one_email(mailoutbox):
    row = make_notification()

    assert deliver(row.pk) is True
    assert deliver(row.pk) is False

    assert len(mailoutbox) == 1
    assert reload(row).attempts == 1


@pytest.mark.parametrize(
    "status", [Status.SENDING, Status.SENT, Status.HELD, Status.SKIPPED, Status.DIGESTED, Status.FAILED]
)
def test_a_row_that_is_not_queued_is_not_claimed(mailoutbox, status):
    row = make_notification(status=status, attempts=1)

    assert deliver(row.pk) is False

    assert mailoutbox == []
    row = reload(row)
    assert (row.status, row.attempts) == (status, 1)


def test_a_row_whose_next_attempt_is_in_the_future_waits_until_then(mailoutbox):
    later = timezone.now() + 5 * MINUTE
    row = make_notification(next_attempt_at=later)

    assert deliver(row.pk) is False
    assert mailoutbox == []
    assert reload(row).status == Status.QUEUED

    assert deliver(row.pk, now=later) is True
    assert len(mailoutbox) == 1


def test_delivering_an_unknown_id_does_nothing(mailoutbox):
    assert deliver(987654) is False
    assert mailoutbox == []


def test_a_failing_mail_server_leaves_the_row_queued_for_a_minute_later(failing_smtp, mailoutbox):
    row = make_notification()
    now = timezone.now()

    assert deliver(row.pk, now=now) is False

    row = reload(row)
    assert row.status == Status.QUEUED
    assert row.attempts == 1
    assert row.last_error == SMTP_ERROR
    assert row.next_attempt_at == now + MINUTE
    assert row.sent_at is None


def test_a_backend_that_sends_nothing_is_a_failure_retried_like_a_refusal(settings, mailoutbox):
    settings.EMAIL_BACKEND = "tests.outbox.helpers.SilentBackend"
    row = make_notification()
    now = timezone.now()

    assert deliver(row.pk, now=now) is False

    row = reload(row)
    assert row.status == Status.QUEUED
    assert row.attempts == 1
    assert row.last_error == "RuntimeError: the email backend sent nothing"
    assert row.next_attempt_at == now + MINUTE
    assert row.sent_at is None

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert deliver(row.pk, now=now + MINUTE) is True
    assert (reload(row).status, row.attempts, row.last_error) == (Status.SENT, 2, "")
    assert len(mailoutbox) == 1


def test_a_backend_that_never_sends_ends_failed_after_48_hours(settings):
    settings.EMAIL_BACKEND = "tests.outbox.helpers.SilentBackend"
    row, _last_try = _fail_until_given_up(make_notification())

    assert row.status == Status.FAILED
    assert row.last_error == "RuntimeError: the email backend sent nothing"


def test_a_failed_attempt_enqueues_nothing_itself_the_sweeper_picks_the_retry_up(
    failing_smtp, monkeypatch, mailoutbox
):
    published = []
    monkeypatch.setattr(delivery, "enqueue", published.append)
    row = make_notification()
    now = timezone.now()

    deliver(row.pk, now=now)

    assert published == []
    retry_at = reload(row).next_attempt_at
    assert sweep(now=retry_at) == 0  # due, but not yet for longer than the grace period
    assert sweep(now=past_the_grace(retry_at)) == 1
    assert published == [row.pk]


def test_retries_back_off_exponentially_up_to_six_hours(failing_smtp):
    row = make_notification()
    now = row.next_attempt_at
    delays = []

    for _attempt in range(12):
        deliver(row.pk, now=now)
        row = reload(row)
        assert row.status == Status.QUEUED
        delays.append(row.next_attempt_at - now)
        now = row.next_attempt_at

    assert delays == [MINUTE * m for m in (1, 2, 4, 8, 16, 32, 64, 128, 256, 360, 360, 360)]
    assert row.attempts == 12
    assert row.last_error == SMTP_ERROR


def test_a_retry_that_succeeds_sends_the_mail_and_clears_the_error(settings, failing_smtp, mailoutbox):
    row = make_notification()
    now = row.next_attempt_at
    deliver(row.pk, now=now)
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"

    assert deliver(row.pk, now=now + MINUTE) is True

    row = reload(row)
    assert (row.status, row.attempts, row.last_error) == (Status.SENT, 2, "")
    assert len(mailoutbox) == 1


def test_a_failure_more_than_48_hours_after_queuing_marks_the_row_failed_with_its_error(failing_smtp):
    row = make_notification()
    now = row.queued_at + 48 * HOUR + MINUTE

    assert deliver(row.pk, now=now) is False

    row = reload(row)
    assert row.status == Status.FAILED
    assert row.last_error == SMTP_ERROR
    assert row.attempts == 1
    assert deliver(row.pk, now=now + DAY) is False


def _fail_until_given_up(row):
    """Deliver at each scheduled retry until the row stops being queued; returns the last try."""
    now = row.next_attempt_at
    for _attempt in range(100):
        deliver(row.pk, now=now)
        row = reload(row)
        if row.status != Status.QUEUED:
            return row, now
        now = row.next_attempt_at
    raise AssertionError("the row was never given up")


def test_a_row_that_keeps_failing_is_failed_in_the_end_with_its_error_kept(failing_smtp):
    row, last_try = _fail_until_given_up(make_notification())

    assert row.status == Status.FAILED
    assert row.last_error == SMTP_ERROR
    assert last_try - row.queued_at <= 48 * HOUR


def test_a_failing_row_is_retried_until_48_hours_have_passed(failing_smtp):
    row, last_try = _fail_until_given_up(make_notification())

    assert last_try - row.queued_at >= 48 * HOUR


def test_a_template_that_fails_to_render_is_retried_like_a_failing_server(mailoutbox):
    row = make_notification(template="no_such_template")
    now = timezone.now()

    assert deliver(row.pk, now=now) is False

    row = reload(row)
    assert row.status == Status.QUEUED
    assert row.attempts == 1
    assert row.last_error.startswith("TemplateDoesNotExist: emails/no_such_template_subject.txt")
    assert row.next_attempt_at == now + MINUTE
    assert mailoutbox == []

    deliver(row.pk, now=row.queued_at + 49 * HOUR)

    row = reload(row)
    assert row.status == Status.FAILED
    assert row.last_error.startswith("TemplateDoesNotExist")


# --- Several in one task ------------------------------------------------------------------------


def test_several_rows_are_claimed_together_and_sent_over_one_connection(settings, mailoutbox, monkeypatch):
    settings.EMAIL_BACKEND = "tests.outbox.helpers.CountingBackend"
    monkeypatch.setattr(CountingBackend, "opened", 0)
    rows = [make_notification() for _ in range(3)]

    assert delivery.deliver_many([row.pk for row in rows]) == 3

    assert sorted(message.to[0] for message in mailoutbox) == sorted(row.recipient_email for row in rows)
    assert CountingBackend.opened == 1
    assert {reload(row).status for row in rows} == {Status.SENT}
    assert delivery.deliver_many([row.pk for row in rows]) == 0  # a repeated task claims nothing
    assert len(mailoutbox) == 3


def test_a_mail_that_fails_holds_back_none_of_the_others(mailoutbox):
    broken = make_notification(template="no_such_template")
    fine = make_notification()

    assert delivery.deliver_many([broken.pk, fine.pk]) == 1

    assert [message.to for message in mailoutbox] == [[fine.recipient_email]]
    assert reload(fine).status == Status.SENT
    broken = reload(broken)
    assert broken.status == Status.QUEUED
    assert "no_such_template" in broken.last_error


@pytest.mark.parametrize("count", [2, 12])
def test_delivering_several_runs_the_same_queries_whatever_their_number(count, django_assert_num_queries):
    rows = [make_notification() for _ in range(count)]

    # The savepoint, the lock, the claim, the read, the release; after sending, the mark.
    with django_assert_num_queries(6):
        assert delivery.deliver_many([row.pk for row in rows]) == count
