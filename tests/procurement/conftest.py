"""The procurement tests' cast beyond tests/conftest.py: Lejre's enterprise and its representative."""

import pytest

from tests.conftest import make_user
from tests.enterprises.factories import make_enterprise


@pytest.fixture
def enterprise(lejre, representative):
    """Lejre's published enterprise, represented by the cast's representative."""
    return make_enterprise(name="Grønt Køkken", home_municipality=lejre, representatives=[representative])


@pytest.fixture
def other_enterprise(roskilde):
    """Somebody else's enterprise: the representative may not act for it."""
    other = make_user(username="anden@virksomhed.dk", email="anden@virksomhed.dk")
    return make_enterprise(name="Andet Værksted", home_municipality=roskilde, representatives=[other])


@pytest.fixture
def on_commit(django_capture_on_commit_callbacks):
    """Run the outbox's on-commit delivery, so that mail reaches `mailoutbox`."""
    return lambda: django_capture_on_commit_callbacks(execute=True)
