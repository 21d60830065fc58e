"""Each mail in both languages: subject, text and HTML parts, escaping, unsubscribe and Message-ID."""

import re

import pytest
from django.utils import timezone, translation

from outbox.delivery import build_message, deliver
from outbox.models import Notification
from outbox.preferences import user_from_unsubscribe_token
from tests.conftest import make_user
from tests.outbox.helpers import (
    MINUTE,
    UNSUBSCRIBE_HEADER,
    FailingBackend,
    html_of,
    make_notification,
    reload,
)

pytestmark = pytest.mark.django_db


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
