"""The public registry: the directory, profile pages and the open-data exports.

Only `Enterprise.objects.published()` ever reaches these views: a draft, pending, rejected or
hidden profile is not listed, not counted, not exported and its page is a 404, except to the staff
who may review it (`Enterprise.objects.visible_to`), who see it as a marked preview. Every page
runs a fixed number of SQL queries whatever the number of enterprises (asserted in the tests).
"""

import json
import operator

from django.core.paginator import Paginator
from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import Prefetch
from django.http import JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from enterprises.models import Enterprise, SuccessStory
from enterprises.search import DirectoryFilters, Sort, closest_name, facet_counts
from kit import pagecache
from kit.exports import Column, as_dict, csv_response, headers
from kit.pagecache import cached_page
from kit.review import mark_preview, published_or_preview

PAGE_SIZE = 20
#: Rows fetched (with their services, target groups and municipalities) per round trip in exports.
EXPORT_CHUNK = 500


def published_enterprises():
    # The search columns are read in the database only: a page or an export never shows them.
    return Enterprise.objects.published().defer("search_document", "search_vector")


def with_listing_relations(queryset):
    """What a directory card shows, in a fixed number of queries per page."""
    return queryset.select_related("home_municipality").prefetch_related("services", "target_groups")


class CountedPaginator(Paginator):
    """A paginator told how many objects there are (the facet counts' query has the total), so
    it does not count them again."""

    def __init__(self, object_list, per_page, *, count, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self._count = count

    @cached_property
    def count(self):
        return self._count


@require_GET
@cached_page("enterprises", "portal", query=("side",), popular=DirectoryFilters.PARAMETERS)
def directory(request):
    filters = DirectoryFilters.from_query(request.GET)
    published = published_enterprises()
    results = with_listing_relations(filters.results(published))
    facets = facet_counts(filters, published)
    page = CountedPaginator(results, PAGE_SIZE, count=facets["total"]).get_page(request.GET.get("side"))
    pagecache.vouch(request, page=page)
    suggestion = None
    if filters.q and not page.paginator.count:
        # The closest name among the enterprises the other filters let through, so that its
        # search (the same filters, the name as the query) finds it. One more query, only here.
        suggestion = closest_name(filters.apply(published), filters.q)
    return render(
        request,
        "enterprises/directory.html",
        {
            "filters": filters,
            "facets": facets,
            "page": page,
            "enterprises": page.object_list,
            "page_numbers": page.paginator.get_elided_page_range(page.number, on_each_side=1, on_ends=1),
            "sort_options": sort_options(filters),
            "suggestion": suggestion,
            "suggestion_url": suggestion and search_url(request, suggestion),
        },
    )


def search_url(request, q):
    """The directory with the same filters, `q` as the query, on its first page."""
    params = request.GET.copy()
    params["q"] = q
    params.pop("side", None)
    return f"{reverse('enterprise_directory')}?{params.urlencode()}"


def sort_options(filters):
    options = [(Sort.NAME, _("Name")), (Sort.NEWEST, _("Newest"))]
    if filters.q:
        options.insert(0, (Sort.RELEVANCE, _("Best match")))
    return [{"value": value, "label": label, "selected": value == filters.sort} for value, label in options]


@require_GET
@cached_page("enterprises", "portal")
def enterprise_detail(request, slug):
    enterprise, preview = published_or_preview(
        Enterprise.objects.select_related("home_municipality").prefetch_related(
            "serves",
            "services",
            "target_groups",
            "photos",
            # The stories the page will show once the profile is published (a preview shows them too).
            Prefetch(
                "stories",
                queryset=SuccessStory.objects.filter(status=SuccessStory.Status.PUBLISHED),
                to_attr="published_stories",
            ),
        ),
        request.user,
        slug=slug,
    )
    response = render(
        request,
        "enterprises/enterprise_detail.html",
        {
            "enterprise": enterprise,
            "preview": preview,
            "positions": positions_by_kind(enterprise),
            "json_ld": json_ld_script(organization_data(request, enterprise)),
        },
    )
    return mark_preview(response) if preview else response


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
            {"@type": "AdministrativeArea", "name": municipality.full_name}
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


def _field(name):
    return Column(name, operator.attrgetter(name))


#: The open data's columns; the JSON objects' keys are the headers. The profile's address comes
#: last, from export_columns: it is on the host the export was asked on.
EXPORT_COLUMNS = [
    _field("name"),
    _field("cvr"),
    _field("legal_form"),
    Column("home_municipality", lambda enterprise: enterprise.home_municipality.full_name),
    Column("municipalities_served", lambda enterprise: [m.full_name for m in enterprise.serves.all()]),
    _field("address"),
    _field("website"),
    _field("email"),
    _field("phone"),
    _field("summary"),
    _field("sector"),
    Column("services", lambda enterprise: [service.slug for service in enterprise.services.all()]),
    Column("target_groups", lambda enterprise: [group.slug for group in enterprise.target_groups.all()]),
    _field("employees"),
    _field("positions_flexjob"),
    _field("positions_wage_subsidy"),
    _field("positions_small_jobs"),
    _field("positions_ordinary_hire"),
    _field("rsv_registered"),
    _field("rsv_verified_on"),
    _field("classification"),
    _field("classification_reason"),
]
EXPORT_FIELDS = [*headers(EXPORT_COLUMNS), "profile_url"]


def export_columns(request):
    profile_base = request.build_absolute_uri("/")[:-1]
    return [
        *EXPORT_COLUMNS,
        Column("profile_url", lambda enterprise: profile_base + enterprise.get_absolute_url()),
    ]


def exported_enterprises(request):
    """Published profiles (narrowed by the directory's filters), streamed from the database in
    chunks: one query for the enterprises and one per relation per EXPORT_CHUNK rows."""
    filters = DirectoryFilters.from_query(request.GET)
    queryset = (
        filters.results(published_enterprises())
        .select_related("home_municipality")
        .prefetch_related("serves", "services", "target_groups")
    )
    return queryset.iterator(chunk_size=EXPORT_CHUNK)


@require_GET
def export_csv(request):
    return csv_response("virksomheder.csv", export_columns(request), exported_enterprises(request))


@require_GET
def export_json(request):
    columns = export_columns(request)
    enterprises = [as_dict(columns, enterprise) for enterprise in exported_enterprises(request)]
    return JsonResponse(
        {
            "generated": timezone.now(),
            "count": len(enterprises),
            "fields": headers(columns),
            "enterprises": enterprises,
        },
        json_dumps_params={"ensure_ascii": False},
    )
