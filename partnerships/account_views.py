"""A representative's side of partnerships under /konto/partnerskaber/: the active agreements an
enterprise they represent is a party to, and a form to report a quarter's count per commitment.

A reported result waits unconfirmed (`by_representative=True`) until staff confirm it in the
admin; only confirmed results are counted. A representative reaches only their own enterprises'
agreements: any other id is a 404."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import IntegrityError, transaction
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from enterprises.models import Enterprise
from kit import ratelimits
from partnerships.forms import ResultReportForm
from partnerships.models import Agreement, Commitment, Party, Result


def agreements_of(user):
    """The active agreements an enterprise `user` represents is a party to."""
    parties = Party.objects.filter(enterprise__in=Enterprise.objects.represented_by(user))
    return Agreement.objects.filter(state=Agreement.State.ACTIVE, pk__in=parties.values("agreement"))


@login_required
@require_GET
def agreement_list(request):
    agreements = (
        agreements_of(request.user)
        .select_related("municipality")
        .prefetch_related(
            Prefetch("parties", queryset=Party.objects.select_related("enterprise", "organisation"))
        )
        .order_by("-start", "title", "pk")
    )
    return render(request, "partnerships/account/list.html", {"agreements": list(agreements)})


@login_required
@require_http_methods(["GET", "POST"])
def report(request, pk):
    agreement = get_object_or_404(agreements_of(request.user).select_related("municipality"), pk=pk)
    commitments = list(
        Commitment.objects.filter(agreement=agreement)
        .select_related("target_group")
        .prefetch_related(Prefetch("results", queryset=Result.objects.order_by("-year", "-quarter")))
    )
    reported = {(c.pk, r.year, r.quarter) for c in commitments for r in c.results.all()}
    form_kwargs = {"agreement": agreement, "commitments": commitments, "reported": reported}
    if request.method == "POST":
        slot = ratelimits.RESULT_REPORT.take(request.user.pk)
        if not slot:
            return slot.refusal(request)
        form = ResultReportForm(request.POST, **form_kwargs)
        if form.is_valid():
            cleaned = form.cleaned_data
            try:
                with transaction.atomic():
                    Result.objects.create(
                        commitment=cleaned["commitment"],
                        year=cleaned["year"],
                        quarter=cleaned["quarter"],
                        count=cleaned["count"],
                        note=cleaned["note"],
                        reported_by=request.user,
                        by_representative=True,
                    )
            except IntegrityError:
                # Reported at the same moment from another tab: the first one stands.
                form.add_error("quarter", _("The quarter has already been reported for this commitment."))
            else:
                messages.success(
                    request, _("Thank you. The result is counted when the municipality has confirmed it.")
                )
                return redirect("partnerships_report", pk=agreement.pk)
        slot.give_back()
    else:
        form = ResultReportForm(**form_kwargs)
    return render(
        request,
        "partnerships/account/report.html",
        {"agreement": agreement, "commitments": commitments, "form": form},
        status=400 if form.errors else 200,
    )
