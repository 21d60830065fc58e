"""What procurement adds to portal's pages (see kit.contributions)."""

from kit.contributions import ACCOUNT_HOME, Section

PAGE_SECTIONS = [
    # Every signed-in person may represent an enterprise: the alert settings are there for all.
    Section(ACCOUNT_HOME, "procurement/account/_home_section.html"),
]
