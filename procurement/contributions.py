"""What procurement adds to portal's pages (see kit.contributions)."""

from django.db.models import F

from kit.contributions import ACCOUNT_HOME, MUNICIPALITY_PAGE, Section
from procurement.demo_loader import ProcurementDemo
from procurement.models import Notice
from procurement.sitemaps import NoticeSitemap

#: The most open notices a municipality's page lists; the rest are a link away.
MUNICIPALITY_PAGE_NOTICES = 5


def municipality_section(request, *, municipality):
    """The municipality's open notices, soonest deadline first: one query."""
    notices = (
        Notice.objects.public()
        .open()
        .for_municipality(municipality)
        .order_by(F("submission_deadline").asc(nulls_last=True), "pk")
    )
    return {"municipality": municipality, "notices": list(notices[:MUNICIPALITY_PAGE_NOTICES])}


PAGE_SECTIONS = [
    Section(ACCOUNT_HOME, "procurement/_account_section.html"),
    # Every signed-in person may represent an enterprise: the alert settings are there for all.
    Section(ACCOUNT_HOME, "procurement/account/_home_section.html"),
    Section(MUNICIPALITY_PAGE, "procurement/_municipality_section.html", municipality_section),
]

SITEMAPS = {"procurement": NoticeSitemap}

DEMO_LOADER = ProcurementDemo
