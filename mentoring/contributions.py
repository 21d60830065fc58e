"""What mentoring adds to portal's pages (see kit.contributions)."""

from kit.contributions import ACCOUNT_HOME, Section

PAGE_SECTIONS = [
    Section(ACCOUNT_HOME, "mentoring/account/_home_section.html"),
]
