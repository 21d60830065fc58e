"""Chromium, driven by Playwright, against pytest-django's live server.

One browser for the whole session; a fresh context (cookies, storage) and page for every test.
The data is the demo data (`manage.py load_demo`) when that command exists, otherwise the same
cast built here from the seeds, plus a representative and a Roskilde staff member to log in as.
"""

import datetime
import importlib
import importlib.util
import io
import os
import shutil
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.core.management import call_command, get_commands
from django.db import transaction

from counselling.models import CounsellingSettings
from portal.models import ContactPerson, Guide, Municipality, OpeningHours
from portal.roles import CONTACT_PERSON
from tests.conftest import PASSWORD, make_user

# Playwright's sync API runs an asyncio event loop in the test thread for the whole session, and
# Django's ORM refuses to run in a thread with a running loop. Every test run after the browser
# starts needs this, not only the browser tests, so it is set for the process, before any query.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]

HAS_PLAYWRIGHT = all(
    importlib.util.find_spec(name) is not None for name in ("playwright", "axe_playwright_python")
)
HAS_CHROMIUM = CHROMIUM.exists() and shutil.which(str(CHROMIUM)) is not None

requires_chromium = pytest.mark.skipif(
    not (HAS_PLAYWRIGHT and HAS_CHROMIUM),
    reason=(
        "needs Debian's chromium at /usr/bin/chromium: apt-get install chromium"
        if HAS_PLAYWRIGHT
        else "needs playwright and axe-playwright-python: pip install -e '.[dev]'"
    ),
)

if HAS_PLAYWRIGHT:
    from playwright.sync_api import expect
else:  # every test module is skipped by `requires_chromium`
    expect = None

#: Hosts a page may load anything from: the live server itself.
LOCAL_HOSTS = {"localhost", "127.0.0.1", "::1"}

#: Every public page: (id, path, submit the form empty first). `{guide}` is a national guide's slug.
PUBLIC_PAGES = [
    ("home", "/", False),
    ("home-en", "/en/", False),
    ("municipality", "/kommuner/roskilde/", False),
    ("municipality-en", "/en/kommuner/roskilde/", False),
    ("guide", "/vejledning/{guide}/", False),
    ("guide-en", "/en/vejledning/{guide}/", False),
    ("guide-from-municipality", "/kommuner/roskilde/vejledning/{guide}/", False),
    ("picker-empty", "/kommuner/?kommune=", False),
    ("picker-empty-en", "/en/kommuner/?kommune=", False),
    ("privacy", "/kommuner/roskilde/privatliv/", False),
    ("privacy-en", "/en/kommuner/roskilde/privatliv/", False),
    ("accessibility-statement", "/tilgaengelighed/", False),
    ("accessibility-statement-en", "/en/tilgaengelighed/", False),
    ("not-found", "/kommuner/nope/", False),
    ("not-found-en", "/en/kommuner/nope/", False),
    ("login", "/konto/log-ind/", False),
    ("login-en", "/en/konto/log-ind/", False),
    ("signup", "/konto/opret/", False),
    ("signup-errors", "/konto/opret/", True),
    ("signup-errors-en", "/en/konto/opret/", True),
    ("signup-done", "/konto/opret/tjek-din-mail/", False),
    ("confirm-bad-token", "/konto/bekraeft/MA/bad-token/", False),
    ("password-reset", "/konto/nulstil-adgangskode/", False),
    ("password-reset-errors", "/konto/nulstil-adgangskode/", True),
    ("password-reset-sent", "/konto/nulstil-adgangskode/sendt/", False),
    ("password-reset-bad-token", "/konto/nulstil-adgangskode/MA/bad-token/", False),
    ("intake", "/start/?kommune=roskilde", False),
    ("intake-en", "/en/start/", False),
    ("intake-errors", "/start/", True),
    ("intake-errors-en", "/en/start/", True),
    ("case-bad-token", "/sag/not-a-real-token/", False),
    ("case-bad-token-en", "/en/sag/not-a-real-token/", False),
    ("case-link-request", "/sag/nyt-link/", False),
    ("case-link-request-errors", "/sag/nyt-link/", True),
    ("case-link-request-errors-en", "/en/sag/nyt-link/", True),
    ("procurement", "/udbud/", False),
    ("procurement-en", "/en/udbud/", False),
    ("procurement-bad-filters", "/udbud/?cpv=abc&kommune=nope&aaben=on", False),
    ("partnerships", "/partnerskaber/", False),
    ("partnerships-en", "/en/partnerskaber/", False),
    ("partnerships-results", "/partnerskaber/resultater/", False),
    ("partnerships-results-en", "/en/partnerskaber/resultater/", False),
    ("partnerships-results-bad-filters", "/partnerskaber/resultater/?kommune=nope&aar=1999", False),
]


def public_pages():
    return [pytest.param(path, submit_empty, id=name) for name, path, submit_empty in PUBLIC_PAGES]


# --- The browser -------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def playwright():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        yield playwright


@pytest.fixture(scope="session")
def browser(playwright):
    browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
    yield browser
    browser.close()


@pytest.fixture
def new_context(browser, live_server):
    """Make a browser context on the live server; all are closed after the test."""
    contexts = []

    def new_context(**kwargs):
        context = browser.new_context(base_url=live_server.url, locale="da-DK", **kwargs)
        # Local pages answer in milliseconds; a page that takes longer is a failure worth seeing soon.
        context.set_default_timeout(10_000)
        contexts.append(context)
        return context

    yield new_context
    for context in contexts:
        context.close()


@pytest.fixture
def page(new_context):
    return new_context().new_page()


# --- The data ----------------------------------------------------------------------------------


@dataclass
class Cast:
    roskilde: Municipality
    lejre: Municipality
    guide: Guide
    representative: object
    roskilde_staff: object

    @property
    def roskilde_public_contacts(self):
        return list(ContactPerson.objects.filter(municipality=self.roskilde, is_public=True))

    @property
    def roskilde_private_contacts(self):
        return list(ContactPerson.objects.filter(municipality=self.roskilde, is_public=False))

    @property
    def lejre_contacts(self):
        return list(ContactPerson.objects.filter(municipality=self.lejre))


@pytest.fixture
def cast(transactional_db, migration_groups):
    if "load_demo" in get_commands():
        # DEBUG is off under pytest, so load_demo wants a password that passes the validators.
        call_command("load_demo", "portal", password=PASSWORD, stdout=io.StringIO())
    else:
        _build_seed_cast()
    roskilde = Municipality.objects.get(code="265")
    lejre = Municipality.objects.get(code="350")
    national = Guide.objects.national()
    guide = national.filter(topic=Guide.Topic.START).first() or national.first()
    assert guide is not None, "the browser tests need a published national guide"
    # A username unlike the address, so that logging in by email really goes through the email.
    representative = make_user(
        username="rikke-holm",
        email="rikke@social-kaffe.example",
        first_name="Rikke",
        last_name="Holm",
    )
    roskilde_staff = make_user(
        username="roskilde-browser",
        email="browser@roskilde.example",
        first_name="Rosa",
        last_name="Kilde",
        is_staff=True,
        municipality=roskilde,
        groups=[CONTACT_PERSON],
    )
    return Cast(roskilde, lejre, guide, representative, roskilde_staff)


MON, TUE, WED, THU, FRI = range(5)

# Roskilde's hours as in seed 002 (Roskilde's strategy, appendix 2).
ROSKILDE_HOURS = {
    OpeningHours.Kind.VISIT: [
        ((MON, TUE, WED), "10:00", "15:00"),
        ((THU,), "10:00", "18:00"),
        ((FRI,), "10:00", "13:00"),
    ],
    OpeningHours.Kind.PHONE: [
        ((MON, TUE, WED), "08:00", "15:00"),
        ((THU,), "10:00", "18:00"),
        ((FRI,), "08:00", "13:00"),
    ],
}

GUIDES = [
    (
        Guide.Topic.START,
        "start-en-socialoekonomisk-virksomhed",
        "Start en socialøkonomisk virksomhed",
        "Start a social-economy enterprise",
    ),
    (Guide.Topic.FUNDING, "finansiering-og-puljer", "Finansiering og puljer", "Funding and pools"),
    (
        Guide.Topic.PARTNERSHIP,
        "partnerskab-med-kommunen",
        "Partnerskab med kommunen",
        "Partnership with the municipality",
    ),
    (Guide.Topic.RSV, "registrering-som-rsv", "Registrering som RSV", "Registering as an RSV"),
]


# Headings, a list, a link and a table: the Markdown a guide author uses.
GUIDE_BODY = """## Sådan kommer du i gang

1. Ring til din kontaktperson.
2. Læs [Erhvervsstyrelsens vejledning](https://www.example.org/{slug}).

| Trin | Hvem |
| --- | --- |
| Afklaring | Kommunen |
"""
GUIDE_BODY_EN = """## How to begin

1. Call your contact person.
2. Read [the Danish Business Authority's guide](https://www.example.org/{slug}).

| Step | Who |
| --- | --- |
| Clarification | The municipality |
"""


@transaction.atomic
def _build_seed_cast():
    """What `load_demo` would make, reduced to what the browser tests look at."""
    roskilde = Municipality.objects.create(
        name="Roskilde",
        code="265",
        slug="roskilde",
        address="Rådhusbuen 1, 4000 Roskilde",
        phone="46 31 30 00",
        email="kommunen@roskilde.dk",
        website="https://www.roskilde.dk",
        intro="Roskilde Kommune tilbyder kvalificeret vejledning i virksomhedsetablering.",
        intro_en="Roskilde Municipality offers qualified guidance on setting up an enterprise.",
    )
    CounsellingSettings.objects.create(municipality=roskilde, response_days=3)
    for kind, ranges in ROSKILDE_HOURS.items():
        for weekdays, opens, closes in ranges:
            for weekday in weekdays:
                OpeningHours.objects.create(
                    municipality=roskilde,
                    kind=kind,
                    weekday=weekday,
                    opens=datetime.time.fromisoformat(opens),
                    closes=datetime.time.fromisoformat(closes),
                )
    ContactPerson.objects.create(
        municipality=roskilde,
        name="Jakob Lund Madsen",
        title="Erhvervskonsulent, socialøkonomi",
        areas=["startup", "business", "funding"],
        email="jakob.lund.madsen@roskilde.example",
        phone="46 31 30 00",
        position=1,
    )
    ContactPerson.objects.create(
        municipality=roskilde,
        name="Camilla Friis",
        title="Virksomhedskonsulent, Jobcenter Roskilde",
        areas=["jobcenter", "partnership"],
        email="camilla.friis@roskilde.example",
        is_example=True,
        position=2,
    )
    ContactPerson.objects.create(
        municipality=roskilde,
        name="Birgitte Skov",
        title="Chef for Erhverv og Udvikling",
        areas=["business"],
        is_public=False,
        position=3,
    )
    lejre = Municipality.objects.create(name="Lejre", code="350", slug="lejre", phone="46 46 46 46")
    ContactPerson.objects.create(
        municipality=lejre, name="Mette Kragh Jensen", title="Erhvervskonsulent", areas=["startup"]
    )
    for topic, slug, title, title_en in GUIDES:
        Guide.objects.create(
            topic=topic,
            slug=slug,
            title=title,
            title_en=title_en,
            summary=f"Kort om {title.lower()}.",
            summary_en=f"In short: {title_en.lower()}.",
            body=GUIDE_BODY.format(slug=slug),
            body_en=GUIDE_BODY_EN.format(slug=slug),
        )


# --- Helpers -----------------------------------------------------------------------------------


def open_public_page(page, path, cast, submit_empty=False):
    """Open one of `PUBLIC_PAGES`; with `submit_empty`, send its form empty so the errors show."""
    response = page.goto(path.format(guide=cast.guide.slug))
    if submit_empty:
        with page.expect_navigation():
            page.locator("main form button[type=submit]").click()
    return response


def run_axe(page):
    """axe-core's violations on the page as it is now (the script is injected, not fetched)."""
    from axe_playwright_python.sync_playwright import Axe

    return Axe().run(page).response["violations"]


def assert_no_violations(page, where, *, impacts=None):
    """Fail on any axe violation on the page (public pages: every finding is a visitor blocked
    somewhere); with `impacts`, only on those ("serious", "critical" for the admin's own markup)."""
    violations = run_axe(page)
    if impacts is not None:
        print(describe_violations([v for v in violations if v["impact"] not in impacts]))
        violations = [v for v in violations if v["impact"] in impacts]
    assert not violations, f"axe-core on {where} ({page.url}):\n{describe_violations(violations)}"


def is_local(url):
    """A URL the page may load: the live server, or inline data."""
    parts = urlsplit(url)
    if parts.scheme in ("data", "blob", "about"):
        return True
    return parts.scheme in ("http", "https", "ws", "wss") and parts.hostname in LOCAL_HOSTS


def describe_violations(violations):
    """axe violations as text a template author can act on: rule, impact, help, and each element."""
    lines = []
    for violation in violations:
        rule, impact, help_text = violation["id"], violation["impact"], violation["help"]
        lines.append(f"{rule} ({impact}): {help_text} <{violation['helpUrl']}>")
        for node in violation["nodes"]:
            lines.append(f"    {' '.join(map(str, node['target']))}: {node['html'][:200]}")
            summary = (node.get("failureSummary") or "").replace("\n", " ")
            if summary:
                lines.append(f"        {summary[:300]}")
    return "\n".join(lines)
