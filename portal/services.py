from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import PasswordResetForm
from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from portal.notifications import queue_notification


class ActivationTokenGenerator(PasswordResetTokenGenerator):
    """Email confirmation links: valid for PASSWORD_RESET_TIMEOUT, spent once the account is
    active, and void if the password changes meanwhile."""

    key_salt = "portal.services.ActivationTokenGenerator"

    def _make_hash_value(self, user, timestamp):
        return f"{user.pk}{user.password}{user.is_active}{user.email}{timestamp}"


activation_token = ActivationTokenGenerator()


def absolute_url(path):
    return f"{settings.SITE_URL}{path}"


def _hourly(now=None):
    # A dedupe suffix that lets the same mail go out again after an hour, not every second:
    # the sign-up form must not be a way to flood somebody's inbox.
    return (now or timezone.now()).strftime("%Y%m%d%H")


@transaction.atomic
def register_representative(*, email, first_name, last_name, password, language="da"):
    """Create an inactive account and mail a confirmation link.

    The page says the same whatever happens, so the form never tells a stranger which addresses
    exist: an address with an account gets a mail saying so (with a password-reset link); an
    unconfirmed one gets its confirmation link again, unchanged, so nobody can take over an
    account by signing up with someone else's address before they confirm it.
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
        user.set_password(password)
        user.save()
        _send_confirmation(user)
        return user
    never_used = not existing.is_active and existing.last_login is None and not existing.is_staff
    if never_used:
        _send_confirmation(existing)
    else:
        queue_notification(
            template="account_exists",
            context={"name": existing.first_name, "reset_url": absolute_url(reverse("password_reset"))},
            to=email,
            user=existing,
            language=language,
            dedupe_key=f"account-exists:{existing.pk}:{_hourly()}",
        )
    return existing


def _send_confirmation(user):
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    confirm_url = absolute_url(reverse("account_confirm", args=[uid, activation_token.make_token(user)]))
    queue_notification(
        template="account_confirm",
        context={"name": user.first_name, "confirm_url": confirm_url},
        user=user,
        dedupe_key=f"account-confirm:{user.pk}:{_hourly()}",
    )


def confirm_account(user, token):
    """Activate `user` if `token` is theirs and unspent; returns whether it was."""
    if user is None or user.is_active or not activation_token.check_token(user, token):
        return False
    user.is_active = True
    user.save(update_fields=["is_active"])
    return True


class OutboxPasswordResetForm(PasswordResetForm):
    """Django's password reset, with the mail going through the outbox like every other."""

    def save(self, *args, **kwargs):
        with transaction.atomic():
            return super().save(*args, **kwargs)

    def send_mail(self, subject_template_name, email_template_name, context, from_email, to_email, **kwargs):
        user = context["user"]
        reset_path = reverse("password_reset_confirm", args=[context["uid"], context["token"]])
        queue_notification(
            template="password_reset",
            context={"username": user.get_username(), "reset_url": absolute_url(reset_path)},
            to=to_email,
            user=user,
            dedupe_key=f"password-reset:{user.pk}:{_hourly()}",
        )
