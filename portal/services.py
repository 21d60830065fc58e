from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from kit.urls import absolute_url
from portal import emails


class ActivationTokenGenerator(PasswordResetTokenGenerator):
    """Email confirmation links: valid for PASSWORD_RESET_TIMEOUT, spent once the account is
    active, and void if the password changes meanwhile."""

    key_salt = "portal.services.ActivationTokenGenerator"

    def _make_hash_value(self, user, timestamp):
        return f"{user.pk}{user.password}{user.is_active}{user.email}{timestamp}"


activation_token = ActivationTokenGenerator()


@transaction.atomic
def register_representative(*, email, first_name, last_name, language="da"):
    """Create an inactive account without a password and mail a link to confirm the address
    and choose one.

    The page says the same whatever happens, so the form never tells a stranger which addresses
    exist: an address with an account gets a mail saying so (with a password-reset link); an
    unconfirmed one gets its confirmation link again, unchanged.
    """
    User = get_user_model()
    existing = User.objects.filter(Q(email__iexact=email) | Q(username__iexact=email)).first()
    if existing is None:
        user = User(
            username=email,
            email=email,
            first_name=first_name,
            last_name=last_name,
            is_active=False,
            language=language,
        )
        user.set_unusable_password()
        try:
            with transaction.atomic():
                user.save()
        except IntegrityError:  # the same address, submitted twice at once: the other request won
            existing = User.objects.get(Q(email__iexact=email) | Q(username__iexact=email))
        else:
            _send_confirmation(user)
            return user
    never_used = not existing.is_active and existing.last_login is None and not existing.is_staff
    if never_used:
        _send_confirmation(existing)
    else:
        emails.exists(existing, to=email, language=language)
    return existing


def _send_confirmation(user):
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    confirm_url = absolute_url(reverse("account_confirm", args=[uid, activation_token.make_token(user)]))
    emails.confirm(user, confirm_url=confirm_url)


def confirm_account(user, token, password, *, first_name=None, last_name=None):
    """Activate `user` with the password (and name) they chose, if `token` is theirs and unspent."""
    if user is None or user.is_active or not activation_token.check_token(user, token):
        return False
    user.set_password(password)
    user.first_name = first_name if first_name is not None else user.first_name
    user.last_name = last_name if last_name is not None else user.last_name
    user.is_active = True
    user.save(update_fields=["password", "first_name", "last_name", "is_active"])
    return True
