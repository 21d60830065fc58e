"""Deadline reminders: 3 Danish working days before the submission deadline of a notice an
enterprise marked interest in, once, to the person who marked it."""

import datetime
import zoneinfo

import pytest

from outbox.models import Notification
from procurement.reminders import send_reminders
from tests.conftest import make_user
from tests.enterprises.factories import make_enterprise
from tests.procurement.factories import make_interest, make_lot, make_notice

pytestmark = pytest.mark.django_db

COPENHAGEN = zoneinfo.ZoneInfo("Europe/Copenhagen")


def at(year, month, day, hour=9):
    return datetime.datetime(year, month, day, hour, 0, tzinfo=COPENHAGEN)


def reminders():
    return list(Notification.objects.filter(template="procurement_reminder").order_by("pk"))


@pytest.fixture
def rikke(db):
    return make_user(email="rikke@example.dk", first_name="Rikke")


@pytest.fixture
def enterprise(rikke):
    return make_enterprise(name="Regnskabshuset", representatives=[rikke])


def interest_in_notice_closing(when, enterprise, user, time_machine, **kwargs):
    time_machine.move_to(when - datetime.timedelta(days=20), tick=False)
    notice = make_notice(title="Bogføring", submission_deadline=when, questions_deadline=None, **kwargs)
    return make_interest(notice, enterprise, user=user)


def test_the_reminder_goes_three_working_days_before_a_deadline_after_christmas(
    rikke, enterprise, time_machine, mailoutbox, django_capture_on_commit_callbacks
):
    # Monday 28 December 2026 at noon: Christmas Day and Boxing Day fall on Friday and Saturday, so
    # the three working days before are Tuesday 22, Wednesday 23 and Thursday 24 December.
    interest = interest_in_notice_closing(at(2026, 12, 28, 12), enterprise, rikke, time_machine)

    time_machine.move_to(at(2026, 12, 21, 23), tick=False)
    assert send_reminders() == 0
    time_machine.move_to(at(2026, 12, 22, 6), tick=False)
    with django_capture_on_commit_callbacks(execute=True):
        assert send_reminders() == 1

    [reminder] = reminders()
    assert reminder.dedupe_key == f"procurement-reminder:{interest.pk}:{rikke.pk}"
    assert reminder.recipient_user == rikke
    [message] = mailoutbox
    assert message.subject == "Fristen nærmer sig: Bogføring"
    assert "Regnskabshuset har vist interesse for dette udbud" in message.body
    interest.refresh_from_db()
    assert interest.reminded_at is not None


def test_across_easter_the_reminder_comes_before_the_holidays(rikke, enterprise, time_machine):
    # Tuesday 7 April 2026: Easter Monday, Good Friday and Maundy Thursday are holidays, so the
    # reminder goes on Monday 30 March, not on the Saturday a calendar count would give.
    interest_in_notice_closing(at(2026, 4, 7, 12), enterprise, rikke, time_machine)

    time_machine.move_to(at(2026, 3, 29, 12), tick=False)
    assert send_reminders() == 0
    time_machine.move_to(at(2026, 3, 30, 7), tick=False)
    assert send_reminders() == 1


def test_a_missed_day_is_caught_up_and_a_reminder_never_goes_twice(rikke, enterprise, time_machine):
    interest_in_notice_closing(at(2026, 3, 13, 12), enterprise, rikke, time_machine)  # a Friday

    # Due on Tuesday 10 March; the task did not run until Thursday.
    time_machine.move_to(at(2026, 3, 12, 7), tick=False)
    assert send_reminders() == 1
    assert send_reminders() == 0
    time_machine.move_to(at(2026, 3, 13, 7), tick=False)
    assert send_reminders() == 0
    assert len(reminders()) == 1


def test_no_reminder_after_the_deadline_or_for_a_cancelled_notice(rikke, enterprise, time_machine):
    interest_in_notice_closing(at(2026, 3, 13, 12), enterprise, rikke, time_machine)
    interest_in_notice_closing(at(2026, 3, 13, 12), enterprise, rikke, time_machine, stage="cancelled")

    time_machine.move_to(at(2026, 3, 13, 13), tick=False)
    assert send_reminders() == 0
    assert reminders() == []


def test_several_lots_of_one_notice_make_one_reminder_naming_them(rikke, enterprise, time_machine):
    time_machine.move_to(at(2026, 2, 20), tick=False)
    notice = make_notice(
        title="Pluk og pak", submission_deadline=at(2026, 3, 13, 12), questions_deadline=None
    )
    first = make_interest(notice, enterprise, lot=make_lot(notice, title="Lejre"), user=rikke)
    make_interest(notice, enterprise, lot=make_lot(notice, title="Roskilde"), user=rikke)

    time_machine.move_to(at(2026, 3, 10, 7), tick=False)
    assert send_reminders() == 1

    [reminder] = reminders()
    assert reminder.dedupe_key == f"procurement-reminder:{first.pk}:{rikke.pk}"
    assert reminder.context["lots"] == ["Lejre", "Roskilde"]


def test_when_the_person_who_marked_it_left_the_enterprise_its_representatives_hear(
    rikke, enterprise, time_machine
):
    ole = make_user(email="ole@example.dk")
    enterprise.representatives.set([ole])
    interest_in_notice_closing(at(2026, 3, 13, 12), enterprise, rikke, time_machine)

    time_machine.move_to(at(2026, 3, 10, 7), tick=False)
    send_reminders()

    assert [reminder.recipient_email for reminder in reminders()] == ["ole@example.dk"]


@pytest.mark.parametrize("size", [1, 4])
def test_the_reminders_run_the_same_queries_whatever_their_number(
    size, time_machine, django_assert_num_queries
):
    time_machine.move_to(at(2026, 2, 20), tick=False)
    for _ in range(size):
        user = make_user()
        enterprise = make_enterprise(representatives=[user])
        notice = make_notice(submission_deadline=at(2026, 3, 13, 12), questions_deadline=None)
        make_interest(notice, enterprise, user=user)
    time_machine.move_to(at(2026, 3, 10, 7), tick=False)

    # Two transactions (a savepoint each in the test's): the interests, their representatives, the
    # insert, marking them reminded; then the empty next batch.
    with django_assert_num_queries(9):
        assert send_reminders() == size
