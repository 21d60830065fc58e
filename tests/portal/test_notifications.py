"""The notification outbox: queue in the cause's transaction, deliver once after commit, retry,
sweep up what was left behind, gather digests and tell administrators what failed.

Celery runs in-process here (tests/conftest.py); on-commit work runs through
`django_capture_on_commit_callbacks(execute=True)`. The real worker is exercised in
tests/portal/test_outbox_worker.py.
"""

import datetime
import re
from itertools import count

import pytest
import time_machine
from django.core.mail.backends.base import BaseEmailBackend
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

from portal import notifications, tasks
from portal.models import Notification, User
from portal.notifications import (
    build_message,
    deliver,
    queue_notification,
    report_failures,
    resend,
    send_digests,
    sweep,
    user_from_unsubscribe_token,
)
from portal.roles import MUNICIPAL_ADMIN
from tests.conftest import PASSWORD, make_user

pytestmark = pytest.mark.django_db

Status = Notification.Status
Frequency = User.EmailFrequency

MINUTE = datetime.timedelta(minutes=1)
HOUR = datetime.timedelta(hours=1)
DAY = datetime.timedelta(days=1)
# A Monday morning in Copenhagen, for tests that step through days.
MONDAY = datetime.datetime(2026, 3, 2, 8, 0, tzinfo=datetime.UTC)
SMTP_ERROR = "ConnectionRefusedError: smtp.example.dk refused the connection"

_keys = count(1)


@pytest.fixture(autouse=True)
def _keep_the_active_language():
    """A request to an /en/ page leaves English active in this thread (LocaleMiddleware never
    deactivates it); put back what was active so that later tests are not affected."""
    language = translation.get_language()
    yield
    translation.activate(language)


# --- Helpers -----------------------------------------------------------------------------------


class FailingBackend(BaseEmailBackend):
    """An SMTP server that refuses every message (settings.EMAIL_BACKEND points here)."""

    def send_messages(self, email_messages):
        raise ConnectionRefusedError("smtp.example.dk refused the connection")


@pytest.fixture
def failing_smtp(settings):
    settings.EMAIL_BACKEND = "tests.portal.test_notifications.FailingBackend"


@pytest.fixture
def clock(time_machine):
    """Frozen time, moved on explicitly with `clock.shift(...)`."""
    time_machine.move_to(MONDAY, tick=False)
    return time_machine


def make_notification(**kwargs):
    """An outbox row written directly, as if queued with its on-commit delivery never run."""
    n = next(_keys)
    defaults = {
        "template": "account_exists",
        "context": {"name": "Ole", "reset_url": "http://testserver/konto/nulstil-adgangskode/"},
        "recipient_email": f"modtager{n}@example.dk",
        "language": "da",
        "dedupe_key": f"test:{n}",
    }
    return Notification.objects.create(**{**defaults, **kwargs})


def queue(**kwargs):
    """queue_notification in its own transaction, as a service calls it."""
    defaults = {
        "template": "account_exists",
        "context": {"name": "Ole", "reset_url": "http://testserver/konto/nulstil-adgangskode/"},
        "dedupe_key": f"test:{next(_keys)}",
    }
    if "user" not in kwargs and "to" not in kwargs:
        defaults["to"] = "ole@example.dk"
    with transaction.atomic():
        return queue_notification(**{**defaults, **kwargs})


def hold(user, template="account_exists", **kwargs):
    """A non-urgent mail for a digest subscriber: it is held for their digest."""
    contexts = {
        "account_exists": {"name": user.first_name, "reset_url": "http://testserver/konto/"},
        "password_reset": {"username": user.username, "reset_url": "http://testserver/konto/"},
        "account_confirm": {"name": user.first_name, "confirm_url": "http://testserver/konto/"},
    }
    return queue(
        template=template,
        context=kwargs.pop("context", contexts.get(template, {})),
        user=user,
        transactional=False,
        **kwargs,
    )


def html_of(message):
    [(html, mimetype)] = message.alternatives
    assert mimetype == "text/html"
    return html


def reload(row):
    row.refresh_from_db()
    return row


# --- queue_notification ------------------------------------------------------------------------


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


# --- deliver -----------------------------------------------------------------------------------


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


# --- Rendering ---------------------------------------------------------------------------------

CONTEXTS = {
    "account_confirm": {"name": "Rikke", "confirm_url": "http://testserver/konto/bekraeft/MQ/abc-def/"},
    "password_reset": {"username": "rikke", "reset_url": "http://testserver/konto/nulstil-adgangskode/MQ/x/"},
    "digest": {
        "name": "Rikke",
        "frequency": "daily",
        "items": [{"subject": "Nyt i sag 42", "url": "http://testserver/sager/42/"}],
    },
    "outbox_failures": {
        "name": "Rikke",
        "failures": [
            {
                "id": 7,
                "template": "account_exists",
                "recipient": "ole@example.dk",
                "error": "SMTPRecipientsRefused: 550 no such user",
                "created": "02.03.2026 09.00",
            }
        ],
    },
}
# What each mail must carry in both parts, whatever its language.
CONTENT = {
    "account_confirm": "http://testserver/konto/bekraeft/MQ/abc-def/",
    "password_reset": "http://testserver/konto/nulstil-adgangskode/MQ/x/",
    "digest": "Nyt i sag 42",
    "outbox_failures": "ole@example.dk",
}
# (subject, a sentence of the body) of each version.
WORDING = {
    ("account_confirm", "da"): ("Bekræft din e-mailadresse til Indgangen", "Åbn dette link for at bekræfte"),
    ("account_confirm", "en"): ("Confirm your email address for Indgangen", "Open this link to confirm"),
    ("password_reset", "da"): ("Vælg en ny adgangskode til Indgangen", "Dit brugernavn er rikke."),
    ("password_reset", "en"): ("Choose a new password for Indgangen", "Your username is rikke."),
    ("digest", "da"): ("Dit daglige nyt fra Indgangen", "Her er, hvad der er sket siden din seneste"),
    ("digest", "en"): ("Your daily news from Indgangen", "Here is what has happened since your last digest:"),
    ("outbox_failures", "da"): (
        "1 e-mail kunne ikke leveres",
        "Disse e-mails fra din kommune kunne ikke leveres",
    ),
    ("outbox_failures", "en"): (
        "1 email could not be delivered",
        "These emails from your municipality could not be delivered",
    ),
}


def render(template, language, context=None, **kwargs):
    return build_message(
        Notification(
            template=template,
            context=CONTEXTS[template] if context is None else context,
            language=language,
            recipient_email="rikke@virksomhed.dk",
            **kwargs,
        )
    )


@pytest.mark.parametrize("language", ["da", "en"])
@pytest.mark.parametrize("template", CONTEXTS)
def test_each_mail_has_a_subject_a_text_part_and_an_html_part(template, language):
    message = render(template, language)

    assert message.subject.strip() and "\n" not in message.subject
    assert message.to == ["rikke@virksomhed.dk"]
    assert CONTENT[template] in message.body
    html = html_of(message)
    assert html.startswith("<!doctype html>")
    assert CONTENT[template] in html


@pytest.mark.parametrize(("template", "language"), list(WORDING))
def test_each_mail_is_worded_in_its_language(template, language):
    subject, sentence = WORDING[template, language]

    message = render(template, language)

    assert message.subject == subject
    assert sentence in message.body
    assert sentence in html_of(message)


@pytest.mark.parametrize("template", CONTEXTS)
def test_the_danish_version_of_each_mail_is_not_the_english_one(template):
    danish, english = render(template, "da"), render(template, "en")
    english_sentence = WORDING[template, "en"][1]

    assert danish.subject != english.subject
    assert english_sentence not in danish.body
    assert english_sentence not in html_of(danish)


def test_the_html_part_declares_the_mail_s_language():
    assert '<html lang="en">' in html_of(render("account_confirm", "en"))


NASTY = "<b>Ole & Co</b>"
ESCAPED = "&lt;b&gt;Ole &amp; Co&lt;/b&gt;"


@pytest.mark.parametrize(
    ("template", "context"),
    [
        ("account_confirm", {**CONTEXTS["account_confirm"], "name": NASTY}),
        ("password_reset", {**CONTEXTS["password_reset"], "username": NASTY}),
        ("digest", {**CONTEXTS["digest"], "items": [{"subject": NASTY, "url": ""}]}),
        (
            "outbox_failures",
            {
                **CONTEXTS["outbox_failures"],
                "failures": [{**CONTEXTS["outbox_failures"]["failures"][0], "error": NASTY}],
            },
        ),
    ],
    ids=lambda value: value if isinstance(value, str) else "",
)
@pytest.mark.parametrize("language", ["da", "en"])
def test_html_special_characters_are_escaped_in_the_html_part_and_kept_in_the_text(
    template, context, language
):
    message = render(template, language, context)

    assert NASTY in message.body
    assert ESCAPED not in message.body
    assert ESCAPED in html_of(message)
    assert NASTY not in html_of(message)


UNSUBSCRIBE_HEADER = re.compile(r"<(https?://[^>]+/konto/afmeld/([^/>]+)/)>")


def test_a_non_urgent_mail_to_a_user_carries_a_one_click_unsubscribe(representative):
    message = render("digest", "da", recipient_user=representative, transactional=False)

    headers = message.message()
    match = UNSUBSCRIBE_HEADER.fullmatch(headers["List-Unsubscribe"])
    assert match, headers["List-Unsubscribe"]
    assert headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    url, token = match.groups()
    assert url in message.body
    assert f'href="{url}"' in html_of(message)
    assert user_from_unsubscribe_token(token) == representative


def test_a_transactional_mail_carries_no_unsubscribe(representative):
    message = render("password_reset", "da", recipient_user=representative, transactional=True)

    headers = message.message()
    assert "List-Unsubscribe" not in headers
    assert "List-Unsubscribe-Post" not in headers
    assert "/konto/afmeld/" not in message.body
    assert "/konto/afmeld/" not in html_of(message)


def test_each_recipient_s_unsubscribe_link_opens_the_page_in_their_language(db):
    english, danish = make_user(language="en"), make_user(language="da")

    with translation.override("da"):
        to_english = render("digest", "en", recipient_user=english, transactional=False)
    with translation.override("en"):
        to_danish = render("digest", "da", recipient_user=danish, transactional=False)

    assert "/en/konto/afmeld/" in to_english.extra_headers["List-Unsubscribe"]
    assert "/en/" not in to_danish.extra_headers["List-Unsubscribe"]


# --- Sweep -------------------------------------------------------------------------------------


def test_mail_queued_while_the_broker_was_down_is_sent_once_by_the_sweeper(
    django_capture_on_commit_callbacks, mailoutbox
):
    with django_capture_on_commit_callbacks(execute=False):
        row = queue(to="ole@example.dk")
    assert mailoutbox == []

    assert sweep() == 1
    assert sweep() == 0

    assert [message.to for message in mailoutbox] == [["ole@example.dk"]]
    assert reload(row).status == Status.SENT


class UnreachableBroker:
    def apply_async(self, *args, **kwargs):
        raise ConnectionRefusedError("redis://127.0.0.1:6379 refused the connection")


def test_an_unreachable_broker_does_not_break_the_transaction_and_the_sweeper_catches_up(
    monkeypatch, django_capture_on_commit_callbacks, mailoutbox
):
    monkeypatch.setattr(tasks, "deliver_notification", UnreachableBroker())

    with django_capture_on_commit_callbacks(execute=True):
        row = queue()

    assert mailoutbox == []
    assert reload(row).status == Status.QUEUED

    monkeypatch.undo()
    sweep()

    assert len(mailoutbox) == 1
    assert reload(row).status == Status.SENT


def test_the_sweeper_sends_a_row_stuck_in_sending_after_its_worker_died(settings, mailoutbox):
    settings.OUTBOX_SENDING_TIMEOUT = 600
    row = make_notification(status=Status.SENDING, attempts=1, claimed_at=timezone.now() - 11 * MINUTE)

    assert sweep() == 1

    assert len(mailoutbox) == 1
    assert reload(row).status == Status.SENT


def test_the_sweeper_leaves_a_row_that_is_being_sent_alone(settings, mailoutbox):
    settings.OUTBOX_SENDING_TIMEOUT = 600
    row = make_notification(status=Status.SENDING, attempts=1, claimed_at=timezone.now() - 9 * MINUTE)

    assert sweep() == 0

    assert mailoutbox == []
    assert reload(row).status == Status.SENDING


def test_the_sweeper_leaves_future_retries_held_and_sent_rows_alone(mailoutbox):
    make_notification(next_attempt_at=timezone.now() + MINUTE)
    make_notification(status=Status.HELD)
    make_notification(status=Status.SENT)
    make_notification(status=Status.FAILED)

    assert sweep() == 0
    assert mailoutbox == []


def test_running_the_sweeper_twice_sends_nothing_twice(settings, mailoutbox):
    settings.OUTBOX_SENDING_TIMEOUT = 600
    make_notification()
    make_notification(status=Status.SENDING, claimed_at=timezone.now() - HOUR)

    sweep()
    sweep()

    assert len(mailoutbox) == 2


def test_the_beat_tasks_exist_and_the_sweep_task_sends_what_is_due(mailoutbox):
    from portal.celery import app

    make_notification()

    for entry in app.conf.beat_schedule.values():
        assert entry["task"] in app.tasks
    tasks.sweep_outbox.delay()

    assert len(mailoutbox) == 1


# --- Digests -----------------------------------------------------------------------------------


@pytest.fixture
def run_digests(django_capture_on_commit_callbacks):
    def run():
        with django_capture_on_commit_callbacks(execute=True):
            return send_digests()

    return run


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


def test_a_daily_digest_waits_a_day_after_the_last_one(clock, run_digests, mailoutbox):
    hold(make_user(email_frequency=Frequency.DAILY, last_digest_at=MONDAY - DAY + MINUTE))

    assert run_digests() == 0
    clock.shift(MINUTE)
    assert run_digests() == 1


def test_a_weekly_subscriber_gets_nothing_until_seven_days_after_the_last_digest(
    clock, run_digests, mailoutbox
):
    user = make_user(email_frequency=Frequency.WEEKLY, language="en", last_digest_at=MONDAY - 7 * DAY + HOUR)
    hold(user)

    assert run_digests() == 0
    clock.shift(HOUR - MINUTE)
    assert run_digests() == 0
    assert mailoutbox == []

    clock.shift(MINUTE)
    assert run_digests() == 1
    assert mailoutbox[0].subject == "Your weekly news from Indgangen"


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
        notifications.set_email_frequency(user, Frequency.IMMEDIATELY)

    assert reload(user).email_frequency == Frequency.IMMEDIATELY
    assert len(mailoutbox) == 2
    assert {reload(row).status for row in held} == {Status.SENT}


def test_choosing_never_skips_held_mail(django_capture_on_commit_callbacks, mailoutbox):
    user = make_user(email_frequency=Frequency.WEEKLY)
    held = hold(user)

    with django_capture_on_commit_callbacks(execute=True):
        notifications.set_email_frequency(user, Frequency.NEVER)

    assert reload(user).email_frequency == Frequency.NEVER
    assert reload(held).status == Status.SKIPPED
    assert mailoutbox == []


def test_switching_between_digests_keeps_held_mail_for_the_next_digest(
    django_capture_on_commit_callbacks, mailoutbox
):
    user = make_user(email_frequency=Frequency.DAILY)
    held = hold(user)

    with django_capture_on_commit_callbacks(execute=True):
        notifications.set_email_frequency(user, Frequency.WEEKLY)

    assert reload(held).status == Status.HELD
    assert mailoutbox == []


def test_a_preference_change_leaves_other_users_mail_alone(django_capture_on_commit_callbacks, mailoutbox):
    user = make_user(email_frequency=Frequency.DAILY)
    other = make_user(email_frequency=Frequency.DAILY)
    others_mail = hold(other)

    with django_capture_on_commit_callbacks(execute=True):
        notifications.set_email_frequency(user, Frequency.NEVER)
        notifications.set_email_frequency(user, Frequency.IMMEDIATELY)

    assert reload(others_mail).status == Status.HELD
    assert mailoutbox == []


# --- Failure reports ---------------------------------------------------------------------------


@pytest.fixture
def roskilde_admin(roskilde):
    return make_user(
        username="roskilde-admin",
        email="admin@roskilde.dk",
        is_staff=True,
        municipality=roskilde,
        groups=[MUNICIPAL_ADMIN],
    )


@pytest.fixture
def run_report(django_capture_on_commit_callbacks):
    def run():
        with django_capture_on_commit_callbacks(execute=True):
            return report_failures()

    return run


def failed(municipality, **kwargs):
    return make_notification(
        status=Status.FAILED,
        municipality=municipality,
        last_error="SMTPRecipientsRefused: 550 5.1.1 no such user",
        **kwargs,
    )


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


def test_the_report_leaves_out_account_mails_and_rows_that_did_not_fail(
    lejre, lejre_admin, superuser, run_report, mailoutbox
):
    failed(None, recipient_email="account@example.dk")
    make_notification(municipality=lejre, status=Status.SENT, recipient_email="sent@example.dk")
    make_notification(municipality=lejre, status=Status.QUEUED, recipient_email="queued@example.dk")

    assert run_report() == 0
    assert mailoutbox == []


def test_one_broken_row_does_not_stop_the_report(lejre, lejre_admin, run_report, mailoutbox, monkeypatch):
    broken = failed(lejre, recipient_email="broken@example.dk")
    fine = failed(lejre, recipient_email="fine@example.dk")
    describe = notifications._failure_line

    def failure_line(notification):
        if notification.pk == broken.pk:
            raise ValueError("a row nobody can describe")
        return describe(notification)

    monkeypatch.setattr(notifications, "_failure_line", failure_line)

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
    settings.EMAIL_BACKEND = "tests.portal.test_notifications.FailingBackend"
    deliver(row.pk, now=reload(row).queued_at + 49 * HOUR)
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert reload(row).status == Status.FAILED

    assert run_report() == 1

    assert len(mailoutbox) == 2


# --- Account mails go through the outbox -------------------------------------------------------


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
                "password1": PASSWORD,
                "password2": PASSWORD,
            },
        )

    user = User.objects.get(email="rikke@virksomhed.dk")
    row = Notification.objects.get()
    assert row.template == "account_confirm"
    assert row.dedupe_key.startswith(f"account-confirm:{user.pk}:")
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
    assert row.dedupe_key.startswith(f"password-reset:{representative.pk}:")
    assert row.recipient_user == representative
    assert row.context["reset_url"].startswith("http://testserver/konto/nulstil-adgangskode/")
    assert row.status == Status.SENT
    assert len(mailoutbox) == 1


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
        token = notifications.unsubscribe_token(representative)
    with time_machine.travel(MONDAY + 364 * DAY, tick=False):
        assert user_from_unsubscribe_token(token) == representative
    with time_machine.travel(MONDAY + 366 * DAY, tick=False):
        assert user_from_unsubscribe_token(token) is None


def test_unsubscribing_also_stops_a_non_urgent_mail_that_waits_for_a_retry(mailoutbox):
    user = make_user(email_frequency=Frequency.IMMEDIATELY)
    waiting = make_notification(recipient_user=user, transactional=False, status=Status.QUEUED)
    receipt = make_notification(recipient_user=user, transactional=True, status=Status.QUEUED)

    notifications.set_email_frequency(user, Frequency.NEVER)

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
