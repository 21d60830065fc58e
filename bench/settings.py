"""Settings for the benchmark server (bench/load.py): the portal's own, as production runs them,
with two additions that do not touch the pages' work: the bare Django view the pages are measured
against (bench/urls.py), and a count of each response's SQL queries in an `X-Bench-Queries` header
(bench/querycount.py)."""

from portal.settings import *  # noqa: F403
from portal.settings import BASE_DIR, MIDDLEWARE, TEMPLATES

ROOT_URLCONF = "bench.urls"
# Outermost, so that the queries of every middleware (sessions, log-in) are counted too.
MIDDLEWARE = ["bench.querycount.QueryCountMiddleware", *MIDDLEWARE]
TEMPLATES[0]["DIRS"] = [*TEMPLATES[0]["DIRS"], BASE_DIR / "bench" / "templates"]
