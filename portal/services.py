from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import get_language, override


class ActivationTokenGenerator(PasswordResetTokenGenerator):
    """Email confirmation links: valid for PASSWORD_RESET_TIMEOUT, and spent once the account is active."""

    key_salt = "portal.services.ActivationTokenGenerator"

    def _make_hash_value(self, user, timestamp):
        return f"{user.pk}{user.is_active}{user.email}{timestamp}"


activation_token = ActivationTokenGenerator()


def send_templated_email(*, to, template, context, language=None):
    """Render `templates/emails/<template>_{subject,body}.txt` in `language` and send after commit.

    Sending waits for the surrounding transaction to commit, so a rolled-back change sends nothing.
    """
    language = language or get_language()
    with override(language):
        subject = " ".join(render_to_string(f"emails/{template}_subject.txt", context).split())
        body = render_to_string(f"emails/{template}_body.txt", context)
    message = EmailMultiAlternatives(subject=subject, body=body, to=[to])
    transaction.on_commit(message.send)


def absolute_url(path):
    return f"{settings.SITE_URL}{path}"


@transaction.atomic
def register_representative(*, email, first_name, last_name, password):
    """Create an inactive account and mail a confirmation link.

    An address that already has an account gets a mail saying so (with a password-reset link)
    instead of an error on the page, so the form never tells a stranger which addresses exist.
    """
    User = get_user_model()
    existing = User.objects.filter(email__iexact=email).first()
    if existing is not None and existing.is_active:
        send_templated_email(
            to=existing.email,
            template="account_exists",
            context={"user": existing, "reset_url": absolute_url(reverse("password_reset"))},
        )
        return existing
    if existing is not None:
        user = existing
        user.first_name, user.last_name = first_name, last_name
        user.set_password(password)
        user.save(update_fields=["first_name", "last_name", "password"])
    else:
        user = User(username=email, email=email, first_name=first_name, last_name=last_name, is_active=False)
        user.set_password(password)
        user.save()
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    confirm_url = absolute_url(reverse("account_confirm", args=[uid, activation_token.make_token(user)]))
    send_templated_email(
        to=user.email, template="account_confirm", context={"user": user, "confirm_url": confirm_url}
    )
    return user


def confirm_account(user, token):
    """Activate `user` if `token` is theirs and unspent; returns whether it was."""
    if user is None or user.is_active or not activation_token.check_token(user, token):
        return False
    user.is_active = True
    user.save(update_fields=["is_active"])
    return True
