"""Digests gather a subscriber's held mail once a day or week; a change of preference releases it."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from outbox import digests, preferences
from outbox.digests import send_digests
from outbox.models import Notification
from tests.conftest import make_user
from tests.outbox.helpers import (
    DAY,
    HOUR,
    MONDAY,
    UNSUBSCRIBE_HEADER,
    Frequency,
    Status,
    copenhagen,
    hold,
    html_of,
    queue,
    reload,
)

pytestmark = pytest.mark.django_db


def test_a_daily_digest_lists_each_held_item_in_one_mail(clock, run_digests, mailoutbox):
    user = make_user(email_frequency=Frequency.DAILY, email="rikke@virksomhed.dk")
    items = [hold(user, "account_exists"), hold(user, "password_reset")]
    assert mailoutbox == []

    assert run_digests() == 1

    [message] = mailoutbox
    assert message.to == ["rikke@virksomhed.dk"]
    assert message.subject == "Dit daglige nyt fra Indgangen"
    assert "Du har allerede en konto på Indgangen" in message.body
    assert "Vælg en ny adgangskode til Indgangen" in message.body
    assert "Vælg en ny adgangskode til Indgangen" in html_of(message)
    assert {reload(item).status for item in items} == {Status.DIGESTED}
    digest = Notification.objects.get(template="digest")
    assert (digest.status, digest.recipient_user, digest.transactional) == (Status.SENT, user, False)
    assert reload(user).last_digest_at == MONDAY


def test_a_digest_with_a_confidential_item_is_confidential_itself(clock, run_digests):
    open_items, secret_items = (
        make_user(email_frequency=Frequency.DAILY),
        make_user(email_frequency=Frequency.DAILY),
    )
    hold(open_items)
    hold(secret_items)
    hold(secret_items, "password_reset", regarding="counselling.case:1", confidential=True)

    run_digests()

    digests = Notification.objects.filter(template="digest")
    assert digests.get(recipient_user=open_items).confidential is False
    assert digests.get(recipient_user=secret_items).confidential is True


def test_a_second_run_sends_no_digest_again(clock, run_digests, mailoutbox):
    user = make_user(email_frequency=Frequency.DAILY)
    hold(user)
    run_digests()

    assert run_digests() == 0
    clock.shift(2 * DAY)
    assert run_digests() == 0

    assert len(mailoutbox) == 1


def test_missed_days_are_caught_up_with_one_digest_not_one_per_day(clock, run_digests, mailoutbox):
    user = make_user(email_frequency=Frequency.DAILY, last_digest_at=MONDAY - 3 * DAY)
    hold(user)
    hold(user, "password_reset")

    assert run_digests() == 1
    assert run_digests() == 0

    assert len(mailoutbox) == 1


def test_a_daily_digest_is_due_again_from_seven_the_next_morning(clock, run_digests, mailoutbox):
    """A digest at 09.00 Monday: the next one is due from 07.00 Tuesday, not 09.00."""
    user = make_user(email_frequency=Frequency.DAILY)
    hold(user)
    assert run_digests() == 1
    hold(user, "password_reset")

    clock.move_to(copenhagen(2026, 3, 2, 23, 59), tick=False)
    assert run_digests() == 0
    clock.move_to(copenhagen(2026, 3, 3, 6, 59), tick=False)
    assert run_digests() == 0
    clock.move_to(copenhagen(2026, 3, 3, 7, 0), tick=False)
    assert run_digests() == 1

    assert len(mailoutbox) == 2


def test_a_daily_digest_counts_days_in_copenhagen_not_in_utc(clock, run_digests, mailoutbox):
    # 23.30 UTC on Monday is 00.30 on Tuesday in Copenhagen: Tuesday's digest is sent.
    hold(make_user(email_frequency=Frequency.DAILY, last_digest_at=copenhagen(2026, 3, 3, 0, 30)))

    clock.move_to(copenhagen(2026, 3, 3, 8, 0), tick=False)
    assert run_digests() == 0
    clock.move_to(copenhagen(2026, 3, 4, 7, 0), tick=False)
    assert run_digests() == 1


def test_a_daily_digest_sent_yesterday_evening_does_not_delay_today_s(clock, run_digests, mailoutbox):
    clock.move_to(copenhagen(2026, 3, 2, 6, 0), tick=False)
    hold(make_user(email_frequency=Frequency.DAILY, last_digest_at=copenhagen(2026, 3, 1, 23, 59)))

    clock.move_to(copenhagen(2026, 3, 2, 7, 0), tick=False)
    assert run_digests() == 1


def test_a_weekly_subscriber_gets_nothing_until_seven_days_after_the_last_digest(
    clock, run_digests, mailoutbox
):
    # The last digest was on the Monday before, at 09.00: the next is due from 07.00 on Monday.
    user = make_user(email_frequency=Frequency.WEEKLY, language="en", last_digest_at=MONDAY - 7 * DAY)
    clock.move_to(MONDAY - DAY, tick=False)
    hold(user)

    assert run_digests() == 0
    clock.move_to(copenhagen(2026, 3, 1, 23, 59), tick=False)
    assert run_digests() == 0
    clock.move_to(copenhagen(2026, 3, 2, 6, 59), tick=False)
    assert run_digests() == 0
    assert mailoutbox == []

    clock.move_to(copenhagen(2026, 3, 2, 7, 0), tick=False)
    assert run_digests() == 1
    assert mailoutbox[0].subject == "Your weekly news from Indgangen"


@pytest.mark.parametrize(
    "day", [datetime.date(2026, 3, 2), datetime.date(2026, 6, 1)], ids=["winter time", "summer time"]
)
def test_no_digest_goes_out_before_seven_in_the_morning_in_copenhagen(clock, run_digests, mailoutbox, day):
    user = make_user(email_frequency=Frequency.DAILY)
    clock.move_to(copenhagen(day.year, day.month, day.day, 5, 0), tick=False)
    hold(user)

    clock.move_to(copenhagen(day.year, day.month, day.day, 6, 0), tick=False)
    assert run_digests() == 0
    clock.move_to(copenhagen(day.year, day.month, day.day, 6, 59, 59), tick=False)
    assert run_digests() == 0
    assert mailoutbox == []
    assert reload(user).last_digest_at is None

    clock.move_to(copenhagen(day.year, day.month, day.day, 7, 5), tick=False)
    assert run_digests() == 1
    assert len(mailoutbox) == 1
    assert digests.DIGEST_HOUR == 7


def test_items_queued_after_a_digest_go_in_the_next_one(clock, run_digests, mailoutbox):
    user = make_user(email_frequency=Frequency.DAILY)
    hold(user, "account_exists")
    run_digests()
    clock.shift(HOUR)
    later = hold(user, "password_reset")

    assert run_digests() == 0
    clock.shift(DAY)
    assert run_digests() == 1

    first, second = mailoutbox
    assert "Du har allerede en konto" in first.body
    assert "Vælg en ny adgangskode" not in first.body
    assert "Vælg en ny adgangskode" in second.body
    assert "Du har allerede en konto" not in second.body
    assert reload(later).status == Status.DIGESTED


def test_the_digest_is_in_the_user_s_language(clock, run_digests, mailoutbox):
    english = make_user(email_frequency=Frequency.DAILY, language="en", email="en@virksomhed.dk")
    danish = make_user(email_frequency=Frequency.DAILY, language="da", email="da@virksomhed.dk")
    hold(english)
    hold(danish)

    with translation.override("da"):
        assert run_digests() == 2

    by_recipient = {message.to[0]: message for message in mailoutbox}
    assert by_recipient["en@virksomhed.dk"].subject == "Your daily news from Indgangen"
    assert "You already have an account at Indgangen" in by_recipient["en@virksomhed.dk"].body
    assert by_recipient["da@virksomhed.dk"].subject == "Dit daglige nyt fra Indgangen"
    assert "Du har allerede en konto på Indgangen" in by_recipient["da@virksomhed.dk"].body


def test_the_digest_carries_a_one_click_unsubscribe(clock, run_digests, mailoutbox):
    user = make_user(email_frequency=Frequency.DAILY)
    hold(user)

    run_digests()

    [message] = mailoutbox
    assert UNSUBSCRIBE_HEADER.fullmatch(message.extra_headers["List-Unsubscribe"])


def test_one_broken_item_does_not_stop_the_digest(clock, run_digests, mailoutbox):
    user = make_user(email_frequency=Frequency.DAILY)
    broken = hold(user, "no_such_template", context={})
    fine = hold(user, "password_reset")

    assert run_digests() == 1

    [message] = mailoutbox
    assert "no_such_template" in message.body
    assert "Vælg en ny adgangskode til Indgangen" in message.body
    assert reload(broken).status == reload(fine).status == Status.DIGESTED


def test_only_digest_subscribers_with_held_mail_get_a_digest(clock, run_digests, mailoutbox):
    make_user(email_frequency=Frequency.DAILY)
    immediate = make_user(email_frequency=Frequency.IMMEDIATELY)
    never = make_user(email_frequency=Frequency.NEVER)
    queue(user=immediate, transactional=False)
    queue(user=never, transactional=False)

    assert run_digests() == 0


def _queries_for_digests(users, items_each):
    templates = ["account_exists", "password_reset", "account_confirm"]
    for _user in range(users):
        user = make_user(email_frequency=Frequency.DAILY)
        for i in range(items_each):
            hold(user, templates[i % len(templates)])
    with CaptureQueriesContext(connection) as queries:
        assert send_digests() == users
    return len(queries)


def test_the_digest_run_s_queries_do_not_grow_with_users_or_items(clock):
    few = _queries_for_digests(users=2, items_each=1)
    many = _queries_for_digests(users=20, items_each=5)

    assert many == few


# --- Preferences -------------------------------------------------------------------------------


def test_choosing_immediately_releases_held_mail(django_capture_on_commit_callbacks, mailoutbox):
    user = make_user(email_frequency=Frequency.DAILY)
    held = [hold(user), hold(user, "password_reset")]

    with django_capture_on_commit_callbacks(execute=True):
        preferences.set_email_frequency(user, Frequency.IMMEDIATELY)

    assert reload(user).email_frequency == Frequency.IMMEDIATELY
    assert len(mailoutbox) == 2
    assert {reload(row).status for row in held} == {Status.SENT}


def test_choosing_never_skips_held_mail(django_capture_on_commit_callbacks, mailoutbox):
    user = make_user(email_frequency=Frequency.WEEKLY)
    held = hold(user)

    with django_capture_on_commit_callbacks(execute=True):
        preferences.set_email_frequency(user, Frequency.NEVER)

    assert reload(user).email_frequency == Frequency.NEVER
    assert reload(held).status == Status.SKIPPED
    assert mailoutbox == []


def test_switching_between_digests_keeps_held_mail_for_the_next_digest(
    django_capture_on_commit_callbacks, mailoutbox
):
    user = make_user(email_frequency=Frequency.DAILY)
    held = hold(user)

    with django_capture_on_commit_callbacks(execute=True):
        preferences.set_email_frequency(user, Frequency.WEEKLY)

    assert reload(held).status == Status.HELD
    assert mailoutbox == []


def test_a_preference_change_leaves_other_users_mail_alone(django_capture_on_commit_callbacks, mailoutbox):
    user = make_user(email_frequency=Frequency.DAILY)
    other = make_user(email_frequency=Frequency.DAILY)
    others_mail = hold(other)

    with django_capture_on_commit_callbacks(execute=True):
        preferences.set_email_frequency(user, Frequency.NEVER)
        preferences.set_email_frequency(user, Frequency.IMMEDIATELY)

    assert reload(others_mail).status == Status.HELD
    assert mailoutbox == []
