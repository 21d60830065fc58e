"""The partnerships tests' fixtures beyond tests/conftest.py."""

import pytest


@pytest.fixture(autouse=True)
def _private_files_in_tmp(settings, tmp_path):
    """Signed documents and uploaded CSVs go to the test's own directory."""
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"


@pytest.fixture
def on_commit(django_capture_on_commit_callbacks):
    """Run what waits for the transaction's commit (the import task)."""
    return lambda: django_capture_on_commit_callbacks(execute=True)
