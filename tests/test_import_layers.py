"""The one-way dependencies between the apps (pyproject.toml, [tool.importlinter]), checked by
import-linter through the test command, so CI fails on an arrow pointing the wrong way."""

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_the_apps_import_only_downwards():
    # The venv's own tool, wherever the venv is; else the one on the PATH.
    lint_imports = Path(sys.executable).parent / "lint-imports"
    if not lint_imports.exists():
        lint_imports = shutil.which("lint-imports")
    assert lint_imports, 'lint-imports is missing: pip install -e ".[dev]"'
    result = subprocess.run(  # noqa: S603 - our own venv's tool, no input from outside
        [str(lint_imports), "--no-cache"], cwd=ROOT, capture_output=True, text=True, timeout=120
    )

    assert result.returncode == 0, result.stdout + result.stderr
