"""The representative's alert settings under /konto/udbud/: what each enterprise they represent
follows, and a form to change it. Without a subscription row an enterprise follows the services
of its profile; saving the form writes the row.

A representative reaches only the enterprises they represent; anyone else gets a 404."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from enterprises.models import Enterprise, ServiceCategory
from portal.models import Municipality
from procurement.account_forms import SubscriptionForm
from procurement.models import Kind, Subscription


def _enterprises(user):
    """The user's enterprises with what their subscriptions read: five queries for any number."""
    return (
        Enterprise.objects.represented_by(user)
        .select_related("subscription")
        .prefetch_related(
            "services",
            "subscription__categories",
            "subscription__cpv_codes",
            "subscription__municipalities",
        )
        .order_by("name", "pk")
    )


def get_enterprise_for_representative(request, slug):
    """The access helper: an enterprise the logged-in user represents, else 404."""
    return get_object_or_404(_enterprises(request.user), slug=slug)


def _subscription(enterprise):
    try:
        return enterprise.subscription
    except Subscription.DoesNotExist:
        return None


def follows(enterprise):
    """What the page shows of an enterprise's subscription, row or not."""
    subscription = _subscription(enterprise)
    services = list(enterprise.services.all())
    if subscription is None:
        return {"services": services, "categories": [], "cpv_codes": [], "kinds": [], "municipalities": []}
    kinds = dict(Kind.choices)
    return {
        "row": subscription,
        "services": services if subscription.follows_services else [],
        "categories": [
            c for c in subscription.categories.all() if c not in services or not subscription.follows_services
        ],
        "cpv_codes": list(subscription.cpv_codes.all()),
        "kinds": [kinds[kind] for kind in subscription.kinds if kind in kinds],
        "municipalities": list(subscription.municipalities.all()),
        "paused": subscription.paused,
    }


@login_required
@require_GET
def subscription_list(request):
    enterprises = list(_enterprises(request.user))
    for enterprise in enterprises:
        enterprise.follows = follows(enterprise)
    return render(request, "procurement/account/list.html", {"enterprises": enterprises})


@login_required
@require_http_methods(["GET", "POST"])
def subscription_edit(request, slug):
    enterprise = get_enterprise_for_representative(request, slug)
    subscription = _subscription(enterprise) or Subscription(enterprise=enterprise)
    form = SubscriptionForm(
        request.POST or None,
        instance=subscription,
        categories=ServiceCategory.objects.all(),
        municipalities=Municipality.objects.order_by("name"),
    )
    if form.is_valid():
        with transaction.atomic():
            form.save()
        messages.success(request, _("The alerts for %(name)s are saved.") % {"name": enterprise.name})
        return redirect("procurement_subscriptions")
    return render(
        request,
        "procurement/account/form.html",
        {"form": form, "enterprise": enterprise, "services": list(enterprise.services.all())},
        status=400 if form.is_bound else 200,
    )
