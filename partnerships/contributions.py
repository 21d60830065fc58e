"""What partnerships adds to portal's pages (see kit.contributions)."""

from kit.contributions import ACCOUNT_HOME, Section
from partnerships.demo_loader import PartnershipsDemo

PAGE_SECTIONS = [
    Section(ACCOUNT_HOME, "partnerships/_account_section.html"),
]

DEMO_LOADER = PartnershipsDemo
