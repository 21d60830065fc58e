"""In CI nothing may skip: the hook in tests/conftest.py turns a skip into a failure."""

import pytest

from tests import conftest


class Outcome:
    def __init__(self, report):
        self.report = report

    def get_result(self):
        return self.report


def make_report(outcome="skipped", longrepr=("tests/x.py", 1, "Skipped: needs Redis"), **extra):
    report = pytest.TestReport(
        nodeid="tests/x.py::test_x",
        location=("tests/x.py", 1, "test_x"),
        keywords={},
        outcome=outcome,
        longrepr=longrepr,
        when="setup",
    )
    for name, value in extra.items():
        setattr(report, name, value)
    return report


def run_hook(report):
    hook = conftest.pytest_runtest_makereport(item=None, call=None)
    next(hook)
    with pytest.raises(StopIteration):
        hook.send(Outcome(report))
    return report


def test_in_ci_a_skipped_test_fails_giving_the_skip_reason(monkeypatch):
    monkeypatch.setenv("CI", "true")

    report = run_hook(make_report())

    assert report.outcome == "failed"
    assert "needs Redis" in str(report.longrepr)


def test_outside_ci_a_skipped_test_stays_skipped(monkeypatch):
    monkeypatch.delenv("CI", raising=False)

    assert run_hook(make_report()).outcome == "skipped"


def test_in_ci_an_expected_failure_stays_an_expected_failure(monkeypatch):
    monkeypatch.setenv("CI", "true")

    report = run_hook(make_report(longrepr=None, wasxfail="known bug"))

    assert report.outcome == "skipped"


def test_in_ci_a_passing_test_is_left_alone(monkeypatch):
    monkeypatch.setenv("CI", "true")

    assert run_hook(make_report(outcome="passed", longrepr=None)).outcome == "passed"
