#!/usr/bin/env python3
"""Set up and run Indgangen with nothing but Python 3.11+.

    python3 dev.py serve   # virtualenv, dependencies, database, translations, static files,
                           # demo data, then the portal at http://127.0.0.1:8000/
    python3 dev.py test    # the same setup with the test tools, then the whole test suite

Every step is idempotent: a second run reuses the virtualenv and reinstalls only when
pyproject.toml has changed. Extra arguments after `test` go to pytest.
"""

import hashlib
import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PYTHON = BIN / ("python.exe" if os.name == "nt" else "python")


def run(*args, **kwargs):
    print("+", " ".join(str(a) for a in args), flush=True)
    subprocess.run([str(a) for a in args], check=True, cwd=ROOT, **kwargs)


def ensure_venv(*, with_dev):
    if sys.version_info < (3, 11):
        sys.exit("Indgangen needs Python 3.11 or newer.")
    import tomllib  # here, after the version check: Python 3.10 has no tomllib

    if not PYTHON.exists():
        venv.create(VENV, with_pip=True)
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    requirements = list(project["dependencies"])
    if with_dev:
        requirements += project["optional-dependencies"]["dev"]
    # Install only when the requirement list changed since the last install.
    digest = hashlib.sha256("\n".join(sorted(requirements)).encode()).hexdigest()
    stamp = VENV / f".installed-{'dev' if with_dev else 'run'}"
    if stamp.exists() and stamp.read_text() == digest:
        return
    run(PYTHON, "-m", "pip", "install", "--quiet", "--disable-pip-version-check", *requirements)
    stamp.write_text(digest)


def manage(*args, env=None):
    run(PYTHON, "manage.py", *args, env=env)


def serve():
    ensure_venv(with_dev=False)
    (ROOT / "var").mkdir(exist_ok=True)
    manage("compiletranslations")
    manage("migrate", "--noinput")
    manage("collectstatic", "--noinput", "--verbosity", "0")
    manage("load_demo")
    print("\nIndgangen runs at http://127.0.0.1:8000/ (Ctrl+C stops it)\n", flush=True)
    os.chdir(ROOT)
    os.execv(PYTHON, [str(PYTHON), "manage.py", "runserver", "127.0.0.1:8000"])


def test(pytest_args):
    ensure_venv(with_dev=True)
    manage("compiletranslations")
    os.chdir(ROOT)
    os.execv(PYTHON, [str(PYTHON), "-m", "pytest", *pytest_args])


def main():
    command, *rest = sys.argv[1:] or ["serve"]
    if command == "serve":
        serve()
    elif command == "test":
        test(rest)
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main()
