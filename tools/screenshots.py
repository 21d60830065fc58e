"""The README's screenshots, taken of the running Quick start.

    python3 dev.py serve            # in one terminal
    .venv/bin/python tools/screenshots.py [BASE_URL]

Writes small PNGs (the first screen only, not the whole page) to docs/screenshots/. It reads the
Quick start's database for a demo case's private link and logs in as the demo users with the
development password, so it works only against the Quick start's demo data.
"""

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "docs" / "screenshots"
BASE_URL = (sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:8000").rstrip("/")
CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def demo_case_path():
    """The private page of Lejre's newest demo case, from the Quick start's database."""
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
    import django

    django.setup()
    from counselling.models import Case

    case = (
        Case.objects.filter(municipality__slug="lejre", access_token__isnull=False)
        .order_by("-created_at")
        .first()
    )
    if case is None:
        sys.exit("No demo case with a private link: run `python3 dev.py serve` first.")
    return f"/sag/{case.access_token}/"


def main():
    from playwright.sync_api import sync_playwright

    case_path = demo_case_path()
    OUT.mkdir(parents=True, exist_ok=True)
    shots = [
        # (file, path, width, height, log in as)
        ("municipality-360.png", "/kommuner/lejre/", 360, 740, None),
        ("intake-1280.png", "/start/?kommune=lejre", 1280, 900, None),
        ("case-page-360.png", case_path, 360, 740, None),
        ("queue-1280.png", "/admin/counselling/case/", 1280, 800, "demo-lejre"),
    ]
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        for name, path, width, height, user in shots:
            context = browser.new_context(viewport={"width": width, "height": height}, locale="da-DK")
            page = context.new_page()
            if user:
                page.goto(f"{BASE_URL}/admin/login/")
                page.fill("#id_username", user)
                page.fill("#id_password", "demo")
                page.click("input[type=submit], button[type=submit]")
            page.goto(f"{BASE_URL}{path}")
            page.screenshot(path=OUT / name, type="png")
            print(f"{OUT / name}: {(OUT / name).stat().st_size // 1024} KB")
            context.close()
        browser.close()


if __name__ == "__main__":
    main()
