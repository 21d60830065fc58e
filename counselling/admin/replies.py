"""A municipality's standard replies: written by its administrators, chosen by its contact persons
on the case page to start a message to the applicant."""

from django.contrib import admin
from django.core.exceptions import ValidationError
from django.utils.translation import gettext

from counselling.models import ReplyTemplate
from kit.admin import MunicipalityScopedAdmin
from portal.roles import is_municipal_admin


@admin.register(ReplyTemplate)
class ReplyTemplateAdmin(MunicipalityScopedAdmin):
    list_display = ["title", "municipality"]
    list_filter = ["municipality"]
    search_fields = ["title", "text"]
    fields = ["municipality", "title", "text"]

    class Media:
        css = {"all": ["counselling/admin.css"]}

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        if request.user.is_superuser:
            return form  # chooses the municipality in the form: Django checks the title itself
        municipality_id = request.user.municipality_id

        class OwnMunicipalityForm(form):
            def clean_title(self):
                # The municipality is not in the form, so Django's unique check would skip it.
                title = self.cleaned_data["title"]
                others = ReplyTemplate.objects.filter(municipality_id=municipality_id, title=title)
                if others.exclude(pk=self.instance.pk).exists():
                    raise ValidationError(
                        gettext("There is a standard reply with this title already. Choose another title."),
                        code="unique",
                    )
                return title

        return OwnMunicipalityForm

    # Contact persons read the texts; only the municipality's administrators write them.

    def has_add_permission(self, request):
        return is_municipal_admin(request.user) and super().has_add_permission(request)

    def has_change_permission(self, request, obj=None):
        return is_municipal_admin(request.user) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return is_municipal_admin(request.user) and super().has_delete_permission(request, obj)
