"""The portal under a real server, measured against a bare Django view served the same way.

    .venv/bin/python bench/load.py [--clients 1 8 32] [--duration 5] [--pages home directory_search ...]
                                   [--json FILE] [--compare OLD.json [--threshold 0.15]] [--digests]

What it does, in order:

1. Migrates a PostgreSQL database (`indgangen_bench` on 127.0.0.1, or BENCH_DATABASE_URL) and fills
   it with the data of bench/scale.py unless it is there already (a second run reuses it): the demo
   data of every app, and production scale times `--factor` (default 1): 98 municipalities, 10,000
   enterprises, 100,000 cases (20,000 in the staff member's Roskilde), 10,000 notices, 2,000
   agreements, 3,000 mentor offers, 5,000 events with 50,000 registrations; about two minutes the
   first time. A database filled at one factor is reused at another: drop it to change the scale.
2. Collects the static files and starts the portal as production runs it: gunicorn with 2 sync
   workers, DEBUG off, manifest static files, Redis (db 14 of 127.0.0.1, or BENCH_REDIS_URL, emptied
   first) for the cache, the rate limits and the Celery broker, and a Celery worker that delivers
   the intake's mail. The settings are bench/settings.py: the portal's own, plus the bare view at
   /__bench/bare/ (a template in the portal's layout, the same middleware, no database) and a count
   of each response's SQL queries in a header.
3. For each number of concurrent clients and each page: wrk on the bare view, then wrk on the page,
   for `--duration` seconds each, so that the two are measured side by side in the same minute. A
   page with several addresses (the searches) cycles through them.
4. Prints, per page, req/s, p50/p95/p99, the ratio to the bare view's req/s and the SQL queries per
   request, then the issue's targets at 8 clients with "ok" or "MISSED"; stores everything as JSON
   (bench/results/, or `--json`). `--compare OLD.json` flags every page whose ratio (or, for the
   intake and the admin, p95) is worse than OLD's by more than `--threshold`, and exits 1 if any is.

`--digests` also runs bench/procurement.py with 10,000 subscribers and 200 notices.
Needs Debian's `wrk` (apt-get install wrk), PostgreSQL and Redis.
"""

import argparse
import datetime
import json
import os
import platform
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
BIN = Path(sys.executable).parent
RESULTS = ROOT / "bench" / "results"

# Each page: its name in targets() (a path, or a list of paths), its kind, and the expected status.
PAGES = [
    ("home", "cacheable"),
    ("home_en", "cacheable"),
    ("municipality", "cacheable"),
    ("guide", "cacheable"),
    ("municipal_guide", "cacheable"),
    ("profile", "cacheable"),
    ("notice", "cacheable"),
    ("agreement", "cacheable"),
    ("event", "cacheable"),
    ("mentor", "cacheable"),
    ("directory", "cacheable"),
    ("notices", "cacheable"),
    ("agreements", "cacheable"),
    ("events", "cacheable"),
    ("mentors", "cacheable"),
    ("directory_searches", "search"),
    # Searches asked once each (bench/scale.py's new_searches): what one costs the page cache never keeps.
    ("directory_searches_new", "search_new"),
    ("notice_searches", "search"),
    ("mentor_searches", "search"),
    ("intake", "intake"),
    ("admin_queue", "admin"),
    ("admin_queue_all", "admin"),
]
# The targets, at 8 clients.
TARGET_CLIENTS = 8
CACHEABLE_RATIO = 0.8
SEARCH_RATIO = 0.25
INTAKE_P95_MS = 100
INTAKE_RATE = 50
ADMIN_P95_MS = 150

STAFF_COOKIE = "sessionid"


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, nargs="+", default=[1, 8, 32])
    parser.add_argument("--duration", type=int, default=5, help="seconds of wrk per page and per bare run")
    parser.add_argument("--pages", nargs="+", help="only these pages (names as printed)")
    parser.add_argument(
        "--factor", type=float, default=1.0, help="scale of the data, passed on to bench/scale.py"
    )
    parser.add_argument("--port", type=int, default=8150)
    parser.add_argument("--json", type=Path, help="where to store the figures")
    parser.add_argument("--compare", type=Path, help="earlier figures to compare with")
    parser.add_argument(
        "--threshold", type=float, default=0.15, help="relative worsening flagged by --compare"
    )
    parser.add_argument("--digests", action="store_true", help="also time digests of 10,000 subscribers")
    args = parser.parse_args()
    if not shutil.which("wrk"):
        sys.exit("bench/load.py needs wrk: apt-get install wrk")

    database_url = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/indgangen_bench")
    redis_url = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/14")
    work = Path(tempfile.mkdtemp(prefix="indgangen-bench-"))
    env = server_environment(database_url, redis_url, args.port, work)

    create_database(database_url)
    step("migrating", [PYTHON, "manage.py", "migrate", "--verbosity", "0"], env)
    step("compiling translations", [PYTHON, "manage.py", "compilemessages", "--verbosity", "0"], env)
    print(f"populating (factor {args.factor}; reused when already there)", flush=True)
    output = subprocess.run(
        [PYTHON, "bench/scale.py", "--factor", str(args.factor)],
        cwd=ROOT,
        env=env,
        check=True,
        stdout=subprocess.PIPE,
        text=True,
    ).stdout
    targets = json.loads(output[output.index("{") :])
    step(
        "collecting static files",
        [PYTHON, "manage.py", "collectstatic", "--noinput", "--verbosity", "0"],
        env,
    )
    empty_redis(redis_url)

    processes = []
    try:
        processes.append(start(server_command(args.port), env, work / "gunicorn.log"))
        processes.append(
            start(
                [BIN / "celery", "-A", "portal", "worker", "-c", "1", "-l", "WARNING"],
                env,
                work / "worker.log",
            )
        )
        base = f"http://127.0.0.1:{args.port}"
        wait_for(f"{base}/healthz")
        results = run_pages(base, targets, args, work)
    finally:
        for process in processes:
            stop(process)
    digests = run_digests(env) if args.digests else None

    print_table(results)
    verdicts = check_targets(results)
    figures = {
        "meta": {
            "date": datetime.datetime.now().isoformat(timespec="seconds"),
            "commit": git("rev-parse", "--short", "HEAD"),
            "dirty": bool(git("status", "--porcelain")),
            "machine": f"{platform.node()}, {os.cpu_count()} cores, Python {platform.python_version()}",
            "server": "gunicorn, 2 sync workers, DEBUG off",
            "duration_s": args.duration,
            "factor": args.factor,
        },
        "results": results,
        "targets": verdicts,
        "digests": digests,
    }
    path = args.json or RESULTS / f"{datetime.datetime.now():%Y%m%d-%H%M%S}.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(figures, indent=2, ensure_ascii=False) + "\n")
    print(f"\nfigures stored in {path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}")
    shutil.rmtree(work, ignore_errors=True)
    if args.compare:
        regressions = compare(json.loads(args.compare.read_text()), figures, args.threshold)
        sys.exit(1 if regressions else 0)


# --- The servers -----------------------------------------------------------------------------


def server_environment(database_url, redis_url, port, work):
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "DATABASE_", "REDIS_", "S3_"))
    }
    env.update(
        DJANGO_SETTINGS_MODULE="bench.settings",
        DEBUG="false",
        SECRET_KEY="bench-only-" + "x" * 50,
        ALLOWED_HOSTS="127.0.0.1,localhost",
        SITE_URL=f"http://127.0.0.1:{port}",
        SECURE_SSL_REDIRECT="false",
        DATABASE_URL=database_url,
        REDIS_URL=redis_url,
        STATIC_ROOT=str(ROOT / "var" / "bench-static"),
        MEDIA_ROOT=str(work / "media"),
        PRIVATE_MEDIA_ROOT=str(work / "private"),
        DEFAULT_FROM_EMAIL="Indgangen <noreply@indgangen.localhost>",
        EMAIL_BACKEND="locmem",
        LOG_LEVEL="WARNING",
        # The load generator is one address sending thousands of intakes an hour.
        INTAKE_LIMIT_PER_HOUR="100000000",
        LOGIN_FAILURE_LIMIT="1000",
    )
    return env


def server_command(port):
    return [
        BIN / "gunicorn",
        "portal.wsgi:application",
        "--workers",
        "2",
        "--worker-class",
        "sync",
        "--bind",
        f"127.0.0.1:{port}",
        "--log-level",
        "warning",
    ]


def create_database(url):
    import psycopg

    parts = urllib.parse.urlsplit(url)
    name = parts.path.lstrip("/")
    admin = urllib.parse.urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as connection:
        if not connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            connection.execute(f'CREATE DATABASE "{name}"')


def empty_redis(url):
    import redis

    redis.Redis.from_url(url).flushdb()


def step(what, command, env):
    print(what, flush=True)
    subprocess.run([str(part) for part in command], cwd=ROOT, env=env, check=True)


def start(command, env, log):
    handle = log.open("w")
    return subprocess.Popen(
        [str(part) for part in command],
        cwd=ROOT,
        env=env,
        stdout=handle,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )


def stop(process):
    try:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=20)
    except (ProcessLookupError, subprocess.TimeoutExpired):
        os.killpg(process.pid, signal.SIGKILL)


def wait_for(url, seconds=60):
    deadline = time.monotonic() + seconds
    while True:
        try:
            with urllib.request.urlopen(url, timeout=5):
                return
        except OSError:
            if time.monotonic() > deadline:
                raise SystemExit(f"{url} did not answer within {seconds} s") from None
            time.sleep(0.5)


def git(*args):
    return subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True).stdout.strip()


# --- HTTP without following redirects or dropping Secure cookies ---------------------------------


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


OPENER = urllib.request.build_opener(NoRedirect)


def fetch(url, *, cookies=None, data=None):
    """(status, headers, body, cookies set) of one request; the cookies as a dict."""
    headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in (cookies or {}).items())} if cookies else {}
    body = urllib.parse.urlencode(data).encode() if data is not None else None
    request = urllib.request.Request(url, data=body, headers=headers)
    try:
        response = OPENER.open(request, timeout=60)
    except urllib.error.HTTPError as error:
        response = error
    with response:
        content = response.read().decode("utf-8", "replace")
        set_cookies = {}
        for header in response.headers.get_all("Set-Cookie") or []:
            name, _, rest = header.partition("=")
            set_cookies[name.strip()] = rest.split(";", 1)[0]
        return response.status, response.headers, content, set_cookies


def csrf(url, cookies=None):
    """The CSRF cookie and the form's token, from a GET of the form's page."""
    status, _, content, set_cookies = fetch(url, cookies=cookies)
    if status != 200:
        raise SystemExit(f"{url}: HTTP {status}")
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', content).group(1)
    return {**(cookies or {}), **set_cookies}, token


def log_in(base, credentials):
    cookies, token = csrf(f"{base}/admin/login/")
    status, _, _, set_cookies = fetch(
        f"{base}/admin/login/",
        cookies=cookies,
        data={**credentials, "csrfmiddlewaretoken": token, "next": "/admin/"},
    )
    if status != 302 or STAFF_COOKIE not in set_cookies:
        raise SystemExit(f"could not log in as {credentials['username']} (HTTP {status})")
    return {**cookies, **set_cookies}


# --- Driving the pages -----------------------------------------------------------------------


def run_pages(base, targets, args, work):
    chosen = [(name, kind) for name, kind in PAGES if not args.pages or name in args.pages]
    staff = log_in(base, targets["staff"])
    superuser = log_in(base, targets["superuser"])
    bare = Job("bare", "bare", ["/__bench/bare/"], 200, None, None)
    jobs = []
    for name, kind in chosen:
        if kind == "intake":
            intake = targets["intake"]
            cookies, token = csrf(base + intake["path"])
            email_field = intake.get("email_field", "applicant_email")
            fields = {**intake["fields"], "csrfmiddlewaretoken": token, email_field: "EMAIL"}
            body = urllib.parse.urlencode(fields, doseq=True)
            body = body.replace("EMAIL", "bench-{n}%40example.dk")
            jobs.append(Job(name, kind, [intake["path"]], 303, cookies, body))
        elif kind == "admin":
            cookies = superuser if name.endswith("_all") else staff
            jobs.append(Job(name, kind, ["/admin/counselling/case/"], 200, cookies, None))
        else:
            paths = targets[name] if isinstance(targets[name], list) else [targets[name]]
            jobs.append(Job(name, kind, paths, 200, None, None))
    for job in jobs:
        job.queries = count_queries(base, job)
    results = []
    for clients in args.clients:
        print(f"\n{clients} concurrent client{'s' if clients > 1 else ''}", flush=True)
        for job in jobs:
            yardstick = wrk(base, bare, clients, args.duration, work)
            figures = wrk(base, job, clients, args.duration, work)
            result = {
                "page": job.name,
                "kind": job.kind,
                "clients": clients,
                **figures,
                "bare_rps": yardstick["rps"],
                "bare_p95_ms": yardstick["p95_ms"],
                "ratio": round(figures["rps"] / yardstick["rps"], 3) if yardstick["rps"] else 0,
                "queries": job.queries,
            }
            print_row(result)
            results.append(result)
    return results


class Job:
    def __init__(self, name, kind, paths, expected, cookies, body):
        self.name, self.kind, self.expected = name, kind, expected
        # As a browser sends them: non-ASCII characters of a query percent-encoded.
        self.paths = [urllib.parse.quote(path, safe="/?=&%+:;,") for path in paths]
        self.cookies, self.body = cookies, body
        self.queries = []


def count_queries(base, job):
    """The SQL queries of each address once cold and once warm (the second request), as the
    distinct counts seen; for a POST only the first."""
    if job.body is not None:
        data = dict(urllib.parse.parse_qsl(job.body.replace("{n}", "count")))
        status, headers, _, _ = fetch(base + job.paths[0], cookies=job.cookies, data=data)
        if status != job.expected:
            raise SystemExit(f"{job.name}: the form was not accepted (HTTP {status})")
        return [int(headers["X-Bench-Queries"])]
    counts = set()
    paths, times = job.paths, 2
    if job.kind == "search_new":
        # Searches to be asked once only: a few are counted (once), and left out of the run.
        paths, times = job.paths[:3], 1
        job.paths = job.paths[3:]
    for path in paths:
        for _ in range(times):
            status, headers, _, _ = fetch(base + path, cookies=job.cookies)
            if status != job.expected:
                raise SystemExit(f"{job.name}: {path} answered HTTP {status}")
            counts.add(int(headers["X-Bench-Queries"]))
    return sorted(counts)


def wrk(base, job, clients, duration, work):
    paths_file = work / f"{job.name}.paths"
    paths_file.write_text("\n".join(job.paths) + "\n")
    body_file = ""
    if job.body is not None:
        body_file = work / f"{job.name}.body"
        body_file.write_text(job.body)
    cookie = "; ".join(f"{k}={v}" for k, v in (job.cookies or {}).items())
    command = [
        "wrk",
        "--threads",
        str(min(clients, 2)),
        "--connections",
        str(clients),
        "--duration",
        f"{duration}s",
        "--timeout",
        "30s",
        "--latency",
        "--script",
        str(ROOT / "bench" / "wrk.lua"),
        base + job.paths[0],
        "--",
        str(paths_file),
        str(job.expected),
        cookie,
        str(body_file),
    ]
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    raw = json.loads(output.strip().splitlines()[-1])
    seconds = raw["duration_us"] / 1e6
    errors = sum(raw[key] for key in ("connect_errors", "read_errors", "write_errors", "timeouts"))
    return {
        "rps": round(raw["requests"] / seconds, 1),
        "p50_ms": round(raw["p50_us"] / 1000, 2),
        "p95_ms": round(raw["p95_us"] / 1000, 2),
        "p99_ms": round(raw["p99_us"] / 1000, 2),
        "requests": raw["requests"],
        "errors": errors + raw["unexpected_status"],
    }


# --- Reporting -------------------------------------------------------------------------------

HEADER = (
    f"{'page':22} {'clients':>7} {'req/s':>8} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} "
    f"{'bare/s':>8} {'ratio':>6} {'errors':>6}  queries"
)


def print_row(result):
    if not getattr(print_row, "headed", False):
        print(HEADER)
        print_row.headed = True
    print(
        f"{result['page']:22} {result['clients']:7} {result['rps']:8.1f} {result['p50_ms']:8.2f} "
        f"{result['p95_ms']:8.2f} {result['p99_ms']:8.2f} {result['bare_rps']:8.1f} {result['ratio']:6.2f} "
        f"{result['errors']:6}  {','.join(map(str, result['queries']))}",
        flush=True,
    )


def print_table(results):
    print("\n" + HEADER)
    for result in sorted(results, key=lambda r: (r["clients"], PAGE_ORDER.get(r["page"], 99))):
        print_row(result)


PAGE_ORDER = {name: index for index, (name, _) in enumerate(PAGES)}


def check_targets(results):
    """The issue's targets at 8 clients: (page, target, figure, met)."""
    verdicts = []
    for result in results:
        if result["clients"] != TARGET_CLIENTS:
            continue
        kind = result["kind"]
        if kind == "cacheable":
            checks = [(f"ratio >= {CACHEABLE_RATIO}", result["ratio"], result["ratio"] >= CACHEABLE_RATIO)]
        elif kind == "search":
            checks = [(f"ratio >= {SEARCH_RATIO}", result["ratio"], result["ratio"] >= SEARCH_RATIO)]
        elif kind == "intake":
            checks = [
                (f"p95 <= {INTAKE_P95_MS} ms", result["p95_ms"], result["p95_ms"] <= INTAKE_P95_MS),
                (f">= {INTAKE_RATE}/s", result["rps"], result["rps"] >= INTAKE_RATE),
                ("0 errors", result["errors"], result["errors"] == 0),
            ]
        elif kind == "search_new":
            continue  # no target of its own: the figure shows what a search nobody asked before costs
        else:
            checks = [(f"p95 <= {ADMIN_P95_MS} ms", result["p95_ms"], result["p95_ms"] <= ADMIN_P95_MS)]
        for target, figure, met in checks:
            verdicts.append({"page": result["page"], "target": target, "figure": figure, "met": met})
    if verdicts:
        print(f"\ntargets at {TARGET_CLIENTS} clients")
        for verdict in verdicts:
            met = "ok" if verdict["met"] else "MISSED"
            print(f"  {verdict['page']:22} {verdict['target']:18} {verdict['figure']:>10}  {met}")
    return verdicts


def compare(old, new, threshold):
    """Flags what got worse than `old` by more than `threshold` (relative): a page's ratio to the bare
    view, or the p95 of the intake and the admin. Returns the regressions."""
    before = {(r["page"], r["clients"]): r for r in old["results"]}
    regressions = []
    print(f"\ncompared with {old['meta']['commit']} of {old['meta']['date']} (threshold {threshold:.0%})")
    for result in new["results"]:
        earlier = before.get((result["page"], result["clients"]))
        if earlier is None:
            continue
        if result["kind"] in ("intake", "admin"):
            worse = result["p95_ms"] > earlier["p95_ms"] * (1 + threshold)
            change = f"p95 {earlier['p95_ms']:.1f} -> {result['p95_ms']:.1f} ms"
        else:
            worse = result["ratio"] < earlier["ratio"] * (1 - threshold)
            change = f"ratio {earlier['ratio']:.2f} -> {result['ratio']:.2f}"
        if worse:
            regressions.append(result)
        marker = "REGRESSION" if worse else ""
        print(f"  {result['page']:22} {result['clients']:3} clients  {change:30} {marker}")
    print(f"{len(regressions)} regression{'s' if len(regressions) != 1 else ''}")
    return regressions


def run_digests(env):
    print("\ndigests: bench/procurement.py --subscribers 10000 --notices 200", flush=True)
    output = subprocess.run(
        [PYTHON, "bench/procurement.py", "--subscribers", "10000", "--notices", "200"],
        cwd=ROOT,
        env={**env, "DJANGO_SETTINGS_MODULE": "portal.settings"},
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    print(output)
    return output


if __name__ == "__main__":
    main()
