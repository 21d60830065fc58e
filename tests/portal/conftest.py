"""Shared by the account tests: posting the sign-up form."""

import pytest

SIGNUP = "/konto/opret/"


@pytest.fixture
def sign_up(client, django_capture_on_commit_callbacks):
    """Post the sign-up form; mail is sent on commit, so run the on-commit callbacks."""

    def sign_up(path=SIGNUP, **overrides):
        data = {
            "first_name": "Rikke",
            "last_name": "Iværksætter",
            "email": "rikke@virksomhed.dk",
            **overrides,
        }
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(path, data)

    return sign_up
