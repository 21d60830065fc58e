"""What startup counselling adds to portal's pages (see kit.contributions)."""

from counselling.admin.overview import case_overview
from kit.contributions import ADMIN_INDEX, Section

PAGE_SECTIONS = [
    Section(
        ADMIN_INDEX,
        "admin/counselling/overview.html",
        case_overview,
        stylesheets=("counselling/admin.css",),
    ),
]
