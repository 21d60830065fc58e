"""A real Celery worker, a Redis broker we can stop, and a mail folder, for the outbox tests.

The worker runs as a separate process with the real `celery worker` command against the test
database, so what it sees is only what the test process committed.
"""

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

from django.core.mail.backends.filebased import EmailBackend as FileBackend
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]


class SlowFileBackend(FileBackend):
    """Writes each message to the mail folder, but only after OUTBOX_TEST_SEND_DELAY seconds:
    the window in which the tests kill the worker mid-delivery."""

    def send_messages(self, email_messages):
        time.sleep(float(os.environ.get("OUTBOX_TEST_SEND_DELAY", "0")))
        return super().send_messages(email_messages)


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def database_url():
    """The URL of the database this test run uses (pytest-django's test_<name>), for a process of
    its own: it sees what the tests committed."""
    settings = connection.settings_dict
    return (
        f"postgres://{settings['USER']}:{settings['PASSWORD'] or ''}@{settings['HOST'] or '127.0.0.1'}:"
        f"{settings['PORT'] or 5432}/{settings['NAME']}"
    )


def wait_for(condition, timeout, what):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.1)
    raise AssertionError(f"timed out after {timeout}s waiting for {what}")


class RedisServer:
    """A throwaway redis-server on its own port, so a test can take the broker away."""

    def __init__(self, tmp_path):
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.dir = tmp_path
        self.process = None

    def start(self):
        self.process = subprocess.Popen(
            [shutil.which("redis-server"), "--port", str(self.port), "--bind", "127.0.0.1",
             "--save", "", "--appendonly", "no", "--dir", str(self.dir)],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        wait_for(self.answers, 10, f"redis-server on port {self.port}")

    def answers(self):
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=0.2) as sock:
                sock.sendall(b"PING\r\n")
                return sock.recv(16).startswith(b"+PONG")
        except OSError:
            return False

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(10)
        self.process = None


class Worker:
    """`celery -A portal worker` in its own session, so it and its children can be killed."""

    def __init__(self, *, broker_url, mail_dir, log_path, **env):
        self.env = {
            **os.environ,
            "DATABASE_URL": database_url(),
            "REDIS_URL": broker_url,
            "EMAIL_BACKEND": "tests.outbox.worker_support.SlowFileBackend",
            "EMAIL_FILE_PATH": str(mail_dir),
            **env,
        }
        self.log_path = log_path
        self.process = None

    def start(self):
        self.log = open(self.log_path, "ab")  # noqa: SIM115 - closed in stop()
        self.offset = self.log_path.stat().st_size
        self.process = subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "portal", "worker", "--pool=solo", "--loglevel=INFO",
             "--without-mingle", "--without-gossip", "--without-heartbeat",
             "--hostname", f"outbox-test-{time.time_ns()}@%h"],
            cwd=ROOT, env=self.env, stdout=self.log, stderr=subprocess.STDOUT, start_new_session=True,
        )  # fmt: skip
        wait_for(self.ready, 60, f"the Celery worker to start (log: {self.log_path})")

    def ready(self):
        if self.process.poll() is not None:
            raise AssertionError(f"the Celery worker exited: {self.log_path.read_text()[-3000:]}")
        return b" ready." in self.log_path.read_bytes()[self.offset :]

    def kill(self):
        """SIGKILL, as the kernel's OOM killer or a pulled plug would: no cleanup, no acks."""
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(10)
        self.log.close()

    def stop(self):
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(15)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(10)
        if not self.log.closed:
            self.log.close()


def delivered(mail_dir):
    """The messages the worker wrote to the mail folder (the file backend appends each one)."""
    messages = []
    for path in sorted(Path(mail_dir).glob("*.log")):
        messages += [part for part in path.read_text().split("-" * 79) if "Subject:" in part]
    return messages
