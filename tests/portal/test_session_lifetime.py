"""How long a log-in lasts (portal/sessions.py): staff 30 minutes idle and 10 hours at most, with
the reason on the log-in page; a representative two weeks."""

import datetime

import pytest
from django.conf import settings
from django.contrib.messages import get_messages

from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db

MINUTE = datetime.timedelta(minutes=1)
START = datetime.datetime(2027, 3, 2, 7, 0, tzinfo=datetime.UTC)


@pytest.fixture
def clock(time_machine):
    time_machine.move_to(START, tick=False)
    return time_machine


def logged_in(client):
    return "_auth_user_id" in client.session


def admin_log_in(client, user):
    response = client.post("/admin/login/", {"username": user.username, "password": PASSWORD})
    assert response.status_code == 302
    return client


def test_a_staff_log_in_ends_after_30_minutes_without_activity(clock, client, lejre_staff):
    admin_log_in(client, lejre_staff)
    clock.shift(29 * MINUTE)
    assert client.get("/admin/").status_code == 200

    clock.shift(31 * MINUTE)
    response = client.get("/admin/counselling/case/")

    assert response.status_code == 302
    assert response.url == "/admin/login/?next=/admin/counselling/case/"
    assert not logged_in(client)
    page = client.get(response.url)
    assert "efter 30 minutter uden aktivitet" in page.text
    assert "Log venligst ind igen" in page.text


def test_the_reason_is_worded_for_one_minute_and_one_hour(clock, client, lejre_staff, settings):
    settings.STAFF_SESSION_IDLE = 60
    settings.STAFF_SESSION_MAX = 60 * 60
    admin_log_in(client, lejre_staff)
    clock.shift(2 * MINUTE)
    page = client.get("/admin/", follow=True)
    assert "efter 1 minut uden aktivitet" in page.text

    admin_log_in(client, lejre_staff)
    for _ in range(61):  # a request every minute: never idle, and past the hour
        clock.shift(MINUTE)
        response = client.get("/admin/")
    page = client.get(response.url)
    assert "varer højst 1 time." in page.text


def test_a_busy_staff_log_in_ends_after_10_hours(clock, client, lejre_staff):
    admin_log_in(client, lejre_staff)
    for _ in range(30):  # a request every 20 minutes: never idle
        clock.shift(20 * MINUTE)
        assert client.get("/admin/").status_code == 200

    clock.shift(20 * MINUTE)  # 10 hours 20 minutes after logging in
    response = client.get("/admin/")

    assert response.status_code == 302
    assert not logged_in(client)
    [message] = get_messages(response.wsgi_request)
    assert "højst 10 timer" in str(message)


def test_the_session_itself_expires_soon_after_the_idle_time(clock, client, lejre_staff):
    admin_log_in(client, lejre_staff)

    assert client.session.get_expiry_age() == 40 * 60  # 10 minutes for the middleware to say why
    assert client.cookies[settings.SESSION_COOKIE_NAME]["max-age"] == 40 * 60


def test_a_representative_stays_logged_in_for_two_weeks(clock, client, representative):
    client.post("/konto/log-ind/", {"username": representative.email, "password": PASSWORD})
    assert client.session.get_expiry_age() == 14 * 24 * 60 * 60

    clock.shift(13 * 24 * 60 * MINUTE)
    assert client.get("/konto/").status_code == 200
    assert logged_in(client)


def test_the_moment_last_seen_is_written_at_most_once_a_minute(clock, client, lejre_staff):
    from django.contrib.sessions.models import Session

    admin_log_in(client, lejre_staff)

    def expires():
        return Session.objects.get(session_key=client.session.session_key).expire_date

    written = expires()
    clock.shift(datetime.timedelta(seconds=50))
    client.get("/admin/")
    assert expires() == written  # no write of the session for this request
    clock.shift(datetime.timedelta(seconds=20))
    client.get("/admin/")
    assert expires() == written + datetime.timedelta(seconds=70)


def test_an_anonymous_visitor_s_request_reads_neither_session_nor_user(rf):
    from django.contrib.sessions.backends.db import SessionStore
    from django.http import HttpResponse
    from django.utils.functional import SimpleLazyObject

    from portal.sessions import SessionLifetimeMiddleware

    request = rf.get("/")
    request.session = SessionStore()
    request.user = SimpleLazyObject(lambda: pytest.fail("the user was loaded"))

    assert SessionLifetimeMiddleware(lambda request: HttpResponse("ok"))(request).status_code == 200
    assert not request.session.accessed


def test_the_lifetimes_are_settings(clock, client, lejre_staff, settings):
    settings.STAFF_SESSION_IDLE = 5 * 60
    admin_log_in(client, lejre_staff)
    clock.shift(6 * MINUTE)

    assert client.get("/admin/").status_code == 302
