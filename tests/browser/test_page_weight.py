"""Every public page stays light: at most 120 KB transferred, everything from the portal itself.

What is counted is what production sends. The live server under test serves static files
uncompressed through Django's static handler, whereas production serves them through WhiteNoise's
CompressedManifestStaticFilesStorage, which sends the gzip (or smaller brotli) file it made at
collectstatic to every browser that accepts it. So for each response: its headers as sent, plus
its body as sent when the server encoded it, else for a compressible static file (CSS, JavaScript,
SVG) the size of that body gzipped at level 9 (what WhiteNoise writes; brotli is smaller still),
else its body as sent (the HTML, which the portal does not compress, and the woff2 fonts, which
are compressed already).
"""

import gzip
from urllib.parse import urlsplit

import pytest

from tests.browser.conftest import PUBLIC_PAGES, is_local, open_public_page, requires_chromium

pytestmark = [requires_chromium, pytest.mark.browser]

MAX_BYTES = 120_000
COMPRESSIBLE = (".css", ".js", ".svg")


def transferred(response):
    sizes = response.request.sizes()
    path = urlsplit(response.url).path
    body = sizes["responseBodySize"]
    compressible = path.startswith("/static/") and path.endswith(COMPRESSIBLE)
    if compressible and response.status == 200 and "content-encoding" not in response.headers:
        body = len(gzip.compress(response.body(), compresslevel=9))
    return sizes["responseHeadersSize"] + body


def weigh(responses, files):
    """Add each loaded file's bytes to `files` (by URL, the largest of its loads: a second load may
    come from the cache); return the page's own HTML's bytes."""
    document = 0
    for response in responses:
        if response.request.resource_type == "document":
            document = transferred(response)
        else:
            files[response.url] = max(files.get(response.url, 0), transferred(response))
    responses.clear()
    return document


def test_every_public_page_weighs_at_most_120_kb_and_loads_nothing_from_another_host(new_context, cast):
    # A fresh browser context per page, so nothing is cached, as on a first visit. A page with its
    # errors (after sending its form empty) counts its own HTML and each file it loads once.
    weights, foreign = {}, {}
    for name, path, submit_empty in PUBLIC_PAGES:
        page = new_context().new_page()
        responses, files, requested = [], {}, []
        page.on("response", lambda response, responses=responses: responses.append(response))
        page.on("request", lambda request, requested=requested: requested.append(request.url))
        open_public_page(page, path, cast)
        page.wait_for_load_state("networkidle")
        document = weigh(responses, files)
        if submit_empty:
            with page.expect_navigation():
                page.locator("main form button[type=submit]").click()
            page.wait_for_load_state("networkidle")
            document = weigh(responses, files)
        weights[name] = document + sum(files.values())
        if offenders := [url for url in requested if not is_local(url)]:
            foreign[name] = offenders
        page.context.close()

    print("\n".join(f"{name}: {weight / 1000:.1f} kB" for name, weight in weights.items()))
    assert {name: weight for name, weight in weights.items() if weight > MAX_BYTES} == {}
    assert foreign == {}
