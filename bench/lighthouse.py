"""Lighthouse's four scores for the public pages of a running portal, on a phone and a desktop.

    python3 dev.py serve                              # in one terminal (the Quick start)
    .venv/bin/python bench/lighthouse.py [BASE_URL]   # default http://127.0.0.1:8000

Needs Node.js: it runs `npx lighthouse@13.5.0` (or the `lighthouse` command named by the
LIGHTHOUSE environment variable) with Debian's Chromium. Scores are figures for the note, never a
test: they depend on the machine. Prints one line per page and form factor.
"""

import json
import os
import shlex
import subprocess
import sys
import tempfile

BASE_URL = (sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:8000").rstrip("/")
LIGHTHOUSE = shlex.split(os.environ.get("LIGHTHOUSE", "npx --yes lighthouse@13.5.0"))
CHROME_FLAGS = "--headless=new --no-sandbox --disable-gpu --no-first-run --disable-sync"
CATEGORIES = ["performance", "accessibility", "best-practices", "seo"]
PAGES = [
    "/",
    "/en/",
    "/kommuner/lejre/",
    "/kommuner/lejre/vejledning/start-en-socialoekonomisk-virksomhed/",
    "/start/?kommune=lejre",
    "/virksomheder/",
    "/virksomheder/?q=specalisterne",
    "/konto/log-ind/",
    "/konto/opret/",
    "/tilgaengelighed/",
    "/kommuner/lejre/privatliv/",
]


def scores(url, form_factor):
    with tempfile.NamedTemporaryFile(suffix=".json") as report:
        command = [
            *LIGHTHOUSE,
            url,
            "--quiet",
            "--output=json",
            f"--output-path={report.name}",
            f"--only-categories={','.join(CATEGORIES)}",
            f"--chrome-flags={CHROME_FLAGS}",
        ]
        if form_factor == "desktop":
            command.append("--preset=desktop")
        subprocess.run(command, check=True, env={**os.environ, "CHROME_PATH": "/usr/bin/chromium"})
        with open(report.name) as written:
            result = json.load(written)
    return {name: round(result["categories"][name]["score"] * 100) for name in CATEGORIES}


def main():
    print(f"{'page':<70} {'form':<8} " + " ".join(f"{c[:13]:>13}" for c in CATEGORIES))
    for path in PAGES:
        for form_factor in ("mobile", "desktop"):
            got = scores(BASE_URL + path, form_factor)
            print(f"{path:<70} {form_factor:<8} " + " ".join(f"{got[c]:>13}" for c in CATEGORIES))


if __name__ == "__main__":
    main()
