"""queue_notification: one row in the cause's transaction, sent after commit, once per dedupe key,
following the recipient's preferences."""

import pytest
from django.db import transaction
from django.utils import translation

from outbox.delivery import queue_notification
from outbox.models import Notification
from tests.conftest import make_user
from tests.outbox.helpers import (
    Frequency,
    Status,
    queue,
    reload,
)

pytestmark = pytest.mark.django_db


@pytest.mark.django_db(transaction=True)
def test_queuing_outside_a_transaction_is_refused_and_writes_nothing(mailoutbox):
    with pytest.raises(RuntimeError, match="inside the transaction"):
        queue_notification(
            template="account_exists",
            context={"name": "Ole"},
            to="ole@example.dk",
            dedupe_key="outside",
        )

    assert not Notification.objects.exists()
    assert mailoutbox == []


@pytest.mark.django_db(transaction=True)
def test_a_real_commit_delivers_the_mail_right_after_it_and_not_before(mailoutbox):
    with transaction.atomic():
        row = queue_notification(
            template="account_exists",
            context={"name": "Ole", "reset_url": "http://testserver/"},
            to="ole@example.dk",
            dedupe_key="committed",
        )
        assert mailoutbox == []

    assert len(mailoutbox) == 1
    assert reload(row).status == Status.SENT


def test_it_queues_one_row_with_the_user_s_language_municipality_and_dedupe_key(lejre):
    user = make_user(email="rikke@virksomhed.dk", language="en")

    with translation.override("da"):
        row = queue(user=user, municipality=lejre, dedupe_key="case-42:received")

    assert Notification.objects.get() == row
    assert row.status == Status.QUEUED
    assert row.language == "en"
    assert row.municipality == lejre
    assert row.dedupe_key == "case-42:received"
    assert row.recipient_email == "rikke@virksomhed.dk"
    assert row.recipient_user == user
    assert row.attempts == 0


@pytest.mark.parametrize("language", ["da", "en"])
def test_without_a_user_the_row_takes_the_active_language(language):
    with translation.override(language):
        row = queue(to="ole@example.dk")

    assert row.language == language
    assert row.recipient_user is None


def test_an_explicit_address_and_language_win_over_the_user_s(representative):
    row = queue(user=representative, to="other@virksomhed.dk", language="en")

    assert (row.recipient_email, row.language) == ("other@virksomhed.dk", "en")


def test_the_same_dedupe_key_twice_gives_one_row_and_one_email(
    django_capture_on_commit_callbacks, mailoutbox
):
    with django_capture_on_commit_callbacks(execute=True):
        first = queue(dedupe_key="case-42:received")
        second = queue(dedupe_key="case-42:received")

    assert first == second
    assert Notification.objects.count() == 1
    assert len(mailoutbox) == 1


def test_the_same_dedupe_key_in_a_later_transaction_sends_nothing_more(
    django_capture_on_commit_callbacks, mailoutbox
):
    with django_capture_on_commit_callbacks(execute=True):
        queue(dedupe_key="case-42:received")
    with django_capture_on_commit_callbacks(execute=True):
        queue(dedupe_key="case-42:received")

    assert Notification.objects.count() == 1
    assert len(mailoutbox) == 1


def test_the_mail_is_sent_only_after_the_commit(django_capture_on_commit_callbacks, mailoutbox):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        row = queue(to="ole@example.dk")
        assert mailoutbox == []

    assert len(callbacks) == 1
    assert [message.to for message in mailoutbox] == [["ole@example.dk"]]
    assert reload(row).status == Status.SENT


def test_nothing_is_sent_while_the_transaction_has_not_committed(
    django_capture_on_commit_callbacks, mailoutbox
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        row = queue()

    assert len(callbacks) == 1
    assert mailoutbox == []
    assert reload(row).status == Status.QUEUED


def test_a_rolled_back_transaction_leaves_no_row_and_sends_nothing(
    django_capture_on_commit_callbacks, mailoutbox
):
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(ZeroDivisionError),
        transaction.atomic(),
    ):
        queue_notification(
            template="account_exists", context={}, to="ole@example.dk", dedupe_key="rolled-back"
        )
        1 / 0  # noqa: B018 - the change that caused the mail fails

    assert callbacks == []
    assert not Notification.objects.exists()
    assert mailoutbox == []


@pytest.mark.parametrize(
    ("frequency", "status", "sent"),
    [
        (Frequency.IMMEDIATELY, Status.QUEUED, 1),
        (Frequency.DAILY, Status.HELD, 0),
        (Frequency.WEEKLY, Status.HELD, 0),
        (Frequency.NEVER, Status.SKIPPED, 0),
    ],
)
def test_a_non_urgent_mail_follows_the_user_s_preference(
    django_capture_on_commit_callbacks, mailoutbox, frequency, status, sent
):
    user = make_user(email_frequency=frequency)

    with django_capture_on_commit_callbacks(execute=True):
        row = queue(user=user, transactional=False)
        assert row.status == status

    assert len(mailoutbox) == sent
    assert reload(row).status == (Status.SENT if sent else status)


@pytest.mark.parametrize("frequency", Frequency.values)
def test_a_transactional_mail_is_sent_whatever_the_preference(
    django_capture_on_commit_callbacks, mailoutbox, frequency
):
    user = make_user(email_frequency=frequency)

    with django_capture_on_commit_callbacks(execute=True):
        row = queue(user=user)

    assert len(mailoutbox) == 1
    assert reload(row).status == Status.SENT


def test_a_non_urgent_mail_without_a_user_is_refused(mailoutbox):
    """Non-urgent mail follows a user's preference and carries their unsubscribe link: no user, no mail."""
    with pytest.raises(ValueError, match="needs a user"):
        queue(to="ole@example.dk", transactional=False)

    assert not Notification.objects.exists()
    assert mailoutbox == []


@pytest.mark.parametrize(
    "recipient",
    [{}, {"to": ""}, {"to": None}, {"user": "without an address"}, {"user": "without an address", "to": ""}],
    ids=["nothing", "empty to", "to None", "user without an address", "both empty"],
)
def test_a_mail_with_no_address_is_refused(mailoutbox, recipient):
    if "user" in recipient:
        recipient = {**recipient, "user": make_user(email="")}

    with pytest.raises(ValueError, match="no address"), transaction.atomic():
        queue_notification(template="account_exists", context={}, dedupe_key="nowhere", **recipient)

    assert not Notification.objects.exists()
    assert mailoutbox == []


def test_a_user_without_an_address_can_be_mailed_at_an_explicit_one(
    django_capture_on_commit_callbacks, mailoutbox
):
    user = make_user(email="")

    with django_capture_on_commit_callbacks(execute=True):
        row = queue(user=user, to="given@example.dk")

    assert (row.recipient_email, row.recipient_user) == ("given@example.dk", user)
    assert [message.to for message in mailoutbox] == [["given@example.dk"]]
