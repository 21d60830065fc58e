"""Log-in throttling (django-axes) on /konto/log-ind/ and /admin/login/: after so many failures
with one account, or from one address, log-in is paused, even with the right password, on a page
that says so in the person's language and is the same whether the account exists or not.

The attempts live in the database (axes' database handler), so each test starts from none.
"""

import datetime
import re

import pytest
import time_machine
from axes.models import AccessAttempt
from django.contrib.auth import SESSION_KEY

from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db

LOGIN = "/konto/log-ind/"
ADMIN_LOGIN = "/admin/login/"
LIMIT = 3
START = datetime.datetime(2026, 3, 2, 10, 0, tzinfo=datetime.UTC)

DANISH = (
    "Der har været for mange mislykkede forsøg på at logge ind med dette navn eller fra din "
    "forbindelse. Af hensyn til din sikkerhed er log-ind sat på pause i 15 minutter."
)
ENGLISH = (
    "There have been too many unsuccessful attempts to log in with this name, or from your "
    "connection. For your security, log-in is paused for 15 minutes."
)


@pytest.fixture(autouse=True)
def _small_limit(settings):
    settings.AXES_FAILURE_LIMIT = LIMIT


def log_in(client, username, password="wrong password", path=LOGIN, address="192.0.2.1"):
    return client.post(path, {"username": username, "password": password}, REMOTE_ADDR=address)


def logged_in(client):
    return client.session.get(SESSION_KEY) is not None


def page_text(response):
    text = response.content.decode()
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", text)


def test_the_configured_limit_is_ten_failures_and_a_pause_of_fifteen_minutes():
    from portal import settings as configured  # the module: the autouse fixture lowers the limit

    assert configured.AXES_FAILURE_LIMIT == 10
    cool_off = configured.AXES_COOLOFF_TIME
    assert cool_off == datetime.timedelta(minutes=15)
    assert configured.AXES_LOCKOUT_PARAMETERS == ["username", "ip_address"]
    assert configured.AXES_HANDLER == "axes.handlers.database.AxesDatabaseHandler"
    assert configured.AUTHENTICATION_BACKENDS[0] == "axes.backends.AxesStandaloneBackend"


def test_failures_below_the_limit_get_the_usual_form_error(client, representative):
    for n in range(LIMIT - 1):
        response = log_in(client, representative.email, address=f"192.0.2.{n}")

        assert response.status_code == 200
        assert response.context["form"].non_field_errors()


def test_failures_for_one_account_from_many_addresses_lock_that_account(client, representative):
    for n in range(LIMIT):
        response = log_in(client, representative.email, address=f"192.0.2.{n}")
    assert response.status_code == 429

    # From yet another address, with the right password: still paused.
    response = log_in(client, representative.email, PASSWORD, address="198.51.100.9")

    assert response.status_code == 429
    assert DANISH in response.text
    assert not logged_in(client)


def test_the_email_in_capitals_and_the_username_count_against_the_same_account(client, lejre):
    from tests.conftest import make_user

    staff = make_user(username="mette", email="mette@lejre.dk", is_staff=True, municipality=lejre)
    log_in(client, "mette", address="192.0.2.1")
    log_in(client, "METTE@lejre.dk", address="192.0.2.2")
    log_in(client, "mette@lejre.dk", address="192.0.2.3")

    response = log_in(client, "mette", PASSWORD, address="192.0.2.4")

    assert response.status_code == 429
    assert set(AccessAttempt.objects.values_list("username", flat=True)) == {staff.username}


def test_failures_from_one_address_on_many_accounts_lock_that_address(client, representative):
    for n in range(LIMIT):
        response = log_in(client, f"nobody{n}@virksomhed.dk", address="203.0.113.7")
    assert response.status_code == 429

    # A real account with its right password, from that address: paused too.
    response = log_in(client, representative.email, PASSWORD, address="203.0.113.7")

    assert response.status_code == 429
    assert not logged_in(client)
    # From another address the account logs in: only the address is paused.
    response = log_in(client, representative.email, PASSWORD, address="198.51.100.9")
    assert response.status_code == 302
    assert logged_in(client)


def test_the_proxy_s_address_is_not_the_visitor_s(client, settings, representative):
    # Behind one proxy every request comes from the proxy; the visitor is the address it saw.
    settings.NUM_PROXIES = 1
    for n in range(LIMIT):
        client.post(
            LOGIN,
            {"username": f"nobody{n}", "password": "wrong"},
            REMOTE_ADDR="10.0.0.1",
            HTTP_X_FORWARDED_FOR="203.0.113.7",
        )

    response = client.post(
        LOGIN,
        {"username": representative.email, "password": PASSWORD},
        REMOTE_ADDR="10.0.0.1",
        HTTP_X_FORWARDED_FOR="198.51.100.9",
    )

    assert response.status_code == 302
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {"203.0.113.7"}


def test_a_locked_person_sees_the_danish_message_with_retry_after(client, representative):
    for n in range(LIMIT):
        response = log_in(client, representative.email, address=f"192.0.2.{n}")

    assert response.status_code == 429
    assert response["Retry-After"] == str(15 * 60)
    assert "Log-ind er sat på pause" in response.text
    assert DANISH in response.text
    assert 'href="/konto/nulstil-adgangskode/"' in response.text


def test_the_english_pages_pause_in_english(client, representative):
    for n in range(LIMIT):
        response = log_in(client, representative.email, path="/en" + LOGIN, address=f"192.0.2.{n}")

    assert response.status_code == 429
    assert ENGLISH in response.text


def test_the_pause_looks_the_same_for_an_unknown_account_and_a_known_one(client, representative):
    for n in range(LIMIT):
        known = log_in(client, representative.email, address=f"192.0.2.{n}")
        unknown = log_in(client, "nobody@virksomhed.dk", address=f"198.51.100.{n}")

    assert known.status_code == unknown.status_code == 429
    assert known["Retry-After"] == unknown["Retry-After"]
    assert page_text(known) == page_text(unknown)
    assert representative.email not in known.text


def test_the_right_password_logs_in_again_after_the_pause(client, representative):
    with time_machine.travel(START, tick=False):
        for n in range(LIMIT):
            log_in(client, representative.email, address=f"192.0.2.{n}")
        assert log_in(client, representative.email, PASSWORD).status_code == 429
    with time_machine.travel(START + datetime.timedelta(minutes=14), tick=False):
        assert log_in(client, representative.email, PASSWORD).status_code == 429
    with time_machine.travel(START + datetime.timedelta(minutes=16), tick=False):
        response = log_in(client, representative.email, PASSWORD)

        assert response.status_code == 302
        assert logged_in(client)  # within the travel: the session expires two weeks after START


def test_tries_during_the_pause_do_not_make_it_longer(client, representative):
    with time_machine.travel(START, tick=False):
        for n in range(LIMIT):
            log_in(client, representative.email, address=f"192.0.2.{n}")
    with time_machine.travel(START + datetime.timedelta(minutes=10), tick=False):
        assert log_in(client, representative.email).status_code == 429
    with time_machine.travel(START + datetime.timedelta(minutes=16), tick=False):
        assert log_in(client, representative.email, PASSWORD).status_code == 302


def test_the_admin_log_in_is_throttled_too_in_the_admin_s_look(client, lejre_staff):
    for n in range(LIMIT):
        response = log_in(client, "lejre-kontakt", path=ADMIN_LOGIN, address=f"192.0.2.{n}")
    assert response.status_code == 429

    response = log_in(client, "lejre-kontakt", PASSWORD, path=ADMIN_LOGIN, address="198.51.100.9")

    assert response.status_code == 429
    assert not logged_in(client)
    assert DANISH in response.text
    assert "Indgangen" in response.text  # the admin's site header
    assert 'id="content-main"' in response.text


def test_failures_on_the_admin_and_the_account_page_add_up(client, lejre_staff):
    log_in(client, "lejre-kontakt", path=ADMIN_LOGIN, address="192.0.2.1")
    log_in(client, "lejre-kontakt", path=LOGIN, address="192.0.2.2")
    log_in(client, "lejre-kontakt", path=ADMIN_LOGIN, address="192.0.2.3")

    assert log_in(client, "lejre-kontakt", PASSWORD, address="192.0.2.4").status_code == 429


def test_the_attempts_are_shown_to_superusers_only(client, superuser, lejre_admin, representative):
    log_in(client, representative.email)
    url = "/admin/axes/accessattempt/"

    client.force_login(lejre_admin)
    assert client.get(url).status_code == 403
    assert client.get("/admin/axes/accesslog/").status_code == 403
    assert "axes" not in client.get("/admin/").text

    client.force_login(superuser)
    response = client.get(url)
    assert response.status_code == 200
    assert representative.email in response.text
    # The password typed is never stored.
    assert "wrong password" not in AccessAttempt.objects.get().post_data


def test_a_superuser_unlocks_an_account_by_deleting_its_attempts(client, superuser, representative):
    for n in range(LIMIT):
        log_in(client, representative.email, address=f"192.0.2.{n}")
    AccessAttempt.objects.all().delete()  # what the admin's delete action does

    assert log_in(client, representative.email, PASSWORD, address="192.0.2.1").status_code == 302


def test_a_nul_character_in_the_name_is_a_form_error_not_an_error_page(client, representative):
    for n in range(LIMIT + 1):
        response = log_in(client, "rep\x00@virksomhed.dk", address=f"192.0.2.{n}")

        assert response.status_code == 200
    assert log_in(client, representative.email, PASSWORD).status_code == 302
