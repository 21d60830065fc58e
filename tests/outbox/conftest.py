import pytest

from outbox import delivery, tasks
from outbox.digests import send_digests
from outbox.reports import report_failures
from tests.outbox.helpers import MONDAY, UnreachableBroker


@pytest.fixture
def failing_smtp(settings):
    settings.EMAIL_BACKEND = "tests.outbox.helpers.FailingBackend"


@pytest.fixture
def clock(time_machine):
    """Frozen time, moved on explicitly with `clock.shift(...)`."""
    time_machine.move_to(MONDAY, tick=False)
    return time_machine


@pytest.fixture
def broker_down(monkeypatch):
    """The broker is unreachable until `monkeypatch.undo()`; the pause after a failed publish
    starts unset and is put back afterwards, so that it does not leak into other tests."""
    monkeypatch.setattr(delivery, "_broker_down_until", None)
    broker = UnreachableBroker()
    monkeypatch.setattr(tasks, "deliver_notification", broker)
    return broker


@pytest.fixture
def run_digests(django_capture_on_commit_callbacks):
    def run():
        with django_capture_on_commit_callbacks(execute=True):
            return send_digests()

    return run


@pytest.fixture
def run_report(django_capture_on_commit_callbacks):
    def run():
        with django_capture_on_commit_callbacks(execute=True):
            return report_failures()

    return run
