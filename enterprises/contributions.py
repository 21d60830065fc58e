"""What the registry adds to portal's pages (see kit.contributions)."""

from enterprises.admin_overview import review_overview
from enterprises.demo_loader import EnterprisesDemo
from enterprises.sitemaps import EnterpriseSitemap
from kit.contributions import ACCOUNT_HOME, ADMIN_INDEX, Section

PAGE_SECTIONS = [
    # Every signed-in person may keep an enterprise's profile: the section is there for all.
    Section(ACCOUNT_HOME, "enterprises/account/_home_section.html"),
    Section(
        ADMIN_INDEX,
        "admin/enterprises/review_overview.html",
        review_overview,
        stylesheets=("kit/admin_index.css",),
    ),
]

SITEMAPS = {"enterprises": EnterpriseSitemap}

DEMO_LOADER = EnterprisesDemo
