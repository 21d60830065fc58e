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
