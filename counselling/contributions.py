"""What startup counselling adds to portal's pages (see kit.contributions)."""

from counselling.admin.overview import case_overview
from counselling.demo_loader import CounsellingDemo
from counselling.models import CounsellingSettings
from kit.contributions import ADMIN_INDEX, MUNICIPALITY_PAGE, Section


def municipality_section(request, *, municipality):
    return {
        "municipality": municipality,
        "response_days": CounsellingSettings.of(municipality).response_days,
    }


PAGE_SECTIONS = [
    Section(
        MUNICIPALITY_PAGE,
        "counselling/_municipality_section.html",
        municipality_section,
        select_related=("counselling",),
    ),
    Section(
        ADMIN_INDEX,
        "admin/counselling/overview.html",
        case_overview,
        stylesheets=("kit/admin_index.css", "counselling/admin.css"),
    ),
]

DEMO_LOADER = CounsellingDemo
