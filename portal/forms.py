from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm, SetPasswordForm
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from kit.urls import absolute_url
from portal import emails


class LoginForm(AuthenticationForm):
    username = forms.CharField(
        label=_("Email or username"),
        max_length=254,
        # No autofocus: keyboard and screen-reader users start at the skip link, like on every page.
        widget=forms.TextInput(attrs={"autocomplete": "username"}),
    )


class SignupForm(forms.Form):
    """Name and address only: the password is chosen on the confirmation page, so whoever reads the
    mailbox sets it, and nobody can prepare an account for someone else's address."""

    first_name = forms.CharField(
        label=_("First name"), max_length=150, widget=forms.TextInput(attrs={"autocomplete": "given-name"})
    )
    last_name = forms.CharField(
        label=_("Last name"), max_length=150, widget=forms.TextInput(attrs={"autocomplete": "family-name"})
    )
    email = forms.EmailField(
        label=_("Email"),
        max_length=150,  # it is also the username, which holds 150 characters
        help_text=_("We send a link to this address. You choose your password when you open it."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )

    def clean_email(self):
        return get_user_model().objects.normalize_email(self.cleaned_data["email"]).lower()


class NewPasswordForm(SetPasswordForm):
    """Django's, with what the password validators say about the password shown on the password
    field itself: Django puts it on the repetition, so "too short" sits under the wrong box. The
    repetition keeps only its own complaint, that the two differ. (The reset link's page.)"""

    def clean(self):
        self.validate_passwords("new_password1", "new_password2")
        self.validate_password_for_user(self.user, "new_password1")
        return forms.Form.clean(self)


class ChoosePasswordForm(NewPasswordForm):
    """The confirmation page: the new account's name and password, set by whoever holds the
    mailbox (whatever name a stranger may have typed on the sign-up form)."""

    first_name = forms.CharField(label=_("First name"), max_length=150)
    last_name = forms.CharField(label=_("Last name"), max_length=150)
    field_order = ["first_name", "last_name", "new_password1", "new_password2"]

    def __init__(self, user, *args, **kwargs):
        super().__init__(
            user, *args, initial={"first_name": user.first_name, "last_name": user.last_name}, **kwargs
        )
        self.fields["new_password1"].label = _("Choose a password")
        self.fields["new_password2"].label = _("Repeat the password")


class OutboxPasswordResetForm(PasswordResetForm):
    """Django's password reset, with the mail going through the outbox like every other."""

    def save(self, *args, **kwargs):
        with transaction.atomic():
            return super().save(*args, **kwargs)

    def send_mail(self, subject_template_name, email_template_name, context, from_email, to_email, **kwargs):
        user = context["user"]
        reset_path = reverse("password_reset_confirm", args=[context["uid"], context["token"]])
        emails.password_reset(user, to=to_email, reset_url=absolute_url(reset_path))


class EmailPreferencesForm(forms.ModelForm):
    class Meta:
        model = get_user_model()
        fields = ["email_frequency", "language"]
        widgets = {"email_frequency": forms.RadioSelect, "language": forms.RadioSelect}
        labels = {
            "email_frequency": _("How often do you want news by email?"),
            "language": _("Which language do you want emails in?"),
        }
