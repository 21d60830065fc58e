"""What partnerships adds to portal's pages (see kit.contributions)."""

from kit.contributions import ACCOUNT_HOME, ADMIN_INDEX, Section
from partnerships.admin_overview import index_section
from partnerships.demo_loader import PartnershipsDemo

PAGE_SECTIONS = [
    Section(ACCOUNT_HOME, "partnerships/_account_section.html"),
    Section(
        ADMIN_INDEX,
        "partnerships/_admin_index_section.html",
        index_section,
        stylesheets=("kit/admin_index.css",),
    ),
]

DEMO_LOADER = PartnershipsDemo
