"""The public side of partnerships: the list of agreements at /partnerskaber/, an agreement's page,
and the impact overview of the published agreements with its CSV.

Only published agreements reach the public (`Agreement.objects.published()`), never a draft and
never the signed document. Every page runs a fixed number of SQL queries whatever the data
(asserted in the tests).
"""

from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from kit import pagecache
from kit.exports import csv_response
from kit.pagecache import cached_page
from partnerships import impact
from partnerships.forms import FilterForm, agreement_years
from partnerships.models import Commitment, Party, Result
from portal.models import Municipality

PAGE_SIZE = 20


def public_agreements():
    return impact.public_agreements()


def municipalities_with(agreements):
    return Municipality.objects.filter(pk__in=agreements.values("municipality")).order_by("name")


@require_GET
@cached_page("partnerships", "portal", "enterprises", query=("kommune", "aar", "side"))
def agreement_list(request):
    agreements = public_agreements()
    form = FilterForm(request.GET, municipalities=municipalities_with(agreements), with_year=False)
    values = form.filters()
    if values["kommune"]:
        agreements = agreements.filter(municipality=values["kommune"])
    agreements = (
        agreements.select_related("municipality")
        .prefetch_related(
            Prefetch("parties", queryset=Party.objects.select_related("enterprise", "organisation"))
        )
        .order_by("-start", "title", "pk")
    )
    page = Paginator(agreements, PAGE_SIZE).get_page(request.GET.get("side"))
    pagecache.vouch(request, form, page)
    return render(
        request,
        "partnerships/list.html",
        {
            "form": form,
            "chosen": sum(1 for value in values.values() if value),
            "page": page,
            "agreements": list(page.object_list),
            "page_numbers": page.paginator.get_elided_page_range(page.number, on_each_side=1, on_ends=1),
        },
    )


def commitments_with_results():
    """Each commitment with its confirmed results (to_attr `confirmed_results`)."""
    return Commitment.objects.select_related("target_group").prefetch_related(
        Prefetch(
            "results",
            queryset=Result.objects.confirmed().order_by("year", "quarter"),
            to_attr="confirmed_results",
        )
    )


def describe(commitment):
    """The figures the agreement page shows for a commitment: the reported count, the adjusted
    count when shares are given, and the period they cover."""
    results = commitment.confirmed_results
    commitment.confirmed_count = sum(result.count for result in results)
    shares = (100 - (commitment.deadweight_percent or 0)) * (100 - (commitment.attribution_percent or 0))
    commitment.has_adjustment = bool(commitment.deadweight_percent or commitment.attribution_percent)
    commitment.adjusted_count = round(commitment.confirmed_count * shares / 10000, 1)
    if results:
        first, last = results[0], results[-1]
        commitment.period = impact.Figure(
            kind=commitment.position_kind,
            first=(first.year, first.quarter),
            last=(last.year, last.quarter),
        ).period
    else:
        commitment.period = ""
    scale = max(commitment.target, commitment.confirmed_count, 1)
    commitment.count_bar = impact.bar_class(commitment.confirmed_count, scale)
    commitment.adjusted_bar = impact.bar_class(commitment.adjusted_count, scale)
    commitment.target_bar = impact.bar_class(commitment.target, scale)
    commitment.percent = (
        round(100 * commitment.confirmed_count / commitment.target) if commitment.target else None
    )
    return commitment


@require_GET
@cached_page("partnerships", "portal", "enterprises")
def agreement_detail(request, slug):
    agreement = get_object_or_404(
        public_agreements()
        .select_related("municipality")
        .prefetch_related(
            Prefetch("parties", queryset=Party.objects.select_related("enterprise", "organisation")),
            Prefetch("commitments", queryset=commitments_with_results()),
        ),
        slug=slug,
    )
    commitments = [describe(commitment) for commitment in agreement.commitments.all()]
    return render(
        request,
        "partnerships/agreement.html",
        {"agreement": agreement, "parties": list(agreement.parties.all()), "commitments": commitments},
    )


def overview_context(request, agreements, *, municipalities):
    years = agreement_years(agreements.order_by().values_list("start", "end").distinct())
    form = FilterForm(request.GET, municipalities=municipalities, years=years)
    values = form.filters()
    figures = impact.overview(agreements, municipality=values["kommune"], year=values["aar"])
    return {
        "form": form,
        "values": values,
        "chosen": sum(1 for value in values.values() if value),
        "overview": figures,
    }


@require_GET
@cached_page("partnerships", "portal", "enterprises")
def results(request):
    agreements = public_agreements()
    context = overview_context(request, agreements, municipalities=municipalities_with(agreements))
    query = request.GET.urlencode()
    context["csv_query"] = f"?{query}" if query else ""
    return render(request, "partnerships/results.html", context)


@require_GET
def results_csv(request):
    agreements = public_agreements()
    context = overview_context(request, agreements, municipalities=municipalities_with(agreements))
    return csv_response(
        _("partnership-results") + ".csv",
        impact.CSV_COLUMNS,
        context["overview"].rows_for_csv(),
        build_now=True,
    )
