#!/usr/bin/env python3
"""Set up and run Indgangen with nothing but Python 3.11+.

    python3 dev.py serve           # virtualenv, dependencies, database, translations, static files,
                                   # demo data, then the portal at http://127.0.0.1:8000/
    python3 dev.py test            # the same setup with the test tools, then the whole test suite
    python3 dev.py lock            # refresh the lock files after a change to pyproject.toml
    python3 dev.py lock --upgrade  # the same, moving every package to its newest allowed version
    python3 dev.py lock --check    # fail when the lock files do not match pyproject.toml (CI)

The dependencies come from the lock files, with their hashes: requirements.lock for the portal,
requirements-dev.lock with the test tools too; the project itself is an editable install. Every
step is idempotent: a second run reuses the virtualenv and reinstalls only when a lock file or
pyproject.toml has changed. Extra arguments after `test` go to pytest; PORT=8001 serves on
another port.
"""

import difflib
import hashlib
import os
import shutil
import subprocess
import sys
import tempfile
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PYTHON = BIN / ("python.exe" if os.name == "nt" else "python")
RUN_LOCK = "requirements.lock"
DEV_LOCK = "requirements-dev.lock"


def run(*args, cwd=ROOT, **kwargs):
    print("+", " ".join(str(a) for a in args), flush=True)
    subprocess.run([str(a) for a in args], check=True, cwd=cwd, **kwargs)


def pip(*args):
    run(PYTHON, "-m", "pip", "--quiet", "--disable-pip-version-check", *args)


def create_venv():
    if sys.version_info < (3, 11):
        sys.exit("Indgangen needs Python 3.11 or newer.")
    if not PYTHON.exists():
        venv.create(VENV, with_pip=True)


def ensure_venv(*, with_dev):
    create_venv()
    kind = "dev" if with_dev else "run"
    # The editable install records pyproject.toml's metadata, so a change there reinstalls too.
    sources = (ROOT / RUN_LOCK, ROOT / DEV_LOCK, ROOT / "pyproject.toml")
    digest = hashlib.sha256(b"".join(path.read_bytes() for path in sources)).hexdigest()
    stamp = VENV / ".installed"
    installed = stamp.read_text() if stamp.exists() else ""
    # The dev lock pins the portal's packages at the runtime lock's versions: it serves both.
    if installed in {f"{kind} {digest}", f"dev {digest}"}:
        return
    pip("install", "--require-hashes", "--requirement", DEV_LOCK if with_dev else RUN_LOCK)
    pip("install", "--no-deps", "--editable", ".")
    stamp.write_text(f"{kind} {digest}")


def ensure_uv():
    """Install uv, at the version and with the hashes the dev lock gives, without the rest."""
    create_venv()
    lines = (ROOT / DEV_LOCK).read_text().splitlines()
    start = next(number for number, line in enumerate(lines) if line.startswith("uv=="))
    entry = [lines[start]]
    for line in lines[start + 1 :]:
        if not line.lstrip().startswith("--hash="):
            break
        entry.append(line)
    with tempfile.TemporaryDirectory() as folder:
        requirement = Path(folder) / "uv.txt"
        requirement.write_text("\n".join(entry) + "\n")
        pip("install", "--require-hashes", "--requirement", requirement)


def compile_locks(folder, *options):
    """Write both lock files in `folder` from its pyproject.toml, with uv.

    uv rather than pip-tools: pip-tools locks for the Python it runs on, uv locks for Python 3.11
    and up on every platform from any Python, and does it in seconds. It keeps each version already
    in a lock file while pyproject.toml allows it, so a refresh adds and removes what changed and
    moves nothing else (unless `--upgrade`). The dev lock is constrained by the runtime lock: the
    tests run on the versions that are deployed.
    """
    compile_ = (PYTHON, "-m", "uv", "pip", "compile", "pyproject.toml", "--quiet", "--generate-hashes")
    every_python = ("--universal", "--python-version", "3.11")
    header = ("--custom-compile-command", "python3 dev.py lock")  # the command the files name
    run(*compile_, *every_python, *header, *options, "--output-file", RUN_LOCK, cwd=folder)
    dev = ("--extra", "dev", "--constraint", RUN_LOCK)
    run(*compile_, *every_python, *header, *options, *dev, "--output-file", DEV_LOCK, cwd=folder)


def check_locks():
    """Lock again in a copy and compare: what differs was not locked after pyproject.toml changed."""
    with tempfile.TemporaryDirectory() as folder:
        copy = Path(folder)
        for name in ("pyproject.toml", RUN_LOCK, DEV_LOCK):
            shutil.copy(ROOT / name, copy / name)
        compile_locks(copy)
        stale = False
        for name in (RUN_LOCK, DEV_LOCK):
            old, new = (ROOT / name).read_text(), (copy / name).read_text()
            if old != new:
                stale = True
                diff = difflib.unified_diff(old.splitlines(True), new.splitlines(True), name, name)
                sys.stdout.writelines(diff)
    if stale:
        sys.exit("The lock files do not match pyproject.toml: run `python3 dev.py lock` and commit them.")
    print("The lock files match pyproject.toml.")


def lock(options):
    if not set(options) <= {"--check", "--upgrade"}:
        sys.exit(__doc__)
    ensure_uv()
    if "--check" in options:
        check_locks()
    else:
        compile_locks(ROOT, *options)


def manage(*args, env=None):
    run(PYTHON, "manage.py", *args, env=env)


def serve():
    ensure_venv(with_dev=False)
    (ROOT / "var").mkdir(exist_ok=True)
    manage("compiletranslations")
    manage("migrate", "--noinput")
    manage("collectstatic", "--noinput", "--verbosity", "0")
    manage("load_demo")
    port = os.environ.get("PORT", "8000")
    # Links in the mail and on the receipt point at the server this starts.
    os.environ.setdefault("SITE_URL", f"http://127.0.0.1:{port}")
    print(f"\nIndgangen runs at http://127.0.0.1:{port}/ (Ctrl+C stops it)\n", flush=True)
    os.chdir(ROOT)
    os.execv(PYTHON, [str(PYTHON), "manage.py", "runserver", f"127.0.0.1:{port}"])


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
    elif command == "lock":
        lock(rest)
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main()
