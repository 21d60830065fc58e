"""Accounts for enterprise representatives: sign-up with email confirmation, log-in, log-out, reset.

Sign-up asks for a name and an address only; the password is chosen on the page the confirmation
link opens, so whoever reads the mailbox sets it.
"""

import datetime
import re

import pytest
import time_machine
from django.contrib.auth import SESSION_KEY
from django.test import Client
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from outbox.models import Notification
from portal.models import User
from tests.conftest import PASSWORD, make_user

pytestmark = pytest.mark.django_db

SIGNUP = "/konto/opret/"

LOGIN = "/konto/log-ind/"
LOGOUT = "/konto/log-ud/"
ACCOUNT = "/konto/"
RESET = "/konto/nulstil-adgangskode/"
NEW_PASSWORD = "a brand new passphrase 42"


def link_in(message):
    match = re.search(r"http://testserver(/\S+)", message.body)
    assert match, message.body
    return match.group(1)


def html_of(message):
    [(html, mimetype)] = message.alternatives
    assert mimetype == "text/html"
    return html


def without_csrf_tokens(html):
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)


def logged_in_user_id(client):
    return client.session.get(SESSION_KEY)


def choose_password(client, link, password=NEW_PASSWORD, repeated=None, first_name="Rikke", last_name="Holm"):
    """Post the name-and-password form on the page the confirmation link opens."""
    return client.post(
        link,
        {
            "first_name": first_name,
            "last_name": last_name,
            "new_password1": password,
            "new_password2": password if repeated is None else repeated,
        },
    )


# --- Sign-up and confirmation ------------------------------------------------------------------


def test_the_signup_page_answers(client):
    response = client.get(SIGNUP)

    assert response.status_code == 200
    assert 'name="email"' in response.text


def test_the_signup_page_promises_only_what_an_account_gives_today(client):
    response = client.get(SIGNUP)

    assert (
        "Med en konto kan du vedligeholde din virksomheds profil i virksomhedsregistret, fortælle dens "
        "succeshistorier og vælge, hvor tit du får nyheder på mail."
    ) in response.text
    # The page's own text: the main menu links to the apps (events, mentors) as they are built.
    page_text = response.text.split('<main id="main"', 1)[1].lower()
    for unbuilt in ["mentor", "arrangement"]:
        assert unbuilt not in page_text


def test_the_signup_form_asks_for_a_name_and_an_address_but_no_password(client):
    response = client.get(SIGNUP)

    assert list(response.context["form"].fields) == ["first_name", "last_name", "email"]
    assert 'type="password"' not in response.text


def test_signup_creates_an_inactive_account_without_a_password_and_mails_a_confirmation_link(
    sign_up, mailoutbox
):
    response = sign_up(email="Rikke@Virksomhed.DK")

    assert response.status_code == 302
    assert response.url == "/konto/opret/tjek-din-mail/"
    user = User.objects.get()
    assert not user.is_active
    assert user.email == user.username == "rikke@virksomhed.dk"
    assert (user.first_name, user.last_name) == ("Rikke", "Iværksætter")
    assert not user.has_usable_password()
    assert not user.check_password(PASSWORD)
    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    assert message.to == ["rikke@virksomhed.dk"]
    assert link_in(message).startswith("/konto/bekraeft/")


def test_the_confirmation_mail_carries_nothing_the_stranger_typed_but_the_address(sign_up, mailoutbox):
    """The address is not confirmed yet: whoever typed it must not be able to mail words to it."""
    sign_up(first_name="Køb billige ure", last_name="på www.spam.example")

    [message] = mailoutbox
    assert message.body.startswith("Hej")
    for part in [message.subject, message.body, html_of(message)]:
        assert "Køb billige ure" not in part
        assert "spam.example" not in part
    assert "name" not in Notification.objects.get().context


def test_signup_sends_no_mail_until_the_transaction_commits(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        client.post(SIGNUP, {"first_name": "Rikke", "last_name": "I", "email": "rikke@virksomhed.dk"})

    assert len(callbacks) == 1
    assert mailoutbox == []


def test_an_english_signup_gets_an_english_mail_with_an_english_link(sign_up, mailoutbox):
    sign_up(path="/en" + SIGNUP)

    message = mailoutbox[0]
    assert "Confirm your email address" in message.subject
    assert message.body.startswith("Hello,")
    assert link_in(message).startswith("/en/konto/bekraeft/")


def test_an_empty_signup_form_shows_its_errors_and_creates_nothing(client, mailoutbox):
    response = client.post(SIGNUP, {})

    assert response.status_code == 400
    assert set(response.context["form"].errors) == {"first_name", "last_name", "email"}
    assert 'id="error-summary"' in response.text
    assert not User.objects.exists()
    assert mailoutbox == []


def _address(length):
    """A valid address of exactly `length` characters."""
    local, first_label = "r" * 64, "v" * 63  # the longest a local part and a label may be
    second_label = "w" * (length - len(f"{local}@{first_label}..dk"))
    address = f"{local}@{first_label}.{second_label}.dk"
    assert len(address) == length
    return address


def test_an_address_too_long_to_be_a_username_is_refused_with_a_form_error(sign_up, mailoutbox):
    """The address is also the username, which holds 150 characters: 151 is a form error, not a 500."""
    response = sign_up(email=_address(151))

    assert response.status_code == 400
    assert response.context["form"].errors["email"]
    assert not User.objects.exists()
    assert mailoutbox == []


def test_an_address_of_150_characters_is_accepted(sign_up, mailoutbox):
    response = sign_up(email=_address(150))

    assert response.status_code == 302
    assert User.objects.get().username == _address(150)
    assert len(mailoutbox) == 1


def test_the_same_address_submitted_twice_at_once_gets_one_account_and_one_link(
    client, sign_up, mailoutbox, monkeypatch
):
    """A double click: both requests find no account and the other one saves first. This one takes
    the path of an address that has an account (the link again), not a 500."""
    manager_class = type(User.objects)
    filter_ = manager_class.filter

    def lookup_before_the_other_request_saved(manager, *args, **kwargs):
        if args and not User.objects.exists():
            # The other request saves between this one's look-up and its save.
            other = User(
                username="rikke@virksomhed.dk",
                email="rikke@virksomhed.dk",
                first_name="Rikke (first click)",
                is_active=False,
            )
            other.set_unusable_password()
            other.save()
            return User.objects.none()
        return filter_(manager, *args, **kwargs)

    monkeypatch.setattr(manager_class, "filter", lookup_before_the_other_request_saved, raising=False)
    response = sign_up()
    monkeypatch.undo()

    assert response.status_code == 302
    assert response.url == "/konto/opret/tjek-din-mail/"
    user = User.objects.get()
    assert user.first_name == "Rikke (first click)"  # the other request's account, the only one
    [message] = mailoutbox
    assert message.to == ["rikke@virksomhed.dk"]
    assert choose_password(client, link_in(message)).status_code == 302
    user.refresh_from_db()
    assert user.is_active
    assert user.check_password(NEW_PASSWORD)


def test_the_confirmation_link_shows_a_password_form_and_does_not_activate_by_itself(
    client, sign_up, mailoutbox
):
    sign_up()
    link = link_in(mailoutbox[0])

    response = client.get(link)

    assert response.status_code == 200
    form = response.context["form"]
    assert list(form.fields) == ["first_name", "last_name", "new_password1", "new_password2"]
    assert form.initial["first_name"] == "Rikke"
    assert 'name="new_password1"' in response.text
    assert 'name="new_password2"' in response.text
    # The form posts back to the link itself.
    assert '<form method="post" novalidate>' in response.text
    assert "aktiver/" not in response.text
    assert "<button" in response.text
    user = User.objects.get()
    assert not user.is_active
    assert not user.has_usable_password()


def test_choosing_a_password_activates_and_logs_in(client, sign_up, mailoutbox):
    sign_up()
    link = link_in(mailoutbox[0])

    response = choose_password(client, link)

    assert response.status_code == 302
    assert response.url == ACCOUNT
    user = User.objects.get()
    assert user.is_active
    assert user.check_password(NEW_PASSWORD)
    assert logged_in_user_id(client) == str(user.pk)
    assert client.get(ACCOUNT).status_code == 200


def test_the_chosen_password_opens_the_account_later(client, sign_up, mailoutbox):
    sign_up()
    choose_password(client, link_in(mailoutbox[0]))
    client.logout()

    response = client.post(LOGIN, {"username": "rikke@virksomhed.dk", "password": NEW_PASSWORD})

    assert response.status_code == 302
    assert logged_in_user_id(client) == str(User.objects.get().pk)


def test_the_confirmation_refuses_two_different_passwords_and_the_link_still_works(
    client, sign_up, mailoutbox
):
    sign_up()
    link = link_in(mailoutbox[0])

    response = choose_password(client, link, repeated="something else entirely")

    assert response.status_code == 400
    assert response.context["form"].errors["new_password2"]
    assert 'id="error-summary"' in response.text
    user = User.objects.get()
    assert not user.is_active
    assert not user.has_usable_password()
    assert logged_in_user_id(client) is None

    assert choose_password(client, link).status_code == 302
    assert User.objects.get().is_active


@pytest.mark.parametrize("password", ["12345678", "rikke@virksomhed.dk", ""])
def test_the_confirmation_refuses_a_weak_or_empty_password(client, sign_up, mailoutbox, password):
    sign_up()

    response = choose_password(client, link_in(mailoutbox[0]), password)

    assert response.status_code == 400
    assert response.context["form"].errors
    user = User.objects.get()
    assert not user.is_active
    assert not user.has_usable_password()
    assert logged_in_user_id(client) is None


def test_a_weak_password_is_refused_on_the_password_field_not_on_the_repetition(client, sign_up, mailoutbox):
    sign_up()

    response = choose_password(client, link_in(mailoutbox[0]), "12345678")

    errors = response.context["form"].errors
    assert list(errors) == ["new_password1"]
    assert "Denne adgangskode er for almindelig." in errors["new_password1"]
    assert "new_password2" not in errors


def test_fetching_the_link_with_a_password_in_the_address_does_not_activate(client, sign_up, mailoutbox):
    """Only a POST activates: a mail scanner that follows links spends nothing."""
    sign_up()
    link = link_in(mailoutbox[0])

    response = client.get(link, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})

    assert response.status_code == 200
    assert not User.objects.get().is_active
    assert logged_in_user_id(client) is None
    assert choose_password(client, link).status_code == 302


def test_a_used_confirmation_link_is_refused(client, sign_up, mailoutbox):
    sign_up()
    link = link_in(mailoutbox[0])
    choose_password(client, link)
    client.logout()

    assert client.get(link).status_code == 400
    response = choose_password(client, link, "another passphrase 77")
    assert response.status_code == 400
    assert logged_in_user_id(client) is None
    user = User.objects.get()
    assert user.check_password(NEW_PASSWORD)
    assert not user.check_password("another passphrase 77")


def test_a_tampered_confirmation_link_is_refused(client, sign_up, mailoutbox):
    sign_up()
    link = link_in(mailoutbox[0])
    tampered = link[:-2] + ("x/" if link[-2] != "x" else "y/")

    assert client.get(tampered).status_code == 400
    assert choose_password(client, tampered).status_code == 400
    user = User.objects.get()
    assert not user.is_active
    assert not user.has_usable_password()


def test_a_confirmation_link_for_someone_else_is_refused(client, sign_up, mailoutbox):
    sign_up()
    other = make_user(is_active=False)
    # /konto/bekraeft/<uid>/<token>/
    uid, token = link_in(mailoutbox[0]).split("/")[3:5]
    other_uid = urlsafe_base64_encode(force_bytes(other.pk))
    password_before = other.password

    assert client.get(f"/konto/bekraeft/{other_uid}/{token}/").status_code == 400
    response = choose_password(client, f"/konto/bekraeft/{other_uid}/{token}/")

    assert response.status_code == 400
    other.refresh_from_db()
    assert not other.is_active
    assert other.password == password_before
    assert uid != other_uid


@pytest.mark.parametrize("uid", ["bm9wZQ", "!!!", "MTIzNDU2Nzg5"])
def test_a_garbage_confirmation_link_is_refused_without_an_error(client, db, uid):
    assert client.get(f"/konto/bekraeft/{uid}/abc-def/").status_code == 400
    assert choose_password(client, f"/konto/bekraeft/{uid}/abc-def/").status_code == 400


def test_the_old_separate_activation_address_is_gone(client, sign_up, mailoutbox):
    sign_up()
    link = link_in(mailoutbox[0])

    assert client.get(link + "aktiver/").status_code == 404
    assert choose_password(client, link + "aktiver/").status_code == 404
    assert not User.objects.get().is_active


def test_signing_up_again_before_confirming_sends_the_link_again_at_most_hourly(sign_up, mailoutbox):
    with time_machine.travel(
        datetime.datetime(2026, 11, 23, 9, 0, tzinfo=datetime.UTC), tick=False
    ) as traveller:
        sign_up(first_name="Rikke")
        sign_up(first_name="Rikke Marie")
        assert len(mailoutbox) == 1  # the same hour: the first link still works

        traveller.shift(datetime.timedelta(hours=1))
        sign_up(first_name="Rikke")

    user = User.objects.get()
    assert not user.is_active
    assert len(mailoutbox) == 2
    assert link_in(mailoutbox[1]).startswith("/konto/bekraeft/")


def test_signup_with_an_existing_address_mails_the_owner_and_reveals_nothing(
    sign_up, mailoutbox, representative
):
    password_before = representative.password

    response = sign_up(email=representative.email.upper(), first_name="Mallory", last_name="Stranger")

    # The visitor sees exactly what a new address sees.
    assert response.status_code == 302
    assert response.url == "/konto/opret/tjek-din-mail/"
    assert User.objects.filter(email__iexact=representative.email).count() == 1
    representative.refresh_from_db()
    assert representative.password == password_before
    assert (representative.first_name, representative.is_active) == ("Rikke", True)
    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    assert message.to == [representative.email]
    assert "already have an account" in message.subject or "allerede en konto" in message.subject
    assert link_in(message) == RESET
    # Nothing the visitor typed but the address goes into the mail.
    assert message.body.startswith("Hej")
    for part in [message.body, html_of(message)]:
        assert "Mallory" not in part
        assert "Stranger" not in part
    assert "name" not in Notification.objects.get().context


def test_the_check_your_mail_page_is_the_same_for_new_and_existing_addresses(client, sign_up, representative):
    new = client.get(sign_up(email="ny@virksomhed.dk").url)
    existing = client.get(sign_up(email=representative.email).url)

    assert new.status_code == existing.status_code == 200
    assert without_csrf_tokens(new.text) == without_csrf_tokens(existing.text)


def test_signup_without_a_csrf_token_is_refused(db):
    client = Client(enforce_csrf_checks=True)

    response = client.post(SIGNUP, {"first_name": "Rikke", "last_name": "I", "email": "rikke@virksomhed.dk"})

    assert response.status_code == 403
    assert not User.objects.exists()


def test_a_logged_in_user_is_sent_from_signup_to_their_account(representative_client):
    response = representative_client.get(SIGNUP)

    assert response.status_code == 302
    assert response.url == ACCOUNT
