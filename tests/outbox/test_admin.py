"""The outbox in the admin: each municipality's staff see only their own mail, read-only, and can
send a failed row again; account mails (no municipality) are for superusers only."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from outbox.admin import NotificationAdmin
from outbox.delivery import deliver
from outbox.models import Notification
from portal.models import User
from tests.conftest import make_user
from tests.outbox.helpers import make_notification

pytestmark = pytest.mark.django_db

Status = Notification.Status

ADMIN_INDEX = reverse("admin:index")
CHANGELIST = reverse("admin:outbox_notification_changelist")
ADD = reverse("admin:outbox_notification_add")
SMTP_REFUSAL = (
    "SMTPRecipientsRefused: {'ole@lejre-borger.dk': (550, b'5.1.1 <ole@lejre-borger.dk>: no such user')}"
)


def url(action, row):
    return reverse(f"admin:outbox_notification_{action}", args=[row.pk])


def listed(response):
    assert response.status_code == 200
    return set(response.context["cl"].result_list)


def assert_does_not_exist_redirect(response):
    """The admin answers a row outside the user's queryset as if it did not exist."""
    assert response.status_code == 302
    assert response.url == ADMIN_INDEX


def send_again(client, *rows):
    return client.post(
        CHANGELIST, {"action": "send_again_now", "_selected_action": [row.pk for row in rows], "index": 0}
    )


def reload(row):
    row.refresh_from_db()
    return row


@pytest.fixture
def rows(lejre, roskilde):
    return {
        "lejre_failed": make_notification(
            municipality=lejre,
            template="account_exists",
            recipient_email="ole@lejre-borger.dk",
            status=Status.FAILED,
            attempts=14,
            last_error=SMTP_REFUSAL,
        ),
        "lejre_sent": make_notification(
            municipality=lejre,
            template="account_exists",
            recipient_email="lis@lejre-borger.dk",
            status=Status.SENT,
        ),
        "roskilde_failed": make_notification(
            municipality=roskilde,
            template="password_reset",
            context={"username": "rasmus", "reset_url": "http://testserver/konto/"},
            recipient_email="rasmus@roskilde-borger.dk",
            dedupe_key="roskilde:rasmus",
            status=Status.FAILED,
            attempts=14,
            last_error="SMTPServerDisconnected: Connection unexpectedly closed",
        ),
        "account_mail": make_notification(
            municipality=None,
            template="account_confirm",
            context={"name": "Rikke", "confirm_url": "http://testserver/konto/bekraeft/MQ/secret/"},
            recipient_email="rikke@virksomhed.dk",
            dedupe_key="account-confirm:1:2026030208",
            status=Status.FAILED,
            last_error="SMTPServerDisconnected: Connection unexpectedly closed",
        ),
    }


# --- Who gets in -------------------------------------------------------------------------------


# --- Lists, search and filters -----------------------------------------------------------------


def test_a_superuser_sees_every_row(superuser_client, rows):
    assert listed(superuser_client.get(CHANGELIST)) == set(rows.values())


def test_lejre_s_administrator_sees_only_lejre_s_rows(lejre_admin_client, rows):
    assert listed(lejre_admin_client.get(CHANGELIST)) == {rows["lejre_failed"], rows["lejre_sent"]}


def test_the_list_shows_no_other_municipality_s_addresses(lejre_client, rows):
    response = lejre_client.get(CHANGELIST)

    assert "ole@lejre-borger.dk" in response.text
    assert "rasmus@roskilde-borger.dk" not in response.text
    assert "rikke@virksomhed.dk" not in response.text


@pytest.mark.parametrize(
    "query", ["rasmus@roskilde-borger.dk", "roskilde:rasmus", "rikke@virksomhed.dk", "account-confirm"]
)
def test_searching_does_not_find_other_municipalities_or_account_mails(lejre_client, rows, query):
    assert listed(lejre_client.get(CHANGELIST, {"q": query})) == set()


def test_searching_finds_the_own_municipality_s_rows(lejre_client, rows):
    assert listed(lejre_client.get(CHANGELIST, {"q": "ole@lejre"})) == {rows["lejre_failed"]}


def test_a_superuser_s_search_finds_account_mails(superuser_client, rows):
    assert listed(superuser_client.get(CHANGELIST, {"q": "account-confirm"})) == {rows["account_mail"]}


def test_the_status_filter_shows_only_the_own_municipality_s_failures(lejre_client, rows):
    assert listed(lejre_client.get(CHANGELIST, {"status__exact": "failed"})) == {rows["lejre_failed"]}


def _filter(response, field):
    [spec] = [
        spec for spec in response.context["cl"].filter_specs if getattr(spec, "field_path", None) == field
    ]
    return spec


def test_the_template_filter_offers_only_the_own_municipality_s_templates(lejre_client, rows):
    response = lejre_client.get(CHANGELIST)

    assert list(_filter(response, "template").lookup_choices) == ["account_exists"]
    assert "password_reset" not in response.text
    assert "account_confirm" not in response.text


def test_filtering_on_another_municipality_s_template_finds_nothing(lejre_client, rows):
    assert listed(lejre_client.get(CHANGELIST, {"template": "password_reset"})) == set()


def test_a_superuser_filters_by_municipality(superuser_client, rows, roskilde):
    response = superuser_client.get(CHANGELIST, {"municipality__id__exact": roskilde.pk})

    assert listed(response) == {rows["roskilde_failed"]}


# --- Object pages ------------------------------------------------------------------------------


@pytest.mark.parametrize("action", ["change", "history"])
@pytest.mark.parametrize("row", ["roskilde_failed", "account_mail"])
def test_another_municipality_s_row_and_account_mails_do_not_exist_for_lejre_staff(
    lejre_client, rows, action, row
):
    assert_does_not_exist_redirect(lejre_client.get(url(action, rows[row])))


def test_the_change_page_shows_the_row_and_its_last_error_read_only(lejre_client, rows):
    response = lejre_client.get(url("change", rows["lejre_failed"]))

    assert response.status_code == 200
    assert "ole@lejre-borger.dk" in response.text
    assert "SMTPRecipientsRefused" in response.text
    assert "5.1.1 &lt;ole@lejre-borger.dk&gt;: no such user" in response.text
    assert 'name="_save"' not in response.text
    assert 'name="_continue"' not in response.text
    assert url("delete", rows["lejre_failed"]) not in response.text
    assert not response.context["has_change_permission"]


def test_the_change_page_shows_the_content_but_not_the_account_links(lejre_client, rows):
    """A reset or confirmation link is a key to an account: the page shows that there was one."""
    response = lejre_client.get(url("change", rows["lejre_failed"]))

    assert response.status_code == 200
    assert "&quot;name&quot;: &quot;Ole&quot;" in response.text
    assert "&quot;reset_url&quot;: &quot;…&quot;" in response.text
    assert "http://testserver/konto/nulstil-adgangskode/" not in response.text
    # Hidden on the page only: the mail itself still carries the link.
    assert reload(rows["lejre_failed"]).context["reset_url"] == "http://testserver/konto/nulstil-adgangskode/"


def test_a_superuser_does_not_see_a_confirmation_link_either(superuser_client, rows):
    response = superuser_client.get(url("change", rows["account_mail"]))

    assert response.status_code == 200
    assert "&quot;confirm_url&quot;: &quot;…&quot;" in response.text
    assert "secret" not in response.text
    assert "/konto/bekraeft/" not in response.text


def test_the_list_shows_a_short_last_error(lejre_client, rows):
    assert "short_error" in NotificationAdmin.list_display

    response = lejre_client.get(CHANGELIST)

    assert response.status_code == 200
    shown = NotificationAdmin.short_error(None, rows["lejre_failed"])
    assert len(shown) <= 80
    assert shown.startswith("SMTPRecipientsRefused:")
    assert shown.endswith("…")
    assert "SMTPRecipientsRefused:" in response.text
    assert "SMTPServerDisconnected" not in response.text  # Roskilde's and the account mail's errors


def test_lejre_staff_see_the_history_of_their_own_row(lejre_client, rows):
    assert lejre_client.get(url("history", rows["lejre_failed"])).status_code == 200


def test_a_superuser_opens_an_account_mail(superuser_client, rows):
    response = superuser_client.get(url("change", rows["account_mail"]))

    assert response.status_code == 200
    assert "rikke@virksomhed.dk" in response.text


# --- Nobody writes the outbox by hand ----------------------------------------------------------


@pytest.mark.parametrize("fixture", ["lejre_client", "lejre_admin_client", "superuser_client"])
def test_nobody_may_add_change_or_delete_rows(request, rows, fixture):
    client = request.getfixturevalue(fixture)
    row = rows["lejre_failed"]

    assert client.get(ADD).status_code == 403
    assert client.post(ADD, {"recipient_email": "x@example.dk"}).status_code == 403
    assert client.get(url("delete", row)).status_code == 403
    assert client.post(url("delete", row), {"post": "yes"}).status_code == 403
    assert client.post(url("change", row), {"recipient_email": "x@example.dk"}).status_code == 403
    row = reload(row)
    assert row.recipient_email == "ole@lejre-borger.dk"
    assert Notification.objects.count() == 4


def test_the_list_has_no_add_button_and_no_delete_action(lejre_client, rows):
    response = lejre_client.get(CHANGELIST)

    assert ADD not in response.text
    assert "delete_selected" not in response.text
    assert 'value="send_again_now"' in response.text


def test_the_delete_action_is_refused(lejre_admin_client, rows):
    lejre_admin_client.post(
        CHANGELIST, {"action": "delete_selected", "_selected_action": [rows["lejre_sent"].pk], "post": "yes"}
    )

    assert Notification.objects.filter(pk=rows["lejre_sent"].pk).exists()


# --- Send again now ----------------------------------------------------------------------------


def test_send_again_now_requeues_a_failed_row(
    lejre_client, rows, django_capture_on_commit_callbacks, mailoutbox
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = send_again(lejre_client, rows["lejre_failed"])

    assert response.status_code == 302
    row = reload(rows["lejre_failed"])
    assert (row.status, row.attempts, row.failure_reported_at) == (Status.QUEUED, 0, None)
    assert len(callbacks) == 1
    assert mailoutbox == []


def test_send_again_now_sends_the_row_once_after_the_commit(
    lejre_client, rows, django_capture_on_commit_callbacks, mailoutbox
):
    with django_capture_on_commit_callbacks(execute=True):
        response = send_again(lejre_client, rows["lejre_failed"])

    assert response.status_code == 302
    assert [message.to for message in mailoutbox] == [["ole@lejre-borger.dk"]]
    row = reload(rows["lejre_failed"])
    assert (row.status, row.attempts, row.last_error) == (Status.SENT, 1, "")


def test_send_again_now_says_how_many_rows_were_queued(lejre_client, rows):
    response = lejre_client.post(
        f"/en{CHANGELIST}",
        {"action": "send_again_now", "_selected_action": [rows["lejre_failed"].pk], "index": 0},
        follow=True,
    )

    assert [str(message) for message in response.context["messages"]] == ["1 email is queued again."]


def test_send_again_now_does_not_send_a_sent_row_twice(
    lejre_client, rows, django_capture_on_commit_callbacks, mailoutbox
):
    with django_capture_on_commit_callbacks(execute=True):
        send_again(lejre_client, rows["lejre_sent"])

    assert mailoutbox == []
    assert reload(rows["lejre_sent"]).status == Status.SENT


def test_send_again_now_leaves_a_row_being_sent_alone(
    lejre_client, lejre, django_capture_on_commit_callbacks, mailoutbox
):
    sending = make_notification(municipality=lejre, status=Status.SENDING, attempts=1)

    with django_capture_on_commit_callbacks(execute=True):
        send_again(lejre_client, sending)

    assert mailoutbox == []
    assert (reload(sending).status, sending.attempts) == (Status.SENDING, 1)


@pytest.mark.parametrize("fixture", ["lejre_client", "lejre_admin_client"])
def test_lejre_staff_sending_a_roskilde_row_again_does_nothing_to_it(
    request, rows, fixture, django_capture_on_commit_callbacks, mailoutbox
):
    client = request.getfixturevalue(fixture)

    with django_capture_on_commit_callbacks(execute=True):
        send_again(client, rows["roskilde_failed"], rows["account_mail"])

    assert mailoutbox == []
    for name in ["roskilde_failed", "account_mail"]:
        row = reload(rows[name])
        assert row.status == Status.FAILED
        assert row.attempts == (14 if name == "roskilde_failed" else 0)


def test_a_mixed_selection_sends_only_the_own_municipality_s_rows(
    lejre_client, rows, django_capture_on_commit_callbacks, mailoutbox
):
    with django_capture_on_commit_callbacks(execute=True):
        send_again(lejre_client, rows["lejre_failed"], rows["roskilde_failed"])

    assert [message.to for message in mailoutbox] == [["ole@lejre-borger.dk"]]
    assert reload(rows["roskilde_failed"]).status == Status.FAILED


def test_a_superuser_sends_an_account_mail_again(
    superuser_client, rows, django_capture_on_commit_callbacks, mailoutbox
):
    with django_capture_on_commit_callbacks(execute=True):
        send_again(superuser_client, rows["account_mail"])

    assert [message.to for message in mailoutbox] == [["rikke@virksomhed.dk"]]


@pytest.mark.parametrize("status", [Status.SKIPPED, Status.DIGESTED, Status.HELD])
def test_send_again_now_does_not_mail_what_was_unsubscribed_from_or_already_digested(
    lejre_client, lejre, representative, django_capture_on_commit_callbacks, mailoutbox, status
):
    row = make_notification(
        municipality=lejre, recipient_user=representative, transactional=False, status=status
    )

    with django_capture_on_commit_callbacks(execute=True):
        send_again(lejre_client, row)

    assert mailoutbox == []
    assert reload(row).status == status


def test_send_again_now_gives_an_old_failure_a_fresh_48_hours(
    settings, lejre_client, rows, django_capture_on_commit_callbacks
):
    row = rows["lejre_failed"]
    Notification.objects.filter(pk=row.pk).update(queued_at=timezone.now() - datetime.timedelta(days=5))

    with django_capture_on_commit_callbacks(execute=False):
        send_again(lejre_client, row)

    row = reload(row)
    now = timezone.now()
    assert now - datetime.timedelta(minutes=1) < row.queued_at <= now
    assert row.next_attempt_at == row.queued_at
    # The first retry after a failure is a retry, not the end: the 48 hours start again.
    settings.EMAIL_BACKEND = "tests.outbox.helpers.FailingBackend"
    assert deliver(row.pk) is False
    assert reload(row).status == Status.QUEUED


def test_send_again_now_sends_a_queued_row_that_waits_for_a_retry_at_once(
    lejre_client, lejre, django_capture_on_commit_callbacks, mailoutbox
):
    waiting = make_notification(
        municipality=lejre, attempts=3, next_attempt_at=timezone.now() + datetime.timedelta(hours=2)
    )

    with django_capture_on_commit_callbacks(execute=True):
        send_again(lejre_client, waiting)

    assert [message.to for message in mailoutbox] == [[waiting.recipient_email]]
    assert (reload(waiting).status, waiting.attempts) == (Status.SENT, 1)


@pytest.mark.parametrize("status", [Status.FAILED, Status.QUEUED])
def test_send_again_now_does_not_mail_non_urgent_mail_to_someone_who_chose_never(
    lejre_client, lejre, django_capture_on_commit_callbacks, mailoutbox, status
):
    unsubscribed = make_user(email_frequency=User.EmailFrequency.NEVER)
    alert = make_notification(
        municipality=lejre, recipient_user=unsubscribed, transactional=False, status=status, attempts=2
    )
    receipt = make_notification(
        municipality=lejre, recipient_user=unsubscribed, transactional=True, status=status, attempts=2
    )

    with django_capture_on_commit_callbacks(execute=True):
        send_again(lejre_client, alert, receipt)

    assert [message.to for message in mailoutbox] == [[receipt.recipient_email]]
    assert (reload(alert).status, alert.attempts) == (status, 2)
    assert reload(receipt).status == Status.SENT


def test_send_again_now_counts_only_the_rows_it_queued(lejre_client, rows, lejre):
    held = make_notification(municipality=lejre, status=Status.HELD)
    response = lejre_client.post(
        f"/en{CHANGELIST}",
        {
            "action": "send_again_now",
            "_selected_action": [rows["lejre_failed"].pk, rows["lejre_sent"].pk, held.pk],
            "index": 0,
        },
        follow=True,
    )

    assert [str(message) for message in response.context["messages"]] == ["1 email is queued again."]
    assert reload(held).status == Status.HELD


# --- Fast by design ----------------------------------------------------------------------------


def list_queries(client, **params):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(CHANGELIST, params)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize("fixture", ["lejre_client", "superuser_client"])
def test_the_list_makes_the_same_queries_for_3_rows_as_for_30(request, lejre, fixture):
    client = request.getfixturevalue(fixture)
    for n in range(3):
        make_notification(municipality=lejre, recipient_email=f"a{n}@lejre-borger.dk")
    few = list_queries(client)
    for n in range(27):
        make_notification(municipality=lejre, recipient_email=f"b{n}@lejre-borger.dk")

    assert list_queries(client) == few
    assert few <= 12
