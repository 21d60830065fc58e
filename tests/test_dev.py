"""dev.py installs from the lock files, and again only when they (or pyproject.toml) change."""

import pytest

import dev


@pytest.fixture
def checkout(tmp_path, monkeypatch):
    """A checkout with lock files and a virtualenv in tmp_path; returns the commands dev.py runs."""
    for name, text in {
        "requirements.lock": "django==5.2.19\n",
        "requirements-dev.lock": "django==5.2.19\npytest==9.2.0\nuv==0.13.9 \\\n    --hash=sha256:aa\n",
        "pyproject.toml": "[project]\n",
    }.items():
        (tmp_path / name).write_text(text)
    python = tmp_path / ".venv" / "bin" / "python"
    python.parent.mkdir(parents=True)
    python.touch()
    monkeypatch.setattr(dev, "ROOT", tmp_path)
    monkeypatch.setattr(dev, "VENV", tmp_path / ".venv")
    monkeypatch.setattr(dev, "PYTHON", python)
    commands = []
    monkeypatch.setattr(dev, "run", lambda *args, **kwargs: commands.append([str(a) for a in args[3:]]))
    return commands


def test_the_first_setup_installs_the_lock_then_the_project_without_dependencies(checkout):
    dev.ensure_venv(with_dev=True)

    assert checkout == [
        ["--quiet", "--disable-pip-version-check", "install", "--require-hashes", "--requirement",
         "requirements-dev.lock"],
        ["--quiet", "--disable-pip-version-check", "install", "--no-deps", "--editable", "."],
    ]  # fmt: skip


def test_the_portal_alone_installs_the_runtime_lock(checkout):
    dev.ensure_venv(with_dev=False)

    assert checkout[0][-1] == "requirements.lock"


def test_a_second_setup_installs_nothing(checkout):
    dev.ensure_venv(with_dev=True)
    checkout.clear()

    dev.ensure_venv(with_dev=True)
    dev.ensure_venv(with_dev=False)

    assert checkout == []


@pytest.mark.parametrize("changed", ["requirements.lock", "requirements-dev.lock", "pyproject.toml"])
def test_a_changed_lock_file_or_pyproject_installs_again(checkout, changed):
    dev.ensure_venv(with_dev=True)
    checkout.clear()
    (dev.ROOT / changed).write_text((dev.ROOT / changed).read_text() + "# changed\n")

    dev.ensure_venv(with_dev=True)

    assert len(checkout) == 2


def test_after_the_portal_alone_the_tests_install_their_tools(checkout):
    dev.ensure_venv(with_dev=False)
    checkout.clear()

    dev.ensure_venv(with_dev=True)

    assert checkout[0][-1] == "requirements-dev.lock"


def test_the_lock_check_fails_naming_the_command_when_a_lock_file_is_stale(checkout, monkeypatch, capsys):
    def compile_locks(folder, *options):
        (folder / "requirements.lock").write_text("django==5.2.20\n")

    monkeypatch.setattr(dev, "compile_locks", compile_locks)

    with pytest.raises(SystemExit, match=r"run `python3 dev.py lock`"):
        dev.check_locks()
    assert "-django==5.2.19\n+django==5.2.20\n" in capsys.readouterr().out


def test_the_lock_check_passes_when_locking_again_changes_nothing(checkout, monkeypatch, capsys):
    monkeypatch.setattr(dev, "compile_locks", lambda folder, *options: None)

    dev.check_locks()

    assert "The lock files match pyproject.toml." in capsys.readouterr().out


def test_the_lock_command_installs_uv_alone_with_its_pin_and_hash(checkout, monkeypatch):
    requirement = []
    monkeypatch.setattr(dev, "pip", lambda *args: requirement.append(args[-1].read_text()))

    dev.ensure_uv()

    assert requirement == ["uv==0.13.9 \\\n    --hash=sha256:aa\n"]
