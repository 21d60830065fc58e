"""The staff's impact overview in the admin: the same figures as the public overview
(partnerships.impact), for the agreements of the staff's municipality, published or not.

`overview_view` is a plain view for a ModelAdmin's get_urls, wrapped in admin_site.admin_view:

    def get_urls(self):
        view = self.admin_site.admin_view
        return [path("overview/", view(admin_overview.overview_view), name="partnerships_overview"),
                *super().get_urls()]

on the Agreement admin gives /admin/partnerships/agreement/overview/. Staff without the view
permission on agreements get a 403; a superuser sees every municipality.
"""

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from partnerships.models import Agreement
from partnerships.views import overview_context
from portal.models import Municipality


@require_GET
def overview_view(request):
    user = request.user
    if not user.has_perm("partnerships.view_agreement"):
        raise PermissionDenied
    agreements = Agreement.objects.visible_to(user)
    municipalities = Municipality.objects.order_by("name")
    if not user.is_superuser:
        municipalities = municipalities.filter(pk=user.municipality_id)
    context = {
        **admin.site.each_context(request),
        **overview_context(request, agreements, municipalities=municipalities),
        "title": _("Results of the partnerships"),
        "opts": Agreement._meta,
    }
    return TemplateResponse(request, "partnerships/admin_overview.html", context)


def index_section(request):
    """The admin index's link to the overview, for staff who may see agreements (no query)."""
    user = getattr(request, "user", None)
    if user is None or not user.has_perm("partnerships.view_agreement"):
        return None
    return {"partnerships_overview": True}
