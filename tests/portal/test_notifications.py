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
from portal.hours import COPENHAGEN
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
from tests.conftest import make_user

pytestmark = pytest.mark.django_db

Status = Notification.Status
Frequency = User.EmailFrequency

MINUTE = datetime.timedelta(minutes=1)
HOUR = datetime.timedelta(hours=1)
DAY = datetime.timedelta(days=1)
# A Monday morning in Copenhagen (09.00 local time, after DIGEST_HOUR), for tests that step through days.
MONDAY = datetime.datetime(2026, 3, 2, 8, 0, tzinfo=datetime.UTC)
SMTP_ERROR = "ConnectionRefusedError: smtp.example.dk refused the connection"

_keys = count(1)


# --- Helpers -----------------------------------------------------------------------------------


class FailingBackend(BaseEmailBackend):
    """An SMTP server that refuses every message (settings.EMAIL_BACKEND points here)."""

    #: The Message-ID of each message it was handed, in order.
    message_ids = []

    def send_messages(self, email_messages):
        FailingBackend.message_ids += [message.message()["Message-ID"] for message in email_messages]
        raise ConnectionRefusedError("smtp.example.dk refused the connection")


class SilentBackend(BaseEmailBackend):
    """A backend that raises nothing but sends nothing either (fail_silently, a broken relay)."""

    def send_messages(self, email_messages):
        return 0


@pytest.fixture
def failing_smtp(settings):
    settings.EMAIL_BACKEND = "tests.portal.test_notifications.FailingBackend"


@pytest.fixture
def clock(time_machine):
    """Frozen time, moved on explicitly with `clock.shift(...)`."""
    time_machine.move_to(MONDAY, tick=False)
    return time_machine


class UnreachableBroker:
    """Celery's deliver task with Redis gone: every publish fails. Counts the attempts."""

    def __init__(self):
        self.attempts = 0

    def apply_async(self, *args, **kwargs):
        self.attempts += 1
        raise ConnectionRefusedError("redis://127.0.0.1:6379 refused the connection")


@pytest.fixture
def broker_down(monkeypatch):
    """The broker is unreachable until `monkeypatch.undo()`; the pause after a failed publish
    starts unset and is put back afterwards, so that it does not leak into other tests."""
    monkeypatch.setattr(notifications, "_broker_down_until", None)
    broker = UnreachableBroker()
    monkeypatch.setattr(tasks, "deliver_notification", broker)
    return broker


def past_the_grace(now=None):
    """A moment at which a row due now has waited longer than the sweeper's grace period."""
    return (now or timezone.now()) + notifications.SWEEP_GRACE + datetime.timedelta(seconds=1)


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


def copenhagen(*args):
    """A moment given in Copenhagen's local time."""
    return datetime.datetime(*args, tzinfo=COPENHAGEN)


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


def test_a_backend_that_sends_nothing_is_a_failure_retried_like_a_refusal(settings, mailoutbox):
    settings.EMAIL_BACKEND = "tests.portal.test_notifications.SilentBackend"
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
    settings.EMAIL_BACKEND = "tests.portal.test_notifications.SilentBackend"
    row, _last_try = _fail_until_given_up(make_notification())

    assert row.status == Status.FAILED
    assert row.last_error == "RuntimeError: the email backend sent nothing"


def test_a_failed_attempt_enqueues_nothing_itself_the_sweeper_picks_the_retry_up(
    failing_smtp, monkeypatch, mailoutbox
):
    published = []
    monkeypatch.setattr(notifications, "enqueue", published.append)
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


# --- Rendering ---------------------------------------------------------------------------------

CONTEXTS = {
    "account_confirm": {"confirm_url": "http://testserver/konto/bekraeft/MQ/abc-def/"},
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
    ("account_confirm", "da"): (
        "Bekræft din e-mailadresse til Indgangen",
        "Åbn dette link for at bekræfte din e-mailadresse og vælge adgangskoden",
    ),
    ("account_confirm", "en"): (
        "Confirm your email address for Indgangen",
        "Open this link to confirm your email address and choose the password",
    ),
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


@pytest.mark.parametrize(("language", "greeting"), [("da", "Hej"), ("en", "Hello,")])
@pytest.mark.parametrize(
    ("template", "context"),
    [
        ("account_confirm", CONTEXTS["account_confirm"]),
        ("account_exists", {"reset_url": "http://testserver/konto/nulstil-adgangskode/"}),
    ],
    ids=["account_confirm", "account_exists"],
)
def test_the_account_mails_to_an_unconfirmed_address_greet_nobody_by_name(
    template, context, language, greeting
):
    """Whoever signs up types the name; the mail goes to an address nobody has confirmed. Even a
    row queued with a name (before this change) does not mail it."""
    message = render(template, language, {**context, "name": "Mallory Spam"})

    assert message.body.startswith(greeting + "\n")
    for part in [message.subject, message.body, html_of(message)]:
        assert "Mallory" not in part


def test_the_html_part_declares_the_mail_s_language():
    assert '<html lang="en">' in html_of(render("account_confirm", "en"))


NASTY = "<b>Ole & Co</b>"
ESCAPED = "&lt;b&gt;Ole &amp; Co&lt;/b&gt;"


@pytest.mark.parametrize(
    ("template", "context"),
    [
        # The only thing from outside in a confirmation mail is its link.
        ("account_confirm", {"confirm_url": f"http://testserver/konto/bekraeft/MQ/abc-def/?{NASTY}"}),
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


MESSAGE_ID = re.compile(r"<[0-9a-f]{32}@testserver>")


def test_each_mail_carries_a_message_id_made_from_its_dedupe_key():
    first = render("account_confirm", "da", dedupe_key="account-confirm:1:2026030208")
    again = render("account_confirm", "en", dedupe_key="account-confirm:1:2026030208")
    other = render("account_confirm", "da", dedupe_key="account-confirm:1:2026030209")

    message_id = first.message()["Message-ID"]
    assert MESSAGE_ID.fullmatch(message_id), message_id
    assert again.message()["Message-ID"] == message_id
    assert other.message()["Message-ID"] != message_id


def test_the_message_id_is_the_same_on_every_attempt(settings, failing_smtp, mailoutbox):
    """If a mail goes twice (the worker died after the server took it), clients show it once."""
    FailingBackend.message_ids = []
    row = make_notification()
    now = timezone.now()
    deliver(row.pk, now=now)
    deliver(row.pk, now=now + MINUTE)
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"

    assert deliver(row.pk, now=now + 3 * MINUTE) is True

    [message] = mailoutbox
    sent_id = message.message()["Message-ID"]
    assert MESSAGE_ID.fullmatch(sent_id), sent_id
    assert FailingBackend.message_ids == [sent_id, sent_id]
    assert build_message(reload(row)).message()["Message-ID"] == sent_id


def test_the_message_id_names_the_site_s_host(settings):
    settings.SITE_URL = "https://indgangen.example.dk"

    message_id = render("password_reset", "da", dedupe_key="password-reset:1:abc").message()["Message-ID"]

    assert re.fullmatch(r"<[0-9a-f]{32}@indgangen\.example\.dk>", message_id), message_id


# --- Sweep -------------------------------------------------------------------------------------


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
    monkeypatch.setattr(notifications, "enqueue", published.append)
    due_at = timezone.now()
    row = make_notification(next_attempt_at=due_at)

    assert sweep(now=due_at + notifications.SWEEP_GRACE - datetime.timedelta(seconds=1)) == 0
    assert published == []
    assert sweep(now=past_the_grace(due_at)) == 1
    assert published == [row.pk]
    assert notifications.SWEEP_GRACE.total_seconds() == 60


def test_an_unreachable_broker_does_not_break_the_transaction_and_the_sweeper_catches_up(
    monkeypatch, broker_down, django_capture_on_commit_callbacks, mailoutbox
):
    with django_capture_on_commit_callbacks(execute=True):
        row = queue()

    assert broker_down.attempts == 1
    assert mailoutbox == []
    assert reload(row).status == Status.QUEUED

    monkeypatch.undo()
    assert notifications._broker_down_until is None
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

    notifications.enqueue(first.pk)
    assert broker_down.attempts == 1
    assert notifications._broker_down_until == MONDAY + notifications.BROKER_PAUSE
    notifications.enqueue(second.pk)
    time_machine.shift(notifications.BROKER_PAUSE - datetime.timedelta(seconds=1))
    notifications.enqueue(second.pk)
    assert broker_down.attempts == 1

    time_machine.shift(datetime.timedelta(seconds=1))
    notifications.enqueue(second.pk)
    assert broker_down.attempts == 2  # the pause is over: one more try, which fails again

    # The broker is back: the first publish after the pause goes through and ends the pause.
    from portal.celery import app

    monkeypatch.setattr(tasks, "deliver_notification", app.tasks["portal.tasks.deliver_notification"])
    notifications.enqueue(third.pk)
    assert reload(third).status == Status.QUEUED  # still paused: the sweeper will send it
    time_machine.shift(notifications.BROKER_PAUSE)
    notifications.enqueue(third.pk)
    assert notifications._broker_down_until is None
    assert reload(third).status == Status.SENT
    assert [message.to for message in mailoutbox] == [[third.recipient_email]]
    assert [reload(first).status, reload(second).status] == [Status.QUEUED, Status.QUEUED]
    assert notifications.BROKER_PAUSE.total_seconds() == 10


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
    assert entry["task"] == "portal.tasks.purge_outbox"
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

    assert notifications.purge() == 1

    assert not Notification.objects.filter(pk=old.pk).exists()
    assert Notification.objects.filter(pk=recent.pk).exists()


@pytest.mark.parametrize("status", [Status.FAILED, Status.QUEUED, Status.HELD, Status.SENDING])
def test_purging_keeps_what_is_not_done_however_old(settings, status):
    settings.OUTBOX_RETENTION_DAYS = 90
    row = _aged(make_notification(status=status), 400)

    assert notifications.purge() == 0

    assert Notification.objects.filter(pk=row.pk).exists()


def test_the_retention_period_is_a_setting(settings):
    settings.OUTBOX_RETENTION_DAYS = 7
    week_old = _aged(make_notification(status=Status.SENT), 8)
    day_old = _aged(make_notification(status=Status.SENT), 1)

    assert notifications.purge() == 1
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
    assert notifications.DIGEST_HOUR == 7


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


def test_the_report_s_dedupe_key_names_the_recipient_and_the_run(lejre, lejre_admin, mailoutbox):
    failed(lejre)
    now = timezone.now()

    with transaction.atomic():
        assert report_failures(now=now) == 1

    report = Notification.objects.get(template="outbox_failures")
    assert report.dedupe_key == f"outbox-failures:{lejre.pk}:{lejre_admin.pk}:{now.isoformat()}"
    assert (report.recipient_user, report.municipality_id) == (lejre_admin, lejre.pk)
    assert reload(Notification.objects.exclude(pk=report.pk).get()).failure_reported_at == now


def test_one_municipality_s_trouble_does_not_stop_the_others_reports(
    lejre, roskilde, lejre_admin, roskilde_admin, run_report, mailoutbox, monkeypatch
):
    lejre_row, roskilde_row = failed(lejre), failed(roskilde)
    queue_for_real = notifications.queue_notification

    def queue_failing_for_lejre(**kwargs):
        if kwargs["user"] == lejre_admin:
            raise ConnectionError("the database went away for Lejre")
        return queue_for_real(**kwargs)

    monkeypatch.setattr(notifications, "queue_notification", queue_failing_for_lejre)

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
