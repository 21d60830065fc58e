"""Settings read the environment and fail loudly, naming the variable, on a bad value.

Settings are read once at import, so whole-configuration cases run `manage.py` in a subprocess with
an environment built from scratch (nothing leaks in from the shell or CI).
"""

import json
import os
import secrets
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from portal.settings import env_bool, env_int, env_list, env_str
from tests.conftest import requires_postgres

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION = {
    "DEBUG": "false",
    "SECRET_KEY": secrets.token_urlsafe(60),
    "ALLOWED_HOSTS": "example.dk",
    "SITE_URL": "https://indgangen.example.dk",
    "DEFAULT_FROM_EMAIL": "Indgangen <noreply@example.dk>",
}


def production_without(name):
    return {key: value for key, value in PRODUCTION.items() if key != name}


def manage(*args, **env):
    clean_env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "PYTHONDONTWRITEBYTECODE": "1", **env}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=clean_env,
        capture_output=True,
        text=True,
        timeout=60,
    )


# --- The helpers -------------------------------------------------------------------------------


@pytest.mark.parametrize("value", ["1", "true", "True", "yes", "on"])
def test_env_bool_reads_true(monkeypatch, value):
    monkeypatch.setenv("SOME_FLAG", value)

    assert env_bool("SOME_FLAG", False) is True


@pytest.mark.parametrize("value", ["0", "false", "FALSE", "no", "off"])
def test_env_bool_reads_false(monkeypatch, value):
    monkeypatch.setenv("SOME_FLAG", value)

    assert env_bool("SOME_FLAG", True) is False


def test_env_bool_uses_the_default_when_unset_or_empty(monkeypatch):
    monkeypatch.delenv("SOME_FLAG", raising=False)
    assert env_bool("SOME_FLAG", True) is True
    monkeypatch.setenv("SOME_FLAG", "")
    assert env_bool("SOME_FLAG", False) is False


def test_env_bool_refuses_anything_else_naming_the_variable(monkeypatch):
    monkeypatch.setenv("SOME_FLAG", "maybe")

    with pytest.raises(ImproperlyConfigured, match="SOME_FLAG.*'maybe'"):
        env_bool("SOME_FLAG", False)


def test_env_int_reads_a_whole_number(monkeypatch):
    monkeypatch.setenv("SOME_NUMBER", "587")

    assert env_int("SOME_NUMBER", 25) == 587


def test_env_int_uses_the_default_when_unset_or_empty(monkeypatch):
    monkeypatch.delenv("SOME_NUMBER", raising=False)
    assert env_int("SOME_NUMBER", 25) == 25
    monkeypatch.setenv("SOME_NUMBER", "")
    assert env_int("SOME_NUMBER", 25) == 25


@pytest.mark.parametrize("value", ["ten", "2.5", "25x"])
def test_env_int_refuses_anything_but_a_whole_number_naming_the_variable(monkeypatch, value):
    monkeypatch.setenv("SOME_NUMBER", value)

    with pytest.raises(ImproperlyConfigured, match="SOME_NUMBER"):
        env_int("SOME_NUMBER", 25)


def test_env_list_splits_on_commas_and_drops_blanks(monkeypatch):
    monkeypatch.setenv("SOME_HOSTS", " example.dk, www.example.dk ,, ")

    assert env_list("SOME_HOSTS") == ["example.dk", "www.example.dk"]


def test_env_list_uses_the_default_when_unset(monkeypatch):
    monkeypatch.delenv("SOME_HOSTS", raising=False)

    assert env_list("SOME_HOSTS", ["a"]) == ["a"]
    assert env_list("SOME_HOSTS") == []


def test_env_str_uses_the_default_when_unset(monkeypatch):
    monkeypatch.delenv("SOME_TEXT", raising=False)

    assert env_str("SOME_TEXT", "x") == "x"


# --- Whole configurations ----------------------------------------------------------------------


BAD_CONFIGURATIONS = {
    "no SECRET_KEY in production": ({"DEBUG": "false", "ALLOWED_HOSTS": "example.dk"}, "SECRET_KEY"),
    "no ALLOWED_HOSTS in production": (
        {"DEBUG": "false", "SECRET_KEY": PRODUCTION["SECRET_KEY"]},
        "ALLOWED_HOSTS",
    ),
    "blank ALLOWED_HOSTS in production": (
        {"DEBUG": "false", "SECRET_KEY": PRODUCTION["SECRET_KEY"], "ALLOWED_HOSTS": " , "},
        "ALLOWED_HOSTS",
    ),
    "DEBUG neither true nor false": ({"DEBUG": "perhaps"}, "DEBUG"),
    "DATABASE_URL of an unknown scheme": ({"DATABASE_URL": "nonsense://somewhere/db"}, "DATABASE_URL"),
    "DATABASE_URL not a URL": ({"DATABASE_URL": "not a url"}, "DATABASE_URL"),
    "REDIS_URL not redis": ({"REDIS_URL": "http://127.0.0.1:6379/0"}, "REDIS_URL"),
    "EMAIL_BACKEND unknown": ({"EMAIL_BACKEND": "sendmail"}, "EMAIL_BACKEND"),
    "EMAIL_PORT not a number": ({"EMAIL_PORT": "smtp"}, "EMAIL_PORT"),
    "DB_CONN_MAX_AGE not a number": ({"DB_CONN_MAX_AGE": "forever"}, "DB_CONN_MAX_AGE"),
    "CSRF_TRUSTED_ORIGINS without a scheme": ({"CSRF_TRUSTED_ORIGINS": "example.dk"}, "CSRF_TRUSTED_ORIGINS"),
    # Emails have no request to take the address from, nor a sender to fall back on.
    "no SITE_URL in production": (production_without("SITE_URL"), "SITE_URL"),
    "blank SITE_URL in production": ({**PRODUCTION, "SITE_URL": ""}, "SITE_URL"),
    "SITE_URL without a scheme in production": (
        {**PRODUCTION, "SITE_URL": "indgangen.example.dk"},
        "SITE_URL",
    ),
    "SITE_URL without a scheme": ({"SITE_URL": "indgangen.example.dk"}, "SITE_URL"),
    "no DEFAULT_FROM_EMAIL in production": (production_without("DEFAULT_FROM_EMAIL"), "DEFAULT_FROM_EMAIL"),
    "blank DEFAULT_FROM_EMAIL in production": (
        {**PRODUCTION, "DEFAULT_FROM_EMAIL": ""},
        "DEFAULT_FROM_EMAIL",
    ),
}


# In production: pages redirect to https, but load balancers probe the health checks over plain http.
# Settings only: in development "/" would read the local database, which a test must not need.
SETTINGS_PROBE = """
import json
from django.conf import settings
sender = [settings.DEFAULT_FROM_EMAIL, settings.SERVER_EMAIL]
print(json.dumps({"site_url": settings.SITE_URL, "from": sender}))
"""

PROBE = """
import json
from django.test import Client
client = Client(HTTP_HOST="example.dk")
home, healthz = client.get("/"), client.get("/healthz")
secure = client.get("/healthz", secure=True)
from django.conf import settings
print(json.dumps({
    "home": [home.status_code, home.get("Location")],
    "healthz": healthz.status_code,
    "hsts": secure.get("Strict-Transport-Security"),
    "site_url": settings.SITE_URL,
    "from": [settings.DEFAULT_FROM_EMAIL, settings.SERVER_EMAIL],
}))
"""

CHECKS = {
    **{name: (("check",), env) for name, (env, _variable) in BAD_CONFIGURATIONS.items()},
    "no environment": (("check",), {}),
    "production": (("check", "--deploy", "--fail-level", "WARNING"), PRODUCTION),
    "production with a short key": (
        ("check", "--deploy", "--fail-level", "WARNING"),
        {**PRODUCTION, "SECRET_KEY": "short"},
    ),
    "production probe": (("shell", "-c", PROBE), PRODUCTION),
    "production probe with a trailing slash": (
        ("shell", "-c", PROBE),
        {**PRODUCTION, "SITE_URL": "https://indgangen.example.dk/"},
    ),
    "development probe": (("shell", "-c", SETTINGS_PROBE), {"ALLOWED_HOSTS": "example.dk"}),
}


@pytest.fixture(scope="module")
def results():
    """`manage.py check` once per configuration, all at the same time: each start costs a second or so."""
    with ThreadPoolExecutor(max_workers=8) as pool:
        futures = {name: pool.submit(manage, *args, **env) for name, (args, env) in CHECKS.items()}
        return {name: future.result() for name, future in futures.items()}


def test_with_no_environment_at_all_the_project_starts(results):
    result = results["no environment"]

    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


@pytest.mark.parametrize("name", BAD_CONFIGURATIONS)
def test_a_missing_or_bad_variable_stops_the_start_naming_the_variable(results, name):
    variable = BAD_CONFIGURATIONS[name][1]
    result = results[name]

    assert result.returncode != 0
    last_line = result.stderr.strip().splitlines()[-1]
    assert last_line.startswith("django.core.exceptions.ImproperlyConfigured:"), result.stderr
    assert variable in last_line


def test_production_settings_pass_the_deployment_checks_without_a_warning(results):
    result = results["production"]

    assert result.returncode == 0, result.stdout + result.stderr
    assert "WARNING" not in result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_a_short_secret_key_in_production_fails_the_deployment_checks(results):
    """The check itself works: the test above would pass vacuously otherwise."""
    result = results["production with a short key"]

    assert result.returncode != 0
    assert "security.W009" in result.stdout + result.stderr


def test_in_production_pages_redirect_to_https_but_health_checks_answer_over_http(results):
    result = results["production probe"]
    assert result.returncode == 0, result.stderr
    probe = json.loads(result.stdout.strip().splitlines()[-1])

    assert probe["home"] == [301, "https://example.dk/"]
    assert probe["healthz"] == 200
    assert probe["hsts"].startswith("max-age=31536000")
    assert "includeSubDomains" in probe["hsts"]


def test_in_production_mail_links_and_sender_come_from_the_environment(results):
    result = results["production probe"]
    assert result.returncode == 0, result.stderr
    probe = json.loads(result.stdout.strip().splitlines()[-1])

    assert probe["site_url"] == "https://indgangen.example.dk"
    assert probe["from"] == ["Indgangen <noreply@example.dk>"] * 2


def test_a_trailing_slash_on_site_url_is_dropped(results):
    result = results["production probe with a trailing slash"]
    assert result.returncode == 0, result.stderr

    assert json.loads(result.stdout.strip().splitlines()[-1])["site_url"] == "https://indgangen.example.dk"


def test_in_development_site_url_and_sender_have_local_defaults(results):
    result = results["development probe"]
    assert result.returncode == 0, result.stderr
    probe = json.loads(result.stdout.strip().splitlines()[-1])

    assert probe["site_url"] == "http://127.0.0.1:8000"
    assert probe["from"] == ["Indgangen <noreply@indgangen.localhost>"] * 2


@requires_postgres
def test_each_postgresql_connection_plans_for_ssds(db):
    """random_page_cost 1.1 (portal/apps.py): a common word's directory search ORs two indexes."""
    from django.conf import settings
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SHOW random_page_cost")
        assert float(cursor.fetchone()[0]) == settings.POSTGRES_PLANNER["random_page_cost"] == 1.1
