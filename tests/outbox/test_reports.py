"""Failure reports tell each municipality's administrators what could not be delivered."""

import datetime

import pytest
from django.db import transaction
from django.utils import timezone

from outbox import emails, reports
from outbox.delivery import deliver, resend
from outbox.models import Notification
from outbox.reports import report_failures
from portal.models import User
from portal.roles import MUNICIPAL_ADMIN
from tests.conftest import make_user
from tests.outbox.helpers import (
    HOUR,
    Status,
    failed,
    html_of,
    make_notification,
    reload,
)

pytestmark = pytest.mark.django_db


def test_each_municipality_s_administrators_get_one_mail_with_their_own_failures(
    lejre, roskilde, lejre_admin, roskilde_admin, lejre_staff, run_report, mailoutbox
):
    second_lejre_admin = make_user(
        email="admin2@lejre.dk", is_staff=True, municipality=lejre, groups=[MUNICIPAL_ADMIN]
    )
    lejre_rows = [failed(lejre, recipient_email="ole@lejre-borger.dk"), failed(lejre)]
    roskilde_row = failed(roskilde, recipient_email="rasmus@roskilde-borger.dk")

    assert run_report() == 2

    by_recipient = {message.to[0]: message for message in mailoutbox}
    assert sorted(by_recipient) == ["admin2@lejre.dk", "admin@lejre.dk", "admin@roskilde.dk"]
    assert second_lejre_admin.email in by_recipient
    for address in ["admin@lejre.dk", "admin2@lejre.dk"]:
        body = by_recipient[address].body
        for row in lejre_rows:
            assert f"#{row.pk} " in body
            assert row.recipient_email in body
        assert "SMTPRecipientsRefused: 550 5.1.1 no such user" in body
        assert "rasmus@roskilde-borger.dk" not in body
        assert "rasmus@roskilde-borger.dk" not in html_of(by_recipient[address])
    assert "rasmus@roskilde-borger.dk" in by_recipient["admin@roskilde.dk"].body
    assert "ole@lejre-borger.dk" not in by_recipient["admin@roskilde.dk"].body
    assert by_recipient["admin@roskilde.dk"].subject == "1 e-mail kunne ikke leveres"
    assert by_recipient["admin@lejre.dk"].subject == "2 e-mails kunne ikke leveres"
    assert all(reload(row).failure_reported_at is not None for row in [*lejre_rows, roskilde_row])


def test_the_next_report_sends_nothing_already_reported(lejre, lejre_admin, run_report, mailoutbox):
    failed(lejre)
    run_report()

    assert run_report() == 0

    assert len(mailoutbox) == 1


def test_the_report_leaves_out_rows_that_did_not_fail(lejre, lejre_admin, superuser, run_report, mailoutbox):
    for status in [Status.SENT, Status.QUEUED, Status.SENDING, Status.HELD, Status.SKIPPED, Status.DIGESTED]:
        make_notification(municipality=lejre, status=status, recipient_email=f"{status}@example.dk")
        make_notification(municipality=None, status=status, recipient_email=f"account-{status}@example.dk")

    assert run_report() == 0
    assert mailoutbox == []


def test_failed_account_mails_are_reported_to_the_superusers_not_to_a_municipality(
    lejre, lejre_admin, superuser, run_report, mailoutbox
):
    """Account mails belong to no municipality: the superusers, who run the portal, hear of them."""
    second = make_user(email="second@indgangen.dk", is_staff=True, is_superuser=True)
    make_user(email="", is_staff=True, is_superuser=True)  # no address: skipped
    make_user(email="former@indgangen.dk", is_staff=True, is_superuser=True, is_active=False)
    account_row = failed(None, recipient_email="account@example.dk")
    lejre_row = failed(lejre, recipient_email="ole@lejre-borger.dk")

    assert run_report() == 2

    by_recipient = {message.to[0]: message for message in mailoutbox}
    assert sorted(by_recipient) == ["admin@lejre.dk", "second@indgangen.dk", "super@indgangen.dk"]
    for address in [superuser.email, second.email]:
        assert f"#{account_row.pk} " in by_recipient[address].body
        assert "account@example.dk" in by_recipient[address].body
        assert "ole@lejre-borger.dk" not in by_recipient[address].body
    assert "account@example.dk" not in by_recipient["admin@lejre.dk"].body
    assert "ole@lejre-borger.dk" in by_recipient["admin@lejre.dk"].body
    assert reload(account_row).failure_reported_at is not None
    assert reload(lejre_row).failure_reported_at is not None
    report = Notification.objects.get(template="outbox_failures", recipient_user=superuser)
    assert report.municipality is None


def test_failed_account_mails_wait_while_there_is_no_superuser_with_an_address(run_report, mailoutbox):
    make_user(email="", is_staff=True, is_superuser=True)
    row = failed(None)

    assert run_report() == 0

    assert mailoutbox == []
    assert reload(row).failure_reported_at is None


def test_a_failed_failure_report_is_never_reported(lejre, lejre_admin, superuser, run_report, mailoutbox):
    """A report that bounces is logged, not reported in a loop."""
    bounced = [
        failed(lejre, template="outbox_failures", context={"name": "Lis", "failures": []}),
        failed(None, template="outbox_failures", context={"name": "Super", "failures": []}),
    ]

    assert run_report() == 0
    assert run_report() == 0

    assert mailoutbox == []
    assert all(reload(row).failure_reported_at is None for row in bounced)


def test_administrators_without_an_address_are_skipped(lejre, lejre_admin, run_report, mailoutbox):
    make_user(email="", is_staff=True, municipality=lejre, groups=[MUNICIPAL_ADMIN])
    row = failed(lejre)

    assert run_report() == 1

    assert [message.to for message in mailoutbox] == [[lejre_admin.email]]
    assert reload(row).failure_reported_at is not None


def test_a_municipality_whose_administrators_have_no_address_keeps_its_failures_for_later(
    lejre, run_report, mailoutbox
):
    admin = make_user(email="", is_staff=True, municipality=lejre, groups=[MUNICIPAL_ADMIN])
    row = failed(lejre)

    assert run_report() == 0
    assert reload(row).failure_reported_at is None

    User.objects.filter(pk=admin.pk).update(email="admin@lejre.dk")
    assert run_report() == 1
    assert [message.to for message in mailoutbox] == [["admin@lejre.dk"]]


def test_the_report_s_dedupe_key_names_the_recipient_and_the_newest_failure_not_the_clock(
    lejre, lejre_admin, mailoutbox
):
    queued = datetime.datetime(2026, 3, 2, 8, 0, 5, tzinfo=datetime.UTC)
    older = failed(lejre, queued_at=queued - HOUR)
    newest = failed(lejre, queued_at=queued)
    now = timezone.now()

    with transaction.atomic():
        assert report_failures(now=now) == 1

    report = Notification.objects.get(template="outbox_failures")
    assert report.dedupe_key == f"outbox-failures:{lejre_admin.pk}:{newest.pk}:2026-03-02T08:00:05+00:00"
    assert older.pk < newest.pk
    assert (report.recipient_user, report.municipality_id) == (lejre_admin, lejre.pk)
    assert reload(newest).failure_reported_at == now


def test_one_municipality_s_trouble_does_not_stop_the_others_reports(
    lejre, roskilde, lejre_admin, roskilde_admin, run_report, mailoutbox, monkeypatch
):
    lejre_row, roskilde_row = failed(lejre), failed(roskilde)
    queue_for_real = emails.queue_notification

    def queue_failing_for_lejre(**kwargs):
        if kwargs["user"] == lejre_admin:
            raise ConnectionError("the database went away for Lejre")
        return queue_for_real(**kwargs)

    monkeypatch.setattr(emails, "queue_notification", queue_failing_for_lejre)

    assert run_report() == 1

    assert [message.to for message in mailoutbox] == [[roskilde_admin.email]]
    assert reload(roskilde_row).failure_reported_at is not None
    # Lejre's transaction was rolled back: its rows wait for the next report.
    assert reload(lejre_row).failure_reported_at is None
    assert not Notification.objects.filter(template="outbox_failures", recipient_user=lejre_admin).exists()
    monkeypatch.undo()
    assert run_report() == 1
    assert mailoutbox[-1].to == [lejre_admin.email]


def test_one_broken_row_does_not_stop_the_report(lejre, lejre_admin, run_report, mailoutbox, monkeypatch):
    broken = failed(lejre, recipient_email="broken@example.dk")
    fine = failed(lejre, recipient_email="fine@example.dk")
    describe = reports._failure_line

    def failure_line(notification):
        if notification.pk == broken.pk:
            raise ValueError("a row nobody can describe")
        return describe(notification)

    monkeypatch.setattr(reports, "_failure_line", failure_line)

    assert run_report() == 1

    [message] = mailoutbox
    assert "fine@example.dk" in message.body
    assert f"#{broken.pk} ? → ?" in message.body
    assert reload(broken).failure_reported_at is not None
    assert reload(fine).failure_reported_at is not None


def test_a_row_sent_again_that_fails_again_is_reported_again(
    settings, lejre, lejre_admin, run_report, mailoutbox, django_capture_on_commit_callbacks
):
    row = failed(lejre)
    run_report()
    with django_capture_on_commit_callbacks(execute=False):
        resend(Notification.objects.filter(pk=row.pk))
    settings.EMAIL_BACKEND = "tests.outbox.helpers.FailingBackend"
    deliver(row.pk, now=reload(row).queued_at + 49 * HOUR)
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert reload(row).status == Status.FAILED

    assert run_report() == 1

    assert len(mailoutbox) == 2
