"""Account mail goes through the outbox; digests and reports run as tasks; unsubscribe tokens."""

import re

import pytest
import time_machine

from outbox import preferences, tasks
from outbox.models import Notification
from outbox.preferences import user_from_unsubscribe_token
from portal.models import User
from portal.roles import MUNICIPAL_ADMIN
from tests.conftest import make_user
from tests.outbox.helpers import (
    DAY,
    MONDAY,
    Frequency,
    Status,
    failed,
    hold,
    make_notification,
    reload,
)

pytestmark = pytest.mark.django_db


def test_signing_up_queues_the_confirmation_in_the_outbox(
    client, django_capture_on_commit_callbacks, mailoutbox
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            "/konto/opret/",
            {
                "first_name": "Rikke",
                "last_name": "Iværksætter",
                "email": "rikke@virksomhed.dk",
            },
        )

    user = User.objects.get(email="rikke@virksomhed.dk")
    row = Notification.objects.get()
    assert row.template == "account_confirm"
    assert row.dedupe_key.startswith(f"account-confirm:{user.pk}:")
    # The link and nothing else: no name typed by whoever signed up.
    assert list(row.context) == ["confirm_url"]
    assert row.context["confirm_url"].startswith("http://testserver/konto/bekraeft/")
    assert (row.recipient_user, row.recipient_email, row.transactional) == (user, user.email, True)
    assert row.municipality is None
    assert row.status == Status.SENT
    assert len(mailoutbox) == 1


def test_a_password_reset_queues_its_mail_in_the_outbox(
    client, representative, django_capture_on_commit_callbacks, mailoutbox
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/konto/nulstil-adgangskode/", {"email": representative.email})

    row = Notification.objects.get()
    assert row.template == "password_reset"
    reset_url = row.context["reset_url"]
    match = re.fullmatch(r"http://testserver/konto/nulstil-adgangskode/(\w+)/([\w-]+)/", reset_url)
    assert match, row.context["reset_url"]
    assert row.dedupe_key.startswith(f"password-reset:{representative.pk}:")
    assert row.recipient_user == representative
    assert row.status == Status.SENT
    assert len(mailoutbox) == 1


def _request_a_reset(client, user, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/konto/nulstil-adgangskode/", {"email": user.email})
    assert response.status_code == 302


def test_a_second_reset_request_after_a_completed_reset_mails_again(
    client, representative, django_capture_on_commit_callbacks, mailoutbox, time_machine
):
    """The token changes when the password does, so the dedupe key does too."""
    time_machine.move_to(MONDAY, tick=False)
    _request_a_reset(client, representative, django_capture_on_commit_callbacks)
    link = re.search(r"http://testserver(/\S+)", mailoutbox[0].body).group(1)
    set_password = client.get(link).url
    new_password = "a brand new passphrase 42"
    response = client.post(set_password, {"new_password1": new_password, "new_password2": new_password})
    assert response.status_code == 302

    # The same second, even: only the changed password makes the key new.
    _request_a_reset(client, representative, django_capture_on_commit_callbacks)

    assert [message.to for message in mailoutbox] == [[representative.email]] * 2
    first, second = Notification.objects.filter(template="password_reset").order_by("pk")
    assert first.dedupe_key != second.dedupe_key
    assert first.context["reset_url"] != second.context["reset_url"]
    assert second.status == Status.SENT


def test_the_same_reset_request_twice_at_once_mails_once(
    client, representative, django_capture_on_commit_callbacks, mailoutbox, time_machine
):
    """A double click makes the same token, hence the same key: one mail."""
    time_machine.move_to(MONDAY, tick=False)
    _request_a_reset(client, representative, django_capture_on_commit_callbacks)
    _request_a_reset(client, representative, django_capture_on_commit_callbacks)

    assert len(mailoutbox) == 1
    assert Notification.objects.filter(template="password_reset").count() == 1


def test_digests_and_reports_run_as_tasks(
    clock, lejre, lejre_admin, django_capture_on_commit_callbacks, mailoutbox
):
    hold(make_user(email_frequency=Frequency.DAILY))
    failed(lejre)

    with django_capture_on_commit_callbacks(execute=True):
        tasks.send_digests.delay()
        tasks.report_outbox_failures.delay()

    assert len(mailoutbox) == 2


def test_an_unsubscribe_token_stops_working_after_a_year(representative):
    with time_machine.travel(MONDAY, tick=False):
        token = preferences.unsubscribe_token(representative)
    with time_machine.travel(MONDAY + 364 * DAY, tick=False):
        assert user_from_unsubscribe_token(token) == representative
    with time_machine.travel(MONDAY + 366 * DAY, tick=False):
        assert user_from_unsubscribe_token(token) is None


def test_unsubscribing_also_stops_a_non_urgent_mail_that_waits_for_a_retry(mailoutbox):
    user = make_user(email_frequency=Frequency.IMMEDIATELY)
    waiting = make_notification(recipient_user=user, transactional=False, status=Status.QUEUED)
    receipt = make_notification(recipient_user=user, transactional=True, status=Status.QUEUED)

    preferences.set_email_frequency(user, Frequency.NEVER)

    waiting.refresh_from_db()
    receipt.refresh_from_db()
    assert waiting.status == Status.SKIPPED
    assert receipt.status == Status.QUEUED


def test_failures_in_a_municipality_without_administrators_wait_for_the_first_one(
    run_report, lejre, mailoutbox
):
    row = failed(lejre)

    run_report()

    row.refresh_from_db()
    assert row.failure_reported_at is None
    make_user(email="admin@lejre.dk", is_staff=True, municipality=lejre, groups=[MUNICIPAL_ADMIN])
    run_report()
    row.refresh_from_db()
    assert row.failure_reported_at is not None
    assert [message.to for message in mailoutbox] == [["admin@lejre.dk"]]


def test_a_superuser_who_is_also_an_administrator_gets_both_reports(lejre, run_report, mailoutbox):
    both = make_user(
        email="both@lejre.dk", is_staff=True, is_superuser=True, municipality=lejre, groups=[MUNICIPAL_ADMIN]
    )
    account_row = failed(None, recipient_email="account@example.dk")
    lejre_row = failed(lejre, recipient_email="ole@lejre-borger.dk")

    assert run_report() == 2

    bodies = "\n".join(message.body for message in mailoutbox if message.to == [both.email])
    assert "account@example.dk" in bodies
    assert "ole@lejre-borger.dk" in bodies
    assert reload(account_row).failure_reported_at is not None
    assert reload(lejre_row).failure_reported_at is not None
