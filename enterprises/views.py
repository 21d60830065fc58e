"""The public registry: the directory, profile pages and the open-data exports.

Only `Enterprise.objects.published()` ever reaches these views: a draft, pending, rejected or
hidden profile is not listed, not counted, not exported and its page is a 404. Every page runs a
fixed number of SQL queries whatever the number of enterprises (asserted in the tests).
"""

import json

from django.core.paginator import Paginator
from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import Prefetch
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from enterprises.models import Enterprise, SuccessStory
from enterprises.search import DirectoryFilters, Sort, facet_counts
from portal.exports import csv_response

PAGE_SIZE = 20
#: Rows fetched (with their services, target groups and municipalities) per round trip in exports.
EXPORT_CHUNK = 500


def published_enterprises():
    return Enterprise.objects.published()


def with_listing_relations(queryset):
    """What a directory card shows, in a fixed number of queries per page."""
    return queryset.select_related("home_municipality").prefetch_related("services", "target_groups")


@require_GET
def directory(request):
    filters = DirectoryFilters.from_query(request.GET)
    published = published_enterprises()
    results = with_listing_relations(filters.results(published))
    page = Paginator(results, PAGE_SIZE).get_page(request.GET.get("side"))
    return render(
        request,
        "enterprises/directory.html",
        {
            "filters": filters,
            "facets": facet_counts(filters, published),
            "page": page,
            "enterprises": page.object_list,
            "page_numbers": page.paginator.get_elided_page_range(page.number, on_each_side=1, on_ends=1),
            "sort_options": sort_options(filters),
        },
    )


def sort_options(filters):
    options = [(Sort.NAME, _("Name")), (Sort.NEWEST, _("Newest"))]
    if filters.q:
        options.insert(0, (Sort.RELEVANCE, _("Best match")))
    return [{"value": value, "label": label, "selected": value == filters.sort} for value, label in options]


@require_GET
def enterprise_detail(request, slug):
    enterprise = get_object_or_404(
        published_enterprises()
        .select_related("home_municipality")
        .prefetch_related(
            "serves",
            "services",
            "target_groups",
            "photos",
            Prefetch("stories", queryset=SuccessStory.objects.published(), to_attr="published_stories"),
        ),
        slug=slug,
    )
    return render(
        request,
        "enterprises/enterprise_detail.html",
        {
            "enterprise": enterprise,
            "positions": positions_by_kind(enterprise),
            "json_ld": json_ld_script(organization_data(request, enterprise)),
        },
    )


def positions_by_kind(enterprise):
    return [
        (Enterprise._meta.get_field(name).verbose_name, getattr(enterprise, name)) for name in POSITION_FIELDS
    ]


POSITION_FIELDS = [
    "positions_flexjob",
    "positions_wage_subsidy",
    "positions_small_jobs",
    "positions_ordinary_hire",
]


# --- schema.org ------------------------------------------------------------------------------------

#: A JSON string is safe inside <script> once nothing in it can close the element or start a
#: comment or CDATA section: "<", ">" and "&" become \u escapes (as Django's json_script does).
JSON_SCRIPT_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


def json_ld_script(data):
    """`data` as the body of a <script type="application/ld+json"> data block.

    Django's `json_script` filter writes type="application/json", which search engines ignore,
    hence this. A data block is never executed, so the CSP's script-src does not apply to it."""
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False).translate(JSON_SCRIPT_ESCAPES)
    return mark_safe(text)  # noqa: S308 - every character that could end the element is escaped


def organization_data(request, enterprise):
    """schema.org Organization markup of a profile."""
    page_url = request.build_absolute_uri(enterprise.get_absolute_url())
    data = {
        "@context": "https://schema.org",
        "@type": "Organization",
        "@id": page_url,
        "name": enterprise.name,
        "description": enterprise.summary,
        "url": enterprise.website or page_url,
        "mainEntityOfPage": page_url,
        "vatID": f"DK{enterprise.cvr}",
        "identifier": {"@type": "PropertyValue", "propertyID": "CVR", "value": enterprise.cvr},
        "areaServed": [
            {"@type": "AdministrativeArea", "name": municipality.name}
            for municipality in [enterprise.home_municipality, *enterprise.serves.all()]
        ],
    }
    if enterprise.email:
        data["email"] = enterprise.email
    if enterprise.phone:
        data["telephone"] = enterprise.phone
    if enterprise.address:
        data["address"] = {
            "@type": "PostalAddress",
            "streetAddress": ", ".join(
                line.strip() for line in enterprise.address.splitlines() if line.strip()
            ),
            "addressCountry": "DK",
        }
    if enterprise.employees is not None:
        data["numberOfEmployees"] = {"@type": "QuantitativeValue", "value": enterprise.employees}
    if enterprise.logo:
        data["logo"] = request.build_absolute_uri(enterprise.logo.url)
    if enterprise.services.all():
        data["knowsAbout"] = [service.localized_name for service in enterprise.services.all()]
    return data


# --- Open data -------------------------------------------------------------------------------------

EXPORT_FIELDS = [
    "name",
    "cvr",
    "legal_form",
    "home_municipality",
    "municipalities_served",
    "address",
    "website",
    "email",
    "phone",
    "summary",
    "sector",
    "services",
    "target_groups",
    "employees",
    "positions_flexjob",
    "positions_wage_subsidy",
    "positions_small_jobs",
    "positions_ordinary_hire",
    "rsv_registered",
    "rsv_verified_on",
    "classification",
    "classification_reason",
    "profile_url",
]


def export_rows(request):
    """Published profiles (narrowed by the directory's filters) as dicts, streamed from the
    database in chunks: one query for the enterprises and one per relation per EXPORT_CHUNK rows."""
    filters = DirectoryFilters.from_query(request.GET)
    queryset = (
        filters.results(published_enterprises())
        .select_related("home_municipality")
        .prefetch_related("serves", "services", "target_groups")
    )
    profile_base = request.build_absolute_uri("/")[:-1]
    for enterprise in queryset.iterator(chunk_size=EXPORT_CHUNK):
        yield {
            "name": enterprise.name,
            "cvr": enterprise.cvr,
            "legal_form": enterprise.legal_form,
            "home_municipality": enterprise.home_municipality.name,
            "municipalities_served": [municipality.name for municipality in enterprise.serves.all()],
            "address": enterprise.address,
            "website": enterprise.website,
            "email": enterprise.email,
            "phone": enterprise.phone,
            "summary": enterprise.summary,
            "sector": enterprise.sector,
            "services": [service.slug for service in enterprise.services.all()],
            "target_groups": [group.slug for group in enterprise.target_groups.all()],
            "employees": enterprise.employees,
            "positions_flexjob": enterprise.positions_flexjob,
            "positions_wage_subsidy": enterprise.positions_wage_subsidy,
            "positions_small_jobs": enterprise.positions_small_jobs,
            "positions_ordinary_hire": enterprise.positions_ordinary_hire,
            "rsv_registered": enterprise.rsv_registered,
            "rsv_verified_on": enterprise.rsv_verified_on,
            "classification": enterprise.classification,
            "classification_reason": enterprise.classification_reason,
            "profile_url": profile_base + enterprise.get_absolute_url(),
        }


#: A spreadsheet treats a cell starting with one of these as a formula (CSV injection, OWASP).
@require_GET
def export_csv(request):
    rows = ([row[name] for name in EXPORT_FIELDS] for row in export_rows(request))
    return csv_response("virksomheder.csv", EXPORT_FIELDS, rows)


@require_GET
def export_json(request):
    enterprises = list(export_rows(request))
    return JsonResponse(
        {
            "generated": timezone.now(),
            "count": len(enterprises),
            "fields": EXPORT_FIELDS,
            "enterprises": enterprises,
        },
        json_dumps_params={"ensure_ascii": False},
    )
