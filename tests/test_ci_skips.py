"""In CI every test must run and pass: a skip or an expected failure (xfail) is a failure there.

Each test runs pytest on a small test file of its own, in a subprocess, with the project's pytest
options and the plugin that tests/conftest.py loads (tests/ci.py).
"""

import os
import re
import subprocess
import sys
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

SKIPPED = """
    import pytest

    @pytest.mark.skip(reason="needs Redis")
    def test_x():
        pass
"""

SKIPPED_AT_IMPORT = """
    import pytest

    pytest.importorskip("no_such_module_here")

    def test_x():
        pass
"""

EXPECTED_TO_FAIL = """
    import pytest

    @pytest.mark.xfail(reason="known bug")
    def test_x():
        assert False
"""

EXPECTED_TO_FAIL_BUT_PASSES = """
    import pytest

    @pytest.mark.xfail(reason="known bug")
    def test_x():
        pass
"""

EXPECTED_TO_FAIL_NOT_STRICT_BUT_PASSES = """
    import pytest

    @pytest.mark.xfail(reason="known bug", strict=False)
    def test_x():
        pass
"""

XFAIL_CALLED = """
    import pytest

    def test_x():
        pytest.xfail("not done yet")
"""

PASSES = """
    def test_x():
        pass
"""


def run_pytest(tmp_path, source, *, ci):
    """Run pytest on `source` as it runs on the project; return its summary counts and output."""
    (tmp_path / "test_example.py").write_text(textwrap.dedent(source))
    env = {name: value for name, value in os.environ.items() if name not in {"CI", "PYTEST_ADDOPTS"}}
    env["PYTHONPATH"] = str(ROOT)
    if ci:
        env["CI"] = "true"
    options = ["-c", ROOT / "pyproject.toml", "--rootdir", tmp_path, "-p", "tests.ci", "-p", "no:django"]
    result = subprocess.run(
        [sys.executable, "-m", "pytest", *options, "-p", "no:cacheprovider", tmp_path],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    summary = result.stdout.strip().splitlines()[-1]
    # Without pytest-django, its DJANGO_SETTINGS_MODULE option is unknown: a warning, not an outcome.
    counts = {word: int(n) for n, word in re.findall(r"(\d+) (\w+)", summary) if "warning" not in word}
    return counts, result.stdout


def test_the_suite_loads_the_ci_plugin(pytestconfig):
    assert pytestconfig.pluginmanager.has_plugin("tests.ci")


def test_in_ci_a_skipped_test_fails_giving_the_skip_reason(tmp_path):
    counts, output = run_pytest(tmp_path, SKIPPED, ci=True)

    assert counts == {"error": 1}  # a failed set-up, where pytest applies the mark
    assert "Skipped in CI, where every test must run: Skipped: needs Redis" in output


def test_in_ci_a_module_skipped_at_import_fails(tmp_path):
    counts, output = run_pytest(tmp_path, SKIPPED_AT_IMPORT, ci=True)

    assert counts == {"error": 1}
    assert "Skipped in CI, where every test must run" in output


def test_outside_ci_a_skipped_test_stays_skipped(tmp_path):
    counts, _ = run_pytest(tmp_path, SKIPPED, ci=False)

    assert counts == {"skipped": 1}


def test_in_ci_an_expected_failure_fails_giving_its_reason(tmp_path):
    counts, output = run_pytest(tmp_path, EXPECTED_TO_FAIL, ci=True)

    assert counts == {"failed": 1}
    assert "Expected to fail, in CI, where every test must pass: known bug" in output


def test_in_ci_an_xfail_called_in_the_test_fails(tmp_path):
    counts, output = run_pytest(tmp_path, XFAIL_CALLED, ci=True)

    assert counts == {"failed": 1}
    assert "Expected to fail, in CI, where every test must pass: not done yet" in output


def test_in_ci_an_expected_failure_that_passes_fails_even_when_not_strict(tmp_path):
    counts, output = run_pytest(tmp_path, EXPECTED_TO_FAIL_NOT_STRICT_BUT_PASSES, ci=True)

    assert counts == {"failed": 1}
    assert "Expected to fail, in CI, where every test must pass: known bug" in output


def test_outside_ci_an_expected_failure_stays_an_expected_failure(tmp_path):
    counts, _ = run_pytest(tmp_path, EXPECTED_TO_FAIL, ci=False)

    assert counts == {"xfailed": 1}


def test_outside_ci_an_expected_failure_that_passes_fails(tmp_path):
    counts, output = run_pytest(tmp_path, EXPECTED_TO_FAIL_BUT_PASSES, ci=False)

    assert counts == {"failed": 1}
    assert "[XPASS(strict)] known bug" in output


def test_in_ci_a_passing_test_is_left_alone(tmp_path):
    counts, _ = run_pytest(tmp_path, PASSES, ci=True)

    assert counts == {"passed": 1}
