"""Named rate limits: at most so many of something an hour, counted in the cache (Redis in
production, so that every web process shares the count).

Each limit is declared once, at the bottom of this module, with the setting that tunes it, its
default and the page that refuses politely. A new one is one line:

    INTEREST = Limit("interest", "INTEREST_LIMIT_PER_HOUR", 10, "enterprises/too_many.html")

A view takes a slot before the work, and gives it back when the work was refused, so that a
form with a mistake in it does not cost the person one of their tries:

    slot = ratelimits.INTAKE.take(client_ip(request))
    if not slot:
        return slot.refusal(request)
    ...
    if not form.is_valid():
        slot.give_back()

Taking a slot is one atomic increment, compared after incrementing (`cache.add(key, 0)` then
`cache.incr(key)`): of twenty requests at once exactly `limit` see a count within the limit.
Reading the count and writing it later, as the first version did, let every request that read
before the others wrote through.

With Redis unreachable a limit is not kept, rather than losing a person's request to an error
page: the cache is a guard against floods, not a place where requests wait. A warning is logged.

Log-in attempts are not counted here: django-axes throttles them per account and per address
(see AXES_* in portal/settings.py), because a log-in is limited by failures, not by an hourly
count of everything.
"""

import hashlib
import logging
import time

import redis
from django.conf import settings
from django.core.cache import cache
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

logger = logging.getLogger(__name__)

#: A fixed window: the count starts again on the hour.
WINDOW = 60 * 60


class Limit:
    """At most `per_hour` of something in each hour, counted per scope (an address, a case, an
    account). `setting` names the Django setting that overrides `default`. The refusal renders
    `template`; the shared one (templates/too_many.html) links back to `back`, a (URL name, label)
    pair naming where the form lives."""

    def __init__(self, name, setting, default, template="too_many.html", *, back=None):
        self.name = name
        self.setting = setting
        self.default = default
        self.template = template
        self.back = back

    def __repr__(self):
        return f"<Limit {self.name}: {self.per_hour} an hour>"

    @property
    def per_hour(self):
        return getattr(settings, self.setting, self.default)

    def take(self, scope):
        """A slot in this hour's count for `scope`; false when the limit is reached."""
        now = int(time.time())
        key = f"ratelimit:{self.name}:{scope}:{now // WINDOW}"
        seconds_left = WINDOW - now % WINDOW
        try:
            count = increment(key, timeout=seconds_left + 60)
        except redis.RedisError:
            logger.warning("The cache is unreachable: %s is not limited now.", key, exc_info=True)
            return Slot(self, key=None, allowed=True, seconds_left=seconds_left)
        allowed = count <= self.per_hour
        slot = Slot(self, key=key, allowed=allowed, seconds_left=seconds_left)
        if not allowed:
            # A refused request holds no slot: only what was let through stays counted.
            slot.give_back()
        return slot


class Slot:
    """One request's place in a limit's count: true when the request may go ahead."""

    def __init__(self, limit, *, key, allowed, seconds_left):
        self.limit = limit
        self.key = key
        self.allowed = allowed
        self.seconds_left = seconds_left

    def __bool__(self):
        return self.allowed

    def give_back(self):
        """Uncount the request (a form that was refused, a request that was itself refused).
        Once only: a second call changes nothing."""
        key, self.key = self.key, None
        if key is None:
            return
        try:
            cache.decr(key)
        except ValueError:  # the window has expired meanwhile: nothing left to give back
            pass
        except redis.RedisError:
            logger.warning("The cache is unreachable: %s was not given back.", key, exc_info=True)

    def refusal(self, request, template=None):
        """The 429 page in the visitor's language, with Retry-After in seconds."""
        minutes = max(1, (self.seconds_left + 59) // 60)
        context = {"minutes": minutes}
        if self.limit.back is not None:
            url_name, label = self.limit.back
            context.update(back_url=reverse(url_name), back_label=label)
        response = render(request, template or self.limit.template, context, status=429)
        response["Retry-After"] = str(self.seconds_left)
        return response


def increment(key, *, timeout):
    """Count one more under `key` and return the count: the first call makes it 1, and the count
    is forgotten `timeout` seconds after that. Atomic, so that of many callers at once each sees
    its own number. Raises redis.RedisError when the cache is unreachable. Other counts than the
    limits' use it too (kit.pagecache counts how often a search is asked)."""
    # add() is a no-op when the key exists, incr() is atomic in Redis and under the lock of the
    # local-memory cache. incr() raises ValueError only if the key vanished in between (evicted
    # under memory pressure, or just expired), and then the count starts again.
    for _attempt in range(3):
        cache.add(key, 0, timeout=timeout)
        try:
            return cache.incr(key)
        except ValueError:
            continue
    raise redis.RedisError(f"{key} vanished from the cache three times in a row")


def address_scope(email):
    """An email address as a limit counts it: folded, and hashed, so that no address is kept in
    the cache's keys."""
    return hashlib.sha256(email.strip().lower().encode()).hexdigest()[:32]


# The limits. Each setting is read from the environment in portal/settings.py.

#: Startup requests on /start/ from one address (each becomes a case and mails the staff).
INTAKE = Limit("intake", "INTAKE_LIMIT_PER_HOUR", 5, "counselling/too_many.html")
#: Answers on one case's private page (each mails the staff): a leaked link cannot flood them.
REPLY = Limit("reply", "REPLY_LIMIT_PER_HOUR", 20, "counselling/too_many_answers.html")
#: Sign-ups from one address (each mails a confirmation link to an address somebody typed).
SIGNUP = Limit("signup", "SIGNUP_LIMIT_PER_HOUR", 10, "account/too_many.html")
#: Password reset requests from one address (each may mail a link).
PASSWORD_RESET = Limit("password-reset", "PASSWORD_RESET_LIMIT_PER_HOUR", 10, "account/too_many.html")
#: CVR look-ups on the claim page by one account: it tells whether a profile has a number, and a
#: claim mails the municipality's contact persons.
CLAIM = Limit("claim", "CLAIM_LIMIT_PER_HOUR", 10, "enterprises/account/too_many_claims.html")
#: Requests for a case's link on /sag/nyt-link/ from one address: each looks up a reference and an
#: address, and a match mails the applicant.
LINK_REQUEST = Limit("link-request", "LINK_REQUEST_LIMIT_PER_HOUR", 5, "counselling/too_many_links.html")
#: Link mails to one case, whoever asks: nobody can fill an applicant's inbox from many addresses.
LINK_MAIL = Limit("link-mail", "LINK_MAIL_LIMIT_PER_HOUR", 3)
#: Receipts of startup requests to one email address, from wherever the requests come: the intake
#: cannot be used to fill a stranger's inbox (the case is still received, without a receipt).
RECEIPT = Limit("receipt", "RECEIPT_LIMIT_PER_HOUR", 3)
#: The back link of procurement's limits.
NOTICES = ("procurement:list", pgettext_lazy("public site", "Procurement notices"))
#: Interests marked or withdrawn on procurement notices by one account (each may mail the buyer).
INTEREST = Limit("interest", "INTEREST_LIMIT_PER_HOUR", 30, back=NOTICES)
#: Subcontracting offers posted on /udbud/tilbyd/ by one account (each mails the contact persons).
OFFER = Limit("offer", "OFFER_LIMIT_PER_HOUR", 5, back=NOTICES)
#: A representative's quarterly results reported from /konto/partnerskaber/.
RESULT_REPORT = Limit(
    "result-report", "RESULT_REPORT_LIMIT_PER_HOUR", 30, back=("partnerships_account", _("My partnerships"))
)
#: Registrations for events from one address (each mails a confirmation to an address somebody typed).
EVENT_REGISTRATION = Limit(
    "event-registration", "EVENT_REGISTRATION_LIMIT_PER_HOUR", 10, back=("events:list", _("Events"))
)
#: Mentors asked for on /mentorer/<slug>/spoerg/ by one account (each mails the mentor and the
#: contact person).
MENTOR_ASK = Limit("mentor-ask", "MENTOR_ASK_LIMIT_PER_HOUR", 10, back=("mentoring:list", _("Mentors")))
#: Mentor requests sent from /konto/mentorer/anmodning/ny/ by one account (each waits in the
#: contact persons' list of requests to match).
MENTOR_REQUEST = Limit(
    "mentor-request", "MENTOR_REQUEST_LIMIT_PER_HOUR", 5, back=("mentoring_account", _("My mentoring"))
)
