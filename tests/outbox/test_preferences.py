"""How often, and in which language, a user gets mail: the choice under My account, and one-click
unsubscribe.

Unsubscribing follows RFC 8058: a mail client POSTs `List-Unsubscribe=One-Click` to the link in the
List-Unsubscribe header, with no session and no CSRF token; the signed token is the credential.
"""

import datetime

import pytest
import time_machine
from django.core import signing
from django.db import transaction
from django.test import Client
from django.utils import timezone

from outbox.delivery import deliver, queue_notification
from outbox.models import Notification
from outbox.preferences import unsubscribe_token
from portal.models import User
from tests.conftest import make_user

pytestmark = pytest.mark.django_db

Frequency = User.EmailFrequency
Status = Notification.Status

ACCOUNT = "/konto/"
PREFERENCES = "/konto/mail/"
LOGIN = "/konto/log-ind/"
ONE_CLICK = "List-Unsubscribe=One-Click"


def unsubscribe_url(user_or_token, prefix=""):
    token = user_or_token if isinstance(user_or_token, str) else unsubscribe_token(user_or_token)
    return f"{prefix}/konto/afmeld/{token}/"


def hold(user):
    with transaction.atomic():
        return queue_notification(
            template="account_exists",
            context={"name": user.first_name, "reset_url": "http://testserver/konto/"},
            user=user,
            transactional=False,
            dedupe_key=f"held:{user.pk}:{Notification.objects.count()}",
        )


def one_click(url):
    """What a mail client sends: no session, no cookie, no CSRF token."""
    return Client(enforce_csrf_checks=True).post(
        url, data=ONE_CLICK, content_type="application/x-www-form-urlencoded"
    )


def frequency_of(user):
    user.refresh_from_db()
    return user.email_frequency


def language_of(user):
    user.refresh_from_db()
    return user.language


def choice(frequency, language="da", **extra):
    """The preference form as a browser posts it: both radio groups."""
    return {"email_frequency": frequency, "language": language, **extra}


@pytest.fixture
def daily_user(db):
    return make_user(username="dagligt@virksomhed.dk", email="dagligt@virksomhed.dk", email_frequency="daily")


# --- The choice under My account ---------------------------------------------------------------


@pytest.mark.parametrize("prefix", ["", "/en"])
def test_my_account_shows_the_preference_form(representative_client, prefix):
    response = representative_client.get(f"{prefix}{ACCOUNT}")

    assert response.status_code == 200
    assert f'action="{prefix}{PREFERENCES}"' in response.text
    for value in Frequency.values:
        assert f'value="{value}"' in response.text
    for value in ["da", "en"]:
        assert f'name="language" value="{value}"' in response.text
    form = response.context["preferences_form"]
    assert list(form.fields) == ["email_frequency", "language"]
    assert form["email_frequency"].value() == Frequency.IMMEDIATELY
    assert form["language"].value() == "da"


def test_saving_the_preference_with_the_page_s_csrf_token_works(representative):
    client = Client(enforce_csrf_checks=True)
    client.force_login(representative)
    page = client.get(ACCOUNT)

    response = client.post(PREFERENCES, choice("weekly", csrfmiddlewaretoken=str(page.context["csrf_token"])))

    assert response.status_code == 302
    assert response.url == ACCOUNT
    assert frequency_of(representative) == Frequency.WEEKLY


def test_saving_the_preference_without_a_csrf_token_is_refused(representative):
    client = Client(enforce_csrf_checks=True)
    client.force_login(representative)

    response = client.post(PREFERENCES, choice("never", "en"))

    assert response.status_code == 403
    assert frequency_of(representative) == Frequency.IMMEDIATELY
    assert language_of(representative) == "da"


@pytest.mark.parametrize("method", ["get", "post"])
def test_an_anonymous_visitor_is_sent_to_log_in(client, representative, method):
    response = getattr(client, method)(PREFERENCES)

    assert response.status_code == 302
    assert response.url == f"{LOGIN}?next={PREFERENCES}"
    assert frequency_of(representative) == Frequency.IMMEDIATELY


def test_the_preference_is_changed_by_post_only(representative_client, representative):
    response = representative_client.get(PREFERENCES, {"email_frequency": "never"})

    assert response.status_code == 405
    assert frequency_of(representative) == Frequency.IMMEDIATELY


@pytest.mark.parametrize(
    "data",
    [choice("hourly", "en"), choice("never", "fr"), {"email_frequency": "never"}, {"language": "en"}],
    ids=["unknown frequency", "unknown language", "no language", "no frequency"],
)
def test_an_unknown_or_missing_choice_is_refused_and_saves_nothing(
    representative_client, representative, data
):
    response = representative_client.post(PREFERENCES, data)

    assert response.status_code == 400
    assert response.context["preferences_form"].errors
    assert frequency_of(representative) == Frequency.IMMEDIATELY
    assert language_of(representative) == "da"


def test_staff_choose_for_themselves_and_nobody_else(lejre_client, lejre_staff, representative):
    response = lejre_client.post(PREFERENCES, choice("daily"))

    assert response.status_code == 302
    assert frequency_of(lejre_staff) == Frequency.DAILY
    assert frequency_of(representative) == Frequency.IMMEDIATELY


def test_choosing_immediately_on_the_page_sends_what_was_held(
    client, daily_user, django_capture_on_commit_callbacks, mailoutbox
):
    held = hold(daily_user)
    client.force_login(daily_user)

    with django_capture_on_commit_callbacks(execute=True):
        client.post(PREFERENCES, choice("immediately"))

    held.refresh_from_db()
    assert held.status == Status.SENT
    assert [message.to for message in mailoutbox] == [[daily_user.email]]


def test_choosing_never_on_the_page_skips_what_was_held(client, daily_user, mailoutbox):
    held = hold(daily_user)
    client.force_login(daily_user)

    client.post(PREFERENCES, choice("never"))

    held.refresh_from_db()
    assert held.status == Status.SKIPPED
    assert mailoutbox == []


def test_choosing_english_makes_later_mail_english(
    representative_client, representative, django_capture_on_commit_callbacks, mailoutbox
):
    response = representative_client.post(PREFERENCES, choice("immediately", "en"))

    assert response.status_code == 302
    assert language_of(representative) == "en"
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        row = queue_notification(
            template="account_exists",
            context={"reset_url": "http://testserver/konto/nulstil-adgangskode/"},
            user=representative,
            dedupe_key="after-choosing-english",
        )
    assert row.language == "en"
    [message] = mailoutbox
    assert message.subject == "You already have an account at Indgangen"
    assert message.body.startswith("Hello,")


def test_choosing_danish_again_makes_later_mail_danish(representative_client, representative, mailoutbox):
    User.objects.filter(pk=representative.pk).update(language="en")

    representative_client.post(PREFERENCES, choice("immediately", "da"))

    assert language_of(representative) == "da"
    with transaction.atomic():
        row = queue_notification(
            template="account_exists",
            context={"reset_url": "http://testserver/konto/nulstil-adgangskode/"},
            user=User.objects.get(pk=representative.pk),
            dedupe_key="after-choosing-danish",
        )
    assert deliver(row.pk) is True
    assert mailoutbox[0].body.startswith("Hej")


# --- Unsubscribe -------------------------------------------------------------------------------


@pytest.mark.parametrize(("prefix", "language"), [("", "da"), ("/en", "en")])
def test_the_unsubscribe_link_shows_a_button_and_changes_nothing_by_itself(
    client, daily_user, prefix, language
):
    response = client.get(unsubscribe_url(daily_user, prefix))

    assert response.status_code == 200
    assert f'<html lang="{language}"' in response.text
    assert '<form method="post">' in response.text
    assert "<button" in response.text
    assert frequency_of(daily_user) == Frequency.DAILY


@pytest.mark.parametrize("prefix", ["", "/en"])
def test_one_click_unsubscribes_without_a_log_in_or_csrf_token(daily_user, prefix, mailoutbox):
    held = hold(daily_user)

    response = one_click(unsubscribe_url(daily_user, prefix))

    assert response.status_code == 200
    assert frequency_of(daily_user) == Frequency.NEVER
    held.refresh_from_db()
    assert held.status == Status.SKIPPED
    assert mailoutbox == []


def test_the_button_on_the_page_unsubscribes_too(client, daily_user):
    response = client.post(unsubscribe_url(daily_user))

    assert response.status_code == 200
    assert frequency_of(daily_user) == Frequency.NEVER


def test_unsubscribing_twice_is_harmless(daily_user):
    url = unsubscribe_url(daily_user)

    assert one_click(url).status_code == 200
    assert one_click(url).status_code == 200
    assert frequency_of(daily_user) == Frequency.NEVER


def test_unsubscribing_one_user_leaves_the_others_alone(daily_user, representative):
    one_click(unsubscribe_url(daily_user))

    assert frequency_of(representative) == Frequency.IMMEDIATELY


def _tampered(token):
    return token[:-1] + ("A" if token[-1] != "A" else "B")


@pytest.mark.parametrize("prefix", ["", "/en"])
def test_a_tampered_token_gets_the_not_valid_page(client, daily_user, prefix):
    url = unsubscribe_url(_tampered(unsubscribe_token(daily_user)), prefix)

    assert client.get(url).status_code == 404
    assert one_click(url).status_code == 404
    assert frequency_of(daily_user) == Frequency.DAILY


def test_a_token_signed_for_another_purpose_is_refused(client, daily_user):
    forged = signing.dumps({"u": daily_user.pk}, compress=True)

    assert one_click(unsubscribe_url(forged)).status_code == 404
    assert frequency_of(daily_user) == Frequency.DAILY


def test_a_token_of_a_deactivated_account_is_refused(client, daily_user):
    url = unsubscribe_url(daily_user)
    User.objects.filter(pk=daily_user.pk).update(is_active=False)

    assert client.get(url).status_code == 404


@pytest.mark.parametrize("prefix", ["", "/en"])
def test_an_expired_token_gets_the_not_valid_page(client, daily_user, prefix):
    made = timezone.now()
    with time_machine.travel(made, tick=False):
        url = unsubscribe_url(daily_user, prefix)

    with time_machine.travel(made + datetime.timedelta(days=364), tick=False):
        assert client.get(url).status_code == 200
    with time_machine.travel(made + datetime.timedelta(days=366), tick=False):
        assert client.get(url).status_code == 404
        assert one_click(url).status_code == 404

    assert frequency_of(daily_user) == Frequency.DAILY


def test_the_danish_unsubscribe_page_and_preference_form_are_in_danish(client, daily_user):
    unsubscribe_page = client.get(unsubscribe_url(daily_user)).text
    client.force_login(daily_user)
    account_page = client.get(ACCOUNT).text

    assert "Vil du holde op med at få varsler" in unsubscribe_page
    assert "Nyt på e-mail" in account_page
    assert "Samlet én gang om dagen" in account_page


def test_the_english_unsubscribe_page_and_preference_form_are_in_english(client, daily_user):
    unsubscribe_page = client.get(unsubscribe_url(daily_user, "/en")).text
    client.force_login(daily_user)
    account_page = client.get(f"/en{ACCOUNT}").text

    assert "Do you want to stop getting alerts" in unsubscribe_page
    assert "News by email" in account_page
    assert "Daily digest" in account_page
