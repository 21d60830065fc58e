"""The named rate limits (kit/ratelimits.py): an atomic count per scope and hour, a slot given back
for a refused form, a polite 429 in the visitor's language, and no limit when Redis is down.

The concurrency tests run twice: on the local-memory cache, and on the real Redis that CI starts
(REDIS_URL=redis://127.0.0.1:6379/15 locally).
"""

import datetime
import threading

import pytest
import time_machine
from django.conf import settings as django_settings
from django.core.cache import cache
from django.test import override_settings

from counselling.models import Case
from enterprises.models import EnterpriseChange
from kit import ratelimits
from kit.ratelimits import Limit
from outbox.models import Notification
from portal.models import User
from tests.counselling.factories import make_case
from tests.counselling.test_intake import form_data

pytestmark = pytest.mark.django_db

LIMIT = Limit("test", "TEST_LIMIT_PER_HOUR", 5)
START = datetime.datetime(2026, 3, 2, 10, 15, tzinfo=datetime.UTC)

LOCAL_MEMORY = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "limits"}}
DOWN = {
    "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": "redis://127.0.0.1:1/0"}
}


def real_redis():
    return {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": django_settings.REDIS_URL,
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }


def takes_at_once(n, scope="203.0.113.7"):
    """`n` threads take a slot at the same moment; how many got one."""
    barrier = threading.Barrier(n)
    results = []

    def one():
        barrier.wait()
        results.append(bool(LIMIT.take(scope)))

    threads = [threading.Thread(target=one) for _n in range(n)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results.count(True)


# --- The count --------------------------------------------------------------------------------


def test_twenty_at_once_on_the_local_memory_cache_let_exactly_five_through():
    with override_settings(CACHES=LOCAL_MEMORY):
        cache.clear()
        assert takes_at_once(20) == 5


@pytest.mark.skipif(
    not django_settings.REDIS_URL,
    reason="needs Redis for the concurrency test: set REDIS_URL=redis://127.0.0.1:6379/15 (CI sets it)",
)
def test_twenty_at_once_on_redis_let_exactly_five_through():
    with override_settings(CACHES=real_redis()):
        cache.clear()
        try:
            for _round in range(5):  # a race shows itself only sometimes: try it more than once
                assert takes_at_once(20, scope=f"203.0.113.{_round}") == 5
        finally:
            cache.clear()


def test_the_sixth_in_an_hour_is_refused_and_the_next_hour_starts_again():
    with time_machine.travel(START, tick=False):
        assert [bool(LIMIT.take("a")) for _n in range(6)] == [True] * 5 + [False]
    with time_machine.travel(START + datetime.timedelta(hours=1), tick=False):
        assert LIMIT.take("a")


def test_each_scope_has_its_own_count():
    for _n in range(5):
        LIMIT.take("a")

    assert not LIMIT.take("a")
    assert LIMIT.take("b")


def test_a_slot_given_back_can_be_taken_again_but_only_once():
    slots = [LIMIT.take("a") for _n in range(5)]
    slots[0].give_back()
    slots[0].give_back()

    assert LIMIT.take("a")
    assert not LIMIT.take("a")


def test_a_refused_request_holds_no_slot():
    slots = [LIMIT.take("a") for _n in range(5)]
    for _n in range(3):
        assert not LIMIT.take("a")
    slots[0].give_back()  # one of the five was a form with a mistake in it

    assert LIMIT.take("a")


def test_the_setting_overrides_the_default(settings):
    settings.TEST_LIMIT_PER_HOUR = 2

    assert [bool(LIMIT.take("a")) for _n in range(3)] == [True, True, False]


def test_with_the_cache_down_the_limit_is_not_kept_and_a_warning_is_logged(caplog):
    with override_settings(CACHES=DOWN):
        slots = [LIMIT.take("a") for _n in range(7)]
        slots[0].give_back()

    assert all(slots)
    assert "The cache is unreachable: ratelimit:test:a:" in caplog.text


def test_the_refusal_says_when_to_come_back(rf):
    for _n in range(5):
        LIMIT.take("a")
    with time_machine.travel(START, tick=False):
        slot = LIMIT.take("a")
        response = slot.refusal(rf.get("/"), template="counselling/too_many.html")

    assert response.status_code == 429
    assert response["Retry-After"] == str(45 * 60)  # 10:15: the window ends on the hour
    assert "45" in response.content.decode()


def test_the_named_limits_and_their_defaults():
    expected = {
        "intake": ("INTAKE_LIMIT_PER_HOUR", 5),
        "reply": ("REPLY_LIMIT_PER_HOUR", 20),
        "signup": ("SIGNUP_LIMIT_PER_HOUR", 10),
        "password-reset": ("PASSWORD_RESET_LIMIT_PER_HOUR", 10),
        "claim": ("CLAIM_LIMIT_PER_HOUR", 10),
        "link-request": ("LINK_REQUEST_LIMIT_PER_HOUR", 5),
        "link-mail": ("LINK_MAIL_LIMIT_PER_HOUR", 3),
        "receipt": ("RECEIPT_LIMIT_PER_HOUR", 3),
        "interest": ("INTEREST_LIMIT_PER_HOUR", 30),
        "offer": ("OFFER_LIMIT_PER_HOUR", 5),
        "result-report": ("RESULT_REPORT_LIMIT_PER_HOUR", 30),
        "event-registration": ("EVENT_REGISTRATION_LIMIT_PER_HOUR", 10),
        "mentor-ask": ("MENTOR_ASK_LIMIT_PER_HOUR", 10),
        "mentor-request": ("MENTOR_REQUEST_LIMIT_PER_HOUR", 5),
    }
    declared = {
        limit.name: (limit.setting, limit.default)
        for limit in vars(ratelimits).values()
        if isinstance(limit, Limit)
    }

    assert declared == expected
    for setting, default in expected.values():
        assert getattr(django_settings, setting) == default  # no environment in the tests


# --- Each named limit on its page -------------------------------------------------------------

CLAIM_CVR = "29403473"  # a valid number no profile has: a look-up, and it counts


@pytest.fixture
def attempt(client, lejre, representative):
    """attempt(name, language, n): the request each named limit guards, as a browser sends it."""
    case = make_case(lejre)

    def attempt(name, language="da", n=0):
        prefix = "/en" if language == "en" else ""
        if name == "intake":
            return client.post(f"{prefix}/start/", form_data(lejre))
        if name == "reply":
            return client.post(f"{prefix}/sag/{case.access_token}/", {"text": f"Svar {n}"})
        if name == "signup":
            data = {"first_name": "Rikke", "last_name": "Holm", "email": f"rikke{n}@virksomhed.dk"}
            return client.post(f"{prefix}/konto/opret/", data)
        if name == "password-reset":
            return client.post(f"{prefix}/konto/nulstil-adgangskode/", {"email": f"someone{n}@example.dk"})
        if name == "claim":
            client.force_login(representative)
            return client.post(f"{prefix}/konto/virksomheder/tilknyt/", {"cvr": CLAIM_CVR})
        raise AssertionError(name)

    attempt.case = case
    return attempt


REFUSALS = {
    "intake": (
        "INTAKE_LIMIT_PER_HOUR",
        "Vi har modtaget flere henvendelser fra din forbindelse inden for den seneste time",
        "We have received several requests from your connection within the last hour",
    ),
    "reply": (
        "REPLY_LIMIT_PER_HOUR",
        "Din sag har fået mange svar inden for den seneste time",
        "Your case has received many answers within the last hour",
    ),
    "signup": (
        "SIGNUP_LIMIT_PER_HOUR",
        "Vi har modtaget denne formular mange gange fra din forbindelse inden for den seneste time",
        "We have received this form many times from your connection within the last hour",
    ),
    "password-reset": (
        "PASSWORD_RESET_LIMIT_PER_HOUR",
        "Vi har modtaget denne formular mange gange fra din forbindelse inden for den seneste time",
        "We have received this form many times from your connection within the last hour",
    ),
    "claim": (
        "CLAIM_LIMIT_PER_HOUR",
        "Du har slået mange CVR-numre op inden for den seneste time",
        "You have looked up many CVR numbers within the last hour",
    ),
}


def what_was_done():
    return (
        Case.objects.count(),
        Notification.objects.count(),
        User.objects.count(),
        EnterpriseChange.objects.count(),
    )


@pytest.mark.parametrize("language", ["da", "en"])
@pytest.mark.parametrize("name", REFUSALS)
def test_each_named_limit_answers_429_with_retry_after_in_the_visitor_s_language(
    attempt, settings, name, language
):
    setting, danish, english = REFUSALS[name]
    setattr(settings, setting, 2)

    with time_machine.travel(START, tick=False):
        for n in range(2):
            assert attempt(name, language, n).status_code in (200, 302, 303)
        done = what_was_done()
        response = attempt(name, language, 2)

    assert response.status_code == 429
    assert response["Retry-After"] == str(45 * 60)
    text = response.content.decode()
    assert (danish if language == "da" else english) in text
    assert "45" in text  # minutes
    assert what_was_done() == done  # the refused request did nothing


@pytest.mark.parametrize(
    ("name", "path", "mistake"),
    [
        ("intake", "/start/", {"consent": ""}),
        ("reply", None, {"text": " "}),
        ("signup", "/konto/opret/", {"first_name": "Rikke", "last_name": "Holm", "email": "not an address"}),
        ("password-reset", "/konto/nulstil-adgangskode/", {"email": "not an address"}),
        ("claim", "/konto/virksomheder/tilknyt/", {"cvr": "1234567X"}),
    ],
)
def test_a_form_with_a_mistake_in_it_costs_no_try(
    client, attempt, lejre, representative, settings, name, path, mistake
):
    setattr(settings, REFUSALS[name][0], 1)
    if name == "claim":
        client.force_login(representative)
    if name == "intake":
        mistake = form_data(lejre, **mistake)
    path = path or f"/sag/{attempt.case.access_token}/"

    for _n in range(3):
        assert client.post(path, mistake).status_code in (200, 400)

    assert attempt(name).status_code in (200, 302, 303)
    assert attempt(name, n=1).status_code == 429


def test_the_sign_up_limit_is_per_address(client, settings):
    settings.SIGNUP_LIMIT_PER_HOUR = 1
    data = {"first_name": "Rikke", "last_name": "Holm", "email": "rikke@virksomhed.dk"}

    assert client.post("/konto/opret/", data, REMOTE_ADDR="10.0.0.1").status_code == 302
    assert client.post("/konto/opret/", data, REMOTE_ADDR="10.0.0.1").status_code == 429
    assert client.post("/konto/opret/", data, REMOTE_ADDR="10.0.0.2").status_code == 302


def test_the_claim_limit_is_per_account(client, representative, settings):
    settings.CLAIM_LIMIT_PER_HOUR = 1
    other = User.objects.create_user("other@virksomhed.dk", "other@virksomhed.dk", "x")
    client.force_login(representative)
    assert client.post("/konto/virksomheder/tilknyt/", {"cvr": CLAIM_CVR}).status_code == 200
    assert client.post("/konto/virksomheder/tilknyt/", {"cvr": CLAIM_CVR}).status_code == 429

    client.force_login(other)

    assert client.post("/konto/virksomheder/tilknyt/", {"cvr": CLAIM_CVR}).status_code == 200


def test_every_named_limit_has_a_refusal_page_in_both_languages_with_its_back_link(rf):
    from django.template.loader import get_template
    from django.urls import reverse
    from django.utils import translation

    from kit import ratelimits

    limits = [value for value in vars(ratelimits).values() if isinstance(value, ratelimits.Limit)]
    for limit in limits:
        get_template(limit.template)  # never a page that is not there
        if limit.back is not None:
            for language in ("da", "en"):
                with translation.override(language):
                    slot = ratelimits.Slot(limit, key=None, allowed=False, seconds_left=600)
                    page = slot.refusal(rf.get("/")).content.decode()
                    assert f'href="{reverse(limit.back[0])}"' in page, limit
                    assert str(limit.back[1]) in page, limit
