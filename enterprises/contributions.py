"""What the registry adds to portal's pages (see kit.contributions)."""

from enterprises.demo_loader import EnterprisesDemo
from enterprises.sitemaps import EnterpriseSitemap
from kit.contributions import ACCOUNT_HOME, Section

PAGE_SECTIONS = [
    # Every signed-in person may keep an enterprise's profile: the section is there for all.
    Section(ACCOUNT_HOME, "enterprises/account/_home_section.html"),
]

SITEMAPS = {"enterprises": EnterpriseSitemap}

DEMO_LOADER = EnterprisesDemo
