"""What mentoring adds to portal's pages (see kit.contributions)."""

from kit.contributions import ADMIN_INDEX, CASE_ADMIN, Section
from mentoring.admin_overview import case_section, index_section

PAGE_SECTIONS = [
    Section(
        ADMIN_INDEX,
        "admin/mentoring/_index_section.html",
        index_section,
        stylesheets=("kit/admin_index.css",),
    ),
    Section(CASE_ADMIN, "admin/mentoring/_case_section.html", case_section),
]
