"""Accounts for enterprise representatives: sign-up with email confirmation, log-in, log-out, reset."""

import datetime
import re

import pytest
import time_machine
from django.contrib.auth import SESSION_KEY
from django.test import Client
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from portal.models import User
from portal.roles import CONTACT_PERSON
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


def without_csrf_tokens(html):
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)


def logged_in_user_id(client):
    return client.session.get(SESSION_KEY)


@pytest.fixture
def sign_up(client, django_capture_on_commit_callbacks):
    """Post the sign-up form; mail is sent on commit, so run the on-commit callbacks."""

    def sign_up(path=SIGNUP, **overrides):
        data = {
            "first_name": "Rikke",
            "last_name": "Iværksætter",
            "email": "rikke@virksomhed.dk",
            "password1": PASSWORD,
            "password2": PASSWORD,
            **overrides,
        }
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(path, data)

    return sign_up


# --- Sign-up and confirmation ------------------------------------------------------------------


def test_the_signup_page_answers(client):
    response = client.get(SIGNUP)

    assert response.status_code == 200
    assert 'name="email"' in response.text


def test_signup_creates_an_inactive_account_and_mails_a_confirmation_link(sign_up, mailoutbox):
    response = sign_up(email="Rikke@Virksomhed.DK")

    assert response.status_code == 302
    assert response.url == "/konto/opret/tjek-din-mail/"
    user = User.objects.get()
    assert not user.is_active
    assert user.email == "rikke@virksomhed.dk"
    assert (user.first_name, user.last_name) == ("Rikke", "Iværksætter")
    assert user.check_password(PASSWORD)
    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    assert message.to == ["rikke@virksomhed.dk"]
    assert "Rikke" in message.body
    assert link_in(message).startswith("/konto/bekraeft/")


def test_signup_sends_no_mail_until_the_transaction_commits(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        client.post(
            SIGNUP,
            {
                "first_name": "Rikke",
                "last_name": "I",
                "email": "rikke@virksomhed.dk",
                "password1": PASSWORD,
                "password2": PASSWORD,
            },
        )

    assert len(callbacks) == 1
    assert mailoutbox == []


def test_an_english_signup_gets_an_english_mail_with_an_english_link(sign_up, mailoutbox):
    sign_up(path="/en" + SIGNUP)

    message = mailoutbox[0]
    assert "Confirm your email address" in message.subject
    assert link_in(message).startswith("/en/konto/bekraeft/")


def test_signup_refuses_two_different_passwords(sign_up, mailoutbox):
    response = sign_up(password2="something else entirely")

    assert response.status_code == 200
    assert response.context["form"].errors["password2"]
    assert not User.objects.exists()
    assert mailoutbox == []


def test_signup_refuses_a_weak_password(sign_up):
    response = sign_up(password1="12345678", password2="12345678")

    assert response.status_code == 200
    assert response.context["form"].errors["password1"]
    assert not User.objects.exists()


def test_the_confirmation_link_shows_a_button_and_does_not_activate_by_itself(client, sign_up, mailoutbox):
    sign_up()
    link = link_in(mailoutbox[0])

    response = client.get(link)

    assert response.status_code == 200
    assert f'action="{link}aktiver/"' in response.text
    assert "<button" in response.text
    assert not User.objects.get().is_active


def test_posting_the_confirmation_activates_and_logs_in(client, sign_up, mailoutbox):
    sign_up()
    link = link_in(mailoutbox[0])

    response = client.post(link + "aktiver/")

    assert response.status_code == 302
    assert response.url == ACCOUNT
    user = User.objects.get()
    assert user.is_active
    assert logged_in_user_id(client) == str(user.pk)
    assert client.get(ACCOUNT).status_code == 200


def test_a_used_confirmation_link_is_refused(client, sign_up, mailoutbox):
    sign_up()
    link = link_in(mailoutbox[0])
    client.post(link + "aktiver/")
    client.logout()

    assert client.get(link).status_code == 400
    response = client.post(link + "aktiver/")
    assert response.status_code == 400
    assert logged_in_user_id(client) is None


def test_a_tampered_confirmation_link_is_refused(client, sign_up, mailoutbox):
    sign_up()
    link = link_in(mailoutbox[0])
    tampered = link[:-2] + ("x/" if link[-2] != "x" else "y/")

    assert client.get(tampered).status_code == 400
    assert client.post(tampered + "aktiver/").status_code == 400
    assert not User.objects.get().is_active


def test_a_confirmation_link_for_someone_else_is_refused(client, sign_up, mailoutbox):
    sign_up()
    other = make_user(is_active=False)
    # /konto/bekraeft/<uid>/<token>/
    uid, token = link_in(mailoutbox[0]).split("/")[3:5]
    other_uid = urlsafe_base64_encode(force_bytes(other.pk))

    response = client.post(f"/konto/bekraeft/{other_uid}/{token}/aktiver/")

    assert response.status_code == 400
    other.refresh_from_db()
    assert not other.is_active
    assert uid != other_uid


@pytest.mark.parametrize("uid", ["bm9wZQ", "!!!", "MTIzNDU2Nzg5"])
def test_a_garbage_confirmation_link_is_refused_without_an_error(client, db, uid):
    assert client.get(f"/konto/bekraeft/{uid}/abc-def/").status_code == 400
    assert client.post(f"/konto/bekraeft/{uid}/abc-def/aktiver/").status_code == 400


def test_the_confirmation_must_be_posted_not_fetched(client, sign_up, mailoutbox):
    sign_up()

    assert client.get(link_in(mailoutbox[0]) + "aktiver/").status_code == 405


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

    response = sign_up(email=representative.email.upper(), password1=NEW_PASSWORD, password2=NEW_PASSWORD)

    # The visitor sees exactly what a new address sees.
    assert response.status_code == 302
    assert response.url == "/konto/opret/tjek-din-mail/"
    assert User.objects.filter(email__iexact=representative.email).count() == 1
    representative.refresh_from_db()
    assert representative.password == password_before
    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    assert message.to == [representative.email]
    assert "already have an account" in message.subject or "allerede en konto" in message.subject
    assert link_in(message) == RESET


def test_the_check_your_mail_page_is_the_same_for_new_and_existing_addresses(client, sign_up, representative):
    new = client.get(sign_up(email="ny@virksomhed.dk").url)
    existing = client.get(sign_up(email=representative.email).url)

    assert new.status_code == existing.status_code == 200
    assert without_csrf_tokens(new.text) == without_csrf_tokens(existing.text)


def test_signup_without_a_csrf_token_is_refused(db):
    client = Client(enforce_csrf_checks=True)

    response = client.post(
        SIGNUP, {"email": "rikke@virksomhed.dk", "password1": PASSWORD, "password2": PASSWORD}
    )

    assert response.status_code == 403
    assert not User.objects.exists()


def test_a_logged_in_user_is_sent_from_signup_to_their_account(representative_client):
    response = representative_client.get(SIGNUP)

    assert response.status_code == 302
    assert response.url == ACCOUNT


# --- Log-in and log-out ------------------------------------------------------------------------


def test_a_representative_logs_in_with_their_email_in_any_case(client, representative):
    response = client.post(LOGIN, {"username": representative.email.upper(), "password": PASSWORD})

    assert response.status_code == 302
    assert response.url == ACCOUNT
    assert logged_in_user_id(client) == str(representative.pk)


def test_staff_log_in_with_their_username(client, lejre_staff):
    response = client.post(LOGIN, {"username": "lejre-kontakt", "password": PASSWORD})

    assert response.status_code == 302
    assert logged_in_user_id(client) == str(lejre_staff.pk)


@pytest.mark.parametrize("username", ["rep@virksomhed.dk", "nobody@virksomhed.dk", "nobody"])
def test_a_wrong_password_or_unknown_account_is_refused_with_a_form_error(client, representative, username):
    response = client.post(LOGIN, {"username": username, "password": "wrong password"})

    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    assert logged_in_user_id(client) is None


def test_an_unconfirmed_account_cannot_log_in(client, sign_up):
    sign_up()

    response = client.post(LOGIN, {"username": "rikke@virksomhed.dk", "password": PASSWORD})

    assert response.status_code == 200
    assert logged_in_user_id(client) is None


def test_log_in_follows_a_safe_next_and_ignores_an_outside_one(client, representative):
    inside = client.post(f"{LOGIN}?next=/kommuner/", {"username": representative.email, "password": PASSWORD})
    client.logout()
    outside = client.post(
        f"{LOGIN}?next=https://evil.example/", {"username": representative.email, "password": PASSWORD}
    )

    assert inside.url == "/kommuner/"
    assert outside.url == ACCOUNT


def test_log_out_by_post(representative_client):
    response = representative_client.post(LOGOUT)

    assert response.status_code == 302
    assert response.url == "/"
    assert logged_in_user_id(representative_client) is None


def test_log_out_without_a_csrf_token_is_refused(representative):
    client = Client(enforce_csrf_checks=True)
    client.force_login(representative)

    assert client.post(LOGOUT).status_code == 403
    assert logged_in_user_id(client) == str(representative.pk)


def test_log_out_is_not_done_by_a_get(representative_client, representative):
    assert representative_client.get(LOGOUT).status_code == 405
    assert logged_in_user_id(representative_client) == str(representative.pk)


def test_the_log_out_button_is_a_form_posting_with_a_csrf_token(representative_client):
    response = representative_client.get(ACCOUNT)

    assert re.search(r'<form method="post" action="/konto/log-ud/"', response.text)
    assert "csrfmiddlewaretoken" in response.text


# --- My account --------------------------------------------------------------------------------


def test_my_account_requires_log_in(client, db):
    response = client.get(ACCOUNT)

    assert response.status_code == 302
    assert response.url == f"{LOGIN}?next={ACCOUNT}"


def test_my_account_shows_the_representative_s_details(representative_client, representative):
    response = representative_client.get(ACCOUNT)

    assert response.status_code == 200
    assert representative.email in response.text


def test_my_account_links_staff_to_the_admin(lejre_client):
    response = lejre_client.get(ACCOUNT)

    assert 'href="/admin/"' in response.text


# --- Password reset ----------------------------------------------------------------------------


def test_password_reset_mails_a_link_and_the_flow_completes(
    client, representative, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(RESET, {"email": representative.email})

    assert response.status_code == 302
    assert response.url == "/konto/nulstil-adgangskode/sendt/"
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == [representative.email]
    link = link_in(mailoutbox[0])

    # Django swaps the token for a session marker and redirects to the set-password form.
    response = client.get(link)
    assert response.status_code == 302
    set_password = response.url
    assert client.get(set_password).status_code == 200
    response = client.post(set_password, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert response.status_code == 302
    assert response.url == "/konto/nulstil-adgangskode/faerdig/"
    assert client.get(response.url).status_code == 200

    representative.refresh_from_db()
    assert representative.check_password(NEW_PASSWORD)
    assert client.post(LOGIN, {"username": representative.email, "password": NEW_PASSWORD}).status_code == 302


def test_a_used_password_reset_link_is_refused(
    client, representative, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(RESET, {"email": representative.email})
    link = link_in(mailoutbox[0])
    set_password = client.get(link).url
    client.post(set_password, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})

    response = client.get(link, follow=True)

    assert response.context["validlink"] is False


def test_password_reset_for_an_unknown_address_sends_nothing_and_looks_the_same(client, db, mailoutbox):
    response = client.post(RESET, {"email": "nobody@virksomhed.dk"})

    assert response.status_code == 302
    assert response.url == "/konto/nulstil-adgangskode/sendt/"
    assert mailoutbox == []


# --- Usernames that look like addresses -------------------------------------------------------


def test_a_staff_member_whose_username_looks_like_an_email_logs_in_with_it(client, lejre):
    staff = make_user(username="lene@lejre.dk", email="lene.holm@lejre.dk", is_staff=True, municipality=lejre)

    response = client.post(LOGIN, {"username": "lene@lejre.dk", "password": PASSWORD})

    assert response.status_code == 302
    assert logged_in_user_id(client) == str(staff.pk)


def test_signup_with_an_address_that_is_another_account_s_username_does_not_crash(sign_up, lejre):
    make_user(username="kontakt@lejre.dk", email="", is_staff=True, municipality=lejre)

    response = sign_up(email="kontakt@lejre.dk")

    assert response.status_code == 302
    assert response.url == "/konto/opret/tjek-din-mail/"
    assert User.objects.count() == 1


def test_a_stranger_signing_up_again_with_an_unconfirmed_address_cannot_take_the_account_over(
    client, sign_up, mailoutbox
):
    sign_up(email="rikke@virksomhed.dk")
    owner_s_link = link_in(mailoutbox[0])
    sign_up(email="rikke@virksomhed.dk", password1=NEW_PASSWORD, password2=NEW_PASSWORD)

    client.post(owner_s_link + "aktiver/")
    client.logout()

    response = client.post(LOGIN, {"username": "rikke@virksomhed.dk", "password": NEW_PASSWORD})
    assert logged_in_user_id(client) is None, "the stranger's password opens the owner's account"
    assert response.status_code == 200


def test_a_deactivated_staff_member_cannot_reactivate_their_account_by_signing_up(
    client, sign_up, mailoutbox, lejre
):
    former = make_user(
        email="former@lejre.dk",
        is_staff=True,
        is_active=False,
        municipality=lejre,
        groups=[CONTACT_PERSON],
    )

    sign_up(email="former@lejre.dk", password1=NEW_PASSWORD, password2=NEW_PASSWORD)
    for message in mailoutbox:
        match = re.search(r"http://testserver(/konto/bekraeft/\S+)", message.body)
        if match:
            client.post(match.group(1) + "aktiver/")

    former.refresh_from_db()
    assert not former.is_active
    assert not former.check_password(NEW_PASSWORD)
    assert client.get("/admin/").status_code == 302
