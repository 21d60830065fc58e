"""How long a log-in lasts: staff 30 minutes idle and 10 hours at most; anyone else (an
enterprise's representative, a mentor) 14 days (STAFF_SESSION_IDLE_MINUTES,
STAFF_SESSION_MAX_HOURS, SESSION_DAYS).

`SessionLifetimeMiddleware` ends a staff session that has been idle too long or lasted too long,
however busy, and tells the person why on the log-in page. It writes the moment last seen to the
session at most every SEEN_EVERY seconds, not a write per request. The session's own expiry (in
the database and the browser) is the idle time and GRACE more, so that an idle staff session is
dropped by itself too, yet late enough for the middleware to see it first and say why.
"""

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.signals import user_logged_in
from django.contrib.auth.views import redirect_to_login
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

STARTED = "_login_started"
SEEN = "_login_seen"
#: Seconds between writes of the moment a staff member was last seen.
SEEN_EVERY = 60
#: Seconds a staff session is kept after its idle time, for the middleware to end it with a reason.
GRACE = 10 * 60


def _staff(user):
    return user.is_staff or user.is_superuser


def started(sender, request, user, **kwargs):
    """At log-in: when it began, and for staff the shorter expiry."""
    if request is None or not hasattr(request, "session"):
        return
    now = int(time.time())
    request.session[STARTED] = now
    request.session[SEEN] = now
    if _staff(user):
        # Anyone else keeps the default, SESSION_COOKIE_AGE (SESSION_DAYS).
        request.session.set_expiry(settings.STAFF_SESSION_IDLE + GRACE)


def connect():
    user_logged_in.connect(started, dispatch_uid="portal.sessions.started")


class SessionLifetimeMiddleware:
    """Ends a staff session idle longer than STAFF_SESSION_IDLE or older than STAFF_SESSION_MAX."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        session = request.session
        # An anonymous visitor has no session to read: no query for them.
        if session.session_key is not None and _staff(request.user):
            now = int(time.time())
            began = session.get(STARTED, now)
            seen = session.get(SEEN, now)
            if now - seen > settings.STAFF_SESSION_IDLE:
                minutes = settings.STAFF_SESSION_IDLE // 60
                return self.end(
                    request,
                    ngettext(
                        "You were logged out after %(minutes)d minute without activity.",
                        "You were logged out after %(minutes)d minutes without activity.",
                        minutes,
                    )
                    % {"minutes": minutes},
                )
            if now - began > settings.STAFF_SESSION_MAX:
                hours = settings.STAFF_SESSION_MAX // 3600
                return self.end(
                    request,
                    ngettext(
                        "You were logged out: a log-in lasts at most %(hours)d hour.",
                        "You were logged out: a log-in lasts at most %(hours)d hours.",
                        hours,
                    )
                    % {"hours": hours},
                )
            if now - seen >= SEEN_EVERY or SEEN not in session:
                session[SEEN] = now
                session.setdefault(STARTED, now)
                session.set_expiry(settings.STAFF_SESSION_IDLE + GRACE)
        return self.get_response(request)

    @staticmethod
    def end(request, why):
        logout(request)
        messages.info(request, why + " " + _("Please log in again."))
        admin = request.path.startswith(reverse("admin:index"))
        login_url = reverse("admin:login") if admin else settings.LOGIN_URL
        return redirect_to_login(request.get_full_path(), login_url)
