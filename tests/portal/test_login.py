"""Accounts, once made: log-in and log-out, My account, password reset, and usernames that look like
addresses. Sign-up and confirmation are in test_accounts.py, whose helpers these tests share."""

import re

import pytest
from django.contrib.auth.tokens import default_token_generator
from django.test import Client
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from portal.models import User
from portal.roles import CONTACT_PERSON
from tests.conftest import PASSWORD, make_user
from tests.portal.test_accounts import (
    ACCOUNT,
    LOGIN,
    LOGOUT,
    NEW_PASSWORD,
    RESET,
    choose_password,
    link_in,
    logged_in_user_id,
)

pytestmark = pytest.mark.django_db


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


@pytest.mark.parametrize(
    ("password", "repeated", "errors"),
    [
        ("12345678", "12345678", {"new_password1"}),  # too common, entirely numeric
        (NEW_PASSWORD, "something else entirely", {"new_password2"}),
        ("kort", "noget andet", {"new_password1", "new_password2"}),
    ],
)
def test_a_password_reset_puts_each_complaint_on_the_field_it_is_about(
    client, representative, password, repeated, errors
):
    uid = urlsafe_base64_encode(force_bytes(representative.pk))
    token = default_token_generator.make_token(representative)
    set_password = client.get(f"{RESET}{uid}/{token}/").url

    response = client.post(set_password, {"new_password1": password, "new_password2": repeated})

    assert response.status_code == 200
    assert set(response.context["form"].errors) == errors
    representative.refresh_from_db()
    assert representative.check_password(PASSWORD)


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
    sign_up(email="rikke@virksomhed.dk", first_name="Mallory", last_name="Stranger")

    user = User.objects.get()
    assert (user.first_name, user.last_name) == ("Rikke", "Iværksætter")
    assert not user.has_usable_password()
    assert all(message.to == ["rikke@virksomhed.dk"] for message in mailoutbox)

    assert choose_password(client, owner_s_link).status_code == 302
    client.logout()

    for guess in [PASSWORD, "", "Mallory"]:
        response = client.post(LOGIN, {"username": "rikke@virksomhed.dk", "password": guess})
        assert logged_in_user_id(client) is None, f"{guess!r} opens the owner's account"
        assert response.status_code == 200
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)


def test_an_attacker_who_signs_up_first_with_someone_else_s_address_cannot_log_in_after_they_confirm(
    client, sign_up, mailoutbox
):
    """Before, whoever signed up chose the password; now whoever reads the mailbox does."""
    attacker, victim = client, Client()  # sign_up posts with `client`
    sign_up(email="victim@virksomhed.dk", first_name="Mallory")
    [message] = mailoutbox
    assert message.to == ["victim@virksomhed.dk"]

    victim_s_password = "the victim's own passphrase 2026"
    assert choose_password(victim, link_in(message), victim_s_password).status_code == 302
    user = User.objects.get()
    assert user.is_active
    assert user.check_password(victim_s_password)
    assert logged_in_user_id(victim) == str(user.pk)

    for guess in [PASSWORD, NEW_PASSWORD, "", "Mallory"]:
        attacker.post(LOGIN, {"username": "victim@virksomhed.dk", "password": guess})
        assert logged_in_user_id(attacker) is None, f"the attacker gets in with {guess!r}"
    # Signing up again only tells the victim, by mail, that they have an account.
    sign_up(email="victim@virksomhed.dk", first_name="Mallory")
    assert [m.to for m in mailoutbox] == [["victim@virksomhed.dk"]] * 2
    assert link_in(mailoutbox[1]) == RESET
    assert logged_in_user_id(attacker) is None
    user.refresh_from_db()
    assert user.check_password(victim_s_password)


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

    sign_up(email="former@lejre.dk")
    for message in mailoutbox:
        match = re.search(r"http://testserver(/konto/bekraeft/\S+)", message.body)
        if match:
            choose_password(client, match.group(1))

    # The former staff member is told they have an account, with a reset link, and no confirmation.
    assert [link_in(message) for message in mailoutbox] == [RESET]

    former.refresh_from_db()
    assert not former.is_active
    assert not former.check_password(NEW_PASSWORD)
    assert client.get("/admin/").status_code == 302


def test_the_owner_of_the_address_sets_the_name_when_confirming(client, sign_up, mailoutbox):
    sign_up(first_name="Fremmed", last_name="Person")

    choose_password(client, link_in(mailoutbox[0]), first_name="Rikke", last_name="Holm")

    user = User.objects.get()
    assert (user.first_name, user.last_name, user.is_active) == ("Rikke", "Holm", True)
