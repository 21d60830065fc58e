"""Scale-out: nothing in a web process keeps state that another one needs.

Two real web processes, A and B (`gunicorn portal.wsgi`, one sync worker each, as production runs
them: DEBUG off, https behind a proxy that says so in X-Forwarded-Proto), share only what a
deployment of several machines shares: the test database, one Redis and one S3 bucket (moto's
server). Each has a MEDIA_ROOT and PRIVATE_MEDIA_ROOT of its own, so a file that stayed on A's disk
would be missing on B. B also reads from a replica (portal/db_router.py): the test database again,
through a connection PostgreSQL keeps read-only, so a write that went there would fail. A
visitor's requests go to A or B as a load balancer without sticky sessions would send them, and
what one process was told, the other knows:

- a log-in on A is valid on B, and logging out on B ends the session on A (sessions in PostgreSQL);
- a file uploaded through A is downloaded through B (files in object storage);
- a rate limit counts the requests to A and B together (counts in Redis).

The servers start once for the module; each test commits its data (transactional_db) so that they
see it, and starts with an empty Redis (tests/conftest.py's `_empty_cache`).
"""

import http.client
import os
import signal
import subprocess
import sys
import urllib.parse
import uuid
from http.cookies import SimpleCookie

import pytest
from django.conf import settings
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.urls import reverse

from counselling.models import CaseAttachment
from portal.models import User
from portal.roles import CONTACT_PERSON
from tests.conftest import (
    PASSWORD,
    make_municipality,
    make_staff,
    make_user,
    requires_postgres,
    requires_redis,
)
from tests.counselling.factories import make_case, pdf_bytes
from tests.counselling.test_intake import form_data
from tests.kit.test_uploads_s3 import ThreadedMotoServer, make_bucket, s3_env, s3_server  # noqa: F401
from tests.outbox.worker_support import ROOT, database_url, free_port, wait_for

pytestmark = [
    requires_postgres,
    requires_redis,
    pytest.mark.skipif(
        ThreadedMotoServer is None, reason="needs moto[server] and boto3: pip install -e '.[dev]'"
    ),
    pytest.mark.django_db(transaction=True),
]

HOST = "indgangen.test"
SITE = f"https://{HOST}"
INTAKE_LIMIT = 3


# --- Two web processes -------------------------------------------------------------------------


class WebProcess:
    """`gunicorn portal.wsgi` with one sync worker on a port of its own, in its own session so that
    it and its worker are stopped together."""

    def __init__(self, name, env, work):
        self.name = name
        self.port = free_port()
        self.env = {
            **env,
            "MEDIA_ROOT": str(work / name / "media"),
            "PRIVATE_MEDIA_ROOT": str(work / name / "private"),
        }
        self.log_path = work / f"{name}.log"
        self.log = None
        self.process = None

    def __repr__(self):
        return f"<web process {self.name} on port {self.port}>"

    def start(self):
        self.log = self.log_path.open("wb")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "portal.wsgi", "--workers", "1", "--worker-class", "sync",
             "--bind", f"127.0.0.1:{self.port}", "--log-level", "warning"],
            cwd=ROOT, env=self.env, stdout=self.log, stderr=subprocess.STDOUT, start_new_session=True,
        )  # fmt: skip

    def ready(self):
        if self.process.poll() is not None:
            raise AssertionError(f"web process {self.name} exited: {self.log_path.read_text()[-3000:]}")
        try:
            connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=1)
            connection.request("GET", "/healthz", headers={"Host": HOST})
            return connection.getresponse().status == 200
        except OSError:
            return False

    def stop(self):
        if self.process is not None and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(15)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(10)
        if self.log is not None:
            self.log.close()


def production_environment(*, s3_endpoint, bucket, static_root):
    """What production sets, and nothing from the shell or CI beyond the basics."""
    inherited = {name: os.environ[name] for name in ("PATH", "HOME", "TMPDIR", "LANG") if name in os.environ}
    return {
        **inherited,
        "DJANGO_SETTINGS_MODULE": "portal.settings",
        "DEBUG": "false",
        "SECRET_KEY": "scale-out-test-only-" + "k" * 50,
        "ALLOWED_HOSTS": HOST,
        "SITE_URL": SITE,
        "TRUST_X_FORWARDED_PROTO": "true",
        "DEFAULT_FROM_EMAIL": f"Indgangen <noreply@{HOST}>",
        "EMAIL_BACKEND": "locmem",
        "DATABASE_URL": database_url(),
        "REDIS_URL": settings.REDIS_URL,
        "STATIC_ROOT": str(static_root),
        "INTAKE_LIMIT_PER_HOUR": str(INTAKE_LIMIT),
        "LOG_LEVEL": "WARNING",
        **s3_env(s3_endpoint, bucket),
    }


@pytest.fixture(scope="module")
def web(django_db_setup, s3_server, tmp_path_factory):  # noqa: F811 - s3_server is the fixture
    """A and B: two web processes on the test database, one Redis and one bucket."""
    work = tmp_path_factory.mktemp("scale-out")
    bucket = make_bucket(s3_server)
    env = production_environment(s3_endpoint=s3_server, bucket=bucket.name, static_root=work / "static")
    # With DEBUG off the pages name their static files by the manifest collectstatic writes.
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "--verbosity", "0"],
        cwd=ROOT, env=env, check=True,
    )  # fmt: skip
    read_only = urllib.parse.urlencode({"options": "-c default_transaction_read_only=on"})
    replica = {"DATABASE_REPLICA_URL": f"{database_url()}?{read_only}"}
    processes = [WebProcess("a", env, work), WebProcess("b", {**env, **replica}, work)]
    try:
        for process in processes:
            process.start()
        for process in processes:
            wait_for(process.ready, 30, f"{process} to answer /healthz (log: {process.log_path})")
        yield Web(*processes, bucket=bucket)
    finally:
        for process in processes:
            process.stop()


class Web:
    def __init__(self, a, b, *, bucket):
        self.a = a
        self.b = b
        self.bucket = bucket

    def keys(self, prefix):
        listing = self.bucket.list_objects_v2(Bucket=self.bucket.name, Prefix=prefix)
        return [item["Key"] for item in listing.get("Contents", [])]


# --- A browser that remembers cookies, whichever process answers -------------------------------


class Response:
    def __init__(self, response, body):
        self.status = response.status
        self.headers = response.msg
        self.body = body
        self.text = body.decode("utf-8", "replace")

    @property
    def location(self):
        return self.headers.get("Location")


class Browser:
    """Requests as a browser sends them to https://indgangen.test through a load balancer, made
    to A or B directly. The cookies are Secure, so a cookie jar would not send them over the
    test's plain http; this one keeps them by name, as a browser on https would."""

    def __init__(self):
        self.cookies = {}

    def get(self, process, path):
        return self.request(process, "GET", path)

    def post(self, process, path, fields=None, files=None):
        """A form posted from the site's own page: the CSRF token (the cookie's value, which Django
        takes as well as the masked one in the form), and Origin and Referer of the site."""
        fields = {"csrfmiddlewaretoken": self.cookies.get("csrftoken", ""), **(fields or {})}
        body, content_type = multipart(fields, files or {})
        headers = {"Origin": SITE, "Referer": f"{SITE}{path}", "Content-Type": content_type}
        return self.request(process, "POST", path, body=body, headers=headers)

    def request(self, process, method, path, *, body=None, headers=None):
        headers = {"Host": HOST, "X-Forwarded-Proto": "https", **(headers or {})}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{name}={value}" for name, value in self.cookies.items())
        connection = http.client.HTTPConnection("127.0.0.1", process.port, timeout=30)
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            answer = Response(response, response.read())
        finally:
            connection.close()
        for header in answer.headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(header).items():
                if morsel["max-age"] == "0":  # deleted
                    self.cookies.pop(name, None)
                else:
                    assert morsel["secure"], f"{process} sets {name} without Secure"
                    self.cookies[name] = morsel.coded_value
        return answer


def multipart(fields, files):
    """multipart/form-data as a browser encodes a form; `files` maps a field to (name, content, type)."""
    boundary = uuid.uuid4().hex
    parts = []
    for name, value in fields.items():
        for item in value if isinstance(value, list) else [value]:
            parts.append(
                f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{item}\r\n'.encode()
            )
    for name, (filename, content, content_type) in files.items():
        head = (
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; filename="{filename}"\r\n'
            f"Content-Type: {content_type}\r\n\r\n"
        )
        parts.append(head.encode() + content + b"\r\n")
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


def with_production_password(user):
    """The user, with PASSWORD hashed so the web processes can check it: they have the production
    hashers, not the suite's MD5. PBKDF2 keeps its iteration count in the hash, so a low one is
    still checked (and upgraded on log-in)."""
    hasher = PBKDF2PasswordHasher()
    User.objects.filter(pk=user.pk).update(password=hasher.encode(PASSWORD, hasher.salt(), iterations=1000))
    return user


def log_in(browser, process, user):
    login = reverse("account_login")
    assert browser.get(process, login).status == 200  # the form, and the CSRF cookie
    response = browser.post(process, login, {"username": user.username, "password": PASSWORD})
    assert response.status == 302, f"the log-in on {process} was refused: {response.text[:2000]}"
    assert response.location == reverse("account_home")
    return response


# --- The proofs --------------------------------------------------------------------------------


def test_a_log_in_on_one_process_is_valid_on_the_other_and_a_log_out_on_it_ends_it_on_both(web):
    rikke = with_production_password(make_user(username="rikke@virksomhed.dk", email="rikke@virksomhed.dk"))
    browser = Browser()
    home = reverse("account_home")
    assert browser.get(web.b, home).status == 302  # not logged in yet

    log_in(browser, web.a, rikke)
    on_b = browser.get(web.b, home)

    assert on_b.status == 200
    assert "rikke@virksomhed.dk" in on_b.text
    session = browser.cookies["sessionid"]

    logged_out = browser.post(web.b, reverse("account_logout"))
    assert logged_out.status == 302
    assert "sessionid" not in browser.cookies
    # The old cookie, kept by a copy of the browser, opens nothing on A either: the session is gone
    # from the database both read, not from one process's memory.
    browser.cookies["sessionid"] = session
    on_a = browser.get(web.a, home)
    assert on_a.status == 302
    assert on_a.location.startswith(reverse("account_login"))


def test_a_file_uploaded_through_one_process_is_downloaded_through_the_other(web, migration_groups):
    lejre = make_municipality(name="Lejre", code="350", slug="lejre")
    staff = with_production_password(
        make_staff(lejre, CONTACT_PERSON, username="lejre-kontakt", email="kontakt@lejre.dk")
    )
    case = make_case(lejre)
    case_page = reverse("counselling:case", args=[case.access_token])
    applicant = Browser()
    assert applicant.get(web.a, case_page).status == 200

    sent = applicant.post(
        web.a,
        case_page,
        {"text": "Her er forretningsplanen."},
        {"attachments": ("forretningsplan.pdf", pdf_bytes(), "application/pdf")},
    )

    assert sent.status == 303, sent.text[:2000]
    attachment = CaseAttachment.objects.get(case=case)
    assert web.keys(f"private/cases/{lejre.pk}/{case.pk}/") == [f"private/{attachment.file.name}"]
    contact_person = Browser()
    log_in(contact_person, web.b, staff)
    download = contact_person.get(
        web.b, reverse("admin:counselling_case_attachment", args=[case.pk, attachment.pk])
    )
    assert download.status == 200, download.text[:2000]
    assert download.body == pdf_bytes()
    assert download.headers["Content-Disposition"] == 'attachment; filename="forretningsplan.pdf"'


def intake(municipality, n):
    """A valid intake as a browser posts it, from applicant `n`."""
    return form_data(municipality, applicant_name=f"Ansøger {n}", applicant_email=f"ansoeger{n}@example.dk")


def test_a_rate_limit_counts_the_requests_to_both_processes(web):
    lejre = make_municipality(name="Lejre", code="350", slug="lejre")
    page = reverse("counselling:intake")
    visitor = Browser()
    assert visitor.get(web.a, page).status == 200

    answers = [
        visitor.post(process, page, intake(lejre, n)).status
        for n, process in enumerate([web.a, web.b, web.a, web.b])
    ]

    # Three let through (each a case, then the receipt), the fourth refused: with a count in each
    # process, A and B would each have let their two through and refused none.
    assert answers == [303, 303, 303, 429]
    assert lejre.cases.count() == 3
