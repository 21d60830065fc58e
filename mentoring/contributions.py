"""What mentoring adds to portal's pages (see kit.contributions)."""

from django.utils import timezone

from kit.contributions import ACCOUNT_HOME, ADMIN_INDEX, CASE_ADMIN, MUNICIPALITY_PAGE, Section
from mentoring.admin_overview import case_section, index_section
from mentoring.demo_loader import MentoringDemo
from mentoring.models import MentorOffer
from mentoring.sitemaps import OfferSitemap

#: The most mentors a municipality's page lists; the rest are a link away.
MUNICIPALITY_PAGE_OFFERS = 5


def municipality_section(request, *, municipality):
    """The mentors who take mentees in the municipality now, by name: one query."""
    offers = (
        MentorOffer.objects.available(timezone.localdate())
        .filter(municipalities=municipality)
        .with_places()
        .filter(places_free__gt=0)
        .order_by("mentor_name", "pk")
    )
    return {"municipality": municipality, "offers": list(offers[:MUNICIPALITY_PAGE_OFFERS])}


PAGE_SECTIONS = [
    Section(ACCOUNT_HOME, "mentoring/account/_home_section.html"),
    Section(MUNICIPALITY_PAGE, "mentoring/_municipality_section.html", municipality_section),
    Section(
        ADMIN_INDEX,
        "admin/mentoring/_index_section.html",
        index_section,
        stylesheets=("kit/admin_index.css",),
    ),
    Section(CASE_ADMIN, "admin/mentoring/_case_section.html", case_section),
]

SITEMAPS = {"mentoring": OfferSitemap}

DEMO_LOADER = MentoringDemo
