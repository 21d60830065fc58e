"""The project installs the standard way (`pip install -e ".[dev]"`): a wheel of its apps only."""

import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

from django.apps import apps

ROOT = Path(__file__).resolve().parent.parent

# What the checkout holds besides the source: never copied into the build.
NOT_SOURCE = shutil.ignore_patterns(".git", ".venv", "var", "build", "*.egg-info", "__pycache__", ".*_cache")


def build_wheel(tmp_path):
    """Build a wheel from a copy of the checkout, as pip does for `pip install .`; return its file names."""
    source = tmp_path / "source"
    shutil.copytree(ROOT, source, ignore=NOT_SOURCE, symlinks=True)
    pip_wheel = [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps"]
    subprocess.run([*pip_wheel, "--wheel-dir", tmp_path / "dist", source], check=True, timeout=300)
    (wheel,) = (tmp_path / "dist").glob("indgangen-*.whl")
    with zipfile.ZipFile(wheel) as archive:
        return set(archive.namelist())


def test_the_wheel_holds_every_python_file_of_every_app_and_nothing_else(tmp_path):
    files = build_wheel(tmp_path)

    configs = apps.get_app_configs()
    local_apps = {app.name.split(".")[0] for app in configs if Path(app.path).is_relative_to(ROOT)}
    assert {"portal", "enterprises", "counselling", "kit"} <= local_apps
    expected = {
        path.relative_to(ROOT).as_posix()
        for app in local_apps
        for path in (ROOT / app).rglob("*.py")
        if "__pycache__" not in path.parts
    }
    assert {"portal/settings.py", "portal/migrations/0001_initial.py"} <= expected
    assert {name for name in files if ".dist-info/" not in name} == expected
