"""The benchmark server's additions (bench/settings.py): the bare view it measures the pages
against reads no database, and every response says how many SQL queries it took."""

from django.test import override_settings

BENCH_MIDDLEWARE = ["bench.querycount.QueryCountMiddleware"]


def test_the_bare_view_renders_the_layout_without_a_query(client, settings):
    # No database access is allowed in this test: a query would fail it.
    settings.ROOT_URLCONF = "bench.urls"
    settings.TEMPLATES = [
        {
            **settings.TEMPLATES[0],
            "DIRS": [*settings.TEMPLATES[0]["DIRS"], settings.BASE_DIR / "bench" / "templates"],
        }
    ]
    response = client.get("/__bench/bare/")
    assert response.status_code == 200
    assert "Én indgang til kommunen" in response.content.decode()


def test_every_response_counts_its_queries(client, settings, db):
    with override_settings(MIDDLEWARE=[*BENCH_MIDDLEWARE, *settings.MIDDLEWARE]):
        response = client.get("/virksomheder/")
    assert response.status_code == 200
    assert int(response["X-Bench-Queries"]) > 0
