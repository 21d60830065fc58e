"""The entrance's account mail: one function per mail, as healthchecks' hc/lib/emails.py.

Each function owns its template (`templates/emails/<name>_…`), its context and its dedupe key.
They are all transactional (a person asked for them just now) and none is confidential or about a
record. No row records their cause (a sign-up or a reset request writes nothing but the mail), so
their keys come from `outbox.delivery.repeat_key`: stable while requests repeat, and a new mail at
most once an hour, so that the forms cannot be used to flood somebody's inbox.
"""

import datetime
import hashlib

from django.urls import reverse

from kit.urls import absolute_url
from outbox.delivery import queue_notification, repeat_key

#: How often the same account mail may go to the same person again.
REPEAT_AFTER = datetime.timedelta(hours=1)


def confirm(user, *, confirm_url):
    """The link that confirms a new account's address, for the representative to choose a password.

    Again at most hourly: signing up again before confirming asks for the link again."""
    return queue_notification(
        template="account_confirm",
        # No name in it: the address is not confirmed, so nothing a stranger typed goes to it.
        context={"confirm_url": confirm_url},
        user=user,
        dedupe_key=repeat_key(
            f"account-confirm:{user.pk}", user=user, template="account_confirm", every=REPEAT_AFTER
        ),
    )


def exists(user, *, to, language):
    """Somebody signed up with the address of an account that exists: tell its owner, with a link
    to reset the password, and the stranger nothing. Again at most hourly."""
    return queue_notification(
        template="account_exists",
        context={"reset_url": absolute_url(reverse("password_reset"))},
        to=to,
        user=user,
        language=language,
        dedupe_key=repeat_key(
            f"account-exists:{user.pk}", user=user, template="account_exists", every=REPEAT_AFTER
        ),
    )


def password_reset(user, *, to, reset_url):
    """The link that sets a new password (Django's reset, through the outbox).

    The key also names the password as it is now, so a request after a completed reset mails again
    at once; otherwise again at most hourly, and a double click mails once."""
    base = f"password-reset:{user.pk}:{password_fingerprint(user)}"
    return queue_notification(
        template="password_reset",
        context={"username": user.get_username(), "reset_url": reset_url},
        to=to,
        user=user,
        dedupe_key=repeat_key(base, user=user, template="password_reset", every=REPEAT_AFTER),
    )


def password_fingerprint(user):
    return hashlib.sha256(user.password.encode()).hexdigest()[:12]


CATALOGUE = (confirm, exists, password_reset)
