from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend


class EmailOrUsernameBackend(ModelBackend):
    """Enterprise representatives log in with their email address; staff may use a username.

    A login that is somebody's username wins over one that is somebody's email address.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        users = get_user_model()._default_manager
        if username and "@" in username and not users.filter(username=username).exists():
            user = users.filter(email__iexact=username).first()
            if user is not None:
                username = user.get_username()
        # ModelBackend hashes the password even for an unknown name, so timing tells nothing.
        return super().authenticate(request, username=username, password=password, **kwargs)


def login_name(request, credentials=None):
    """The account a log-in attempt is counted against (django-axes' AXES_USERNAME_CALLABLE).

    An address that is an account's email counts against that account's username, so that typing
    the email in capitals, or the username instead, gives no extra tries; any other name counts
    as typed, so an unknown account is throttled exactly like a known one."""
    typed = credentials.get("username") if credentials else request.POST.get("username")
    typed = (typed or "").strip()
    users = get_user_model()._default_manager
    if not typed or users.filter(username=typed).exists():
        return typed
    if "@" in typed:
        user = users.filter(email__iexact=typed).order_by("pk").first()
        if user is not None:
            return user.get_username()
    return typed.casefold()
