"""In CI every test must run and pass: a pytest plugin, loaded by tests/conftest.py.

A skip or an expected failure (xfail) there is a failure: the tests that need PostgreSQL, Redis or
Chromium must run, and a known bug is fixed, not marked. Outside CI both keep pytest's meaning, except
that an xfail test that passes fails everywhere (`xfail_strict` in pyproject.toml).

It imports pytest only, so that tests/test_ci_skips.py can load it into a pytest run of its own.
"""

import os

import pytest


def _skip_reason(longrepr):
    # A skip's longrepr is (path, lineno, "Skipped: reason").
    if isinstance(longrepr, tuple) and len(longrepr) == 3:
        return longrepr[2]
    return str(longrepr)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    if not os.environ.get("CI"):
        return
    if hasattr(report, "wasxfail"):
        # An xfail that failed (skipped) or passed without strict (passed). Dropping `wasxfail` makes
        # every reporter, the JUnit XML's included, count it as a plain failure.
        reason = report.wasxfail
        del report.wasxfail
        report.outcome = "failed"
        report.longrepr = f"Expected to fail, in CI, where every test must pass: {reason}"
    elif report.skipped:
        report.outcome = "failed"
        report.longrepr = f"Skipped in CI, where every test must run: {_skip_reason(report.longrepr)}"


@pytest.hookimpl(hookwrapper=True)
def pytest_make_collect_report(collector):
    """The same for a whole module skipped at import (`pytest.importorskip("playwright")`)."""
    outcome = yield
    report = outcome.get_result()
    if os.environ.get("CI") and report.skipped:
        report.outcome = "failed"
        report.longrepr = f"Skipped in CI, where every test must run: {_skip_reason(report.longrepr)}"
