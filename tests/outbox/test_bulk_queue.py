"""queue_notifications: many rows in the cause's transaction with a few INSERTs, following each
recipient's preferences as queue_notification does, sent after commit, once per dedupe key."""

import pytest
from django.db import transaction

from outbox import delivery
from outbox.delivery import queue_notifications
from outbox.models import Notification
from tests.conftest import make_user
from tests.outbox.helpers import Frequency, Status, make_notification

pytestmark = pytest.mark.django_db

CONTEXT = {"name": "Ole", "reset_url": "http://testserver/konto/"}


def row(user=None, *, key, transactional=False, **kwargs):
    return Notification(
        template="account_exists",
        context=CONTEXT,
        recipient_user=user,
        transactional=transactional,
        dedupe_key=key,
        **kwargs,
    )


def statuses():
    return dict(Notification.objects.values_list("dedupe_key", "status"))


@pytest.mark.django_db(transaction=True)
def test_queuing_outside_a_transaction_is_refused():
    with pytest.raises(RuntimeError, match="inside the transaction"):
        queue_notifications([row(make_user(), key="outside")])

    assert not Notification.objects.exists()


def test_each_row_follows_its_user_s_preference_and_the_queued_go_after_commit(
    mailoutbox, django_capture_on_commit_callbacks
):
    users = {frequency: make_user(email_frequency=frequency) for frequency in Frequency.values}

    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        queue_notifications(row(user, key=frequency) for frequency, user in users.items())
        assert mailoutbox == []

    assert statuses() == {
        "immediately": Status.SENT,
        "daily": Status.HELD,
        "weekly": Status.HELD,
        "never": Status.SKIPPED,
    }
    assert [message.to for message in mailoutbox] == [[users["immediately"].email]]


def test_address_and_language_default_to_the_user_s(django_capture_on_commit_callbacks):
    english = make_user(email="ann@example.dk", language="en", email_frequency="daily")

    with transaction.atomic():
        queue_notifications(
            [row(english, key="ann"), row(key="receipt", transactional=True, recipient_email="x@example.dk")]
        )

    ann = Notification.objects.get(dedupe_key="ann")
    assert (ann.recipient_email, ann.language, ann.status) == ("ann@example.dk", "en", Status.HELD)
    receipt = Notification.objects.get(dedupe_key="receipt")
    assert (receipt.language, receipt.status) == ("da", Status.QUEUED)


def test_a_key_already_queued_is_left_as_it_was_and_sent_no_more(
    mailoutbox, django_capture_on_commit_callbacks
):
    user = make_user()
    first = make_notification(dedupe_key="same", status=Status.SENT, recipient_user=user)

    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        queue_notifications([row(user, key="same"), row(user, key="new")])

    first.refresh_from_db()
    assert first.status == Status.SENT
    assert first.template == "account_exists"
    assert Notification.objects.count() == 2
    assert len(mailoutbox) == 1


def test_non_transactional_mail_needs_a_user_and_every_row_an_address():
    with transaction.atomic():
        with pytest.raises(ValueError, match="needs a user"):
            queue_notifications([row(key="nobody")])
        with pytest.raises(ValueError, match="no address"):
            queue_notifications([row(make_user(email=""), key="no-address")])


@pytest.mark.parametrize("count", [3, 30])
def test_it_runs_the_same_queries_whatever_the_number_of_rows(
    count, monkeypatch, django_assert_num_queries, django_capture_on_commit_callbacks
):
    users = [make_user() for _ in range(count)]
    enqueued = []
    monkeypatch.setattr(delivery, "enqueue", lambda *ids: enqueued.extend(ids))

    # The savepoint, the insert, its release; after commit, one look-up of the queued rows.
    with (
        django_assert_num_queries(4),
        django_capture_on_commit_callbacks(execute=True),
        transaction.atomic(),
    ):
        queue_notifications(row(user, key=f"bulk:{user.pk}") for user in users)

    assert len(enqueued) == count


def test_the_rows_a_transaction_queues_go_to_celery_in_one_message(
    monkeypatch, django_capture_on_commit_callbacks
):
    """An intake queues a receipt (one row) and alerts (many): one publish for them all."""
    messages = []
    monkeypatch.setattr(delivery, "enqueue", lambda *ids: messages.append(ids))
    users = [make_user() for _ in range(3)]

    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        receipt = delivery.queue_notification(
            template="account_exists", context=CONTEXT, to="ole@example.dk", dedupe_key="receipt"
        )
        with transaction.atomic():  # a nested block joins the rows of the one around it
            queue_notifications(row(user, key=f"alert:{user.pk}") for user in users)

    [ids] = messages
    assert sorted(ids) == sorted(Notification.objects.values_list("pk", flat=True))
    assert receipt.pk in ids


def test_a_rolled_back_block_s_rows_are_not_handed_over(monkeypatch, django_capture_on_commit_callbacks):
    messages = []
    monkeypatch.setattr(delivery, "enqueue", lambda *ids: messages.append(ids))

    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        try:
            with transaction.atomic():
                delivery.queue_notification(
                    template="account_exists", context=CONTEXT, to="a@example.dk", dedupe_key="gone"
                )
                raise RuntimeError("the cause failed")
        except RuntimeError:
            pass
        kept = delivery.queue_notification(
            template="account_exists", context=CONTEXT, to="b@example.dk", dedupe_key="kept"
        )

    assert messages == [(kept.pk,)]


def test_the_rows_of_transactions_one_after_the_other_go_in_a_message_each(
    monkeypatch, django_capture_on_commit_callbacks
):
    messages = []
    monkeypatch.setattr(delivery, "enqueue", lambda *ids: messages.append(ids))

    for key in ("first", "second"):
        with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
            delivery.queue_notification(
                template="account_exists", context=CONTEXT, to="a@example.dk", dedupe_key=key
            )

    assert [len(ids) for ids in messages] == [1, 1]
